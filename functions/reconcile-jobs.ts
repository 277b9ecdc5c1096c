import type { Context } from 'aws-lambda';
import { reconcileJobs } from './lib/jobs/reconcile/reconcile-jobs.ts';
import type { ReconcileReport } from './lib/jobs/reconcile/reconcile-jobs.ts';

/**
 * EventBridge "Scheduled Event" of the `ReconcileJobs` rule (infra/constructs/JobSafetyNet.ts): re-drives unfinished
 * jobs whose workflow is gone and input objects that never got a job (lib/jobs/reconcile/reconcile-jobs.ts).
 */
export async function handler(_event: unknown, context?: Context): Promise<ReconcileReport> {
  return reconcileJobs(context);
}
