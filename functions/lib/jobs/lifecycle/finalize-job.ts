import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { pinnedModel } from '../../model-store/index.ts';
import { assembleObject } from '../../s3/assemble-object.ts';
import { deletePrefix } from '../../s3/delete-prefix.ts';
import { JOB_ID_METADATA, deleteOutputsWrittenBy } from '../../s3/object-owner.ts';
import { uploadStream, putJson } from '../../s3/upload-stream.ts';
import { misplacedChunks, totalResults } from '../../batch/aggregate-results.ts';
import { AccountingError, ChunksMisplacedError, ErrorsNeedGroupsError } from '../../batch/errors.ts';
import { chooseErrorsAssembly, errorChunksOf } from '../../batch/error-groups.ts';
import type { RenumberedGroup } from '../../batch/error-groups.ts';
import { renumberedErrorParts } from '../../batch/renumber-error-group.ts';
import { nominalRanges } from '../../chunks/plan-chunks.ts';
import { buildSummary } from '../../batch/build-summary.ts';
import { summaryBilling } from '../../billing/summary-billing.ts';
import { addInvocationUnits } from '../../billing/invocation-units.ts';
import { finalizeTransitionUnits } from '../../billing/state-transitions.ts';
import { mapRunsUnits } from '../../billing/map-run-units.ts';
import type { MapRunBill } from '../../billing/map-run-units.ts';
import { errorsFileBody } from '../../batch/errors-file.ts';
import { featureColumns } from '../../batch/csv-port.ts';
import type { JobSummary } from '../../batch/types.ts';
import { jobTempPrefix } from '../output-keys.ts';
import { describeObject, digestObject, digestParts } from '../../s3/object-digest.ts';
import { requireInputFormat } from '../input-format.ts';
import type { ChunkResult, JobRef, PlanOutput } from '../types.ts';
import { jobStore } from './JobStore.ts';
import { takeOutputs } from './output-lease.ts';
import type { RemainingTime } from './output-lease.ts';
import { toSucceeded } from './transitions.ts';
import { parquetScoredParts } from '../../parquet/steps/parquet-finalize.ts';

export type FinalizeResult = Pick<JobSummary, 'jobId' | 'rowsIn' | 'rowsScored' | 'rowsRejected'> & {
  status: JobSummary['status'] | 'SUPERSEDED';
};

/** The chunks' results as Finalize gathered them from the Map states' result files. */
export interface ChunkResults {
  /** One per planned chunk, in order; a re-scored chunk's result in its place. */
  results: ChunkResult[];
  /** The misplaced chunks were scored again already: a chunk still misplaced is a bug, not a speculation. */
  rescored: boolean;
  /** The map runs' result folders, deleted with the job's temp objects. */
  resultFolders: string[];
  /**
   * Each map run's bill as its result files show it (map-run-units.ts): its own S3 requests, its Express children
   * and their parent transitions, billed with the job.
   */
  mapRuns?: MapRunBill[];
  /** The error groups renumbered in parallel, in order, when there were too many rejected rows to stream. */
  errorGroups?: RenumberedGroup[];
}

/**
 * The one way a job ends SUCCEEDED, in this order: the chunks must tile the object on record boundaries, then
 * scored.csv and errors.csv, then the job record, and summary.json LAST — its appearance tells readers the job is
 * over. An accounting mismatch throws, so the workflow's Catch marks the job FAILED with that reason (never silently
 * lose rows). The outputs are written under the key's write lease; a job a newer upload superseded writes nothing
 * and ends SUPERSEDED.
 */
