import { applyTemplate, readPath } from './json-path.ts';
import type { InputType, ItemReaderConfig } from './map-config.ts';

/** Reads and writes S3 objects for the map run (the stack gives it an S3 client on the edge: the real protocol). */
export interface MapRunStorage {
  getObject(bucket: string, key: string): Promise<string>;
  putObject(bucket: string, key: string, body: string): Promise<void>;
}

/** A failure named as AWS names it (`States.ItemReaderFailed`, `States.ResultWriterFailed`...). */
export class MapRunError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The items of an ItemReader manifest: a JSON array, JSON Lines, or CSV rows as objects of strings. */
export function parseItems(text: string, config: Pick<ItemReaderConfig, 'inputType' | 'csvHeaderLocation' | 'csvHeaders'>): unknown[] {
  const parse: Record<InputType, () => unknown[]> = {
    JSON: () => {
      const value = parseJson(text, 'the object');
      if (!Array.isArray(value)) throw new MapRunError('States.ItemReaderFailed', 'The JSON input must be an array of items');
      return value;
    },
    JSONL: () =>
      text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line, index) => parseJson(line, `line ${index + 1}`)),
    CSV: () => csvItems(text, config.csvHeaderLocation, config.csvHeaders),
  };
  return parse[config.inputType]();
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MapRunError('States.ItemReaderFailed', `Invalid JSON in ${where}: ${(error as Error).message}`);
  }
}

function csvItems(text: string, location: 'FIRST_ROW' | 'GIVEN', given?: string[]): Record<string, string>[] {
  const rows = csvRows(text);
  const headers = location === 'GIVEN' ? (given ?? []) : (rows.shift() ?? []);
  if (headers.length === 0) throw new MapRunError('States.ItemReaderFailed', 'The CSV file has no header row');
  return rows.map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i] ?? ''])));
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks; empty lines are skipped. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

/** The Map's items: read from S3 by the ItemReader, or selected by ItemsPath; MaxItems keeps the first ones. */
export async function readItems(
  reader: ItemReaderConfig | undefined,
  itemsPath: string,
  input: unknown,
  context: unknown,
  store: MapRunStorage | undefined,
): Promise<unknown[]> {
  if (!reader) {
    const items = readPath(itemsPath, input, context);
    if (!Array.isArray(items)) throw new MapRunError('States.Runtime', `ItemsPath '${itemsPath}' did not select an array`);
    return items;
  }
  const { Bucket, Key } = applyTemplate(reader.parameters, input, context) as { Bucket?: unknown; Key?: unknown };
  if (typeof Bucket !== 'string' || typeof Key !== 'string')
    throw new MapRunError('States.ItemReaderFailed', 'ItemReader.Parameters must give a Bucket and a Key');
  if (!store) throw new MapRunError('States.ItemReaderFailed', 'The local Step Functions was started without S3 access');
  let text: string;
  try {
    text = await store.getObject(Bucket, Key);
  } catch (error) {
    throw new MapRunError('States.ItemReaderFailed', `s3:getObject s3://${Bucket}/${Key} failed: ${(error as Error).message}`);
  }
  const items = parseItems(text, reader);
  const max = reader.maxItemsPath === undefined ? reader.maxItems : Number(readPath(reader.maxItemsPath, input, context));
  return max === undefined || max === 0 ? items : items.slice(0, max);
}
