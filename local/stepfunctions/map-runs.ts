import { randomUUID } from 'node:crypto';
import { SfnApiError } from './errors.ts';
import type { ExecutionStatus } from './types.ts';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
type ChildStatus = 'PENDING' | ExecutionStatus;

/** One child execution's place in its map run: how many items it carries and where it is. */
interface ChildSlot {
  items: number;
  status: ChildStatus;
}

export interface MapRun {
  mapRunArn: string;
  executionArn: string;
  /** The ItemProcessor's state machine (`stateMachine:<name>/<label>`). */
  stateMachineArn: string;
  stateName: string;
  status: MapRunStatus;
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  error?: string;
  cause?: string;
  children: ChildSlot[];
  resultsWritten: number;
  /** Set by `abortFor` (the parent execution stopped): the run stops its children. */
  abortRequested: boolean;
}

/** `arn:aws:states:<region>:<account>:mapRun:<stateMachineName>/<label>:<uuid>`. */
export function mapRunArnFor(stateMachineArn: string, label: string): string {
  const parts = stateMachineArn.split(':');
  return [...parts.slice(0, 5), 'mapRun', `${parts[6]}/${label}`, randomUUID()].join(':');
}

export type Counts = Record<
  'pending' | 'running' | 'succeeded' | 'failed' | 'timedOut' | 'aborted' | 'total' | 'resultsWritten',
  number
> & {
  failuresNotRedrivable: number;
  pendingRedrive: number;
};

const COUNTED: Record<ChildStatus, keyof Counts> = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut',
  ABORTED: 'aborted',
};

/** DescribeMapRun's counts: per item (`items`: a batch counts each item it carries) or per child execution. */
export function countsOf(run: MapRun, per: 'items' | 'executions'): Counts {
  const counts: Counts = {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    total: 0,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
  for (const child of run.children) {
    const weight = per === 'items' ? child.items : 1;
    counts[COUNTED[child.status]] += weight;
    counts.total += weight;
  }
  counts.resultsWritten = per === 'items' ? run.resultsWritten : run.resultsWritten === 0 ? 0 : run.children.length;
  return counts;
}

/** The map runs of every execution, in memory like the executions; the oldest closed ones dropped beyond `max`. */
export class MapRuns {
  readonly #runs = new Map<string, MapRun>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  add(run: MapRun): void {
    this.#runs.set(run.mapRunArn, run);
    for (const [arn, old] of this.#runs) {
      if (this.#runs.size <= this.#max) break;
      if (old.status !== 'RUNNING') this.#runs.delete(arn);
    }
  }

  get(mapRunArn: string): MapRun {
    const run = this.#runs.get(mapRunArn);
    if (!run) throw new SfnApiError('ResourceNotFound', `Map Run Does Not Exist: '${mapRunArn}'`);
    return run;
  }

  /** In start order (the history adds their events in that order). */
  list(executionArn: string): MapRun[] {
    return [...this.#runs.values()].filter((run) => run.executionArn === executionArn);
  }

  /** Marks the execution's running map runs as aborted (they start no more children) and returns them. */
  abortFor(executionArn: string): MapRun[] {
    const running = this.list(executionArn).filter((run) => run.status === 'RUNNING');
    for (const run of running) run.abortRequested = true;
    return running;
  }
}
