import { SfnApiError } from './errors.ts';
import { summaryOf, type CompiledMachine, type ExecutionRecord, type Executions } from './Executions.ts';
import { countsOf, type MapRun } from './map-runs.ts';
import { requireArn } from './names.ts';
import { MAX_PAYLOAD_BYTES } from './quotas.ts';
import type { ExecutionStatus } from './types.ts';

type Body = Record<string, unknown>;
export type Operation = (body: Body) => unknown;

const STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** AWS JSON 1.0 timestamps: epoch seconds, milliseconds as the fraction. */
export const epochSeconds = (ms: number): number => ms / 1000;

/** Pages a list: `nextToken` is the offset of the next page (opaque to clients, as AWS's). */
export function page<T>(items: T[], body: Body, defaultMax: number, limit: number): { items: T[]; nextToken?: string } {
  const max = body.maxResults === undefined || body.maxResults === 0 ? defaultMax : Number(body.maxResults);
  if (!Number.isInteger(max) || max < 0 || max > limit)
    throw new SfnApiError('ValidationException', `maxResults must be between 0 and ${limit}`);
  const start = body.nextToken === undefined ? 0 : Number.parseInt(Buffer.from(String(body.nextToken), 'base64url').toString(), 10);
  if (!Number.isInteger(start) || start < 0) throw new SfnApiError('InvalidToken', 'Invalid Token');
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

function executionItem(record: ExecutionRecord): Body {
  const summary = summaryOf(record);
  return {
    ...summary,
    startDate: epochSeconds(summary.startDate),
    ...(summary.stopDate === undefined ? {} : { stopDate: epochSeconds(summary.stopDate) }),
  };
}

function describeExecution(record: ExecutionRecord): Body {
  return {
    ...executionItem(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    ...(record.mapRunArn === undefined ? {} : { mapRunArn: record.mapRunArn }),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

const dates = (run: MapRun): Body => ({
  startDate: epochSeconds(run.startDate),
  ...(run.stopDate === undefined ? {} : { stopDate: epochSeconds(run.stopDate) }),
});

function describeMapRun(run: MapRun): Body {
  return {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    ...dates(run),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: countsOf(run, 'items'),
    executionCounts: countsOf(run, 'executions'),
    redriveCount: 0,
  };
}

function describeMachine(machine: CompiledMachine): Body {
  return {
    stateMachineArn: machine.spec.arn,
    name: machine.spec.name,
    status: 'ACTIVE',
    definition: machine.definitionText,
    roleArn: machine.roleArn,
    type: 'STANDARD',
    creationDate: epochSeconds(machine.createdAt),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

/** The supported operations by `X-Amz-Target` suffix. */
export function createOperations(machines: Map<string, CompiledMachine>, executions: Executions): Record<string, Operation> {
  const machine = (body: Body): CompiledMachine => {
    const arn = requireArn(body.stateMachineArn, 'stateMachine', 'stateMachineArn');
    const found = machines.get(arn);
    if (!found) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return found;
  };
  const execution = (body: Body): ExecutionRecord => executions.get(requireArn(body.executionArn, 'execution', 'executionArn'));
  return {
    ListStateMachines: (body) => {
      const all = [...machines.values()].map((m) => ({
        stateMachineArn: m.spec.arn,
        name: m.spec.name,
        type: 'STANDARD',
        creationDate: epochSeconds(m.createdAt),
      }));
      const { items, nextToken } = page(all, body, 100, 1000);
      return { stateMachines: items, ...(nextToken ? { nextToken } : {}) };
    },
    DescribeStateMachine: (body) => describeMachine(machine(body)),
    StartExecution: (body) => {
      const target = machine(body);
      const input = body.input === undefined ? '{}' : String(body.input);
      checkPayloadSize(input, 'input');
      const record = executions.start(target, body.name === undefined ? undefined : String(body.name), input);
      return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
    },
    DescribeExecution: (body) => describeExecution(execution(body)),
    StopExecution: (body) => {
      const record = execution(body);
      const stopped = executions.stop(record.executionArn, optional(body.error), optional(body.cause));
      return { stopDate: epochSeconds(stopped.stopDate ?? Date.now()) };
    },
    ListExecutions: (body) => {
      const status = body.statusFilter;
      if (status !== undefined && !STATUSES.includes(status as ExecutionStatus)) {
        throw new SfnApiError('ValidationException', `statusFilter must be one of ${STATUSES.join(', ')}`);
      }
      const source =
        body.mapRunArn === undefined
          ? executions.list(machine(body).spec.arn)
          : executions.listChildren(executions.mapRuns.get(requireArn(body.mapRunArn, 'mapRun', 'mapRunArn')).mapRunArn);
      const records = source.filter((r) => status === undefined || r.status === status);
      const { items, nextToken } = page(records, body, 100, 1000);
      return { executions: items.map(executionItem), ...(nextToken ? { nextToken } : {}) };
    },
    ListMapRuns: (body) => {
      const runs = executions.mapRuns.list(execution(body).executionArn).reverse();
      const { items, nextToken } = page(runs, body, 100, 1000);
      const mapRuns = items.map((run) => ({
        executionArn: run.executionArn,
        mapRunArn: run.mapRunArn,
        stateMachineArn: run.stateMachineArn,
        ...dates(run),
      }));
      return { mapRuns, ...(nextToken ? { nextToken } : {}) };
    },
    DescribeMapRun: (body) => describeMapRun(executions.mapRuns.get(requireArn(body.mapRunArn, 'mapRun', 'mapRunArn'))),
    GetExecutionHistory: (body) => {
      const events = executions.history(execution(body));
      if (body.reverseOrder === true) events.reverse();
      const withData = body.includeExecutionData !== false;
      const { items, nextToken } = page(withData ? events : events.map(withoutData), body, 100, 1000);
      return { events: items.map((e) => ({ ...e, timestamp: epochSeconds(e.timestamp) })), ...(nextToken ? { nextToken } : {}) };
    },
  };
}

/** A too-large member fails StartExecution's input validation as AWS's does: a `ValidationException` naming the member. */
function checkPayloadSize(text: string, member: string): void {
  if (Buffer.byteLength(text, 'utf8') <= MAX_PAYLOAD_BYTES) return;
  throw new SfnApiError(
    'ValidationException',
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`,
  );
}

function optional(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** `includeExecutionData: false` drops inputs, outputs and parameters from the details, as AWS does. */
function withoutData<T extends Record<string, unknown>>(event: T): T {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const { input: _i, output: _o, parameters: _p, ...rest } = value as Record<string, unknown>;
    copy[key] = rest;
  }
  return copy as T;
}
