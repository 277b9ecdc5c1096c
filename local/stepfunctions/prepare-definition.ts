import { LAMBDA_INVOKE_RESOURCE } from './lambda-invoke-integration.ts';
import { isDistributedMap, unsupportedInDistributedMap } from './map-config.ts';
import type { AslDefinition } from './types.ts';

type States = Record<string, Record<string, unknown>>;

/** The engine's largest timer (setTimeout's 2^31-1 ms); stands in for AWS's "no task timeout". */
const NO_TIMEOUT_SECONDS = 2_147_483;

const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;

/**
 * What the definition uses that the local Step Functions cannot run, one `State.Field: why` per use. The
 * engine would ignore most of these silently (ItemReader on an inline Map would be skipped). Distributed Maps
 * run as map runs (`distributed-map.ts`), with the fields `unsupportedInDistributedMap` does not refuse.
 */
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label'];

export function findUnsupported(definition: AslDefinition): string[] {
  const found: string[] = [];
  if (definition.QueryLanguage === 'JSONata') found.push('QueryLanguage: JSONata');
  const visit = (states: States): void => {
    for (const [name, state] of Object.entries(states)) {
      if (state.QueryLanguage === 'JSONata') found.push(`${name}.QueryLanguage: JSONata`);
      if (state.Assign !== undefined) found.push(`${name}.Assign: variables`);
      if (isDistributedMap(state)) found.push(...unsupportedInDistributedMap(name, state));
      else {
        for (const field of DISTRIBUTED_ONLY) if (state[field] !== undefined) found.push(`${name}.${field}: Distributed Map only`);
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
      if (state.Type === 'Task') found.push(...unsupportedTask(name, state));
      if (processor) visit(processor.States);
      for (const branch of (state.Branches as { States: States }[] | undefined) ?? []) visit(branch.States);
    }
  };
  visit(definition.States);
  return found;
}

function unsupportedTask(name: string, state: Record<string, unknown>): string[] {
  const resource = String(state.Resource);
  const found: string[] = [];
  if (resource !== LAMBDA_INVOKE_RESOURCE && !LAMBDA_FUNCTION_ARN.test(resource)) {
    found.push(`${name}.Resource: ${resource} (only ${LAMBDA_INVOKE_RESOURCE} and Lambda function ARNs)`);
  }
  if (state.HeartbeatSeconds !== undefined || state.HeartbeatSecondsPath !== undefined) found.push(`${name}.HeartbeatSeconds`);
  if (state.Credentials !== undefined) found.push(`${name}.Credentials`);
  return found;
}

/**
 * The definition the engine runs: a deep copy where Task states without a timeout get the longest one.
 * The engine's default is 60 s, AWS's is none (the Lambda function timeout bounds the task). Timeouts longer than
 * the engine's largest timer (a Standard execution may run a year) are cut to it: a longer setTimeout fires at once.
 */
export function prepareDefinition(definition: AslDefinition): AslDefinition {
  const copy = structuredClone(definition);
  if (typeof copy.TimeoutSeconds === 'number') copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, NO_TIMEOUT_SECONDS);
  const visit = (states: States): void => {
    for (const state of Object.values(states)) {
      if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = NO_TIMEOUT_SECONDS;
      }
      if (typeof state.TimeoutSeconds === 'number') state.TimeoutSeconds = Math.min(state.TimeoutSeconds, NO_TIMEOUT_SECONDS);
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
      if (processor) visit(processor.States);
      for (const branch of (state.Branches as { States: States }[] | undefined) ?? []) visit(branch.States);
    }
  };
  visit(copy.States);
  return copy;
}

/** Names of every Task state, nested ones included (each gets a local handler). */
export function taskStates(definition: AslDefinition): Map<string, string> {
  const tasks = new Map<string, string>();
  const visit = (states: States): void => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') tasks.set(name, String(state.Resource));
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
      if (processor) visit(processor.States);
      for (const branch of (state.Branches as { States: States }[] | undefined) ?? []) visit(branch.States);
    }
  };
  visit(definition.States);
  return tasks;
}
