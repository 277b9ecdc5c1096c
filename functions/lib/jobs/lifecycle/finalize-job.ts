import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3 } from '../../aws/clients.ts';
import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { getModel } from '../../model/index.ts';
import { assembleObject } from '../../s3/assemble-object.ts';
import { deletePrefix } from '../../s3/delete-prefix.ts';
import { JOB_ID_METADATA, deleteOutputsWrittenBy } from '../../s3/object-owner.ts';
import { uploadStream, putJson } from '../../s3/upload-stream.ts';
import { checkResultsTileObject, chunkLineOffsets, totalResults } from '../../batch/aggregate-results.ts';
import { buildSummary } from '../../batch/build-summary.ts';
import { errorsFileBody, renumberErrorRows } from '../../batch/errors-file.ts';
import type { JobSummary } from '../../batch/types.ts';
import { jobTempPrefix } from '../output-keys.ts';
import type { ChunkRef, ChunkResult, JobRef } from '../types.ts';
import { jobStore } from './JobStore.ts';
import { takeOutputs } from './output-lease.ts';
import type { RemainingTime } from './output-lease.ts';
import { toSucceeded } from './transitions.ts';

export type FinalizeResult = Pick<JobSummary, 'jobId' | 'rowsIn' | 'rowsScored' | 'rowsRejected'> & {
  status: JobSummary['status'] | 'SUPERSEDED';
};

/**
 * The one way a job ends SUCCEEDED, in this order: the chunks must tile the object on record boundaries, then
 * scored.csv and errors.csv, then the job record, and summary.json LAST — its appearance tells readers the job is
 * over. An accounting mismatch throws, so the workflow's Catch marks the job FAILED with that reason (never silently
 * lose rows). The outputs are written under the key's write lease; a job a newer upload superseded writes nothing
 * and ends SUPERSEDED.
 */
export async function finalizeJob(
  job: JobRef,
  plan: { chunks: ChunkRef[]; exact: boolean },
  results: ChunkResult[],
  context: RemainingTime | undefined,
): Promise<FinalizeResult> {
  checkResultsTileObject(plan.chunks, results, job.size, plan.exact);
  const totals = totalResults(results);
  const bucket = config().outputBucket;
  const counts = { rowsIn: totals.rowsIn, rowsScored: totals.rowsScored, rowsRejected: totals.rowsRejected };
  const lease = await takeOutputs(job, context);
  if (lease.kind === 'superseded') {
    await deletePrefix(bucket, jobTempPrefix(job.jobId));
    return { jobId: job.jobId, status: 'SUPERSEDED', ...counts };
  }
  const metadata = { [JOB_ID_METADATA]: job.jobId };
  // The two outputs are independent objects: assembled at once. Temp cleanup and the job record only need both.
  const [assembled, errors] = await Promise.allSettled([
    assembleObject({
      bucket,
      key: job.outputKeys.scored,
      contentType: 'text/csv',
      metadata,
      parts: results.map((r) => ({ key: r.scoredKey, bytes: r.scoredBytes })),
    }),
    uploadStream(bucket, job.outputKeys.errors, errorsFileBody(errorParts(bucket, results)), 'text/csv', metadata),
  ]);
  if (assembled.status === 'rejected' || errors.status === 'rejected') {
    // Both settled first, so nothing is still uploading: what this attempt wrote goes before it fails (a retry writes
    // it again; a Finalize still running after its execution was stopped or timed out has no MarkFailed after it).
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
    throw assembled.status === 'rejected' ? assembled.reason : (errors as PromiseRejectedResult).reason;
  }
  const method = assembled.value;

  const store = jobStore();
  const finishedAt = new Date();
  const [, record] = await Promise.all([
    deletePrefix(bucket, jobTempPrefix(job.jobId)),
    store.apply(job.jobId, toSucceeded(counts, finishedAt)).then(() => store.get(job.jobId)),
  ]);
  if (record?.status === 'FAILED' || record?.status === 'SUPERSEDED') {
    // Ended while this ran (its execution was stopped or timed out, and the safety net failed the job): that outcome
    // stands, so the outputs this attempt wrote go and no SUCCEEDED summary follows the FAILED one.
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
    await lease.release();
    logger.warn('job ended while finalizing', { jobId: job.jobId, status: record.status });
    return { jobId: job.jobId, status: record.status, ...counts };
  }
  const model = (await getModel()).info;
  const summary = buildSummary({
    job,
    record,
    outputBucket: bucket,
    status: 'SUCCEEDED',
    totals,
    model: { name: model.name, version: model.version },
    outputsWritten: true,
    finishedAt,
  });
  await putJson(bucket, job.outputKeys.summary, summary);
  await lease.release();
  logger.info('job state', { jobId: job.jobId, status: 'SUCCEEDED', ...counts, assembly: method, durationMs: summary.timings.durationMs });
  return { jobId: job.jobId, status: summary.status, ...counts };
}

/** Each chunk's error rows, opened one at a time in order, renumbered from chunk-relative to file lines. */
async function* errorParts(bucket: string, results: ChunkResult[]): AsyncGenerator<Readable> {
  const offsets = chunkLineOffsets(results);
  for (const [i, result] of results.entries()) {
    if (result.errorsBytes === 0) continue;
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: result.errorsKey }));
    yield renumberErrorRows(out.Body as Readable, offsets[i]);
  }
}
