import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { buildHistory } from './build-history.ts';
import { SfnApiError, UnsupportedDefinitionError } from './errors.ts';
import { LAMBDA_INVOKE_RESOURCE, namedError, runLambdaTask, taskErrorFrom } from './lambda-invoke-integration.ts';
import { runMapRun, type MapRunPayload } from './distributed-map.ts';
import type { MapRunStorage } from './item-reader.ts';
import { currentLane, mapContainers, outsideLanes, registerNested } from './lanes.ts';
import { extractDistributedMaps, type DistributedMapConfig } from './map-config.ts';
import { MapRuns } from './map-runs.ts';
import { executionArnFor, validateExecutionName } from './names.ts';
import { findUnsupported, prepareDefinition, taskStates } from './prepare-definition.ts';
import { statusChangeEvent, type StatusChangeEvent } from './status-change.ts';
import { currentTrace, newTraceId, withTrace } from '../meter/trace.ts';
import type { Meter } from '../meter/Meter.ts';
import type {
  ExecutionStatus,
  ExecutionSummary,
  HistoryEvent,
  InvokeLambda,
  LibEvent,
  StateContainer,
  StateMachineSpec,
  TaskAttempt,
} from './types.ts';

type TaskHandlers = NonNullable<NonNullable<NonNullable<Parameters<StateMachine['run']>[1]>['overrides']>['taskResourceLocalHandlers']>;

export interface CompiledMachine {
  spec: StateMachineSpec;
  definitionText: string;
  roleArn: string;
  createdAt: number;
  engine: StateMachine;
  containers: Map<string, StateContainer>;
  tasks: Map<string, string>;
  /** The Distributed Map states (the engine runs them as Tasks) and the ItemProcessor each child execution runs. */
  distributedMaps: Map<string, { config: DistributedMapConfig; child: CompiledMachine }>;
}

export interface ExecutionRecord extends ExecutionSummary {
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  events: LibEvent[];
  attempts: TaskAttempt[];
  machine: CompiledMachine;
  /** A child execution's map run. */
  mapRunArn?: string;
  /** The X-Ray trace it runs in: its StartExecution's, its parent's for a map run's child; everything it causes shares it. */
  traceId: string;
  /** An Express child of a Distributed Map (billed per request and duration, not per transition). */
  express: boolean;
  abortInfo?: { error?: string; cause?: string };
  abort(): void;
  done: Promise<ExecutionSummary>;
}

export interface ExecutionsOptions {
  invokeLambda: InvokeLambda;
  maxExecutions: number;
  region: string;
  onChange: (execution: ExecutionSummary) => void;
  /** EventBridge's status-change event of every start and close (the stack puts it on its event bus). */
  onStatusChange?: (event: StatusChangeEvent) => void;
  /** Where Distributed Maps read their items and write their results (S3). */
  mapRunStorage?: MapRunStorage;
  /** Children of one map run running at once when MaxConcurrency is 0 or larger. Default 40. */
  mapRunConcurrencyCap?: number;
  /** Counts state transitions (Standard) and requests and duration (Express). */
  meter?: Meter;
}

export function summaryOf(record: ExecutionRecord): ExecutionSummary {
  const { executionArn, stateMachineArn, name, status, startDate, stopDate } = record;
  return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate === undefined ? {} : { stopDate }) };
}

/** Compiles a definition once: refuses what the engine cannot run, validates it (asl-validator), maps lanes. */
export function compileMachine(spec: StateMachineSpec): CompiledMachine {
  const unsupported = findUnsupported(spec.definition);
  if (unsupported.length > 0) throw new UnsupportedDefinitionError(spec.name, unsupported);
  const { definition, maps } = extractDistributedMaps(spec.definition);
  const prepared = prepareDefinition(definition);
  const { byState, byDefinition } = mapContainers(prepared);
  registerNested(byDefinition);
  const account = spec.arn.split(':')[4];
  return {
    spec,
    definitionText: JSON.stringify(spec.definition),
    roleArn: `arn:aws:iam::${account}:role/${spec.name}-role`,
    createdAt: Date.now(),
    engine: new StateMachine(prepared as unknown as StateMachineDefinition, { validationOptions: { checkArn: true, checkPaths: true } }),
    containers: byState,
    tasks: new Map([...taskStates(prepared)].filter(([state]) => !maps.has(state))),
    distributedMaps: new Map([...maps].map(([state, config]) => [state, { config, child: compileChild(spec, config) }])),
  };
}

/** The ItemProcessor as its own state machine, `stateMachine:<name>/<label>` as AWS names a map run's children's. */
function compileChild(parent: StateMachineSpec, config: DistributedMapConfig): CompiledMachine {
  const name = `${parent.name}/${config.label}`;
  const arn = [...parent.arn.split(':').slice(0, 6), name].join(':');
  return compileMachine({ name, arn, definition: config.processor });
}

