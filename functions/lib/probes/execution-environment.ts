import { randomUUID } from 'node:crypto';

/** Identifies this container (one Lambda execution environment) in probe records. */
export const instanceId: string = randomUUID().slice(0, 8);

let invoked = false;

/**
 * True for the first invocation this container serves (the one that paid module load + model load), false after.
 * Call once per invocation.
 */
export function takeColdStart(): boolean {
  const cold = !invoked;
  invoked = true;
  return cold;
}
