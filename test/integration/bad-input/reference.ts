/**
 * The expected output of a file scored as ONE chunk, computed in-process through the same CSV port the handlers use.
 * The stack (small chunks) must produce byte-identical scored.csv and the same error rows.
 */
import { Readable } from 'node:stream';
import { matchColumns, scoreCsvChunk } from '../../../functions/lib/batch/csv-port.ts';
import { inspectHead } from '../../../functions/lib/csv/inspect-head.ts';
import { firstRecordEnd } from '../../../functions/lib/csv/record/record-scan.ts';

export interface ReferenceOutput {
  scored: string;
  /** Chunk error rows `line,record,reason` (no header), line numbers of the whole file. */
  errors: string;
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
}

export async function scoreInOneChunk(bytes: Buffer): Promise<ReferenceOutput> {
  const inspection = inspectHead(bytes, firstRecordEnd(bytes), bytes.length, 64 * 1024);
  if (!inspection.ok) throw new Error(`reference: ${inspection.reason}`);
  const match = await matchColumns(inspection.header);
  if (!match.ok) throw new Error(`reference: ${match.reason}`);
  const out = await scoreCsvChunk({ input: Readable.from([bytes]), columns: match.columns, chunkIndex: 0 });
  const [scored, errors, counts] = await Promise.all([text(out.scored), text(out.errors), out.done]);
  return { scored, errors, rowsIn: counts.rowsIn, rowsScored: counts.rowsScored, rowsRejected: counts.rowsRejected };
}

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  return Buffer.concat(parts).toString('utf8');
}
