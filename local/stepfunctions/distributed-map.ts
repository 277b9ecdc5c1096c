import { randomUUID } from 'node:crypto';
import { batchItems } from './item-batcher.ts';
import { MapRunError, readItems, type MapRunStorage } from './item-reader.ts';
import { applyTemplate, readPath } from './json-path.ts';
import type { DistributedMapConfig } from './map-config.ts';
import { mapRunArnFor, type MapRun, type MapRuns } from './map-runs.ts';
import { MAX_PAYLOAD_BYTES } from './quotas.ts';
import { resultObjects, resultRecord, resultWriterOutput, type ChildResult } from './result-writer.ts';
import { EXCEEDED_CAUSE, EXCEEDED_ERROR, exceedsTolerance, type Tolerance } from './tolerance.ts';
import type { ExecutionSummary } from './types.ts';

/** A child execution as the map run sees it (an `ExecutionRecord` of the child state machine). */
export interface ChildExecution extends ExecutionSummary {
  output?: string;
  error?: string;
  cause?: string;
  done: Promise<ExecutionSummary>;
}

export interface MapRunDeps {
  mapRuns: MapRuns;
  store?: MapRunStorage;
  /** The local bound on children running at once (MaxConcurrency 0 or absent means this). */
  concurrencyCap: number;
  /** Starts one child execution of the ItemProcessor's state machine. */
  startChild(name: string, inputText: string, mapRunArn: string): ChildExecution;
  stopChild(executionArn: string): void;
}

/** What the engine hands the map run's Task: the Map's effective input and the context object. */
export interface MapRunPayload {
  input: unknown;
  context: Record<string, unknown>;
}

interface Plan {
  inputs: { input: unknown; itemIndexes: number[] }[];
  totalItems: number;
  tolerance: Tolerance;
  concurrency: number;
  /** MaxConcurrency as the definition gives it (0 = unbounded), what DescribeMapRun reports. */
  requestedConcurrency: number;
}

/**
 * Runs a Distributed Map once (one map run): reads and selects the items, batches them, runs one child execution
 * per item or batch at most `concurrency` at a time, fails as soon as the failures exceed the tolerance (stopping
 * the running children), writes the results to S3 when asked, and resolves with the Map's result.
 */
export async function runMapRun(
  deps: MapRunDeps,
  config: DistributedMapConfig,
  childMachineArn: string,
  parent: { executionArn: string; stateMachineArn: string },
  payload: MapRunPayload,
): Promise<unknown> {
  const run = startRun(deps, config, childMachineArn, parent);
  try {
    const plan = await planRun(deps, config, payload);
    run.maxConcurrency = plan.requestedConcurrency;
    run.toleratedFailureCount = plan.tolerance.count ?? 0;
    run.toleratedFailurePercentage = plan.tolerance.percentage ?? 0;
    run.children = plan.inputs.map((i) => ({ items: i.itemIndexes.length, status: 'PENDING' }));
    const children = await runChildren(deps, run, plan);
    // Results are written whatever the outcome; the run's own failure comes before the output's size.
    const written = config.resultWriter ? await writeResults(deps, config.resultWriter, run, children, payload) : undefined;
    if (run.abortRequested) fail(run, 'ABORTED', { error: 'States.Aborted', cause: 'The map run was aborted' });
    if (exceedsTolerance(failedItems(run), plan.totalItems, plan.tolerance))
      fail(run, 'FAILED', { error: EXCEEDED_ERROR, cause: EXCEEDED_CAUSE });
    const output = written ?? collectedOutput(children);
    run.status = 'SUCCEEDED';
    run.stopDate = Date.now();
    return output;
  } catch (error) {
    if (run.status !== 'RUNNING') throw error;
    const named = error instanceof Error ? error : new MapRunError('States.Runtime', String(error));
    return fail(run, 'FAILED', { error: named.name, cause: named.message });
  }
}

function startRun(
  deps: MapRunDeps,
  config: DistributedMapConfig,
  childMachineArn: string,
  parent: { executionArn: string; stateMachineArn: string },
): MapRun {
  const run: MapRun = {
    mapRunArn: mapRunArnFor(parent.stateMachineArn, config.label),
    executionArn: parent.executionArn,
    stateMachineArn: childMachineArn,
    stateName: config.stateName,
    status: 'RUNNING',
    startDate: Date.now(),
    maxConcurrency: 0,
    toleratedFailureCount: 0,
    toleratedFailurePercentage: 0,
    children: [],
    resultsWritten: 0,
    abortRequested: false,
  };
  deps.mapRuns.add(run);
  return run;
}

