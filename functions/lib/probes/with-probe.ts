import { recordProbe } from './record-probe.ts';
import { instanceId, takeColdStart } from './execution-environment.ts';
import type { ProbeMeasures } from './types.ts';

export interface ProbeTarget {
  runId: string;
  step: string;
  chunk?: number;
}

/**
 * Runs one step and records its timing probe (start, end, cold start, instance, rows/bytes from `measure`), also
 * when the step throws (then with `error`). The step's own result/exception passes through unchanged.
 */
export async function withProbe<T>(
  target: ProbeTarget,
  step: () => Promise<T>,
  measure: (result: T) => ProbeMeasures = () => ({}),
): Promise<T> {
  const coldStart = takeColdStart();
  const startMs = Date.now();
  try {
    const result = await step();
    const endMs = Date.now();
    await recordProbe({ ...target, startMs, endMs, coldStart, instanceId, ...measure(result) });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordProbe({ ...target, startMs, endMs: Date.now(), coldStart, instanceId, error: message });
    throw error;
  }
}
