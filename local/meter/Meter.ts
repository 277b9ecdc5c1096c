import { emptyUsage, type Usage } from './usage.ts';
import { EXPRESS_MEMORY_MB, expressBilledMs, gbSeconds, type S3PriceClass } from './units.ts';

/** What the meter knows of one trace: its units, and the executions that ran under it (how a job is found). */
export interface TraceUsage {
  traceId: string;
  firstSeen: number;
  executions: string[];
  usage: Usage;
}

export interface LambdaUnits {
  billedMs: number;
  memoryMB: number;
  coldStart: boolean;
  /** Duration the CPU-scaling model expects at `memoryMB` (init included), in ms. */
  modelledMs: number;
}

/** Traces kept per run (the oldest go first beyond it): a long-running stack stays bounded. */
export const MAX_TRACES = 10_000;

/**
 * The local stack's billing meter: counters of every billable unit, for the whole run and per trace (a job's
 * requests, invocations and executions share one; see trace.ts). Only counters: nothing per request but additions.
 * A unit without a trace (a client's own request) counts for the run only.
 */
export class Meter {
  readonly run: Usage = emptyUsage();
  readonly startedAt = Date.now();
  readonly #traces = new Map<string, TraceUsage>();
  readonly #byExecution = new Map<string, TraceUsage>();

  s3Request(traceId: string | undefined, priceClass: S3PriceClass, bytesIn: number): void {
    for (const usage of this.#usages(traceId)) {
      usage.s3[priceClass] += 1;
      usage.s3.bytesIn += bytesIn;
    }
  }

  s3BytesOut(traceId: string | undefined, bytes: number): void {
    for (const usage of this.#usages(traceId)) usage.s3.bytesOut += bytes;
  }

  s3Stored(traceId: string | undefined, bytes: number): void {
    for (const usage of this.#usages(traceId)) usage.s3.bytesStored += bytes;
  }

  lambdaInvocation(traceId: string | undefined, units: LambdaUnits): void {
    for (const usage of this.#usages(traceId)) {
      usage.lambda.requests += 1;
      if (units.coldStart) usage.lambda.coldStarts += 1;
      usage.lambda.billedMs += units.billedMs;
      usage.lambda.gbSeconds += gbSeconds(units.billedMs, units.memoryMB);
      usage.lambda.modelledGbSeconds += gbSeconds(Math.ceil(units.modelledMs), units.memoryMB);
    }
  }

  /** A Standard execution entered a state or retried one. */
  stateTransition(traceId: string | undefined): void {
    for (const usage of this.#usages(traceId)) usage.stepFunctions.standardTransitions += 1;
  }

  expressExecution(traceId: string | undefined, durationMs: number): void {
    const billed = expressBilledMs(durationMs);
    for (const usage of this.#usages(traceId)) {
      usage.stepFunctions.expressRequests += 1;
      usage.stepFunctions.expressBilledMs += billed;
      usage.stepFunctions.expressGbSeconds += gbSeconds(billed, EXPRESS_MEMORY_MB);
    }
  }

  dynamoRequest(traceId: string | undefined, units: { read: number; write: number }): void {
    for (const usage of this.#usages(traceId)) {
      usage.dynamodb.requests += 1;
      usage.dynamodb.readRequestUnits += units.read;
      usage.dynamodb.writeRequestUnits += units.write;
    }
  }

  apiRequest(traceId: string | undefined): void {
    for (const usage of this.#usages(traceId)) usage.apiGateway.requests += 1;
  }

  logBytes(traceId: string | undefined, bytes: number): void {
    for (const usage of this.#usages(traceId)) usage.logs.bytes += bytes;
  }

  /** An execution started under `traceId` (a top-level one: how a job's trace is found from its execution ARN). */
  executionStarted(traceId: string, executionArn: string): void {
    const trace = this.#trace(traceId);
    trace.executions.push(executionArn);
    this.#byExecution.set(executionArn, trace);
  }

  trace(traceId: string): TraceUsage | undefined {
    return this.#traces.get(traceId);
  }

  byExecution(executionArn: string): TraceUsage | undefined {
    return this.#byExecution.get(executionArn);
  }

  /** Newest first. */
  traces(): TraceUsage[] {
    return [...this.#traces.values()].reverse();
  }

  #usages(traceId: string | undefined): Usage[] {
    return traceId === undefined ? [this.run] : [this.run, this.#trace(traceId).usage];
  }

  #trace(traceId: string): TraceUsage {
    let trace = this.#traces.get(traceId);
    if (trace === undefined) {
      trace = { traceId, firstSeen: Date.now(), executions: [], usage: emptyUsage() };
      this.#traces.set(traceId, trace);
      if (this.#traces.size > MAX_TRACES) this.#dropOldest();
    }
    return trace;
  }

  #dropOldest(): void {
    const [oldestId, oldest] = this.#traces.entries().next().value as [string, TraceUsage];
    this.#traces.delete(oldestId);
    for (const arn of oldest.executions) this.#byExecution.delete(arn);
  }
}
