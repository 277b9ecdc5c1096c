import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import { lambdaTask, retryTransientFailures } from './task-retries.ts';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { CHUNKS_MISPLACED, ERRORS_NEED_GROUPS } from '../../functions/lib/batch/errors.ts';
import { MAP_RESULTS_PREFIX } from '../../functions/lib/jobs/output-keys.ts';
import type { PlanOutput } from '../../functions/lib/jobs/types.ts';
import { serviceLogGroup, stateMachineLogGroupName, type LogGroupProps } from './log-group.ts';

export interface BatchWorkflowProps extends LogGroupProps {
  function: lambda.IFunction;
  /** Where Plan writes the chunk manifest and the Map states' ResultWriter writes their results. */
  outputBucket: s3.IBucket;
  stateMachineName: string;
  /** The Distributed Map's MaxConcurrency: child executions (chunks) scored at once. */
  mapConcurrency: number;
  /** The function's timeout: a task timeout is only useful below it. */
  functionTimeoutSeconds: number;
  /** The execution's TimeoutSeconds; default `workflowTimeoutSeconds` of the function timeout and Map concurrency. */
  timeoutSeconds?: number;
  tracing?: boolean;
}

/**
 * The error the output-writing tasks throw while an older job of the same key holds the write lease on its outputs
 * (functions/lib/jobs/errors.ts). The lease ends when its holder releases it or, if the holder died, after 16 min
 * (functions/lib/jobs/newest-wins.ts, LEASE_MS): these retries, 5 s doubling to 640 s (21 min in all), outlast it.
 */
