import type { ProbeInput } from './types.ts';

/** The orchestration experiment's probe payload (samples/events/probe-chain-step.json): `last_step_time` is epoch SECONDS (Python `time.time()`). */
export interface ExperimentProbeEvent {
  step_name?: unknown;
  last_step_time?: unknown;
  execution_id?: unknown;
}

/** The probe's answer; `last_step_time` is this probe's invoke time in epoch seconds, for the next step. */
export interface ExperimentProbeResult {
  message: string;
  step_name: string;
  last_step_time: number;
}

const EXPERIMENT_TYPES = ['CHAIN', 'PARALLEL'] as const;
export type ExperimentType = (typeof EXPERIMENT_TYPES)[number];

export type ExperimentRequest =
  | { ok: true; experimentType: ExperimentType }
  | { ok: false; code: 'INVALID_JSON' | 'INVALID_EXPERIMENT_TYPE'; message: string };

/** Runs without an execution id (e.g. invoked by hand) still land in one queryable place. */
export const UNKNOWN_EXECUTION = 'experiment#unknown-execution';

/**
 * Payload seconds → table milliseconds: the payload keeps the experiment's epoch seconds, which each step hands to
 * the next; the Probes table stores ms like every other probe record.
 */
export function experimentProbeInput(
  event: ExperimentProbeEvent,
  invokeMs: number,
  endMs: number,
  runtime: { coldStart: boolean; instanceId: string },
): ProbeInput {
  const lastStepSeconds =
    typeof event.last_step_time === 'number' && Number.isFinite(event.last_step_time) ? event.last_step_time : undefined;
  return {
    runId: typeof event.execution_id === 'string' && event.execution_id ? event.execution_id : UNKNOWN_EXECUTION,
    step: stepName(event),
    startMs: invokeMs,
    endMs,
    coldStart: runtime.coldStart,
    instanceId: runtime.instanceId,
    lastStepTime: lastStepSeconds === undefined ? undefined : Math.round(lastStepSeconds * 1000),
  };
}

function stepName(event: ExperimentProbeEvent): string {
  return typeof event.step_name === 'string' && event.step_name ? event.step_name : 'Unknown';
}

export function experimentProbeResult(event: ExperimentProbeEvent, invokeMs: number): ExperimentProbeResult {
  const step = stepName(event);
  return { message: `Probe ${step} invoked`, step_name: step, last_step_time: invokeMs / 1000 };
}

/** `POST /experiment` body: `{"experiment_type": "CHAIN"|"PARALLEL"}`, CHAIN when absent. */
export function parseExperimentRequest(body: string | null | undefined): ExperimentRequest {
  if (body === null || body === undefined || body.trim() === '') return { ok: true, experimentType: 'CHAIN' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, code: 'INVALID_JSON', message: 'request body is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, code: 'INVALID_JSON', message: 'request body must be a JSON object' };
  }
  const type = (parsed as { experiment_type?: unknown }).experiment_type ?? 'CHAIN';
  if (!EXPERIMENT_TYPES.includes(type as ExperimentType)) {
    return {
      ok: false,
      code: 'INVALID_EXPERIMENT_TYPE',
      message: `experiment_type must be one of ${EXPERIMENT_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
    };
  }
  return { ok: true, experimentType: type as ExperimentType };
}
