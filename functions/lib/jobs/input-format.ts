/**
 * Which uploads start a batch job, and in what format: the one rule from an input key's suffix (compared in any
 * letter case) to how the job reads it and what it writes. Ingest, Plan, ScoreChunk, Finalize, the output keys
 * and reconcile-jobs.ts all ask here; any other suffix starts nothing.
 *
 * A format is a `kind` (how records are read and scored) and a `compression` (how the stored bytes are read):
 * a new format is one more entry of INPUT_SUFFIXES and, for a new reader, one more `kind`.
 */
export type InputKind = 'csv' | 'jsonl' | 'parquet';
export type Compression = 'none' | 'gzip';

export interface InputFormat {
  kind: InputKind;
  compression: Compression;
  /** The suffix in lower case (`.csv.gz`): the key minus it, in the key's own spelling, is the stem of the outputs. */
  suffix: string;
  /** The scored output's suffix after `<stem>`: the input's own suffix, lower case, after `.scored`. */
  scoredSuffix: string;
  /** Content type of the scored output. */
  scoredContentType: string;
}

/** Every accepted suffix; one that ends another (`.csv.gz`, `.csv`) comes first, so the longer is found first. */
export const INPUT_SUFFIXES: readonly { suffix: string; kind: InputKind; compression: Compression }[] = [
  // Parquet compresses inside the file, page by page (functions/lib/parquet): the stored bytes are read as they are.
  { suffix: '.parquet', kind: 'parquet', compression: 'none' },
  { suffix: '.ndjson.gz', kind: 'jsonl', compression: 'gzip' },
  { suffix: '.jsonl.gz', kind: 'jsonl', compression: 'gzip' },
  { suffix: '.csv.gz', kind: 'csv', compression: 'gzip' },
  { suffix: '.ndjson', kind: 'jsonl', compression: 'none' },
  { suffix: '.jsonl', kind: 'jsonl', compression: 'none' },
  { suffix: '.csv', kind: 'csv', compression: 'none' },
];

/** Content types of the scored outputs (Parquet's: the media type registered with IANA). */
const CONTENT_TYPE: Record<InputKind, string> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

/** The format of an input key, or null when its suffix starts no job. */
export function inputFormat(key: string): InputFormat | null {
  const lower = key.toLowerCase();
  const entry = INPUT_SUFFIXES.find((e) => lower.endsWith(e.suffix) && lower.length > 0);
  if (!entry) return null;
  return {
    ...entry,
    scoredSuffix: `.scored${entry.suffix}`,
    scoredContentType: entry.compression === 'gzip' ? 'application/gzip' : CONTENT_TYPE[entry.kind],
  };
}

/** The key's format; throws for a key no job starts from (a workflow task handed such a job is a bug). */
export function requireInputFormat(key: string): InputFormat {
  const format = inputFormat(key);
  if (!format)
    throw new Error(`s3 key ${JSON.stringify(key)} has no accepted input suffix (${INPUT_SUFFIXES.map((e) => e.suffix).join(', ')})`);
  return format;
}

/**
 * An upload of this key starts a batch job. Also right for the raw key of an S3 event: S3 URL-encodes event keys
 * form-style, which leaves letters and `.` (every suffix's characters) as they are.
 */
export function startsJob(key: string): boolean {
  return inputFormat(key) !== null;
}
