/**
 * "The newest version of a key wins": the ordering and write-lease rule for a key's outputs, as pure decisions.
 *
 * S3 delivers events at least once and in no particular order, so two jobs for one key (a re-upload while the first
 * is still scoring) can finish in either order. Each set of output keys has one owner record (`OutputOwners`) naming
 * the newest job seen for it, by the S3 event's `sequencer`, and which job holds the short write lease on the
 * outputs. Ingest claims the record (an older event ends at once, superseded); a job writes its final outputs only
 * while holding the lease, which it gets only while it is the newest. A newer job that finds an older one mid-write
 * waits for the lease instead of interleaving with it; an older one that finds a newer one recorded is superseded.
 */

/** A job as the ordering sees it: its id and its S3 event's sequencer ('' when the sender gave none). */
export interface Contender {
  jobId: string;
  sequencer: string;
}

/** The owner record of one set of output keys, as read. */
export interface OwnerState extends Contender {
  /** The job allowed to write the outputs now, until `leaseUntilMs` (epoch ms). */
  leaseHolder?: string;
  leaseUntilMs?: number;
  /** Bumped by every write: the conditional write of a decision requires the state it was made on. */
  revision: number;
}

/**
 * Longer than any Lambda invocation can run (900 s is Lambda's maximum timeout) plus a margin for requests the
 * holder sent just before it was stopped: a holder that died mid-write can no longer be writing once this expires.
 */
export const LEASE_MS = 960_000;

/**
 * Orders two sequencers of the same key as AWS documents: left-pad the shorter with zeros, then compare
 * lexicographically. Hex digits are compared case-insensitively (S3 sends upper case).
 */
export function compareSequencers(a: string, b: string): -1 | 0 | 1 {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, '0');
  const right = b.toUpperCase().padStart(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

export type ClaimDecision =
  | { kind: 'claim' }
  /** The recorded newest job is this job (a redelivered event): nothing to write. */
  | { kind: 'same' }
  | { kind: 'superseded'; by: Contender };

/**
 * At ingest: does this event's job become the newest for its outputs? S3 never gives two versions of one key the
 * same sequencer, so an equal value only comes from a sender that gave no order (none, or a copied one): the later
 * arrival wins then, as it would without this rule.
 */
export function decideClaim(state: OwnerState | undefined, incoming: Contender): ClaimDecision {
  if (!state) return { kind: 'claim' };
  if (state.jobId === incoming.jobId) return { kind: 'same' };
  if (compareSequencers(incoming.sequencer, state.sequencer) < 0) return { kind: 'superseded', by: contender(state) };
  return { kind: 'claim' };
}

export type LeaseDecision =
  | { kind: 'acquire' }
  /** An older job is writing the outputs: try again after `untilMs` at the latest. */
  | { kind: 'wait'; holder: string; untilMs: number }
  /** A newer job is recorded. `holding`: this job still holds an unexpired lease (it may clean its own writes). */
  | { kind: 'superseded'; by: Contender; holding: boolean };

/**
 * Before writing final outputs: the lease is granted to the newest recorded job when nobody else holds an unexpired
 * one (re-entrant: a retried or failing job takes its own lease again). No record means none was claimed for this
 * job (it predates the record, or the record was lost): it may claim and write. A recorded job that is older than
 * this one can only be there if this job never claimed: this job takes over.
 */
export function decideLease(state: OwnerState | undefined, job: Contender, nowMs: number): LeaseDecision {
  if (!state) return { kind: 'acquire' };
  const holding = state.leaseHolder === job.jobId && (state.leaseUntilMs ?? 0) > nowMs;
  if (state.jobId !== job.jobId && compareSequencers(state.sequencer, job.sequencer) >= 0) {
    return { kind: 'superseded', by: contender(state), holding };
  }
  const heldByOther = state.leaseHolder !== undefined && state.leaseHolder !== job.jobId && (state.leaseUntilMs ?? 0) > nowMs;
  if (heldByOther) return { kind: 'wait', holder: state.leaseHolder!, untilMs: state.leaseUntilMs! };
  return { kind: 'acquire' };
}

/** The reason a superseded job's record carries. */
export function supersededReason(key: string, by: Contender): string {
  const order = by.sequencer ? ` (S3 event sequencer ${by.sequencer})` : '';
  return `superseded by a newer upload of ${key}: job ${by.jobId}${order} owns the outputs`;
}

function contender(state: OwnerState): Contender {
  return { jobId: state.jobId, sequencer: state.sequencer };
}
