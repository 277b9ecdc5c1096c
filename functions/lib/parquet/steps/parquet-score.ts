import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients.ts';
import { config } from '../../config.ts';
import { chunkRowGroupsKey, chunkTempKeys } from '../../jobs/output-keys.ts';
import type { ChunkRef, ChunkResult, JobRef } from '../../jobs/types.ts';
import { pinnedModel } from '../../model-store/stored-models.ts';
import { PartUploader } from '../../s3/PartUploader.ts';
import { chunkResult } from '../../batch/chunk-result.ts';
import { scoreParquetChunk } from '../chunk-scoring.ts';
import { rowGroupsToJson } from '../metadata-json.ts';
import { objectAsyncBuffer, readParquetFooter } from './read-parquet-object.ts';

/**
 * Scores a Parquet chunk's row groups (chunk.rowGroups) into temp objects with deterministic keys, as a CSV chunk:
 * its scored row groups' column chunks (a Parquet body, no magic or footer), its rejected rows (errors.csv rows,
 * numbered by row in the file) and its row groups' metadata as JSON for Finalize. Reads the footer and its own row
 * groups' bytes only. The CSV-only fields of the result say the chunk stands alone: no newlines to count (its
 * error rows carry file row numbers already), its records span its bytes.
 */
export async function scoreParquetChunkJob(
  job: JobRef,
  chunk: ChunkRef & { rowGroups: { from: number; to: number } },
): Promise<ChunkResult> {
  const cfg = config();
  const bucket = cfg.outputBucket;
  const { scoredKey, errorsKey } = chunkTempKeys(job.jobId, chunk.index, 'bin');
  const { metadata } = await readParquetFooter(job, job.size);
  const model = await pinnedModel(job.model);
  const { featureColumns } = job.columns as { featureColumns: number[] };
  const scored = new PartUploader({ client: s3(), bucket, key: scoredKey, contentType: 'application/octet-stream' });
  const errors = new PartUploader({ client: s3(), bucket, key: errorsKey, contentType: 'text/csv' });
  try {
    const file = objectAsyncBuffer(job, job.size);
    const counts = await scoreParquetChunk(
      { file, metadata, rowGroups: chunk.rowGroups, model, featureColumns, batchRows: cfg.inferenceBatchRows },
      { scored, errors },
    );
    const rowGroupsKey = chunkRowGroupsKey(job.jobId, chunk.index);
    const body = rowGroupsToJson(counts.rowGroups);
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: rowGroupsKey, Body: body, ContentType: 'application/json' }));
    const [scoredBytes, errorsBytes] = await Promise.all([scored.end(), errors.end()]);
    if (scoredBytes !== counts.bytes) throw new Error(`chunk ${chunk.index} uploaded ${scoredBytes} scored bytes, wrote ${counts.bytes}`);
    const segment = { quotesOdd: false, boundaryIfStartOutside: null, boundaryIfStartInside: null };
    const span = { lines: 0, recordsFrom: chunk.start, recordsTo: chunk.end, segment };
    return chunkResult(chunk.index, counts, { scoredKey, scoredBytes, errorsKey, errorsBytes }, span);
  } catch (error) {
    await Promise.all([scored.abort(), errors.abort()]);
    throw error;
  }
}
