import type { FileMetaData, RowGroup } from 'hyparquet';
import { ParquetInputError } from './errors.ts';

/** Bytes [start, end) of a file. */
export interface ByteSpan {
  start: number;
  end: number;
}

/**
 * The bytes a row group's column chunks take: each from its dictionary page (else its first data page) for its
 * compressed size, as hyparquet reads them (a 0 dictionary offset, as some writers leave it, means none).
 */
export function rowGroupSpan(rowGroup: RowGroup, index: number): ByteSpan {
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const column of rowGroup.columns) {
    const meta = column.meta_data;
    if (!meta) throw new ParquetInputError(`row group ${index} has a column chunk without metadata`);
    if (column.file_path) throw new ParquetInputError(`row group ${index} keeps a column chunk in another file (${column.file_path})`);
    const from = Number(meta.dictionary_page_offset || meta.data_page_offset);
    start = Math.min(start, from);
    end = Math.max(end, from + Number(meta.total_compressed_size));
  }
  if (rowGroup.columns.length === 0) return { start: 0, end: 0 };
  return { start, end };
}

/** Rows in the row groups before `index` (its first row's 0-based position in the file). */
export function rowsBefore(metadata: FileMetaData, index: number): number {
  let rows = 0;
  for (let i = 0; i < index; i++) rows += Number(metadata.row_groups[i]!.num_rows);
  return rows;
}

/** One chunk of a Parquet job: a run of consecutive row groups [from, to), and the bytes they span. */
export interface RowGroupChunk extends ByteSpan {
  index: number;
  rowGroups: { from: number; to: number };
}

/**
 * The file's row groups cut into runs of consecutive row groups, each closed once it holds `chunkBytes` of
 * compressed column chunks (so every chunk but the last holds at least that many: with chunkBytes ≥ total /
 * maxChunks there are at most maxChunks). A row group is never split: it is the unit a chunk reads and writes.
 * No row groups, no chunks.
 */
export function planRowGroupChunks(metadata: FileMetaData, chunkBytes: number): RowGroupChunk[] {
  const chunks: RowGroupChunk[] = [];
  let from = 0;
  let bytes = 0;
  let span: ByteSpan | undefined;
  metadata.row_groups.forEach((rowGroup, i) => {
    const own = rowGroupSpan(rowGroup, i);
    span = span ? { start: Math.min(span.start, own.start), end: Math.max(span.end, own.end) } : own;
    bytes += own.end - own.start;
    if (bytes < chunkBytes && i < metadata.row_groups.length - 1) return;
    chunks.push({ index: chunks.length, ...span, rowGroups: { from, to: i + 1 } });
    from = i + 1;
    bytes = 0;
    span = undefined;
  });
  return chunks;
}

/** Compressed bytes of all row groups: what Plan cuts into chunks. */
export function rowGroupBytes(metadata: FileMetaData): number {
  return metadata.row_groups.reduce((sum, rowGroup, i) => {
    const span = rowGroupSpan(rowGroup, i);
    return sum + span.end - span.start;
  }, 0);
}

/**
 * The chunks' byte ranges widened to tile the file [0, size): the first from 0 (the magic), each to where the next
 * begins, the last to the end (the footer). A chunk still reads only its row groups; the ranges are what its progress
 * counts (the job's percent reaches 100 with its last chunk).
 */
export function tileFile(chunks: readonly RowGroupChunk[], size: number): RowGroupChunk[] {
  return chunks.map((chunk, i) => ({
    ...chunk,
    start: i === 0 ? 0 : chunk.start,
    end: i === chunks.length - 1 ? size : chunks[i + 1]!.start,
  }));
}
