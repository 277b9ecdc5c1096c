import type { Context } from 'aws-lambda';
import { withProbe } from './lib/probes/with-probe.ts';
import { countFinalized } from './lib/metrics/index.ts';
import { orderResults, replaceResults } from './lib/batch/aggregate-results.ts';
import { parseChunkResult, parseJobRef, parsePlanOutput, parseResultWriterDetails, payloadField } from './lib/batch/parse-task.ts';
import { billTo } from './lib/billing/invocation-units.ts';
import type { MapRunBill } from './lib/billing/map-run-units.ts';
import { finalizeJob } from './lib/jobs/lifecycle/finalize-job.ts';
import type { ChunkResults, FinalizeResult } from './lib/jobs/lifecycle/finalize-job.ts';
import type { ChunkResult } from './lib/jobs/types.ts';
import { readMapRunOutputs } from './lib/s3/map-run-results.ts';
import { parseRenumberedGroups } from './lib/batch/parse-error-group.ts';

/**
 * Workflow task `{task:'finalize', job, plan, results, rescored, errorGroups}` (`results`, `rescored` and
 * `errorGroups`: the Map states' ResultWriter details, the last two null until those Maps ran): ends the job
 * SUCCEEDED, outputs first and summary.json last (lib/jobs/lifecycle/finalize-job.ts). Chunks that speculated their
 * first record wrong throw ChunksMisplacedError after their exact starts were written to the re-score manifest, and
 * the workflow scores them again; too many rejected rows throw ErrorsNeedGroupsError after the error groups were
 * written to their manifest, and the workflow renumbers them in parallel.
 */
export async function handler(event: unknown, context?: Context): Promise<FinalizeResult> {
  const job = parseJobRef(payloadField(event, 'job'));
  billTo(job.jobId);
  const plan = parsePlanOutput(payloadField(event, 'plan'));
  const gather = async () => {
    const chunkResults = await gatherResults(payloadField(event, 'results'), payloadField(event, 'rescored'));
    return withErrorGroups(chunkResults, payloadField(event, 'errorGroups'));
  };
  const result = await withProbe(
    { runId: job.jobId, step: 'finalize' },
    async () => finalizeJob(job, plan, await gather(), context),
    (r) => ({ rows: r.rowsIn }),
  );
  countFinalized(result);
  return result;
}

async function gatherResults(resultsMap: unknown, rescoredMap: unknown): Promise<ChunkResults> {
  const first = await readChunkResults(resultsMap);
  if (rescoredMap === undefined || rescoredMap === null) {
    return {
      results: orderResults(first.results),
      rescored: false,
      resultFolders: [first.folder],
      mapRuns: [first.bill],
    };
  }
  const again = await readChunkResults(rescoredMap);
  return {
    results: replaceResults(orderResults(first.results), again.results),
    rescored: true,
    resultFolders: [first.folder, again.folder],
    mapRuns: [first.bill, again.bill],
  };
}

/** The renumbered error groups, when the error groups' Map ran. */
async function withErrorGroups(chunkResults: ChunkResults, groupsMap: unknown): Promise<ChunkResults> {
  if (groupsMap === undefined || groupsMap === null) return chunkResults;
  const { outputs, folder, bill } = await readMapRunOutputs(parseResultWriterDetails(groupsMap));
  return {
    ...chunkResults,
    errorGroups: parseRenumberedGroups(outputs),
    resultFolders: [...chunkResults.resultFolders, folder],
    mapRuns: [...(chunkResults.mapRuns ?? []), bill],
  };
}

async function readChunkResults(mapOutput: unknown): Promise<{ results: ChunkResult[]; folder: string; bill: MapRunBill }> {
  const { outputs, folder, bill } = await readMapRunOutputs(parseResultWriterDetails(mapOutput));
  return { results: outputs.map((output, i) => parseChunkResult(output, `map result ${i}`)), folder, bill };
}
