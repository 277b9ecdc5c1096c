import type { ChunkResult } from '../jobs/types.ts';
import { MAX_PARTS, MIN_PART_BYTES } from '../s3/limits.ts';
import { chunkLineOffsets } from './aggregate-results.ts';
import { AccountingError } from './errors.ts';

/** One chunk's error rows as a group reads them: its temp object, its size, and the file lines before the chunk. */
export interface ErrorChunk {
  index: number;
  errorsKey: string;
  errorsBytes: number;
  lineOffset: number;
}

/**
 * Consecutive chunks whose error rows one invocation renumbers into one temp object. Group 0 starts with the
 * errors header (`header: true`), so errors.csv is the groups' outputs concatenated in index order.
 */
export interface ErrorGroup {
  index: number;
  header: boolean;
  /** Only chunks with error rows, in chunk order. */
  chunks: ErrorChunk[];
  /** The chunks' error bytes; the group's output is at least this (renumbering only lengthens line numbers). */
  errorsBytes: number;
}

/** What renumbering one group wrote: the temp object errors.csv is assembled from. */
export interface RenumberedGroup {
  index: number;
  key: string;
  bytes: number;
}

export interface ErrorGroupOptions {
  /**
   * Error bytes one group aims at: one invocation's work, so its time is bounded. At least MIN_PART_BYTES, so every
   * group closed by size can be one UploadPartCopy of errors.csv. Default DEFAULT_GROUP_TARGET_BYTES.
   */
  targetBytes?: number;
  /**
   * Most chunks one group reads: each is a GET, and the group travels in a task payload (Step Functions caps a
   * state's input at 256 KiB; a chunk entry is about 100 bytes). Default DEFAULT_GROUP_MAX_CHUNKS.
   */
  maxChunks?: number;
}

export const DEFAULT_GROUP_TARGET_BYTES = 64 * 1024 ** 2;
export const DEFAULT_GROUP_MAX_CHUNKS = 1_000;

/** The chunks' error objects with their line offsets (chunkLineOffsets), in chunk order, from ordered results. */
export function errorChunksOf(results: readonly ChunkResult[]): ErrorChunk[] {
  const offsets = chunkLineOffsets(results);
  return results.map((r, i) => ({ index: r.index, errorsKey: r.errorsKey, errorsBytes: r.errorsBytes, lineOffset: offsets[i]! }));
}

/**
 * Cuts the chunks with error rows (empty ones are skipped: they add no bytes and cost a GET) into groups of
 * consecutive chunks. A group closes once it holds `targetBytes` of errors, so every group but the last is at least
 * S3's part minimum (MIN_PART_BYTES) and errors.csv can be assembled from the groups by part copy; or once it holds
 * `maxChunks` chunks: the payload limit is a hard failure, while a group under 5 MiB only means assembleObject
 * streams it together with its neighbours. When that makes more than MAX_PARTS groups, both limits grow in
 * proportion until the groups fit one multipart upload. Always at least one group: with no error rows at all,
 * group 0 holds just the header.
 */
export function planErrorGroups(chunks: readonly ErrorChunk[], options: ErrorGroupOptions = {}): ErrorGroup[] {
  checkChunkOrder(chunks);
  const withErrors = chunks.filter((c) => c.errorsBytes > 0);
  let limits = groupLimits(options);
  for (;;) {
    const groups = cutGroups(withErrors, limits);
    if (groups.length <= MAX_PARTS) return groups;
    const growth = groups.length / MAX_PARTS;
    limits = { targetBytes: Math.ceil(limits.targetBytes * growth), maxChunks: Math.ceil(limits.maxChunks * growth) };
  }
}

/** How Finalize writes errors.csv: streamed through its own invocation, or assembled from renumbered groups. */
export type ErrorsAssembly = { kind: 'stream' } | { kind: 'groups'; groups: ErrorGroup[] };

/**
 * Groups only pay when there is more than one. A single group is exactly the work Finalize does by itself today
 * (every chunk's errors streamed through one invocation, at the same time as scored.csv is assembled) and it is
 * bounded like any group (at most `targetBytes` of errors and `maxChunks` GETs); fanning it out would add a workflow
 * step, an invocation, a temp object and a copy of it, and make nothing shorter.
 */
export function chooseErrorsAssembly(chunks: readonly ErrorChunk[], options: ErrorGroupOptions = {}): ErrorsAssembly {
  const groups = planErrorGroups(chunks, options);
  return groups.length > 1 ? { kind: 'groups', groups } : { kind: 'stream' };
}

function groupLimits(options: ErrorGroupOptions): Required<ErrorGroupOptions> {
  const targetBytes = options.targetBytes ?? DEFAULT_GROUP_TARGET_BYTES;
  const maxChunks = options.maxChunks ?? DEFAULT_GROUP_MAX_CHUNKS;
  if (!Number.isSafeInteger(targetBytes) || targetBytes < MIN_PART_BYTES) {
    throw new RangeError(`targetBytes must be an integer of at least ${MIN_PART_BYTES}, got ${targetBytes}`);
  }
  if (!Number.isSafeInteger(maxChunks) || maxChunks < 1) throw new RangeError(`maxChunks must be a positive integer, got ${maxChunks}`);
  return { targetBytes, maxChunks };
}

/** Groups are consecutive runs of the file: chunks must come in strictly increasing index order. */
function checkChunkOrder(chunks: readonly ErrorChunk[]): void {
  chunks.forEach((chunk, i) => {
    if (i > 0 && chunk.index <= chunks[i - 1]!.index) {
      throw new AccountingError(`error chunks out of order: chunk ${chunk.index} after chunk ${chunks[i - 1]!.index}`);
    }
  });
}

function cutGroups(chunks: readonly ErrorChunk[], limits: Required<ErrorGroupOptions>): ErrorGroup[] {
  const groups: ErrorGroup[] = [];
  let members: ErrorChunk[] = [];
  let errorsBytes = 0;
  const close = () => {
    groups.push({ index: groups.length, header: groups.length === 0, chunks: members, errorsBytes });
    members = [];
    errorsBytes = 0;
  };
  for (const chunk of chunks) {
    members.push(chunk);
    errorsBytes += chunk.errorsBytes;
    if (errorsBytes >= limits.targetBytes || members.length >= limits.maxChunks) close();
  }
  if (members.length > 0 || groups.length === 0) close();
  return groups;
}
