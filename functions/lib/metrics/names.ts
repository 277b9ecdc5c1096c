/**
 * The service's CloudWatch metrics: the one list both the functions (which emit them as EMF lines) and the CDK
 * monitoring (alarms, dashboard) read, so an alarm can never watch a name or namespace nothing emits.
 */
export const METRICS_NAMESPACE = 'IrisPrediction';

/** Powertools adds it to every metric as the `service` dimension; alarms must name the same dimension. */
export const METRICS_SERVICE = 'prediction';

export const METRIC = {
  JobsStarted: 'JobsStarted',
  JobsSucceeded: 'JobsSucceeded',
  JobsFailed: 'JobsFailed',
  JobsSuperseded: 'JobsSuperseded',
  RowsScored: 'RowsScored',
  RowsRejected: 'RowsRejected',
  /** ms one score-chunk invocation took, success or failure. */
  ChunkDuration: 'ChunkDuration',
  /** ms the predict handler took (model load on a cold start included), as its caller waits for it. */
  PredictLatency: 'PredictLatency',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
