import { logger } from './lib/logger.ts';
import { recordProbe } from './lib/probes/record-probe.ts';
import { instanceId, takeColdStart } from './lib/probes/execution-environment.ts';
import { experimentProbeInput, experimentProbeResult } from './lib/probes/experiment.ts';
import type { ExperimentProbeEvent, ExperimentProbeResult } from './lib/probes/experiment.ts';

/**
 * The orchestration experiment's probe (ExperimentWorkflow): records its invoke time, step name and the previous
 * step's time (keyed by execution) and hands its own invoke time to the next step as `last_step_time` (seconds).
 */
export async function handler(event: ExperimentProbeEvent): Promise<ExperimentProbeResult> {
  const invokeMs = Date.now();
  const coldStart = takeColdStart();
  const result = experimentProbeResult(event, invokeMs);
  logger.info(result.message, { invoke_time: invokeMs / 1000, last_step_time: event.last_step_time ?? null });
  await recordProbe(experimentProbeInput(event, invokeMs, Date.now(), { coldStart, instanceId }));
  return result;
}
