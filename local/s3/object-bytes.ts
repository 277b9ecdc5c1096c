import { copyFile, link, mkdir, open as openFile, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadInto } from './object-store.ts';

/**
 * An object's bytes on disk take one of two shapes. A plain object is one data file. A multipart object of several
 * parts is a composite: a folder of its parts' files, in order (`0`, `1`, …), never concatenated. Completing an
 * upload, and copying such an object or its parts, only makes new hard links to those files, so assembling a large
 * object out of parts (a job's scored output from its chunks') costs no copying and no second copy on disk.
 * Segment files, like data files, are never written in place once named.
 */

/** One file of a composite object, with its size (the record keeps the sizes: ranges map to files without a stat). */
export interface Segment {
  path: string;
  size: number;
}

export function segmentsIn(dir: string, sizes: readonly number[]): Segment[] {
  return sizes.map((size, i) => ({ path: join(dir, String(i)), size }));
}

/**
 * The files a part or data path holds, in order, with their sizes: itself when it is a file, its numbered files when
 * it is a composite folder (a part copied whole from a composite object).
 */
export async function segmentsAt(path: string): Promise<Segment[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ path, size: info.size }];
  const names = (await readdir(path)).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b));
  return Promise.all(names.map(async (name) => ({ path: join(path, name), size: (await stat(join(path, name))).size })));
}

/** A composite folder at `dir` holding new links to the segments, in order; returns their sizes. */
export async function linkSegments(segments: readonly Segment[], dir: string): Promise<number[]> {
  await mkdir(dir);
  await Promise.all(segments.map(({ path }, i) => linkFile(path, join(dir, String(i)))));
  return segments.map((segment) => segment.size);
}

/**
 * A new name for a file's never-rewritten bytes; across filesystems (never within one store) a copy. The source keeps
 * its name: a completion whose commit fails still has its parts, and can be retried as on S3.
 */
export async function linkFile(path: string, target: string): Promise<void> {
  await link(path, target).catch(() => copyFile(path, target));
}

/** Reads a plain object's bytes at `position` from its open handle. */
export function readHandleInto(handle: FileHandle): ReadInto {
  return async (target, position) => (await handle.read(target, 0, target.length, position)).bytesRead;
}

/**
 * Reads a composite object's bytes at `position`: from the one segment holding it (a read never spans two), each
 * segment file opened when first reached and closed when the reading moves on or `close` is called.
 */
export function segmentReader(segments: readonly Segment[]): { readInto: ReadInto; close(): Promise<void> } {
  const starts: number[] = [];
  let total = 0;
  for (const segment of segments) {
    starts.push(total);
    total += segment.size;
  }
  let current: { index: number; handle: FileHandle } | undefined;
  const close = async (): Promise<void> => {
    const open = current;
    current = undefined;
    await open?.handle.close().catch(() => undefined);
  };
  const handleFor = async (index: number): Promise<FileHandle> => {
    if (current?.index === index) return current.handle;
    await close();
    current = { index, handle: await openFile(segments[index]!.path, 'r') };
    return current.handle;
  };
  return {
    readInto: async (target, position) => {
      const index = segmentAt(starts, segments, position);
      if (index < 0) return 0;
      const within = position - starts[index]!;
      const length = Math.min(target.length, segments[index]!.size - within);
      return (await (await handleFor(index)).read(target, 0, length, within)).bytesRead;
    },
    close,
  };
}

/** The index of the segment holding byte `position` (binary search over their starts), or -1 past the end. */
function segmentAt(starts: readonly number[], segments: readonly Segment[], position: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (position < starts[middle]!) high = middle - 1;
    else if (position >= starts[middle]! + segments[middle]!.size) low = middle + 1;
    else return middle;
  }
  return -1;
}
