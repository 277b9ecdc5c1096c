export { JobRecovery } from './JobRecovery.ts';
export { RecoveryError } from './errors.ts';
export { resetToPending, unfinishedJobs, workflowAlive } from './interrupted-jobs.ts';
export { objectsWithoutJob } from './lost-events.ts';
export type { JobRow, RecoveryOptions, RecoveryReport } from './types.ts';
