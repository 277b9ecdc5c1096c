import type { Context, S3EventRecord } from 'aws-lambda';
import { countJob } from './lib/metrics/index.ts';
import { startsJob } from './lib/jobs/input-format.ts';
import { ingestFailedReason, parseInvocationFailure } from './lib/safety-net/events.ts';
import { failIngestedObject } from './lib/jobs/lifecycle/ingest-failed.ts';
import type { IngestFailedOutcome } from './lib/jobs/lifecycle/ingest-failed.ts';

export type { IngestFailedOutcome };

/**
 * Lambda's failure record of an S3 notification whose ingest failed on every attempt (the function's asynchronous
 * invoke config sends it to EventBridge; the rule in infra/constructs/JobSafetyNet.ts brings it here). Without this,
 * the event is dropped and its job stays PENDING, or never exists, with no summary. Each object's job is ended
 * FAILED the same way as any other (lib/jobs/lifecycle/fail-job.ts) — unless its workflow did start (then the workflow, or
 * the execution status change, ends it) or it already ended (lib/jobs/lifecycle/ingest-failed.ts).
 */
export async function handler(event: unknown, context?: Context): Promise<IngestFailedOutcome[]> {
  const failure = parseInvocationFailure(event);
  const records = ((failure.requestPayload as { Records?: S3EventRecord[] } | undefined)?.Records ?? []).filter(
    (record) => record.eventName?.startsWith('ObjectCreated:') && startsJob(record.s3.object.key),
  );
  const reason = ingestFailedReason(failure);
  const outcomes: IngestFailedOutcome[] = [];
  for (const record of records) {
    const outcome = await failIngestedObject(record, reason, context);
    if (outcome.status === 'FAILED' || outcome.status === 'SUPERSEDED') countJob(outcome.status === 'FAILED' ? 'failed' : 'superseded');
    outcomes.push(outcome);
  }
  return outcomes;
}