/**
 * The executions of every state machine, in memory (none survive a restart), the oldest closed ones dropped
 * beyond `maxExecutions`. Names follow StartExecution's rules: the same name and input while RUNNING returns
 * the running execution; otherwise a used name is `ExecutionAlreadyExists` (AWS keeps names 90 days).
 */
export class Executions {
  readonly #options: ExecutionsOptions;
  readonly #records = new Map<string, ExecutionRecord>();
  /** Map runs' child executions, apart: a large map run must not push its parents' records out. */
  readonly #children = new Map<string, ExecutionRecord>();
  readonly mapRuns = new MapRuns();

  constructor(options: ExecutionsOptions) {
    this.#options = options;
  }

  start(machine: CompiledMachine, name: string | undefined, inputText: string): ExecutionRecord {
    const executionName = name ?? randomUUID();
    validateExecutionName(executionName);
    const input = parseInput(inputText);
    const executionArn = executionArnFor(machine.spec.arn, executionName);
    const existing = this.#records.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && sameJson(existing.input, inputText)) return existing;
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const traceId = currentTrace() ?? newTraceId();
    const record = withTrace(traceId, () => this.#run(machine, executionArn, executionName, inputText, input));
    this.#options.meter?.executionStarted(traceId, executionArn);
    this.#records.set(executionArn, record);
    this.#trim();
    this.#options.onChange(summaryOf(record));
    this.#options.onStatusChange?.(statusChangeEvent(record));
    return record;
  }

  get(executionArn: string): ExecutionRecord {
    const record = this.#records.get(executionArn) ?? this.#children.get(executionArn);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /** Newest first, as ListExecutions answers. */
  list(stateMachineArn: string): ExecutionRecord[] {
    return [...this.#records.values()].filter((r) => r.stateMachineArn === stateMachineArn).reverse();
  }

  /** A map run's child executions, newest first (ListExecutions by `mapRunArn`). */
  listChildren(mapRunArn: string): ExecutionRecord[] {
    return [...this.#children.values()].filter((r) => r.mapRunArn === mapRunArn).reverse();
  }

  stop(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.get(executionArn);
    if (record.status !== 'RUNNING') return record;
    record.abortInfo = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
    this.#close(record, 'ABORTED', { error, cause });
    record.abort();
    // Its map runs stop too: no new children, and the running ones are stopped.
    for (const run of this.mapRuns.abortFor(executionArn)) {
      for (const child of this.listChildren(run.mapRunArn)) if (child.status === 'RUNNING') this.stop(child.executionArn, 'States.Aborted');
    }
    return record;
  }

  history(record: ExecutionRecord): HistoryEvent[] {
    return buildHistory({
      events: record.events,
      attempts: record.attempts,
      containers: record.machine.containers,
      roleArn: record.machine.roleArn,
      region: this.#options.region,
      abort: record.abortInfo,
      distributedMaps: new Set(record.machine.distributedMaps.keys()),
      mapRuns: this.mapRuns.list(record.executionArn),
    });
  }

  abortAll(): void {
    for (const record of this.#records.values())
      if (record.status === 'RUNNING') this.stop(record.executionArn, 'States.Aborted', 'Local Step Functions stopped');
  }

  /** Starts a map run's child: an execution of the ItemProcessor, not announced (no status-change event, no log line). */
  #startChild(machine: CompiledMachine, name: string, inputText: string, mapRunArn: string, express: boolean): ExecutionRecord {
    const executionArn = executionArnFor(machine.spec.arn, name);
    const record = outsideLanes(() => this.#run(machine, executionArn, name, inputText, JSON.parse(inputText), false, express));
    record.mapRunArn = mapRunArn;
    // A Distributed Map bills its parent one state transition per child it starts (docs: concepts-transitions).
    this.#options.meter?.stateTransition(record.traceId);
    this.#children.set(executionArn, record);
    for (const [arn, old] of this.#children) {
      if (this.#children.size <= this.#options.maxExecutions * 10) break;
      if (old.status !== 'RUNNING') this.#children.delete(arn);
    }
    return record;
  }

  #run(
    machine: CompiledMachine,
    executionArn: string,
    name: string,
    inputText: string,
    input: unknown,
    announce = true,
    express = false,
  ): ExecutionRecord {
    const startDate = Date.now();
    const record = {
      traceId: currentTrace() ?? newTraceId(),
      express,
      executionArn,
      stateMachineArn: machine.spec.arn,
      name,
      status: 'RUNNING',
      startDate,
      input: inputText,
      events: [],
      attempts: [],
      machine,
    } as unknown as ExecutionRecord;
    const execution = machine.engine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.#handlers(machine, record) },
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          RoleArn: machine.roleArn,
          StartTime: new Date(startDate).toISOString(),
          RedriveCount: 0,
        },
        StateMachine: { Id: machine.spec.arn, Name: machine.spec.name },
      },
    });
    record.abort = execution.abort;
    const logged = collect(execution.eventLogs, record.events, this.#transitionMeter(record));
    const closed = execution.result.then(
      (output) => this.#close(record, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: unknown) => this.#closeFailed(record, error),
    );
    // Done once the history is complete too: the engine's last events trail its result by a few ticks.
    record.done = Promise.all([closed, logged]).then(() => {
      const summary = summaryOf(record);
      if (record.express) this.#options.meter?.expressExecution(record.traceId, (record.stopDate ?? Date.now()) - record.startDate);
      if (!announce) return summary;
      this.#options.onChange(summary);
      this.#options.onStatusChange?.(statusChangeEvent(record));
      return summary;
    });
    return record;
  }

  /** One local handler per Task state: calls the function and records the attempt for the history. */
  #handlers(machine: CompiledMachine, record: ExecutionRecord): TaskHandlers {
    const handlers: TaskHandlers = {};
    for (const [state, resource] of machine.tasks) {
      handlers[state] = async (input) => {
        const attempt: TaskAttempt = {
          lane: currentLane(),
          state,
          scheduledAt: Date.now(),
          parameters: JSON.stringify(input ?? null),
          resourceType: 'lambda',
          resource: resource === LAMBDA_INVOKE_RESOURCE ? 'invoke' : resource,
        };
        record.attempts.push(attempt);
        try {
          const output = await runLambdaTask(resource, input, this.#options.invokeLambda);
          attempt.output = JSON.stringify(output ?? null);
          return output as never;
        } catch (thrown) {
          attempt.error = taskErrorFrom(thrown);
          throw namedError(attempt.error);
        } finally {
          attempt.endedAt = Date.now();
        }
      };
    }
    for (const [state, { config, child }] of machine.distributedMaps) {
      handlers[state] = async (payload) => {
        const deps = {
          mapRuns: this.mapRuns,
          store: this.#options.mapRunStorage,
          concurrencyCap: this.#options.mapRunConcurrencyCap ?? 40,
          startChild: (name: string, inputText: string, mapRunArn: string) =>
            this.#startChild(child, name, inputText, mapRunArn, config.executionType === 'EXPRESS'),
          stopChild: (arn: string) => void this.stop(arn, 'States.Aborted', 'The map run stopped its children'),
        };
        const parent = { executionArn: record.executionArn, stateMachineArn: machine.spec.arn };
        return (await runMapRun(deps, config, child.spec.arn, parent, payload as unknown as MapRunPayload)) as never;
      };
    }
    return handlers;
  }

  /** Standard workflows bill a transition per state entered and per retry; Express ones none (their parent pays one per child). */
  #transitionMeter(record: ExecutionRecord): ((event: LibEvent) => void) | undefined {
    const meter = this.#options.meter;
    if (meter === undefined || record.express) return undefined;
    return (event) => {
      if (event.type === 'StateEntered' || event.type === 'StateRetried') meter.stateTransition(record.traceId);
    };
  }

  #closeFailed(record: ExecutionRecord, error: unknown): ExecutionSummary {
    if (error instanceof ExecutionAbortedError) return summaryOf(record); // closed by stop()
    if (error instanceof ExecutionTimeoutError) return this.#close(record, 'TIMED_OUT', { error: 'States.Timeout' });
    return this.#close(record, 'FAILED', failureOf(error));
  }

  #close(record: ExecutionRecord, status: ExecutionStatus, fields: { output?: string; error?: string; cause?: string }): ExecutionSummary {
    if (record.status !== 'RUNNING') return summaryOf(record);
    record.status = status;
    record.stopDate = Date.now();
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
    return summaryOf(record);
  }

  /** Bounded memory: the oldest closed executions go first. */
  #trim(): void {
    for (const [arn, record] of this.#records) {
      if (this.#records.size <= this.#options.maxExecutions) return;
      if (record.status !== 'RUNNING') this.#records.delete(arn);
    }
  }
}

async function collect(events: AsyncGenerator<unknown>, into: LibEvent[], onEvent?: (event: LibEvent) => void): Promise<void> {
  for await (const event of events) {
    into.push(event as LibEvent);
    onEvent?.(event as LibEvent);
  }
}

/** The engine rejects with ExecutionError whose `cause` is the state's error: its name and message are AWS's error/cause. */
export function failureOf(error: unknown): { error: string; cause: string } {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (inner instanceof Error) return { error: inner.name, cause: inner.message };
  return { error: 'States.Runtime', cause: String(inner) };
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${text.slice(0, 100)}'`);
  }
}

function sameJson(a: string, b: string): boolean {
  return a === b || JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}
