import type { Meter } from '../meter/Meter.ts';
/** Public and internal shapes of the local Step Functions endpoint. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MapRunStorage } from './item-reader.ts';
import type { StatusChangeEvent } from './status-change.ts';
import type { LocalService } from '../types.ts';

/** ASL as `cloudformation/definitions.ts` returns it (`AslDefinition`). */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface StateMachineSpec {
  name: string;
  arn: string;
  definition: AslDefinition;
}

/**
 * Calls the function. Resolves with the function's result (the Invoke payload); rejects with an error whose
 * `errorType` (or, failing that, `name`) is what Step Functions reports: `Lambda.ServiceException`,
 * `Lambda.TooManyRequestsException`... for the Invoke call itself, the handler's error type otherwise.
 * `LambdaInvokeError` carries exactly that; `lambdaInvoker(runtime)` adapts the local Lambda runtime.
 */
export type InvokeLambda = (functionArn: string, payload: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
}

export interface StepFunctionsOptions {
  /** 0 = ephemeral (default). Always bound to 127.0.0.1. */
  port?: number;
  stateMachines: StateMachineSpec[];
  invokeLambda: InvokeLambda;
  /** Closed executions kept in memory (oldest dropped first). Default 1000. */
  maxExecutions?: number;
  /** Called when an execution starts and when it closes (the stack logs it, tests wait on it). */
  onExecutionChange?: (execution: ExecutionSummary) => void;
  /** EventBridge's "Step Functions Execution Status Change" event of every start and close. */
  onStatusChange?: (event: StatusChangeEvent) => void;
  /** S3 for Distributed Maps' ItemReader and ResultWriter (`s3MapRunStorage(edgeUrl)`); without it they fail the state. */
  mapRunStorage?: MapRunStorage;
  /** Children of one map run running at once when MaxConcurrency is 0 (unbounded) or larger. Default 40. */
  mapRunConcurrencyCap?: number;
  /** The stack's billing meter: state transitions (Standard), requests and duration (Express). */
  meter?: Meter;
  log?: (line: string) => void;
}

export interface StepFunctionsService extends LocalService {
  url: string;
  /** The same endpoint as an in-process listener, for the edge's `stepfunctions` route. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves when the execution is closed (tests, the CLI's wait). */
  waitForExecution(executionArn: string): Promise<ExecutionSummary>;
  stop(): Promise<void>;
}

/** One call of a Task state's resource (one attempt: Retry makes more). */
export interface TaskAttempt {
  lane: string;
  state: string;
  resourceType: string;
  resource: string;
  parameters: string;
  scheduledAt: number;
  endedAt?: number;
  output?: string;
  error?: { error: string; cause: string };
}

/** An event as `aws-local-stepfunctions` logs it (the subset this module reads). */
export interface LibEvent {
  type: string;
  timestamp: number;
  index?: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  parentState?: { name: string; type: string };
}

/** Where a state lives: the root, a Map iteration (`Map#index`) or a Parallel branch (`Parallel/branch`). */
export interface StateContainer {
  container: string;
  kind: 'map' | 'parallel';
  branch?: number;
}

export interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}