export async function finalizeJob(
  job: JobRef,
  plan: PlanOutput,
  chunkResults: ChunkResults,
  context: RemainingTime | undefined,
): Promise<FinalizeResult> {
  const { results } = chunkResults;
  // A Parquet job's chunks are whole row groups: nothing to settle; its scored parts need a magic and a footer.
  const format = requireInputFormat(job.key);
  if (format.kind !== 'parquet') await checkChunksSettled(job, plan, chunkResults);
  const totals = totalResults(results);
  const errorGroups = chunkResults.errorGroups ?? (await groupErrorsIfMany(plan, results));
  const bucket = config().outputBucket;
  const deleteTemp = () =>
    Promise.all([jobTempPrefix(job.jobId), ...chunkResults.resultFolders].map((prefix) => deletePrefix(bucket, prefix)));
  const counts = { rowsIn: totals.rowsIn, rowsScored: totals.rowsScored, rowsRejected: totals.rowsRejected };
  const lease = await takeOutputs(job, context);
  if (lease.kind === 'superseded') {
    await deleteTemp();
    // Its map runs ran all the same, and the workflow goes on as after a success: billed as on that path.
    await billMapRuns((await jobStore().get(job.jobId))?.executionArn, chunkResults.mapRuns ?? []);
    return { jobId: job.jobId, status: 'SUPERSEDED', ...counts };
  }
  const metadata = { [JOB_ID_METADATA]: job.jobId };
  const scoredParts =
    format.kind === 'parquet'
      ? await parquetScoredParts(job, plan, results)
      : results.map((r) => ({ key: r.scoredKey, bytes: r.scoredBytes }));
  // Every output states S3's full-object CRC-32, which costs no read (output-checksum.ts). A SHA-256 as well is a
  // read of the bytes: only up to config's digestMaxBytes (default 0: never). The scored output is its parts in
  // order, so its SHA-256 is read from the parts while the assembly copies them.
  const digestMax = config().digestMaxBytes;
  const hash = digestMax > 0 && totals.scoredBytes + totals.errorsBytes <= digestMax;
  const hashStarted = performance.now();
  const scoredHash = hash ? digestParts(bucket, scoredParts) : undefined;
  scoredHash?.catch(() => undefined); // awaited below, once the assembly settled; meanwhile not an unhandled rejection
  // The two outputs are independent objects: assembled at once. Temp cleanup and the job record only need both.
  const [assembled, errors] = await Promise.allSettled([
    assembleObject({
      bucket,
      key: job.outputKeys.scored,
      contentType: format.scoredContentType,
      metadata,
      parts: scoredParts,
    }),
    errorGroups
      ? assembleObject({
          bucket,
          key: job.outputKeys.errors,
          contentType: 'text/csv',
          metadata,
          parts: errorGroups.map((g) => ({ key: g.key, bytes: g.bytes })),
        })
      : uploadStream(
          bucket,
          job.outputKeys.errors,
          errorsFileBody(renumberedErrorParts(bucket, errorChunksOf(results))),
          'text/csv',
          metadata,
        ),
  ]);
  if (assembled.status === 'rejected' || errors.status === 'rejected') {
    // Both settled first, so nothing is still uploading: what this attempt wrote goes before it fails (a retry writes
    // it again; a Finalize still running after its execution was stopped or timed out has no MarkFailed after it).
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
    throw assembled.status === 'rejected' ? assembled.reason : (errors as PromiseRejectedResult).reason;
  }
  const method = assembled.value;
  // errors.csv is renumbered on its way out (not its parts' bytes): read back once for its SHA-256 (object-digest.ts).
  const [scoredDigest, errorsDigest] = await Promise.all([
    describeObject(bucket, job.outputKeys.scored, scoredHash),
    describeObject(bucket, job.outputKeys.errors, hash ? digestObject(bucket, job.outputKeys.errors) : undefined),
  ]).catch(async (error: unknown) => {
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
    throw error;
  });
  const files = {
    scored: { key: job.outputKeys.scored, ...scoredDigest },
    errors: { key: job.outputKeys.errors, ...errorsDigest },
  };
  const hashMs = Math.round(performance.now() - hashStarted);

  const store = jobStore();
  const finishedAt = new Date();
  const [, record] = await Promise.all([deleteTemp(), store.applyAndGet(job.jobId, toSucceeded(counts, finishedAt))]);
  if (record?.status === 'FAILED' || record?.status === 'SUPERSEDED') {
    // Ended while this ran (its execution was stopped or timed out, and the safety net failed the job): that outcome
    // stands, so the outputs this attempt wrote go and no SUCCEEDED summary follows the FAILED one.
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
    await lease.release();
    logger.warn('job ended while finalizing', { jobId: job.jobId, status: record.status });
    return { jobId: job.jobId, status: record.status, ...counts };
  }
  await billMapRuns(record?.executionArn, chunkResults.mapRuns ?? []);
  // The job's own model (its pinned stored version, else the baked-in one): its features name the summary's columns.
  const model = (await pinnedModel(job.model)).info;
  const summary = buildSummary({
    job,
    record,
    outputBucket: bucket,
    status: 'SUCCEEDED',
    totals,
    model: job.model ?? { name: model.name, version: model.version },
    ...(format.kind !== 'jsonl' ? { columns: featureColumns(job.columns, model.featureNames) } : {}),
    ...(job.shadow ? { shadow: job.shadow } : {}),
    outputsWritten: true,
    files,
    finishedAt,
    billing: summaryBilling(record),
  });
  await putJson(bucket, job.outputKeys.summary, summary);
  await lease.release();
  logger.info('job state', {
    jobId: job.jobId,
    status: 'SUCCEEDED',
    ...counts,
    assembly: method,
    hashMs,
    durationMs: summary.timings.durationMs,
  });
  return { jobId: job.jobId, status: summary.status, ...counts };
}

