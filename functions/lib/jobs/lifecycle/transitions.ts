/**
 * Every state change of a job record, as pure data: what it writes and which records it may touch. The DynamoDB
 * adapter (`JobStore.ts`) applies them as single-item conditional updates (dynalite has no transactions).
 *
 *   PENDING → RUNNING → SUCCEEDED | FAILED | SUPERSEDED, and PENDING | RUNNING → PENDING to re-drive a job whose
 *   workflow is gone (reconcile-jobs.ts). While it runs, progress updates (`planned`, `chunkCounted`) leave the
 *   status alone.
 */
import type { RecordUnits } from '../../billing/job-units.ts';
import type { JobCounts, JobModelPin, JobStatus } from '../types.ts';

/** Which records a status update may touch. */
export type UpdateGuard = 'not-finished' | 'exists';

export const TERMINAL_STATUSES: readonly JobStatus[] = ['SUCCEEDED', 'FAILED', 'SUPERSEDED'];

export function isTerminal(status: JobStatus | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.includes(status);
}

/**
 * One state change: the fields it sets (undefined ones are left out), the ones it removes, the numbers (and number
 * sets) it adds to atomically, and its guard; `unlessIn` also refuses it when the value is already in that set.
 */
export interface Transition {
  set: Record<string, unknown> & { status?: JobStatus };
  remove?: string[];
  add?: Record<string, number | Set<number>>;
  unlessIn?: { set: string; value: number };
  guard: UpdateGuard;
}

/** What one finished chunk adds to its job's progress (`ChunkRef` and `ChunkResult` fields). */
export interface ChunkProgress {
  index: number;
  rowsScored: number;
  rowsRejected: number;
  /** The chunk's nominal range: the ranges tile the object, so their sum reaches its size. */
  bytes: number;
}

/** The job record's set of the chunk indexes already counted in its progress. */
export const COUNTED_CHUNKS_FIELD = 'chunksCounted';

/**
 * PENDING → RUNNING with the execution ARN and the stored model the job is pinned to (none: the baked-in model), and
 * its shadow model if it has one; a job already finished (fast workflow) is left alone.
 */
export function toRunning(executionArn: string, at: Date, model?: JobModelPin, shadow?: JobModelPin): Transition {
  return {
    set: { status: 'RUNNING', executionArn, startedAt: at.toISOString(), updatedAt: at.toISOString(), model, shadow },
    guard: 'not-finished',
  };
}

/** Refused when the job had already ended (SUCCEEDED by an earlier attempt, or FAILED/SUPERSEDED by someone else). */
export function toSucceeded(counts: JobCounts, at: Date): Transition {
  return { set: { status: 'SUCCEEDED', ...counts, finishedAt: at.toISOString(), updatedAt: at.toISOString() }, guard: 'not-finished' };
}

/**
 * FAILED is final and, with `exists`, overrides even SUCCEEDED: the workflow's Catch is authoritative (finalize
 * recorded SUCCEEDED but could not write the summary; mark-failed then removes the outputs and the job did fail).
 * Failures reported after the fact pass `not-finished` and leave an ended job alone.
 */
export function toFailed(reason: string, counts: Partial<JobCounts> | undefined, at: Date, guard: UpdateGuard = 'exists'): Transition {
  return { set: { status: 'FAILED', reason, ...counts, finishedAt: at.toISOString(), updatedAt: at.toISOString() }, guard };
}

/**
 * A newer upload owns the outputs. Normally only an unfinished job becomes SUPERSEDED; MarkFailed passes `exists`
 * because, like FAILED, its word is final (finalize may have recorded SUCCEEDED before failing).
 */
export function toSuperseded(reason: string, at: Date, guard: UpdateGuard = 'not-finished'): Transition {
  return { set: { status: 'SUPERSEDED', reason, finishedAt: at.toISOString(), updatedAt: at.toISOString() }, guard };
}

/**
 * An unfinished job whose workflow is gone goes back to PENDING without an execution: exactly the state the ingest
 * re-drives (it starts the workflow under the same deterministic name). `recoveredAt` records when.
 */
