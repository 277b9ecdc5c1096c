import { dynamo } from '../../aws/clients.ts';
import { config } from '../../config.ts';
import { logger } from '../../logger.ts';
import { deleteOutputsWrittenBy } from '../../s3/object-owner.ts';
import { OutputOwners } from '../OutputOwners.ts';
import { decideLease, supersededReason } from '../newest-wins.ts';
import type { ClaimDecision, Contender } from '../newest-wins.ts';
import type { JobObject, OutputKeys } from '../types.ts';
import { jobStore } from './JobStore.ts';
import { toSuperseded } from './transitions.ts';
import type { UpdateGuard } from './transitions.ts';

/** The job whose outputs are about to be written. */
export type OutputWriter = JobObject & { outputKeys: OutputKeys };

export type OutputLease = { kind: 'held'; release(): Promise<void> } | { kind: 'superseded'; reason: string };

/** The part of the Lambda context that says how long this invocation may still run. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** Waiting in the invocation is for an older job finishing its writes (seconds); longer holds are the workflow's Retry's. */
const MAX_WAIT_IN_INVOCATION_MS = 30_000;

/** At ingest: records the job as the newest of its outputs unless a newer one is recorded (then: `yieldOutputs`). */
export function claimOutputs(job: OutputWriter): Promise<ClaimDecision> {
  return outputOwners().claim(job.outputKeys, contender(job));
}

/**
 * Every final write of a job's outputs (scored, errors, summary — or their deletion) happens under this lease (rule:
 * `../newest-wins.ts`). When a newer upload of the key is recorded, the job ends here as SUPERSEDED instead: it
 * writes nothing, and removes only the outputs it wrote itself while it still holds the lease (so nobody else can be
 * writing them). `supersededGuard` is the job record's update guard for that case.
 */
export async function takeOutputs(
  job: OutputWriter,
  context: RemainingTime | undefined,
  supersededGuard: UpdateGuard = 'not-finished',
): Promise<OutputLease> {
  const owners = outputOwners();
  const lease = await owners.acquire(job.outputKeys, contender(job), { maxWaitMs: waitBudget(context) });
  if (lease.kind === 'acquire') return { kind: 'held', release: () => owners.release(job.outputKeys, job.jobId) };
  return { kind: 'superseded', reason: await supersede(owners, job, lease.by, lease.holding, supersededGuard) };
}

/**
 * Ends a job whose event ingest found older than the recorded newest. A job re-driven after it died holding the
 * lease (reconcile-jobs.ts re-drives it after its workflow was lost) gives the lease up here, so the newer job does not
 * wait for it to expire. Only this job can hold its own lease, so reading it needs no conditional write.
 */
export async function yieldOutputs(job: OutputWriter, newer: Contender): Promise<string> {
  const owners = outputOwners();
  const decision = decideLease(await owners.read(job.outputKeys), contender(job), Date.now());
  const holding = decision.kind === 'superseded' && decision.holding;
  return supersede(owners, job, decision.kind === 'superseded' ? decision.by : newer, holding, 'not-finished');
}

/** SUPERSEDED with the newer job in the reason; outputs this job wrote are removed only while it holds the lease. */
async function supersede(owners: OutputOwners, job: OutputWriter, newer: Contender, holding: boolean, guard: UpdateGuard): Promise<string> {
  const reason = supersededReason(job.key, newer);
  if (holding) {
    const bucket = config().outputBucket;
    await deleteOutputsWrittenBy(bucket, job.outputKeys, job.jobId);
    await owners.release(job.outputKeys, job.jobId);
  }
  await jobStore().apply(job.jobId, toSuperseded(reason, new Date(), guard));
  logger.info('job state', { jobId: job.jobId, status: 'SUPERSEDED', reason });
  return reason;
}

function outputOwners(): OutputOwners {
  return new OutputOwners(dynamo(), config().jobsTable, config().outputBucket);
}

function contender(job: OutputWriter): Contender {
  return { jobId: job.jobId, sequencer: job.sequencer ?? '' };
}

/** Half of what is left of the invocation, at most MAX_WAIT_IN_INVOCATION_MS: the rest is for the writes themselves. */
function waitBudget(context: RemainingTime | undefined): number {
  const remaining = context?.getRemainingTimeInMillis() ?? MAX_WAIT_IN_INVOCATION_MS * 2;
  return Math.max(0, Math.min(MAX_WAIT_IN_INVOCATION_MS, remaining / 2));
}
