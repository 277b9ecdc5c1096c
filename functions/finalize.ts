import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import type { Readable } from 'node:stream';
import { dynamo, s3 } from './lib/aws/clients.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { getModel } from './lib/model/index.ts';
import { JobStore } from './lib/jobs/JobStore.ts';
import { jobTempPrefix } from './lib/jobs/output-keys.ts';
import type { ChunkRef, ChunkResult, JobRef } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { countFinalized } from './lib/metrics/index.ts';
import { assembleObject } from './lib/s3/assemble-object.ts';
import { deletePrefix } from './lib/s3/delete-prefix.ts';
import { JOB_ID_METADATA, deleteOutputsWrittenBy } from './lib/s3/object-owner.ts';
import { uploadStream, putJson } from './lib/s3/upload-stream.ts';
import { checkResultsTileObject, chunkLineOffsets, orderResults, totalResults } from './lib/batch/aggregate-results.ts';
import { buildSummary } from './lib/batch/build-summary.ts';
import { errorsFileBody, renumberErrorRows } from './lib/batch/errors-file.ts';
import { parseChunkRefs, parseChunkResults, parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import type { JobSummary } from './lib/batch/types.ts';
import { takeOutputs } from './lib/batch/output-lease.ts';
import type { RemainingTime } from './lib/batch/output-lease.ts';

/**
 * Workflow task `{task:'finalize', job, chunks, exactCuts, results}`: first the chunks must tile the object on record
 * boundaries (presumed cuts that did not: ChunkCutInsideRecordError, and the workflow re-plans exactly); then
 * scored.csv, then errors.csv, then the job record, and summary.json LAST — its appearance tells readers the job is
 * over. An accounting mismatch throws, so the workflow's Catch marks the job FAILED with that reason (never silently
 * lose rows). The outputs are written under the key's write lease; a job a newer upload superseded writes nothing
 * and ends SUPERSEDED.
 */
export async function handler(event: unknown, context?: Context): Promise<FinalizeResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const results = orderResults(parseChunkResults(payloadField(event, 'results')));
  const chunks = parseChunkRefs(payloadField(event, 'chunks'));
  const exactCuts = payloadField(event, 'exactCuts') === true;
  const result = await withProbe(
    { runId: job.jobId, step: 'finalize' },
    () => finalize(job, { chunks, exact: exactCuts }, results, context),
    (r) => ({ rows: r.rowsIn }),
  );
  countFinalized(result);
  return result;
}

type FinalizeResult = Pick<JobSummary, 'jobId' | 'rowsIn' | 'rowsScored' | 'rowsRejected'> & { status: JobSummary['status'] | 'SUPERSEDED' };

async function finalize(job: JobRef, plan: { chunks: ChunkRef[]; exact: boolean }, results: ChunkResult[], context: RemainingTime | undefined): Promise<FinalizeResult> {
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
      bucket, key: job.outputKeys.scored, contentType: 'text/csv', metadata,
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

  const store = new JobStore(dynamo(), config().jobsTable);
  const finishedAt = new Date();
  const [, record] = await Promise.all([
    deletePrefix(bucket, jobTempPrefix(job.jobId)),
    store.markSucceeded(job.jobId, counts, finishedAt).then(() => store.get(job.jobId)),
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
    job, record, outputBucket: bucket, status: 'SUCCEEDED', totals,
    model: { name: model.name, version: model.version }, outputsWritten: true, finishedAt,
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