/**
 * The map runs' own S3 requests, their Express children and the execution's transitions, counted by the Finalize
 * that ends the job (an earlier attempt that threw, to send the workflow back to a Map, did not count them).
 */
async function billMapRuns(executionArn: string | undefined, mapRuns: MapRunBill[]): Promise<void> {
  addInvocationUnits(mapRunsUnits(mapRuns));
  addInvocationUnits(await finalizeTransitionUnits(executionArn, mapRuns));
}

/**
 * The chunks must have begun at their exact first records (settle-chunks.ts). Misplaced ones are written to the
 * re-score manifest and ChunksMisplacedError sends the workflow to score them again; after that, any chunk still
 * misplaced is a bug, and the job fails with that reason.
 */
async function checkChunksSettled(job: JobRef, plan: PlanOutput, chunkResults: ChunkResults): Promise<void> {
  const size = plan.sourceSize ?? job.size;
  const ranges = nominalRanges(size, plan.chunkBytes);
  if (ranges.length !== plan.chunks) throw new AccountingError(`the plan lists ${plan.chunks} chunks, its cuts make ${ranges.length}`);
  const found = misplacedChunks(ranges, chunkResults.results, size, config().maxRecordBytes);
  // A gzip job's chunks cut its inflated copy: a re-scored chunk must know that object's size, as in Plan's manifest.
  const misplaced = size === job.size ? found : found.map((chunk) => ({ ...chunk, size }));
  if (misplaced.length === 0) return;
  const which = `${misplaced.length} of ${ranges.length} chunks (first: chunk ${misplaced[0].index})`;
  if (chunkResults.rescored) throw new AccountingError(`${which} still began off their exact first records after re-scoring`);
  await putJson(plan.bucket, plan.rescoreKey, misplaced, 0);
  throw new ChunksMisplacedError(`${which} began inside a quoted field; scoring them again from their exact first records`);
}

/**
 * Undefined when errors.csv is streamed here, as one group (chooseErrorsAssembly). With more rejected rows than one
 * group, the groups go to the error groups' manifest and ErrorsNeedGroupsError sends the workflow to renumber them
 * in parallel; Finalize then assembles errors.csv from the groups' objects.
 */
async function groupErrorsIfMany(plan: PlanOutput, results: ChunkResult[]): Promise<undefined> {
  const choice = chooseErrorsAssembly(errorChunksOf(results), { targetBytes: config().errorsGroupBytes });
  if (choice.kind === 'stream') return undefined;
  await putJson(plan.bucket, plan.errorGroupsKey, choice.groups, 0);
  throw new ErrorsNeedGroupsError(`${choice.groups.length} groups of rejected rows are renumbered in parallel`);
}
