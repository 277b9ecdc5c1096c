/**
 * The chunking invariant as a property: for every file, scoring it chunk by chunk (planChunks' nominal ranges,
 * each chunk settling its own first record and scored on its own, finalize's check, the re-score of misplaced
 * chunks, and line renumbering) gives the same scored bytes, error bytes and counts as scoring it as one chunk. Files are generated to break chunkers: quoted fields with newlines (and
 * phantom rows inside) longer than a chunk, placed on and around the cut points, quotes that never close, CRLF,
 * doubled quotes, blank lines, bad rows, a BOM, no final newline; sizes on both sides of the chunking thresholds.
 * Used by the unit test (fixed seed) and scripts/chunking-sweep.ts (a larger sweep).
 */
import { Readable } from 'node:stream';
import { planChunks } from '../../functions/lib/chunks/plan-chunks.ts';
import { chunkReadEnd, openChunkRecords, recordsRange } from '../../functions/lib/chunks/chunk-records.ts';
import type { PlanOptions } from '../../functions/lib/chunks/types.ts';
import { chunkLineOffsets, misplacedChunks, replaceResults } from '../../functions/lib/batch/aggregate-results.ts';
import { renumberErrorRows } from '../../functions/lib/batch/errors-file.ts';
import type { ChunkRef, ChunkResult } from '../../functions/lib/jobs/types.ts';
import type { ColumnMapping } from '../../functions/lib/csv/types.ts';
import { scoreChunk } from '../../functions/lib/csv/chunk-pipeline.ts';
import { collect, fakeModel, scoreText } from '../unit/functions/lib/csv/fake-model.ts';

export const COLUMNS: ColumnMapping = { by: 'name', hasHeader: true, width: 5, featureColumns: [0, 1, 2, 3] };
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,note';
/** Small, so long quoted fields are also over-long records (as a 300 KB note is against the default 64 KiB). */
export const MAX_RECORD_BYTES = 120;

export type Random = (n: number) => number;

/** A seeded generator (LCG): the same seed gives the same files. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) % n;
}

export interface GeneratedFile {
  bytes: Buffer;
  /** Byte offsets worth cutting at: inside, on and next to every quote and long field. */
  hotSpots: number[];
}

const GOOD = '5.1,3.5,1.4,0.2,ok';
const PHANTOM = '6.3,2.5,5.0,1.9,phantom';

/** One adversarial CSV: mostly ordinary rows, with hostile records sprinkled in. */
export function generateFile(random: Random, rows = 20 + random(120)): GeneratedFile {
  const parts: string[] = [random(10) === 0 ? `\ufeff${HEADER}\n` : `${HEADER}\n`];
  for (let i = 0; i < rows; i++) parts.push(hostileRecord(random, i));
  if (random(8) === 0) parts.push(`4.9,3.0,1.4,0.2,"never closed\n${`${PHANTOM}\n`.repeat(random(6))}`);
  let text = parts.join('');
  if (random(4) === 0) text = text.replace(/\n$/, '');
  const bytes = Buffer.from(text);
  return { bytes, hotSpots: hotSpots(bytes) };
}

function hostileRecord(random: Random, i: number): string {
  switch (random(14)) {
    case 0:
      return `4.9,3.0,1.4,0.2,"${`${PHANTOM}\n`.repeat(1 + random(12))}end"\n`; // long quoted field of phantom rows
    case 1:
      return `5.0,3.4,1.5,0.2,"a ""quoted"" note\nwith a newline"\n`;
    case 2:
      return `${GOOD}\r\n`;
    case 3:
      return '\n';
    case 4:
      return `5.9,abc,5.1,2.3,bad\n`;
    case 5:
      return `5.9,3.0,5.1\n`;
    case 6:
      return `"6.1","2.8","4.7","1.2","""=cmd"""\n`;
    case 7:
      return `6.7,3.1,4.4,1.4,"${'x'.repeat(random(200))}"\r\n`;
    case 8:
      return `5.5,2.4,3.8,1.1,"""\n"""\n`; // doubled quotes right at the newline
    case 9:
      return `7.7,"3.8",6.7,2.2,${'"'.repeat(2 * random(3))}\n`;
    default:
      return `${(4 + (i % 40) / 10).toFixed(1)},3.${i % 10},1.${i % 7},0.${i % 3},r${i}\n`;
  }
}

function hotSpots(bytes: Buffer): number[] {
  const spots = new Set<number>();
  for (let q = bytes.indexOf(0x22); q !== -1; q = bytes.indexOf(0x22, q + 1)) {
    for (const d of [-2, -1, 0, 1, 2]) if (q + d > 0 && q + d < bytes.length) spots.add(q + d);
  }
  return [...spots];
}

export interface Outcome {
  scored: string;
  errors: string;
  rowsIn: number;
  rowsScored: number;
  rowsRejected: number;
}

export async function scoreWhole(bytes: Buffer): Promise<Outcome> {
  const r = await scoreText(bytes, { columns: COLUMNS, maxRecordBytes: MAX_RECORD_BYTES, pieceBytes: 53 });
  return { scored: r.scored, errors: r.errors, rowsIn: r.rowsIn, rowsScored: r.rowsScored, rowsRejected: r.rowsRejected };
}

/**
 * What the workflow does: nominal ranges (planChunks), every chunk settling its own first record and scored on its
 * own (as functions/score-chunk.ts does, through the same chunk-records functions), finalize's check of the
 * speculated starts against the stitched exact ones, the re-score of misplaced chunks, the check again, then totals
 * and error lines renumbered as finalize does.
 */
