/**
 * The fixed suffixes of the stack's state machine names (`<stack name>-<suffix>`). The names are fixed so the
 * function's environment can carry the machines' ARNs without referencing them (see PredictionStack); the local
 * stack names its state machines by the suffix alone.
 */
export const STATE_MACHINE_SUFFIX = {
  batch: 'batch-scoring',
  experiment: 'orchestration-experiment',
} as const;

export function stateMachineName(stackName: string, kind: keyof typeof STATE_MACHINE_SUFFIX): string {
  return `${stackName}-${STATE_MACHINE_SUFFIX[kind]}`;
}