async function planRun(deps: MapRunDeps, config: DistributedMapConfig, { input, context }: MapRunPayload): Promise<Plan> {
  const value = (fixed: number | undefined, path: string | undefined): number | undefined =>
    path === undefined ? fixed : Number(readPath(path, input, context));
  const items = await readItems(config.itemReader, config.itemsPath, input, context, deps.store);
  const selected =
    config.itemSelector === undefined
      ? items
      : items.map((item, index) => applyTemplate(config.itemSelector, input, { ...context, Map: { Item: { Index: index, Value: item } } }));
  const batcher = config.itemBatcher;
  const inputs = batchItems(
    selected,
    batcher && {
      maxItems: value(batcher.maxItems, batcher.maxItemsPath),
      maxBytes: value(batcher.maxBytes, batcher.maxBytesPath),
      batchInput: batcher.batchInput === undefined ? undefined : applyTemplate(batcher.batchInput, input, context),
    },
  );
  const requested = value(config.maxConcurrency, config.maxConcurrencyPath) ?? 0;
  return {
    inputs,
    totalItems: items.length,
    tolerance: {
      count: value(config.toleratedFailureCount, config.toleratedFailureCountPath),
      percentage: value(config.toleratedFailurePercentage, config.toleratedFailurePercentagePath),
    },
    concurrency: requested > 0 ? Math.min(requested, deps.concurrencyCap) : deps.concurrencyCap,
    requestedConcurrency: requested,
  };
}

/** Failed, timed-out and aborted items so far. */
/**
 * Without ResultWriter the children's outputs in item order (a failed child's result record) are the Map's result,
 * which must fit the payload quota (why AWS has ResultWriter).
 */
function collectedOutput(children: (ChildResult | undefined)[]): unknown[] {
  const closed = children.filter((c): c is ChildResult => c !== undefined);
  const output = closed.map((c) => (c.status === 'SUCCEEDED' ? JSON.parse(c.output ?? 'null') : resultRecord(c)));
  const bytes = Buffer.byteLength(JSON.stringify(output));
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new MapRunError(
      'States.DataLimitExceeded',
      `The state/task returned a result with a size exceeding the maximum number of bytes service limit (${bytes} > ${MAX_PAYLOAD_BYTES}); use ResultWriter`,
    );
  }
  return output;
}

function failedItems(run: MapRun): number {
  return run.children.reduce(
    (sum, c) => sum + (c.status === 'FAILED' || c.status === 'TIMED_OUT' || c.status === 'ABORTED' ? c.items : 0),
    0,
  );
}

/** A pool of `concurrency` workers taking children in item order; stops launching once the run is over its tolerance. */
async function runChildren(deps: MapRunDeps, run: MapRun, plan: Plan): Promise<(ChildResult | undefined)[]> {
  const results: (ChildResult | undefined)[] = new Array(plan.inputs.length);
  const running = new Set<string>();
  let next = 0;
  let stopped = false;
  const stopAll = (): void => {
    stopped = true;
    for (const arn of running) deps.stopChild(arn);
  };
  const worker = async (): Promise<void> => {
    while (!stopped && next < plan.inputs.length) {
      if (run.abortRequested) return stopAll();
      const index = next++;
      const inputText = JSON.stringify(plan.inputs[index].input ?? null);
      const child = deps.startChild(randomUUID(), inputText, run.mapRunArn);
      running.add(child.executionArn);
      run.children[index].status = 'RUNNING';
      await child.done;
      running.delete(child.executionArn);
      run.children[index].status = child.status;
      results[index] = { ...child, stopDate: child.stopDate ?? Date.now(), input: inputText };
      if (run.abortRequested || exceedsTolerance(failedItems(run), plan.totalItems, plan.tolerance)) stopAll();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.concurrency, plan.inputs.length)) }, worker));
  return results;
}

/** Writes the result files and answers the Map's result: where the manifest is. */
async function writeResults(
  deps: MapRunDeps,
  writer: NonNullable<DistributedMapConfig['resultWriter']>,
  run: MapRun,
  children: (ChildResult | undefined)[],
  { input, context }: MapRunPayload,
): Promise<unknown> {
  const { Bucket, Prefix } = applyTemplate(writer.parameters, input, context) as { Bucket?: unknown; Prefix?: unknown };
  if (typeof Bucket !== 'string') throw new MapRunError('States.ResultWriterFailed', 'ResultWriter.Parameters must give a Bucket');
  if (!deps.store) throw new MapRunError('States.ResultWriterFailed', 'The local Step Functions was started without S3 access');
  const closed = children.filter((c): c is ChildResult => c !== undefined);
  const objects = resultObjects(Bucket, typeof Prefix === 'string' ? Prefix : '', run.mapRunArn, closed);
  for (const object of objects) {
    await deps.store.putObject(Bucket, object.key, object.body).catch((error: Error) => {
      throw new MapRunError('States.ResultWriterFailed', `s3:putObject s3://${Bucket}/${object.key} failed: ${error.message}`);
    });
  }
  run.resultsWritten = children.reduce((sum, c, index) => sum + (c === undefined ? 0 : run.children[index].items), 0);
  return resultWriterOutput(Bucket, run.mapRunArn, objects[objects.length - 1].key);
}

/** Closes the run as failed or aborted and throws the error the Map state fails with. */
function fail(run: MapRun, status: 'FAILED' | 'ABORTED', failure: { error: string; cause: string }): never {
  run.status = status;
  run.stopDate = Date.now();
  run.error = failure.error;
  run.cause = failure.cause;
  throw new MapRunError(failure.error, failure.cause);
}