export async function scoreChunked(
  bytes: Buffer,
  plan: PlanSettings,
  maxRecordBytes = MAX_RECORD_BYTES,
  columns: ColumnMapping = COLUMNS,
): Promise<Outcome & { chunks: number; rescored: number }> {
  const size = bytes.length;
  const ranges = planChunks({ ...plan, size });
  const score = (range: ChunkRef) => scoreRange(bytes, range, maxRecordBytes, columns);
  let results: ScoredChunk[] = [];
  for (const range of ranges) results.push(await score(range));
  const misplaced = misplacedChunks(ranges, results, size, maxRecordBytes);
  if (misplaced.length > 0) {
    const again: ScoredChunk[] = [];
    for (const chunk of misplaced) again.push(await score(chunk));
    results = replaceResults(results, again) as ScoredChunk[];
    const still = misplacedChunks(ranges, results, size, maxRecordBytes);
    if (still.length > 0) throw new Error(`chunks ${still.map((c) => c.index).join(', ')} still misplaced after re-scoring`);
  }
  const offsets = chunkLineOffsets(results);
  const errors: string[] = [];
  for (const [i, r] of results.entries()) {
    if (r.errors) errors.push(await collect(renumberErrorRows(Readable.from([Buffer.from(r.errors)]), offsets[i])));
  }
  const sum = (key: 'rowsIn' | 'rowsScored' | 'rowsRejected') => results.reduce((n, r) => n + r[key], 0);
  return {
    scored: results.map((r) => r.scored).join(''),
    errors: errors.join(''),
    rowsIn: sum('rowsIn'),
    rowsScored: sum('rowsScored'),
    rowsRejected: sum('rowsRejected'),
    chunks: results.length,
    rescored: misplaced.length,
  };
}

type ScoredChunk = ChunkResult & { scored: string; errors: string };

/** One ScoreChunk task in memory: the range (and one longest record more) read in small pieces. */
async function scoreRange(bytes: Buffer, chunk: ChunkRef, maxRecordBytes: number, columns: ColumnMapping): Promise<ScoredChunk> {
  const span = { ...chunk, size: bytes.length };
  const readEnd = chunkReadEnd(span, maxRecordBytes);
  const records = await openChunkRecords(Readable.from(pieces(bytes.subarray(chunk.start, readEnd), 37)), span);
  const out = scoreChunk({
    input: records.bytes,
    columns,
    chunkIndex: chunk.index,
    model: fakeModel(),
    batchRows: 7,
    maxRecordBytes,
    range: recordsRange(span, records, readEnd),
  });
  const [scored, errors, counts] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  const { lines, segment } = records.scan();
  const from = records.recordsFrom;
  const recordsTo = from === null || counts.recordsEnd === null ? null : from + counts.recordsEnd;
  return {
    index: chunk.index,
    rowsIn: counts.rowsIn,
    rowsScored: counts.rowsScored,
    rowsRejected: counts.rowsRejected,
    scoredKey: '',
    scoredBytes: scored.length,
    errorsKey: '',
    errorsBytes: errors.length,
    lines,
    recordsFrom: from,
    recordsTo,
    segment,
    scored,
    errors,
  };
}

function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/** Plan options without the object size. */
export type PlanSettings = Omit<PlanOptions, 'size'>;

/** Plan options that put cut points on the file's hot spots, and thresholds on both sides of its size. */

export function adversarialPlans(random: Random, file: GeneratedFile): PlanSettings[] {
  const size = file.bytes.length;
  const targets = [1 + random(40), Math.max(1, size >> 1), size - 1, size, size + 1, Math.ceil(size / 3)];
  for (let k = 0; k < 4 && file.hotSpots.length > 0; k++) targets.push(file.hotSpots[random(file.hotSpots.length)]);
  return targets
    .filter((t) => t > 0)
    .map((targetBytes) => ({
      targetBytes,
      minBytes: random(3) === 0 ? 1 + random(Math.max(1, targetBytes)) : 1,
      maxChunks: random(5) === 0 ? 1 + random(4) : 500,
      parallelism: random(3) === 0 ? 2 + random(6) : 1,
    }));
}

export interface Mismatch {
  seed: number;
  file: number;
  plan: PlanSettings;
  field: keyof Outcome | 'error';
  detail: string;
}

/** Runs `files` generated files through every adversarial plan; returns the first mismatches (empty: invariant holds). */
export async function checkChunkingProperty(seed: number, files: number, onFile?: (n: number) => void): Promise<Mismatch[]> {
  const random = seededRandom(seed);
  const mismatches: Mismatch[] = [];
  for (let f = 0; f < files && mismatches.length < 5; f++) {
    const file = generateFile(random);
    const whole = await scoreWhole(file.bytes);
    for (const plan of adversarialPlans(random, file)) {
      const found = await compareOne(file.bytes, plan, whole);
      if (found) mismatches.push({ seed, file: f, plan, ...found });
    }
    onFile?.(f + 1);
  }
  return mismatches;
}

async function compareOne(bytes: Buffer, plan: PlanSettings, whole: Outcome): Promise<Pick<Mismatch, 'field' | 'detail'> | null> {
  let chunked: Outcome;
  try {
    chunked = await scoreChunked(bytes, plan);
  } catch (error) {
    return { field: 'error', detail: (error as Error).message };
  }
  for (const field of ['rowsIn', 'rowsScored', 'rowsRejected', 'scored', 'errors'] as const) {
    if (chunked[field] !== whole[field])
      return { field, detail: `chunked ${String(chunked[field]).slice(0, 200)} ≠ whole ${String(whole[field]).slice(0, 200)}` };
  }
  return null;
}
