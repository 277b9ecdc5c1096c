import { LambdaRuntime } from './LambdaRuntime.ts';
import type { LambdaRuntimeOptions } from './types.ts';

/**
 * Starts one function's local Lambda runtime: execution environments are spawned on the first invokes (cold
 * starts, as on Lambda) and reclaimed when idle, so nothing runs until something invokes it.
 */
export async function startLambda(options: LambdaRuntimeOptions): Promise<LambdaRuntime> {
  return new LambdaRuntime(options);
}
