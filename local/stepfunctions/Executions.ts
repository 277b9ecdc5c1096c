import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { buildHistory } from './build-history.ts';
import { SfnApiError, UnsupportedDefinitionError } from './errors.ts';
import { LAMBDA_INVOKE_RESOURCE, namedError, runLambdaTask, taskErrorFrom } from './lambda-invoke-integration.ts';
import { currentLane, mapContainers, registerNested } from './lanes.ts';
import { executionArnFor, validateExecutionName } from './names.ts';
import { findUnsupported, prepareDefinition, taskStates } from './prepare-definition.ts';
import { statusChangeEvent, type StatusChangeEvent } from './status-change.ts';
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
}

export interface ExecutionRecord extends ExecutionSummary {
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  events: LibEvent[];
  attempts: TaskAttempt[];
  machine: CompiledMachine;
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
}

export function summaryOf(record: ExecutionRecord): ExecutionSummary {
  const { executionArn, stateMachineArn, name, status, startDate, stopDate } = record;
  return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate === undefined ? {} : { stopDate }) };
}

/** Compiles a definition once: refuses what the engine cannot run, validates it (asl-validator), maps lanes. */
export function compileMachine(spec: StateMachineSpec): CompiledMachine {
  const unsupported = findUnsupported(spec.definition);
  if (unsupported.length > 0) throw new UnsupportedDefinitionError(spec.name, unsupported);
  const prepared = prepareDefinition(spec.definition);
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
    tasks: taskStates(prepared),
  };
}

/**
 * The executions of every state machine, in memory (none survive a restart), the oldest closed ones dropped
 * beyond `maxExecutions`. Names follow StartExecution's rules: the same name and input while RUNNING returns
 * the running execution; otherwise a used name is `ExecutionAlreadyExists` (AWS keeps names 90 days).
 */
export class Executions {
  readonly #options: ExecutionsOptions;
  readonly #records = new Map<string, ExecutionRecord>();

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
    const record = this.#run(machine, executionArn, executionName, inputText, input);
    this.#records.set(executionArn, record);
    this.#trim();
    this.#options.onChange(summaryOf(record));
    this.#options.onStatusChange?.(statusChangeEvent(record));
    return record;
  }

  get(executionArn: string): ExecutionRecord {
    const record = this.#records.get(executionArn);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /** Newest first, as ListExecutions answers. */
  list(stateMachineArn: string): ExecutionRecord[] {
    return [...this.#records.values()].filter((r) => r.stateMachineArn === stateMachineArn).reverse();
  }

  stop(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.get(executionArn);
    if (record.status !== 'RUNNING') return record;
    record.abortInfo = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
    this.#close(record, 'ABORTED', { error, cause });
    record.abort();
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
    });
  }

  abortAll(): void {
    for (const record of this.#records.values())
      if (record.status === 'RUNNING') this.stop(record.executionArn, 'States.Aborted', 'Local Step Functions stopped');
  }

  #run(machine: CompiledMachine, executionArn: string, name: string, inputText: string, input: unknown): ExecutionRecord {
    const startDate = Date.now();
    const record = {
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
    const logged = collect(execution.eventLogs, record.events);
    const closed = execution.result.then(
      (output) => this.#close(record, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: unknown) => this.#closeFailed(record, error),
    );
    // Done once the history is complete too: the engine's last events trail its result by a few ticks.
    record.done = Promise.all([closed, logged]).then(() => {
      const summary = summaryOf(record);
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
    return handlers;
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

async function collect(events: AsyncGenerator<unknown>, into: LibEvent[]): Promise<void> {
  for await (const event of events) into.push(event as LibEvent);
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
