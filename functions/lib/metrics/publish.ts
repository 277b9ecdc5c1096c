import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from '../config.ts';
import { METRIC } from './names.ts';
import type { MetricName } from './names.ts';

/**
 * The image's metrics as CloudWatch embedded metric format (EMF) lines on stdout: CloudWatch Logs turns them into
 * metrics, with no API call on the request path. Namespace and service come from the environment the stack sets
 * (config: POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME), names.ts being the default. Each call publishes at
 * once: a handler that throws later, or a frozen sandbox, cannot lose what was already counted.
 */
let metrics: Metrics | undefined;

function sink(): Metrics {
  metrics ??= new Metrics({ namespace: config().metricsNamespace, serviceName: config().serviceName });
  return metrics;
}

function publish(values: ReadonlyArray<readonly [MetricName, (typeof MetricUnit)[keyof typeof MetricUnit], number]>): void {
  const m = sink();
  for (const [name, unit, value] of values) m.addMetric(name, unit, value);
  m.publishStoredMetrics();
}

/** How a job ended (or began) at one handler; `duplicate` (an event delivered again) counts nothing. */
export type JobEvent = 'started' | 'succeeded' | 'failed' | 'superseded' | 'duplicate';

const JOB_METRIC: Record<JobEvent, MetricName | undefined> = {
  started: METRIC.JobsStarted,
  succeeded: METRIC.JobsSucceeded,
  failed: METRIC.JobsFailed,
  superseded: METRIC.JobsSuperseded,
  duplicate: undefined,
};

/** Ingest and mark-failed: one job started, failed or superseded. */
export function countJob(event: JobEvent): void {
  const name = JOB_METRIC[event];
  if (name) publish([[name, MetricUnit.Count, 1]]);
}

/** Finalize: the job's end and, when it wrote outputs, its row counts. */
export function countFinalized(result: { status: string; rowsScored: number; rowsRejected: number }): void {
  if (result.status !== 'SUCCEEDED') return countJob('superseded');
  publish([
    [METRIC.JobsSucceeded, MetricUnit.Count, 1],
    [METRIC.RowsScored, MetricUnit.Count, result.rowsScored],
    [METRIC.RowsRejected, MetricUnit.Count, result.rowsRejected],
  ]);
}

/** Runs `work` and publishes how long it took in ms under `name`, whether it resolved or threw. */
export async function timed<T>(name: MetricName, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    publish([[name, MetricUnit.Milliseconds, Math.round((performance.now() - started) * 10) / 10]]);
  }
}

/**
 * Per-request latencies (/predict) are gathered and published together: at once for a sandbox's first request, then
 * at most once a second or every 100 values (EMF's limit of values per metric). An EMF line per request cost the sync
 * path about 0.3 ms at c=1 and a quarter of its c=32 throughput locally (bench/sync-local.ts). A sandbox reclaimed
 * between two publishes loses at most one second of latencies; counts of jobs and rows are never batched.
 */
const BATCH_FLUSH_MS = 1000;
const BATCH_MAX_VALUES = 100;
let batch: { metrics: Metrics; values: number; publishedAt: number } | undefined;

/** `timed` for a request path: the duration joins the batch (see above). */
export async function timedInBatch<T>(name: MetricName, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    addToBatch(name, Math.round((performance.now() - started) * 10) / 10);
  }
}

function addToBatch(name: MetricName, ms: number): void {
  batch ??= {
    metrics: new Metrics({ namespace: config().metricsNamespace, serviceName: config().serviceName }),
    values: 0,
    publishedAt: -Infinity,
  };
  batch.metrics.addMetric(name, MetricUnit.Milliseconds, ms);
  batch.values++;
  const now = performance.now();
  if (batch.values >= BATCH_MAX_VALUES || now - batch.publishedAt >= BATCH_FLUSH_MS) {
    batch.metrics.publishStoredMetrics();
    batch.values = 0;
    batch.publishedAt = now;
  }
}
