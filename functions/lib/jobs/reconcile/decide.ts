/** What reconcile-jobs does with each unfinished job and each listed input object, as pure decisions. */
import type { WorkflowState } from '../lifecycle/workflow-execution.ts';
import type { ExecutionEnded } from '../../safety-net/events.ts';
import type { OwnerState } from '../newest-wins.ts';

export type UnfinishedJobAction =
  | { kind: 'leave'; why: string }
  /** Back to PENDING, then the ingest starts the workflow again under the same deterministic name. */
  | { kind: 'redrive' }
  /** End the job as the execution status change would have (on-execution-ended). */
  | { kind: 'end'; ended: ExecutionEnded };

/**
 * A PENDING or RUNNING job whose workflow is running is left to it. One whose execution does not exist (never
 * started, or lost: the local stack keeps executions in memory) is re-driven. One whose execution closed without
 * SUCCEEDED while the job never ended lost its status-change event (EventBridge delivers it best-effort).
 */
export function decideUnfinishedJob(workflow: WorkflowState): UnfinishedJobAction {
  switch (workflow.kind) {
    case 'running':
      return { kind: 'leave', why: 'its workflow is running' };
    case 'missing':
      return { kind: 'redrive' };
    case 'ended':
      return { kind: 'end', ended: workflow.ended };
    // Finalize records the job's end before its execution can succeed: nothing the execution says would change it.
    case 'succeeded':
      return { kind: 'leave', why: 'its execution succeeded; Finalize ended the job' };
  }
}

export type ListedObjectAction = { kind: 'leave'; why: string } | { kind: 'ingest' };

/**
 * An input object the trigger selects and no job record names lost its event: it is ingested. A listing carries no
 * S3 event sequencer, so such an object cannot be ordered against another job recorded as the newest of its outputs
 * (it would lose to it: newest-wins.ts): that one is left to its own event and the log line says so.
 */
export function decideListedObject(jobId: string, recorded: boolean, owner: OwnerState | undefined): ListedObjectAction {
  if (recorded) return { kind: 'leave', why: 'it has a job' };
  if (owner && owner.jobId !== jobId) return { kind: 'leave', why: `job ${owner.jobId} is recorded as the newest of its outputs` };
  return { kind: 'ingest' };
}
