import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildNotificationEvent, findMatchingRule, NotificationDispatcher, type ObjectCreated } from '../s3/index.ts';
import { RecoveryError } from './errors.ts';
import { resetToPending, unfinishedJobs, workflowAlive } from './interrupted-jobs.ts';
import { objectsWithoutJob } from './lost-events.ts';
import type { JobRow, RecoveryOptions, RecoveryReport } from './types.ts';

/**
 * Re-drives what a stopped (or killed) local stack left unfinished. Step Functions executions live in memory, so a
 * job that was PENDING or RUNNING when the stack went down has no workflow any more: its record is put back to
 * PENDING and its object's S3 event is sent again, so on-object-created starts the workflow again under the same
 * deterministic name (chunk temp objects are deterministic too, and scored.csv only ever appears whole). Objects
 * whose event was lost in flight (no job record at all) get their event again too. Only local code does this: on
 * AWS executions and S3 events are durable, and functions/ has no local-only path.
 */
export class JobRecovery {
  readonly #options: RecoveryOptions;
  readonly #dispatcher: NotificationDispatcher;
  readonly #log: (line: string) => void;

  constructor(options: RecoveryOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
    this.#dispatcher = new NotificationDispatcher({ target: options.target, log: this.#log });
  }

  /** Scans and re-sends; the re-sent events are delivered asynchronously (see `drain`). */
  async run(): Promise<RecoveryReport> {
    const common = { endpoint: this.#options.edgeUrl, region: this.#options.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const raw = new DynamoDBClient(common);
    const db = DynamoDBDocumentClient.from(raw);
    const s3 = new S3Client({ ...common, forcePathStyle: true });
    const sfn = new SFNClient(common);
    try {
      const redriven = await this.#redriveInterrupted(db, sfn);
      const lost = await objectsWithoutJob(s3, db, this.#options.jobsTable, this.#options.notifications);
      for (const object of lost) this.#resend(object, 'its event was lost');
      return { redriven, lostEvents: lost.map((o) => `${o.bucket}/${o.key}`) };
    } catch (error) {
      throw new RecoveryError(`restart recovery failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      raw.destroy();
      s3.destroy();
      sfn.destroy();
    }
  }

  /** Resolves when every re-sent event was delivered or given up on. */
  drain(): Promise<void> {
    return this.#dispatcher.drain();
  }

  async #redriveInterrupted(db: DynamoDBDocumentClient, sfn: SFNClient): Promise<string[]> {
    const redriven: string[] = [];
    for (const job of await unfinishedJobs(db, this.#options.jobsTable)) {
      if (await workflowAlive(sfn, job)) continue;
      if (!(await resetToPending(db, this.#options.jobsTable, job.jobId))) continue;
      this.#resend(objectOf(job), `job ${job.jobId} was ${job.status} when the stack stopped`);
      redriven.push(job.jobId);
    }
    return redriven;
  }

  #resend(object: ObjectCreated, why: string): void {
    const rule = findMatchingRule(this.#options.notifications, object.bucket, object.key, object.eventName);
    // An object no rule selects any more (the stack's filter changed) is not S3's to announce.
    if (!rule) return;
    this.#log(`[recovery] re-sending the event for s3://${object.bucket}/${object.key}: ${why}`);
    this.#dispatcher.dispatch(buildNotificationEvent(object, rule, this.#options.region ?? 'us-east-1'));
  }
}

function objectOf(job: JobRow): ObjectCreated {
  return { bucket: job.bucket, key: job.key, size: Number(job.size), eTag: job.etag, eventName: 'ObjectCreated:Put', sourceIp: '127.0.0.1' };
}
