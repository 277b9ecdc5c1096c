import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { parseJobRef, payloadField } from './lib/batch/parse-task.ts';
import { billTo } from './lib/billing/invocation-units.ts';
import { parseErrorGroup } from './lib/batch/parse-error-group.ts';
import { renumberErrorGroup } from './lib/batch/renumber-error-group.ts';
import type { RenumberedGroup } from './lib/batch/error-groups.ts';

/**
 * Workflow task `{task:'renumber-errors', job, group}` → `{index, key, bytes}`. Renumbers one group of consecutive
 * chunks' error rows (planErrorGroups) into one temp object with a deterministic key, so a retry overwrites it;
 * errors.csv is then the groups' objects assembled in index order, without one invocation re-reading every chunk.
 */
export async function handler(event: unknown): Promise<RenumberedGroup> {
  const job = parseJobRef(payloadField(event, 'job'));
  billTo(job.jobId);
  const group = parseErrorGroup(payloadField(event, 'group'), job.jobId);
  const result = await withProbe(
    { runId: job.jobId, step: 'renumber-errors', chunk: group.index },
    () => renumberErrorGroup(config().outputBucket, job.jobId, group),
    (r) => ({ bytes: r.bytes }),
  );
  logger.info('error group renumbered', { jobId: job.jobId, group: group.index, chunks: group.chunks.length, bytes: result.bytes });
  return result;
}
