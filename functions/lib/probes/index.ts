export type { ProbeRecord, ProbeInput, ProbeMeasures } from './types.ts';
export { buildProbeRecord, probeId } from './build-probe-record.ts';
export { instanceId, takeColdStart } from './execution-environment.ts';
export { recordProbe } from './record-probe.ts';
export { withProbe } from './with-probe.ts';
export type { ProbeTarget } from './with-probe.ts';
export {
  UNKNOWN_EXECUTION,
  experimentProbeInput,
  experimentProbeResult,
  parseExperimentRequest,
} from './experiment.ts';
export type { ExperimentProbeEvent, ExperimentProbeResult, ExperimentType, ExperimentRequest } from './experiment.ts';
