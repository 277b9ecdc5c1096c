import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';

/** errors.csv starts with this header, once; chunk error objects hold only rows `line,record,reason`. */
export const ERRORS_HEADER = 'line,record,reason\n';

/** Adds the chunk's line offset to an error row's chunk-relative line number. */
export function shiftErrorRow(row: readonly string[], offset: number): string[] {
  const line = Number(row[0]);
  return [Number.isInteger(line) ? String(line + offset) : row[0], ...row.slice(1)];
}

/** Re-writes a chunk's error rows with file line numbers (errors are few; this re-parses only them). */
export function renumberErrorRows(input: Readable, offset: number): Readable {
  if (offset === 0) return input;
  const shift = new Transform({
    objectMode: true,
    transform(row: string[], _encoding, done) {
      done(null, shiftErrorRow(row, offset));
    },
  });
  const output = stringify();
  pipeline(input, parse({ relax_column_count: true }), shift, output).catch((error: unknown) => output.destroy(error as Error));
  return output;
}

/** Body of errors.csv: the header, then each chunk's rows in order. */
export function errorsFileBody(parts: AsyncIterable<Readable>): Readable {
  return errorsFileRun(parts, true);
}

/** A run of consecutive chunks of errors.csv: the header when the run starts the file, then each chunk's rows in order. */
export function errorsFileRun(parts: AsyncIterable<Readable>, startsFile: boolean): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    if (startsFile) yield Buffer.from(ERRORS_HEADER);
    for await (const part of parts) {
      for await (const chunk of part) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