const OUTPUT_KEY_BUSY = { errors: ['OutputKeyBusyError'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 8 };

/**
 * Plan of a plain input reads nothing and writes one manifest object: well under a second. Plan of a gzip input
 * first inflates it into a plain temp object (functions/lib/s3/inflate-object.ts), one pass over the whole file:
 * it gets the function's whole timeout (900 s at most), which bounds the largest gzip input (README, "gzip inputs").
 */
const PLAN_TIMEOUT_SECONDS = 900;

/** What a Map's children do: the task state, the handler's task name, and the payload field that gets the item. */
interface MapItems {
  taskState: string;
  task: string;
  field: string;
}
const CHUNKS: MapItems = { taskState: 'ScoreChunk', task: 'score-chunk', field: 'chunk' };
const RESCORED_CHUNKS: MapItems = { taskState: 'RescoreChunk', task: 'score-chunk', field: 'chunk' };
const ERROR_GROUPS: MapItems = { taskState: 'RenumberErrorGroup', task: 'renumber-errors', field: 'group' };

/** Plan's output (functions/lib/jobs/types.ts PlanOutput) as it is kept in the state, under `$.plan`. */
const PLAN_OUTPUT_FIELDS = [
  'bucket',
  'chunksKey',
  'rescoreKey',
  'errorGroupsKey',
  'chunks',
  'chunkBytes',
  'sourceSize',
] satisfies (keyof PlanOutput)[];

/** An Express execution runs at most 5 minutes (AWS Step Functions quotas); the chunk's child is one. */
export const EXPRESS_EXECUTION_SECONDS = 300;

/** ScoreChunk's attempts in its child execution: retryTransientFailures' first try and its 3 retries. */
const SCORE_ATTEMPTS = 4;

/**
 * ScoreChunk's (and RenumberErrorGroup's) task timeout inside its Express child: all attempts, with retryTransientFailures' backoff (at most
 * 2 + 4 + 8 s), must end within the Express limit, or the child would be cut off mid-retry. A chunk of the default
 * 32 MiB takes a few seconds, so even the largest (200 MiB, infra/config.ts) has ample headroom.
 */
export function scoreChunkTimeoutSeconds(functionTimeoutSeconds: number): number {
  const backoff = 2 + 4 + 8;
  return Math.min(functionTimeoutSeconds, Math.floor((EXPRESS_EXECUTION_SECONDS - backoff) / SCORE_ATTEMPTS));
}

/**
 * The whole execution's ceiling (a Standard execution could otherwise run for a year): Plan with its retries, then
 * the largest plan (MAX_CHUNKS chunks, `mapConcurrency` at a time, each child at the Express limit), three times (the
 * re-score of misplaced chunks, the error groups: at most as many as chunks), then Finalize's three runs and
 * MarkFailed at the function timeout. Real chunks take
 * a small part of that, so a job that reaches this bound is stuck, never merely large.
 */
export function workflowTimeoutSeconds(functionTimeoutSeconds: number, mapConcurrency: number): number {
  const plan = 4 * (Math.min(PLAN_TIMEOUT_SECONDS, functionTimeoutSeconds) + 30);
  const waves = Math.ceil(MAX_CHUNKS / mapConcurrency);
  return plan + 3 * waves * EXPRESS_EXECUTION_SECONDS + 4 * functionTimeoutSeconds;
}

/**
 * Start → Plan → ScoreChunks (a Distributed Map over Plan's chunk manifest) → Finalize; chunks Finalize finds
 * misplaced → RescoreChunks (over Finalize's re-score manifest) → Finalize; more rejected rows than one invocation
 * should stream → RenumberErrors (over Finalize's error groups) → Finalize; any failure → MarkFailed → Failed.
 * Payloads per docs/architecture.md.
 *
 * The Distributed Map, not an inline Map: an inline Map runs at most 40 iterations at once and carries its items
 * and results in the 256 KiB state; the Distributed Map reads items from S3, runs up to 10,000 child executions at
 * once and writes results to S3, so neither the chunk count nor the concurrency is bounded by the state. Children
 * are Express: a chunk is one short Lambda call, billed per request and duration instead of per state transition,
 * and ScoreChunk is idempotent (deterministic temp keys), so Express's at-least-once start is safe.
 */
export class BatchWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BatchWorkflowProps) {
    super(scope, id);
    // CDK renders ResultWriterV2 only under this feature flag; set here, before any child exists, so the workflow
    // never depends on the app's context for its results to be written.
    this.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    this.logGroup = serviceLogGroup(this, 'Logs', { ...props, logGroupName: stateMachineLogGroupName(props.stateMachineName) });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(props)),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      timeout: Duration.seconds(props.timeoutSeconds ?? workflowTimeoutSeconds(props.functionTimeoutSeconds, props.mapConcurrency)),
      tracingEnabled: props.tracing ?? false,
    });
  }

  private definition(props: BatchWorkflowProps): sfn.IChainable {
    const fn = props.function;
    const failed = new sfn.Fail(this, 'Failed', { error: 'JobFailed', cause: 'See the job record and summary.json' });
    const markFailed = lambdaTask(this, 'MarkFailed', fn, {
      payload: sfn.TaskInput.fromObject({
        task: 'mark-failed',
        job: sfn.JsonPath.objectAt('$.job'),
        error: sfn.JsonPath.objectAt('$.error'),
        // A chunk Map's error only says a child failed: MarkFailed finds that child's error from the execution.
        execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    }).addRetry(OUTPUT_KEY_BUSY);
    // If marking itself fails, still end in Failed: the execution status change then ends the job (JobSafetyNet).
    markFailed.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.markFailedError' }).next(failed);
    const onError = { errors: ['States.ALL'], resultPath: '$.error' };

    const plan = retryTransientFailures(
      lambdaTask(this, 'Plan', fn, {
        payload: sfn.TaskInput.fromObject({ task: 'plan', job: sfn.JsonPath.objectAt('$.job') }),
        resultSelector: Object.fromEntries(PLAN_OUTPUT_FIELDS.map((field) => [field, sfn.JsonPath.objectAt(`$.Payload.${field}`)])),
        resultPath: '$.plan',
        taskTimeout: sfn.Timeout.duration(Duration.seconds(Math.min(PLAN_TIMEOUT_SECONDS, props.functionTimeoutSeconds))),
      }),
    ).addCatch(markFailed, onError);
    const scoreChunks = this.itemMap('ScoreChunks', CHUNKS, '$.plan.chunksKey', '$.results', props).addCatch(markFailed, onError);
    const rescoreChunks = this.itemMap('RescoreChunks', RESCORED_CHUNKS, '$.plan.rescoreKey', '$.passes.rescored', props);
    const renumberErrors = this.itemMap('RenumberErrors', ERROR_GROUPS, '$.plan.errorGroupsKey', '$.passes.errorGroups', props);
    const finalize = lambdaTask(this, 'Finalize', fn, {
      payload: sfn.TaskInput.fromObject({
        task: 'finalize',
        job: sfn.JsonPath.objectAt('$.job'),
        plan: sfn.JsonPath.objectAt('$.plan'),
        results: sfn.JsonPath.objectAt('$.results'),
        rescored: sfn.JsonPath.objectAt('$.passes.rescored'),
        errorGroups: sfn.JsonPath.objectAt('$.passes.errorGroups'),
      }),
      outputPath: '$.Payload',
    }).addRetry(OUTPUT_KEY_BUSY);
    // Catchers are tried in order: misplaced chunks are scored again, too many rejected rows are renumbered in
    // parallel, everything else marks the job failed. Each repair comes back to Finalize once: Finalize asks for a
    // re-score only before one ran and for error groups only before they ran (functions/lib/jobs/lifecycle/
    // finalize-job.ts), so it runs at most three times.
    finalize.addCatch(rescoreChunks, { errors: [CHUNKS_MISPLACED], resultPath: '$.misplaced' });
    finalize.addCatch(renumberErrors, { errors: [ERRORS_NEED_GROUPS], resultPath: '$.errorsNeedGroups' });
    finalize.addCatch(markFailed, onError);
    rescoreChunks.addCatch(markFailed, onError).next(finalize);
    renumberErrors.addCatch(markFailed, onError).next(finalize);
    // The repairs' results start out null, so Finalize's payload always resolves.
    const start = new sfn.Pass(this, 'Start', {
      result: sfn.Result.fromObject({ rescored: null, errorGroups: null }),
      resultPath: '$.passes',
    });
    return start.next(plan).next(scoreChunks).next(finalize);
  }

  /** A Distributed Map of one task over a manifest in S3 (the key at `keyPath`), one child per item, results to S3. */
  private itemMap(id: string, items: MapItems, keyPath: string, resultPath: string, props: BatchWorkflowProps): sfn.DistributedMap {
    const map = new sfn.DistributedMap(this, id, {
      itemReader: new sfn.S3JsonItemReader({ bucket: props.outputBucket, key: sfn.JsonPath.stringAt(keyPath) }),
      itemSelector: { task: items.task, job: sfn.JsonPath.objectAt('$.job'), [items.field]: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: props.mapConcurrency,
      mapExecutionType: sfn.StateMachineType.EXPRESS,
      resultWriterV2: new sfn.ResultWriterV2({ bucket: props.outputBucket, prefix: MAP_RESULTS_PREFIX }),
      resultPath,
    });
    // The task retries itself; its permanent failure fails its child, and so the map run (no failure tolerated).
    const timeout = sfn.Timeout.duration(Duration.seconds(scoreChunkTimeoutSeconds(props.functionTimeoutSeconds)));
    map.itemProcessor(
      retryTransientFailures(
        lambdaTask(this, items.taskState, props.function, {
          payload: sfn.TaskInput.fromJsonPathAt('$'),
          outputPath: '$.Payload',
          taskTimeout: timeout,
        }),
      ),
    );
    return map;
  }
}
