import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAwsError } from '../aws/errors.ts';
import { OutputKeyBusyError } from './errors.ts';
import { LEASE_MS, decideClaim, decideLease } from './newest-wins.ts';
import type { ClaimDecision, Contender, LeaseDecision, OwnerState } from './newest-wins.ts';
import type { OutputKeys } from './types.ts';

/** Owner records share the Jobs table (its key attribute is `jobId`); the prefix keeps them out of job ids' shape. */
export const OWNER_ID_PREFIX = 'owner#';

/** Conflicting writers of one owner record are a handful of jobs of one key: a few rounds always settle them. */
const MAX_CONFLICTS = 20;

export interface LeaseWait {
  /** How long to wait in this invocation for an older job's lease before throwing OutputKeyBusyError. */
  maxWaitMs: number;
}

/**
 * The owner records of output keys (rule: `newest-wins.ts`). Each decision is made on a consistent read and written
 * with a condition on the record's revision, so two writers never both act on the same state (single-item
 * conditional writes only: dynalite has no transactions).
 */
export class OutputOwners {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #bucket: string;

  constructor(client: DynamoDBDocumentClient, table: string, outputBucket: string) {
    this.#client = client;
    this.#table = table;
    this.#bucket = outputBucket;
  }

  /** Records `job` as the newest for its outputs unless a newer one is recorded. */
  async claim(outputs: OutputKeys, job: Contender): Promise<ClaimDecision> {
    return this.#decideAndWrite(outputs, (state) => {
      const decision = decideClaim(state, job);
      return { decision, write: decision.kind === 'claim' ? { newest: job } : undefined };
    });
  }

  /**
   * Takes the write lease on `job`'s outputs, waiting up to `maxWaitMs` while an older job holds it; throws
   * OutputKeyBusyError (retried by the workflow) if it is still held. Returns `superseded` when a newer job is recorded.
   */
  async acquire(outputs: OutputKeys, job: Contender, wait: LeaseWait): Promise<Exclude<LeaseDecision, { kind: 'wait' }>> {
    const deadline = Date.now() + wait.maxWaitMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
      const decision = await this.#decideAndWrite<LeaseDecision>(outputs, (state) => {
        const now = Date.now();
        const lease = decideLease(state, job, now);
        if (lease.kind !== 'acquire') return { decision: lease };
        const takeOver = !state || state.jobId !== job.jobId;
        return { decision: lease, write: { ...(takeOver ? { newest: job } : {}), lease: { holder: job.jobId, untilMs: now + LEASE_MS } } };
      });
      if (decision.kind !== 'wait') return decision;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new OutputKeyBusyError(
          `outputs ${outputs.summary} are being written by older job ${decision.holder} (lease until ${new Date(decision.untilMs).toISOString()})`,
        );
      }
      await sleep(Math.min(pause, left, Math.max(0, decision.untilMs - Date.now())));
    }
  }

  /** Gives the lease up (after the summary is written); a lease that is not this job's is left alone. */
  async release(outputs: OutputKeys, jobId: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { jobId: this.ownerId(outputs) },
          UpdateExpression: 'REMOVE leaseHolder, leaseUntilMs SET revision = revision + :one',
          ConditionExpression: 'leaseHolder = :me',
          ExpressionAttributeValues: { ':me': jobId, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  async read(outputs: OutputKeys): Promise<OwnerState | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { jobId: this.ownerId(outputs) }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return undefined;
    return {
      jobId: String(item.newestJobId),
      sequencer: String(item.newestSequencer ?? ''),
      revision: Number(item.revision ?? 0),
      ...(typeof item.leaseHolder === 'string' ? { leaseHolder: item.leaseHolder, leaseUntilMs: Number(item.leaseUntilMs ?? 0) } : {}),
    };
  }

  /** One record per set of output keys (keys whose outputs coincide, like `a.csv` and `a.CSV`, share it). */
  ownerId(outputs: OutputKeys): string {
    return `${OWNER_ID_PREFIX}${this.#bucket}/${outputs.summary}`;
  }

  async #decideAndWrite<D>(
    outputs: OutputKeys,
    decide: (state: OwnerState | undefined) => { decision: D; write?: OwnerWrite },
  ): Promise<D> {
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const state = await this.read(outputs);
      const { decision, write } = decide(state);
      if (!write || (await this.#write(outputs, state, write))) return decision;
    }
    throw new Error(`owner record of ${outputs.summary} kept changing under ${MAX_CONFLICTS} attempts`);
  }

  /** Writes `change` if the record is still at `state`'s revision; false if another writer came first. */
  async #write(outputs: OutputKeys, state: OwnerState | undefined, change: OwnerWrite): Promise<boolean> {
    const values: Record<string, unknown> = { ':next': (state?.revision ?? 0) + 1 };
    const sets = ['revision = :next'];
    if (change.newest) {
      Object.assign(values, { ':job': change.newest.jobId, ':seq': change.newest.sequencer });
      sets.push('newestJobId = :job', 'newestSequencer = :seq');
    }
    if (change.lease) {
      Object.assign(values, { ':holder': change.lease.holder, ':until': change.lease.untilMs });
      sets.push('leaseHolder = :holder', 'leaseUntilMs = :until');
    }
    if (state) values[':revision'] = state.revision;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { jobId: this.ownerId(outputs) },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: state ? 'revision = :revision' : 'attribute_not_exists(jobId)',
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}

interface OwnerWrite {
  newest?: Contender;
  lease?: { holder: string; untilMs: number };
}
