export { countFinalized, countJob, timed, timedInBatch } from './publish.ts';
export type { JobEvent } from './publish.ts';
export { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from './names.ts';
export type { MetricName } from './names.ts';
