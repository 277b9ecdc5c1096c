import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { S3RequestError } from './errors.ts';
import type { CompletedPart } from './object-store.ts';
import { segmentsAt, type Segment } from './object-bytes.ts';
import { MIN_PART_BYTES, noSuchUpload } from './s3-rules.ts';

/** The parts of a multipart upload on disk: each part file `<n>` with its ETag beside it in `<n>.md5`. */

/** Moves a received part into its upload (its ETag first); NoSuchUpload when the upload was aborted or completed meanwhile. */
export async function placePart(temp: string, partPath: string, md5: string): Promise<void> {
  try {
    await writeFile(`${partPath}.md5`, md5);
    await rename(temp, partPath).catch(async (error: NodeJS.ErrnoException) => {
      // A part sent again over one of the other shape (a file over a composite part's folder, or the reverse).
      if (!['EISDIR', 'ENOTDIR', 'ENOTEMPTY', 'EEXIST'].includes(error.code ?? '')) throw error;
      await rm(partPath, { recursive: true, force: true });
      await rename(temp, partPath);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload();
    throw error;
  }
}

function invalidPart(partNumber: number): S3RequestError {
  return new S3RequestError(
    'InvalidPart',
    `One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag. (part ${partNumber})`,
  );
}

/**
 * CompleteMultipartUpload's checks, as S3 makes them: at least one part, part numbers in ascending order, each part
 * uploaded with exactly the ETag given, and every part but the last at least 5 MiB. Returns the parts in order: each
 * part's path and its files (one, or a composite part's several).
 */
export async function checkCompletedParts(
  parts: readonly CompletedPart[],
  partPath: (partNumber: number) => string,
): Promise<{ path: string; segments: Segment[] }[]> {
  if (parts.length === 0)
    throw new S3RequestError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  for (let i = 1; i < parts.length; i++) {
    if (parts[i]!.partNumber <= parts[i - 1]!.partNumber) {
      throw new S3RequestError(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      );
    }
  }
  const paths = parts.map((part) => partPath(part.partNumber));
  const found = await Promise.all(
    parts.map(async (part, i) => {
      const [md5, segments] = await Promise.all([
        readFile(`${paths[i]}.md5`, 'utf8').catch(() => undefined),
        segmentsAt(paths[i]!).catch(() => undefined),
      ]);
      if (md5 === undefined || segments === undefined || md5 !== normaliseEtag(part.etag)) throw invalidPart(part.partNumber);
      return { path: paths[i]!, segments };
    }),
  );
  found.slice(0, -1).forEach(({ segments }, i) => {
    const size = segments.reduce((sum, segment) => sum + segment.size, 0);
    if (size < MIN_PART_BYTES) {
      throw new S3RequestError(
        'EntityTooSmall',
        `Your proposed upload is smaller than the minimum allowed size (part ${parts[i]!.partNumber} is ${size} bytes; every part but the last must be at least ${MIN_PART_BYTES}).`,
      );
    }
  });
  return found;
}

/** ETags travel quoted (`"…"`); parts compare without the quotes, case-insensitively (they are hex). */
export function normaliseEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}
