import { OutputTooLargeError } from './errors.ts';
import { MAX_COPY_OBJECT_BYTES, MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, STREAM_PART_BYTES } from './limits.ts';
import type { AssemblyMethod, PartObject } from './types.ts';

/** Bytes [start, start + bytes) of one source object. */
export interface Segment {
  source: PartObject;
  start: number;
  bytes: number;
}

/** One part of a multipart upload: S3 copies one segment server side, or the segments' bytes are streamed in order. */
export type PlannedPart = { kind: 'copy'; segment: Segment } | { kind: 'stream'; segments: Segment[]; bytes: number };

/**
 * How the sources become one object:
 * - `copy-object`: one CopyObject of the only source;
 * - `upload-stream`: the sources streamed in order through one PartUploader (one PutObject for a small output);
 * - `multipart`: the planned parts, in order, as one multipart upload.
 */
export type AssemblyPlan =
  | { kind: 'copy-object'; source: PartObject }
  | { kind: 'upload-stream'; sources: PartObject[] }
  | { kind: 'multipart'; parts: PlannedPart[] };

/**
 * The assembly of `parts` (in output order) within S3's limits (see limits.ts), copying server side whatever S3
 * allows so the bytes need not pass through the Lambda. Empty sources are dropped first: they add nothing and would
 * break the part-size rule. Throws OutputTooLargeError when no multipart upload can hold the output.
 */
export function planAssembly(parts: readonly PartObject[]): AssemblyPlan {
  const sources = parts.filter((p) => p.bytes > 0);
  const total = sources.reduce((sum, s) => sum + s.bytes, 0);
  if (sources.length === 1 && total <= MAX_COPY_OBJECT_BYTES) return { kind: 'copy-object', source: sources[0]! };
  if (total > MAX_PARTS * MAX_PART_BYTES) {
    throw new OutputTooLargeError(
      `the output is ${total} bytes, more than S3 can assemble into one object (${MAX_PARTS} parts of at most ${MAX_PART_BYTES} bytes)`,
    );
  }
  if (copyableAsIs(sources)) return { kind: 'multipart', parts: sources.map((source) => copyPart(wholeSegment(source))) };
  // Every part but the last at least total / MAX_PARTS keeps the count within MAX_PARTS.
  const planned = cutParts(sources, Math.max(MIN_PART_BYTES, Math.ceil(total / MAX_PARTS)));
  const copiesNothing = planned.every((p) => p.kind === 'stream');
  if (copiesNothing && total <= MAX_PARTS * STREAM_PART_BYTES) return { kind: 'upload-stream', sources };
  return { kind: 'multipart', parts: planned };
}

/** The value Finalize logs as `assembly`: `copy` when S3 copies every part, `mixed` when some parts are streamed. */
export function assemblyMethod(plan: AssemblyPlan): AssemblyMethod {
  if (plan.kind === 'copy-object') return 'copy-object';
  if (plan.kind === 'upload-stream') return 'stream';
  const copies = plan.parts.filter((p) => p.kind === 'copy').length;
  if (copies === plan.parts.length) return 'copy';
  return copies === 0 ? 'stream' : 'mixed';
}

/** One UploadPartCopy per source: each fits a part, and all but the last reach the part minimum. */
function copyableAsIs(sources: readonly PartObject[]): boolean {
  if (sources.length < 2 || sources.length > MAX_PARTS) return false;
  if (sources.some((s) => s.bytes > MAX_PART_BYTES)) return false;
  return sources.slice(0, -1).every((s) => s.bytes >= MIN_PART_BYTES);
}

/**
 * Walks the output once, cutting it into parts of at least `minPart` bytes (but the last): where the current source
 * has `minPart` bytes left and no stream group is open, the next part is a copy of it (split into ranges when over
 * 5 GiB); otherwise bytes join a stream group, which closes once it reaches `minPart` — topping up from a big source
 * only as much as it needs when the rest of that source is still a valid copy.
 */
function cutParts(sources: readonly PartObject[], minPart: number): PlannedPart[] {
  const parts: PlannedPart[] = [];
  let group: Segment[] = [];
  let grouped = 0;
  for (const source of sources) {
    for (let start = 0; start < source.bytes; ) {
      const left = source.bytes - start;
      const copy = grouped === 0 && left >= minPart;
      const bytes = copy ? copyLength(left, minPart) : streamLength(left, grouped, minPart);
      const segment = { source, start, bytes };
      start += bytes;
      if (copy) {
        parts.push(copyPart(segment));
        continue;
      }
      group.push(segment);
      grouped += bytes;
      if (grouped < minPart) continue;
      parts.push({ kind: 'stream', segments: group, bytes: grouped });
      group = [];
      grouped = 0;
    }
  }
  if (group.length > 0) parts.push(lastPart(group, grouped));
  return parts;
}

/**
 * A copy from a source with `left` ≥ minPart bytes left: all of it when it fits a part, else the first of equal
 * ranges of at most 5 GiB — or a 5 GiB range when equal ranges would fall under minPart (outputs over half the
 * largest object), the rest then streamed.
 */
function copyLength(left: number, minPart: number): number {
  if (left <= MAX_PART_BYTES) return left;
  const even = Math.ceil(left / Math.ceil(left / MAX_PART_BYTES));
  return even >= minPart && left - even >= minPart ? even : MAX_PART_BYTES;
}

/** Bytes a stream group holding `grouped` (< minPart) takes from a source with `left` bytes left. */
function streamLength(left: number, grouped: number, minPart: number): number {
  const need = minPart - grouped;
  if (left <= need) return left;
  if (left - need >= minPart) return need;
  return Math.min(left, MAX_PART_BYTES - grouped);
}

/** The last part has no minimum: one segment is copied when S3 can copy it (whole, or a range of a source over 5 MiB). */
function lastPart(group: Segment[], bytes: number): PlannedPart {
  const only = group.length === 1 ? group[0]! : undefined;
  if (only && (only.bytes === only.source.bytes || only.source.bytes > MIN_PART_BYTES)) return copyPart(only);
  return { kind: 'stream', segments: group, bytes };
}

/** All of one source. */
export function wholeSegment(source: PartObject): Segment {
  return { source, start: 0, bytes: source.bytes };
}

function copyPart(segment: Segment): PlannedPart {
  return { kind: 'copy', segment };
}
