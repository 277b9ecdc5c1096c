import type { Context, S3Event, S3EventRecord } from 'aws-lambda';
import { logger } from './lib/logger.ts';
import type { JobRecord } from './lib/jobs/types.ts';
import { withProbe } from './lib/probes/with-probe.ts';
import { completeObject, newJobRecord, notifiedObject } from './lib/batch/ingest-record.ts';
import type { NotifiedObject } from './lib/batch/ingest-record.ts';
import { countJob } from './lib/metrics/index.ts';
import { startsJob } from './lib/jobs/input-format.ts';
import { ingestJob } from './lib/jobs/lifecycle/ingest-job.ts';
import type { IngestOutcome } from './lib/jobs/lifecycle/ingest-job.ts';

export type { IngestOutcome };

/**
 * S3 ObjectCreated → one batch job per object version (see docs/architecture.md, batch flow step 1). The bucket
 * notifies every upload; only keys with an accepted suffix (lib/jobs/input-format.ts) start a job, others are skipped.
 */
export async function handler(event: S3Event, context?: Context): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const record of event.Records ?? []) {
    // Only creations start jobs (a bucket may be configured to send other event types too).
    if (!record.eventName?.startsWith('ObjectCreated:')) continue;
    if (!startsJob(record.s3.object.key)) {
      logger.info('object ignored: not an accepted input suffix', { bucket: record.s3.bucket.name, rawKey: record.s3.object.key });
      continue;
    }
    outcomes.push(await ingest(record, context));
    countJob(outcomes[outcomes.length - 1].outcome);
  }
  return outcomes;
}

async function ingest(record: S3EventRecord, context: Context | undefined): Promise<IngestOutcome> {
  let object: NotifiedObject;
  let job: JobRecord;
  try {
    object = await completeObject(notifiedObject(record));
    job = newJobRecord(object, new Date());
  } catch (error) {
    // No safe output location (undecodable or unmirrorable key): nothing to write but the log line.
    const reason = error instanceof Error ? error.message : String(error);
    logger.error('object refused', { bucket: record.s3.bucket.name, rawKey: record.s3.object.key, reason });
    return { key: record.s3.object.key, outcome: 'failed', reason };
  }
  return withProbe(
    { runId: job.jobId, step: 'ingest' },
    () => ingestJob(job, context),
    (outcome) => ({
      bytes: job.size,
      step: outcome.outcome === 'duplicate' ? 'ingest-duplicate' : 'ingest',
      ...(outcome.outcome === 'started' ? { endMs: outcome.startedAtMs } : {}),
    }),
  );
}
