import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { errorsGroupKey } from '../jobs/output-keys.ts';
import { uploadStream } from '../s3/upload-stream.ts';
import type { ErrorChunk, ErrorGroup, RenumberedGroup } from './error-groups.ts';
import { AccountingError } from './errors.ts';
import { errorsFileRun, renumberErrorRows } from './errors-file.ts';

/**
 * Writes one group's run of errors.csv (the header first for group 0) to its deterministic temp key, streamed
 * through a PartUploader with bounded memory: a retry overwrites the object, and a failure leaves none.
 */
export async function renumberErrorGroup(bucket: string, jobId: string, group: ErrorGroup): Promise<RenumberedGroup> {
  const key = errorsGroupKey(jobId, group.index);
  const body = errorsFileRun(renumberedErrorParts(bucket, group.chunks), group.header);
  const bytes = await uploadStream(bucket, key, body, 'text/csv');
  return { index: group.index, key, bytes };
}

/**
 * Each chunk's error rows, opened one at a time in order, renumbered from chunk-relative to file lines. An object
 * whose size is not the one its chunk reported is not that chunk's output: its rows would be wrong or missing.
 */
export async function* renumberedErrorParts(bucket: string, chunks: readonly ErrorChunk[]): AsyncGenerator<Readable> {
  for (const chunk of chunks) {
    if (chunk.errorsBytes === 0) continue;
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: chunk.errorsKey }));
    const body = out.Body as Readable;
    if (out.ContentLength !== chunk.errorsBytes) {
      body.destroy();
      throw new AccountingError(
        `s3://${bucket}/${chunk.errorsKey} holds ${out.ContentLength} bytes, chunk ${chunk.index} wrote ${chunk.errorsBytes}`,
      );
    }
    yield renumberErrorRows(body, chunk.lineOffset);
  }
}
