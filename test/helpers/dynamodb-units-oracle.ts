/**
 * DynamoDB's request units, counted from AWS's published rules alone, as an independent check of the local meter
 * (which must not be reused here). The rules:
 *
 * - Item size (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html): the
 *   UTF-8 bytes of every attribute name plus its value; a string its UTF-8 bytes; a binary its raw bytes; null and
 *   Boolean 1 byte; a List or Map 3 bytes plus 1 per element plus the elements (a Map's with their names); a number
 *   "approximately (1 byte per two significant digits) + (1 byte)", leading and trailing zeroes trimmed.
 * - Units (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html): a read is
 *   1 unit per 4 KB, rounded up, half when eventually consistent; a write 1 unit per 1 KB, rounded up; PutItem and
 *   UpdateItem bill the larger of the item before and after, DeleteItem the deleted item; a write whose condition
 *   fails bills the existing item (1 unit at least); a read of a missing item still bills 1 unit (half eventually
 *   consistent). 1 KB = 1024 bytes.
 *
 * The number rule is approximate: DynamoDB stores digits in pairs, so a number can take one byte more than it says
 * (and a negative one a byte for its sign). The oracle keeps that slack and refuses to answer when it could move an
 * item across a unit boundary, so every answer it gives holds whatever the exact number encoding is.
 */
import type { DynamoExchange, Item } from './dynamodb-recorder.ts';

type Value = Record<string, unknown>;

/** An item's size in bytes by the published rules, and how many bytes more it could be (numbers' slack). */
export interface ItemSize {
  bytes: number;
  slack: number;
}

export interface RequestUnits {
  read: number;
  write: number;
}

const KB = 1024;

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** "1 byte per two significant digits, plus 1": the significant digits without sign, point, exponent, or end zeroes. */
export function numberSize(text: string): ItemSize {
  const mantissa = text.trim().split(/[eE]/)[0]!;
  const significant = mantissa.replace(/[-+.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return { bytes: Math.ceil(significant.length / 2) + 1, slack: mantissa.trim().startsWith('-') ? 2 : 1 };
}

function sum(sizes: ItemSize[]): ItemSize {
  return sizes.reduce((a, b) => ({ bytes: a.bytes + b.bytes, slack: a.slack + b.slack }), { bytes: 0, slack: 0 });
}

function exact(bytes: number): ItemSize {
  return { bytes, slack: 0 };
}

function base64Bytes(text: string): number {
  return Buffer.from(text, 'base64').length;
}

export function valueSize(value: Value): ItemSize {
  const [type, inner] = Object.entries(value)[0]!;
  if (type === 'S') return exact(utf8Bytes(inner as string));
  if (type === 'N') return numberSize(inner as string);
  if (type === 'B') return exact(base64Bytes(inner as string));
  if (type === 'BOOL' || type === 'NULL') return exact(1);
  if (type === 'SS') return exact((inner as string[]).reduce((n, s) => n + utf8Bytes(s), 0));
  if (type === 'BS') return exact((inner as string[]).reduce((n, s) => n + base64Bytes(s), 0));
  if (type === 'NS') return sum((inner as string[]).map(numberSize));
  // A List or Map: 3 bytes of overhead, 1 per element, and the elements (a Map's element with its name).
  const elements = type === 'L' ? (inner as Value[]) : Object.values(inner as Record<string, Value>);
  const names = type === 'M' ? Object.keys(inner as object).reduce((n, name) => n + utf8Bytes(name), 0) : 0;
  return sum([exact(3 + elements.length + names), ...elements.map(valueSize)]);
}

export function itemSize(item: Item | Record<string, Value>): ItemSize {
  return sum(Object.entries(item).map(([name, value]) => sum([exact(utf8Bytes(name)), valueSize(value as Value)])));
}

/** Units of `size` at `unitBytes` each, rounded up, 1 at least; refused when the numbers' slack could change them. */
function unitsOf(size: ItemSize, unitBytes: number): number {
  const units = Math.max(1, Math.ceil(size.bytes / unitBytes));
  const most = Math.max(1, Math.ceil((size.bytes + size.slack) / unitBytes));
  if (units !== most) {
    throw new Error(`an item of ${size.bytes} bytes (+${size.slack} for its numbers) sits on a ${unitBytes}-byte unit boundary`);
  }
  return units;
}

export function readUnits(item: Item | undefined, consistent: boolean): number {
  const units = unitsOf(item ? itemSize(item) : exact(0), 4 * KB);
  return consistent ? units : units / 2;
}

export function writeUnits(...items: (Item | undefined)[]): number {
  return Math.max(...items.map((item) => unitsOf(item ? itemSize(item) : exact(0), KB)));
}

function conditionFailed(exchange: DynamoExchange): boolean {
  return String(exchange.answer?.__type ?? '').endsWith('#ConditionalCheckFailedException');
}

/**
 * The units one recorded request bills. Only the operations whose billed items the recording shows are counted;
 * any other (a Query or Scan, whose filter hides what it read; a batch or transaction) is refused, not guessed.
 */
export function requestUnits(exchange: DynamoExchange): RequestUnits {
  const { operation, request, status } = exchange;
  const write = (units: number): RequestUnits => ({ read: 0, write: units });
  switch (operation) {
    case 'GetItem': {
      if (request.ProjectionExpression !== undefined || request.AttributesToGet !== undefined) break;
      if (status !== 200) return { read: 0, write: 0 };
      return { read: readUnits(exchange.answer?.Item as Item | undefined, request.ConsistentRead === true), write: 0 };
    }
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      if (status === 200) return write(writeUnits(exchange.before, exchange.after));
      return write(conditionFailed(exchange) ? writeUnits(exchange.before) : 0);
    case 'DescribeTable':
    case 'ListTables':
      return { read: 0, write: 0 };
  }
  throw new Error(`the oracle does not count ${operation} ${JSON.stringify(request).slice(0, 200)}`);
}

/** The units of every request of a trace. */
export function traceUnits(exchanges: DynamoExchange[], traceId: string): RequestUnits {
  return exchanges
    .filter((exchange) => exchange.traceId === traceId)
    .map(requestUnits)
    .reduce((a, b) => ({ read: a.read + b.read, write: a.write + b.write }), { read: 0, write: 0 });
}
