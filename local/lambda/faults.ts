import { FaultConfigError } from './errors.ts';
import type { FaultKind, FaultRule, LambdaError, LambdaIsolation } from './types.ts';

const KINDS: readonly FaultKind[] = ['transient', 'permanent', 'timeout', 'delay', 'lost-response'];

/** Parses LOCAL_LAMBDA_FAULTS (a JSON array of FaultRule); absent/empty → no faults. */
export function parseFaults(raw: string | undefined): FaultRule[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new FaultConfigError('LOCAL_LAMBDA_FAULTS is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw new FaultConfigError('LOCAL_LAMBDA_FAULTS must be a JSON array of rules');
  return parsed.map(validateRule);
}

function validateRule(rule: unknown, index: number): FaultRule {
  const where = `LOCAL_LAMBDA_FAULTS[${index}]`;
  if (typeof rule !== 'object' || rule === null) throw new FaultConfigError(`${where} must be an object`);
  const { match, fail, times, delayMs } = rule as Record<string, unknown>;
  if (typeof match !== 'object' || match === null || Array.isArray(match)) {
    throw new FaultConfigError(`${where}.match must be an object of dotted paths to values`);
  }
  if (!KINDS.includes(fail as FaultKind)) throw new FaultConfigError(`${where}.fail must be one of ${KINDS.join(', ')}`);
  if (times !== undefined && !(Number.isInteger(times) && (times as number) > 0)) {
    throw new FaultConfigError(`${where}.times must be a positive integer`);
  }
  if (fail === 'delay' && !(Number.isInteger(delayMs) && (delayMs as number) > 0)) {
    throw new FaultConfigError(`${where}.delayMs must be a positive integer for a delay`);
  }
  return {
    match: match as Record<string, unknown>,
    fail: fail as FaultKind,
    times: times as number | undefined,
    ...(fail === 'delay' ? { delayMs: delayMs as number } : {}),
  };
}

/** Reads a dotted path (`chunk.index`) from an event. */
export function readPath(event: unknown, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function ruleMatches(rule: FaultRule, event: unknown): boolean {
  return Object.entries(rule.match).every(([path, expected]) => readPath(event, path) === expected);
}

/** Keeps the remaining count of each rule; `take` consumes one firing of the first rule that matches. */
export class FaultPlan {
  readonly #rules: { rule: FaultRule; left: number }[];

  constructor(rules: FaultRule[]) {
    this.#rules = rules.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  take(event: unknown): FaultKind | undefined {
    return this.takeRule(event)?.fail;
  }

  /** As `take`, with the whole rule (a delay's length). */
  takeRule(event: unknown): FaultRule | undefined {
    if (this.#rules.length === 0) return undefined;
    const entry = this.#rules.find((e) => e.left > 0 && ruleMatches(e.rule, event));
    if (entry === undefined) return undefined;
    entry.left -= 1;
    return entry.rule;
  }
}

/**
 * The error an injected fault produces. `transient` looks like the Lambda service failing (Step Functions sees
 * `Lambda.ServiceException` and its Retry applies); `permanent` looks like the handler throwing.
 */
export function faultError(kind: 'transient' | 'permanent', requestId: string): LambdaError {
  if (kind === 'transient') {
    return { errorType: 'Lambda.ServiceException', errorMessage: `Injected transient fault (RequestId: ${requestId})`, source: 'service' };
  }
  return { errorType: 'InjectedFaultError', errorMessage: `Injected permanent fault (RequestId: ${requestId})`, source: 'function' };
}

/**
 * The `timeout` fault hangs the environment that takes the invocation instead of answering for it: its process is
 * stopped (SIGSTOP) just before the event is sent, so the invocation stays pending on a busy environment until the
 * runtime's own deadline timer fires, kills it (SIGKILL ends a stopped process too) and reports Sandbox.Timedout
 * after the function's real timeout. Stopped before the send, not after: a handler that answers without I/O could
 * otherwise finish first.
 */
export function hangEnvironment(pid: number | undefined): void {
  if (pid === undefined) throw new FaultConfigError("the timeout fault stops an environment's process: it needs process isolation");
  try {
    process.kill(pid, 'SIGSTOP');
  } catch (error) {
    // Already gone (crashed since it was ready): its exit answers the invocation.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** A worker thread cannot be stopped from outside: refuse a timeout fault there when the runtime is built. */
export function checkFaultsSupported(rules: FaultRule[], isolation: LambdaIsolation): FaultRule[] {
  if (isolation === 'thread' && rules.some((r) => r.fail === 'timeout')) {
    throw new FaultConfigError("a timeout fault needs process isolation (it stops the environment's process)");
  }
  return rules;
}
