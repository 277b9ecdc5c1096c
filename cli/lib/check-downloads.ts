import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';
import type { JobSummary, OutputFile } from '../../functions/lib/batch/types.ts';

/** A downloaded output beside what the job's summary states of it. */
export interface DownloadCheck {
  path: string;
  bytes: number;
  /** Base64 of the big-endian CRC-32 of the file's bytes, as S3 writes a CRC32 checksum. */
  crc32: string;
  stated: OutputFile;
  matches: boolean;
}

/** Size and CRC-32 of a file, read once as a stream. */
async function measure(path: string): Promise<{ bytes: number; crc32: string }> {
  let bytes = 0;
  let crc = 0;
  for await (const piece of createReadStream(path)) {
    bytes += (piece as Buffer).length;
    crc = crc32(piece as Buffer, crc);
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc >>> 0);
  return { bytes, crc32: out.toString('base64') };
}

/**
 * Each downloaded output the summary among `paths` describes, checked against it: its size, and its CRC-32 against
 * the full-object CRC-32 S3 stated for the object (the summary's `crc32`; outputs without one are checked by size).
 */
export async function checkDownloads(paths: readonly string[]): Promise<DownloadCheck[]> {
  const summaryPath = paths.find((path) => path.endsWith('.summary.json'));
  if (!summaryPath) return [];
  const { files } = JSON.parse(await readFile(summaryPath, 'utf8')) as Pick<JobSummary, 'files'>;
  const checks: DownloadCheck[] = [];
  for (const stated of Object.values(files ?? {})) {
    const path = paths.find((candidate) => basename(candidate) === basename(stated.key));
    if (!path) continue;
    const measured = await measure(path);
    const matches = measured.bytes === stated.bytes && (stated.crc32 === null || measured.crc32 === stated.crc32);
    checks.push({ path, ...measured, stated, matches });
  }
  return checks;
}

/** One line per check, for the CLI's stderr. */
export function checkLine(check: DownloadCheck): string {
  const what = `${basename(check.path)}: ${check.bytes.toLocaleString('en-US')} bytes, CRC32 ${check.crc32}`;
  if (check.matches) return `verified ${what}, as the summary states`;
  const crc = check.stated.crc32 ?? 'none stated';
  return `MISMATCH ${what}; the summary states ${check.stated.bytes.toLocaleString('en-US')} bytes, CRC32 ${crc}`;
}