export function backToPending(at: Date): Transition {
  return {
    set: { status: 'PENDING', updatedAt: at.toISOString(), recoveredAt: at.toISOString() },
    remove: ['executionArn', 'startedAt'],
    guard: 'not-finished',
  };
}

/** Plan cut the object into `chunksTotal` chunks: the total the progress counts towards (a re-planned job sets it again). */
export function planned(chunksTotal: number, at: Date): Transition {
  return { set: { chunksTotal, updatedAt: at.toISOString() }, guard: 'not-finished' };
}

/**
 * A chunk finished: its counts are added in the same single-item write that records its index, refused when the
 * index is already there. So a chunk scored twice (a retry after its first attempt's progress write, the re-score
 * of a misplaced chunk) counts once, and an ended job's progress no longer moves. `units`: the invocation's billable
 * units, carried by this write when it is the invocation's last request (a refused write carries none: the invocation
 * then records them itself).
 */
export function chunkCounted(chunk: ChunkProgress, at: Date, units: RecordUnits = {}): Transition {
  return {
    set: { updatedAt: at.toISOString() },
    add: {
      ...(units as Record<string, number>),
      chunksDone: 1,
      bytesDone: chunk.bytes,
      rowsScoredSoFar: chunk.rowsScored,
      rowsRejectedSoFar: chunk.rowsRejected,
      [COUNTED_CHUNKS_FIELD]: new Set([chunk.index]),
    },
    unlessIn: { set: COUNTED_CHUNKS_FIELD, value: chunk.index },
    guard: 'not-finished',
  };
}

/**
 * An invocation that worked for the job adds its billable units (billing/invocation-units.ts), whatever the job's
 * state: Finalize's last requests come after SUCCEEDED, and every invocation is billed, a retried one too. No set
 * guards it: a retried invocation's units are new units.
 */
export function unitsAdded(units: RecordUnits): Transition {
  return { set: {}, add: { ...units } as Record<string, number>, guard: 'exists' };
}

export interface ConditionalUpdate {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** The DynamoDB update of a transition. */
export function transitionUpdate(transition: Transition): ConditionalUpdate {
  const update = buildStatusUpdate(transition.set, transition.guard, transition.remove);
  const { add, unlessIn } = transition;
  if (add !== undefined) {
    const additions = Object.entries(add).map(([field, value], i) => {
      update.ExpressionAttributeNames[`#a${i}`] = field;
      update.ExpressionAttributeValues[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
    update.UpdateExpression = `${update.UpdateExpression} ADD ${additions.join(', ')}`.trim();
  }
  if (unlessIn !== undefined) {
    update.ExpressionAttributeNames['#in'] = unlessIn.set;
    update.ExpressionAttributeValues[':in'] = unlessIn.value;
    update.ConditionExpression += ' AND NOT contains(#in, :in)';
  }
  return update;
}

/**
 * A single-item conditional update. `not-finished` protects terminal states from late writers (a slow ingest
 * marking RUNNING after the workflow already finished); `exists` only refuses to create a record by accident.
 * Undefined fields are left out.
 */
export function buildStatusUpdate(set: Record<string, unknown>, guard: UpdateGuard, remove: string[] = []): ConditionalUpdate {
  const names: Record<string, string> = { '#jobId': 'jobId' };
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
  const removals = remove.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  let condition = 'attribute_exists(#jobId)';
  if (guard === 'not-finished') {
    names['#status'] = 'status';
    values[':succeeded'] = 'SUCCEEDED';
    values[':failed'] = 'FAILED';
    values[':superseded'] = 'SUPERSEDED';
    condition += ' AND #status <> :succeeded AND #status <> :failed AND #status <> :superseded';
  }
  return {
    UpdateExpression: [
      assignments.length > 0 ? `SET ${assignments.join(', ')}` : '',
      removals.length > 0 ? `REMOVE ${removals.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' '),
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
