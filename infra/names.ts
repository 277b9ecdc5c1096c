/** Fixed names the stack gives its state machines; `definitions.ts` maps them to the local stack's names. */
export const STATE_MACHINE_SUFFIX = {
  batch: 'batch-scoring',
  experiment: 'orchestration-experiment',
} as const;

export function stateMachineName(stackName: string, kind: keyof typeof STATE_MACHINE_SUFFIX): string {
  return `${stackName}-${STATE_MACHINE_SUFFIX[kind]}`;
}
