import { AsyncLocalStorage } from 'node:async_hooks';
import { StateMachine } from 'aws-local-stepfunctions';
import type { AslDefinition, StateContainer } from './types.ts';

type States = Record<string, Record<string, unknown>>;

/**
 * The Map / Parallel state each nested state belongs to (ASL state names are unique in a whole machine), and
 * the nested definitions (ItemProcessor, Branches) keyed by object identity: the engine runs exactly those objects.
 */
export function mapContainers(definition: AslDefinition): {
  byState: Map<string, StateContainer>;
  byDefinition: Map<object, StateContainer>;
} {
  const byState = new Map<string, StateContainer>();
  const byDefinition = new Map<object, StateContainer>();
  const visit = (states: States, owner: StateContainer | undefined): void => {
    for (const [name, state] of Object.entries(states)) {
      if (owner) byState.set(name, owner);
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
      if (state.Type === 'Map' && processor) {
        const container: StateContainer = { container: name, kind: 'map' };
        byDefinition.set(processor, container);
        visit(processor.States, container);
      }
      if (state.Type === 'Parallel') {
        (state.Branches as { States: States }[]).forEach((branch, index) => {
          const container: StateContainer = { container: name, kind: 'parallel', branch: index };
          byDefinition.set(branch, container);
          visit(branch.States, container);
        });
      }
    }
  };
  visit(definition.States, undefined);
  return { byState, byDefinition };
}

/** `''` root, `Map#3` fourth iteration of Map, `Par/1` second branch of Par. */
export function laneKey(container: StateContainer | undefined, index?: number): string {
  if (!container) return '';
  return container.kind === 'map' ? `${container.container}#${index ?? 0}` : `${container.container}/${container.branch ?? 0}`;
}

const laneStorage = new AsyncLocalStorage<string>();
const nestedDefinitions = new WeakMap<object, StateContainer>();
const runCounts = new WeakMap<object, number>();
let patched = false;

/** Registers nested definitions so that tasks running inside them know their lane (see `currentLane`). */
export function registerNested(byDefinition: Map<object, StateContainer>): void {
  for (const [definition, container] of byDefinition) nestedDefinitions.set(definition, container);
  installLanePatch();
}

/** The lane of the Task handler being called now ('' at the root). */
export function currentLane(): string {
  return laneStorage.getStore() ?? '';
}

/**
 * The engine runs each Map iteration / Parallel branch as a nested `StateMachine.run`, but tells a Task
 * override nothing about which one. Wrapping `run` lets each nested run carry its lane in AsyncLocalStorage.
 * Map iterations get their index from the call order: the engine starts them through a FIFO limiter, in item order,
 * on one StateMachine object per Map state entry.
 */
function installLanePatch(): void {
  if (patched) return;
  patched = true;
  const original = StateMachine.prototype.run;
  StateMachine.prototype.run = function run(this: StateMachine, ...args: Parameters<StateMachine['run']>) {
    const container = nestedDefinitions.get((this as unknown as { definition: object }).definition);
    if (!container) return original.apply(this, args);
    const index = runCounts.get(this) ?? 0;
    runCounts.set(this, index + 1);
    return laneStorage.run(laneKey(container, index), () => original.apply(this, args));
  };
}

/** Runs `fn` outside any lane: a map run's child executions are executions of their own, not iterations. */
export function outsideLanes<T>(fn: () => T): T {
  return laneStorage.exit(fn);
}
