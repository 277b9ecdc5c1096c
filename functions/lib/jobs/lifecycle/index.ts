export {
  TERMINAL_STATUSES,
  isTerminal,
  toRunning,
  toSucceeded,
  toFailed,
  toSuperseded,
  backToPending,
  planned,
  chunkCounted,
  unitsAdded,
  COUNTED_CHUNKS_FIELD,
  transitionUpdate,
  buildStatusUpdate,
} from './transitions.ts';
export type { Transition, UpdateGuard, ConditionalUpdate, ChunkProgress } from './transitions.ts';
export { recordPlanned, recordChunkDone } from './job-progress.ts';
export { billedInvocation } from './invocation-billing.ts';
export { JobStore, jobStore } from './JobStore.ts';
export type { CreateOutcome } from './JobStore.ts';
export { claimOutputs, takeOutputs, yieldOutputs } from './output-lease.ts';
export type { OutputLease, OutputWriter, RemainingTime } from './output-lease.ts';
export { ingestJob } from './ingest-job.ts';
export type { IngestOutcome } from './ingest-job.ts';
export { finalizeJob } from './finalize-job.ts';
export type { FinalizeResult } from './finalize-job.ts';
export { failJob } from './fail-job.ts';
export type { FailAuthority, FailJobInput, FailJobOutcome } from './fail-job.ts';
export { endJobOfExecution } from './execution-ended.ts';
export type { ExecutionEndedResult } from './execution-ended.ts';
export { failIngestedObject } from './ingest-failed.ts';
export type { IngestFailedOutcome } from './ingest-failed.ts';
export { describeWorkflow, executionArnOf, workflowState } from './workflow-execution.ts';
export type { WorkflowState } from './workflow-execution.ts';
