import type { Context } from 'aws-lambda';
import { withProbe } from './lib/probes/with-probe.ts';
import { countFinalized } from './lib/metrics/index.ts';
import { orderResults } from './lib/batch/aggregate-results.ts';
import { parseChunkRefs, parseChunkResults, parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { finalizeJob } from './lib/jobs/lifecycle/finalize-job.ts';
import type { FinalizeResult } from './lib/jobs/lifecycle/finalize-job.ts';

/**
 * Workflow task `{task:'finalize', job, chunks, exactCuts, results}`: ends the job SUCCEEDED, outputs first and
 * summary.json last (lib/jobs/lifecycle/finalize-job.ts). Presumed chunk cuts that split a record throw
 * ChunkCutInsideRecordError, and the workflow re-plans exactly.
 */
export async function handler(event: unknown, context?: Context): Promise<FinalizeResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  const results = orderResults(parseChunkResults(payloadField(event, 'results')));
  const chunks = parseChunkRefs(payloadField(event, 'chunks'));
  const exactCuts = payloadField(event, 'exactCuts') === true;
  const result = await withProbe(
    { runId: job.jobId, step: 'finalize' },
    () => finalizeJob(job, { chunks, exact: exactCuts }, results, context),
    (r) => ({ rows: r.rowsIn }),
  );
  countFinalized(result);
  return result;
}
