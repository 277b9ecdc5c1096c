import { invocationUnitsSoFar } from './invocation-units.ts';
import { BILLING_NOTE, addRecordUnits, jobBilling } from './job-units.ts';
import type { JobBilling, RecordUnits } from './job-units.ts';

export const SUMMARY_BILLING_NOTE = `${BILLING_NOTE} As of the summary: its own PUT is counted; the writer's requests after it (its probe record, releasing the outputs' lease, recording its units) are not — GET /jobs/{id} has them.`;

/**
 * summary.json's `billing`: the units the job's earlier invocations recorded (`record`, read in this invocation,
 * before it records its own) plus this invocation's so far and the summary's PUT about to be sent.
 */
export function summaryBilling(record: RecordUnits | undefined): JobBilling {
  return jobBilling(addRecordUnits(record ?? {}, invocationUnitsSoFar({ unitsS3PutCopyPostList: 1 })), SUMMARY_BILLING_NOTE);
}
