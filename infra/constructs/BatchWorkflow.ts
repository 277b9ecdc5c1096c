import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import { lambdaTask, retryTransientFailures } from './task-retries.ts';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { CHUNKS_MISPLACED } from '../../functions/lib/batch/errors.ts';
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
 * Plan reads nothing and writes one manifest object: it takes well under a second, so a Plan still running after a
 * minute is stuck (a hung connection), and retrying it early is safe.
 */
const PLAN_TIMEOUT_SECONDS = 60;

/** Plan's output (functions/lib/jobs/types.ts PlanOutput) as it is kept in the state, under `$.plan`. */
const PLAN_OUTPUT_FIELDS = ['bucket', 'chunksKey', 'rescoreKey', 'chunks', 'chunkBytes'] satisfies (keyof PlanOutput)[];

/** An Express execution runs at most 5 minutes (AWS Step Functions quotas); the chunk's child is one. */
export const EXPRESS_EXECUTION_SECONDS = 300;

/** ScoreChunk's attempts in its child execution: retryTransientFailures' first try and its 3 retries. */
const SCORE_ATTEMPTS = 4;

/**
 * ScoreChunk's task timeout inside its Express child: all attempts, with retryTransientFailures' backoff (at most
 * 2 + 4 + 8 s), must end within the Express limit, or the child would be cut off mid-retry. A chunk of the default
 * 32 MiB takes a few seconds, so even the largest (200 MiB, infra/config.ts) has ample headroom.
 */
export function scoreChunkTimeoutSeconds(functionTimeoutSeconds: number): number {
  const backoff = 2 + 4 + 8;
  return Math.min(functionTimeoutSeconds, Math.floor((EXPRESS_EXECUTION_SECONDS - backoff) / SCORE_ATTEMPTS));
}

/**
 * The whole execution's ceiling (a Standard execution could otherwise run for a year): Plan with its retries, then
 * the largest plan (MAX_CHUNKS chunks, `mapConcurrency` at a time, each child at the Express limit), twice (the
 * re-score of misplaced chunks), then the Finalize states and MarkFailed at the function timeout. Real chunks take
 * a small part of that, so a job that reaches this bound is stuck, never merely large.
 */
export function workflowTimeoutSeconds(functionTimeoutSeconds: number, mapConcurrency: number): number {
  const plan = 4 * (Math.min(PLAN_TIMEOUT_SECONDS, functionTimeoutSeconds) + 30);
  const waves = Math.ceil(MAX_CHUNKS / mapConcurrency);
  return plan + 2 * waves * EXPRESS_EXECUTION_SECONDS + 3 * functionTimeoutSeconds;
}

/**
 * Plan → ScoreChunks (a Distributed Map over Plan's chunk manifest) → Finalize; chunks Finalize finds misplaced →
 * RescoreChunks (over Finalize's re-score manifest) → FinalizeRescored; any failure → MarkFailed → Failed.
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
    const scoreChunks = this.chunkMap('ScoreChunks', 'ScoreChunk', '$.plan.chunksKey', '$.results', props).addCatch(markFailed, onError);
    const rescoreChunks = this.chunkMap('RescoreChunks', 'RescoreChunk', '$.plan.rescoreKey', '$.rescored', props).addCatch(
      markFailed,
      onError,
    );
    const finalizeTask = (id: string, rescored: boolean) =>
      lambdaTask(this, id, fn, {
        payload: sfn.TaskInput.fromObject({
          task: 'finalize',
          job: sfn.JsonPath.objectAt('$.job'),
          plan: sfn.JsonPath.objectAt('$.plan'),
          results: sfn.JsonPath.objectAt('$.results'),
          ...(rescored ? { rescored: sfn.JsonPath.objectAt('$.rescored') } : {}),
        }),
        outputPath: '$.Payload',
      }).addRetry(OUTPUT_KEY_BUSY);
    const finalize = finalizeTask('Finalize', false);
    // Catchers are tried in order: misplaced chunks are scored again; everything else marks the job failed. After
    // the re-score, FinalizeRescored fails the job if a chunk is still misplaced, so there is no loop.
    finalize.addCatch(rescoreChunks, { errors: [CHUNKS_MISPLACED], resultPath: '$.misplaced' });
    finalize.addCatch(markFailed, onError);
    rescoreChunks.next(finalizeTask('FinalizeRescored', true).addCatch(markFailed, onError));
    return plan.next(scoreChunks).next(finalize);
  }

  /** A Distributed Map of ScoreChunk over a chunk manifest in S3 (the key at `keyPath`), results to S3. */
  private chunkMap(id: string, taskId: string, keyPath: string, resultPath: string, props: BatchWorkflowProps): sfn.DistributedMap {
    const map = new sfn.DistributedMap(this, id, {
      itemReader: new sfn.S3JsonItemReader({ bucket: props.outputBucket, key: sfn.JsonPath.stringAt(keyPath) }),
      itemSelector: { task: 'score-chunk', job: sfn.JsonPath.objectAt('$.job'), chunk: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: props.mapConcurrency,
      mapExecutionType: sfn.StateMachineType.EXPRESS,
      resultWriterV2: new sfn.ResultWriterV2({ bucket: props.outputBucket, prefix: MAP_RESULTS_PREFIX }),
      resultPath,
    });
    // ScoreChunk retries itself; its permanent failure fails its child, and so the map run (no failure tolerated).
    const timeout = sfn.Timeout.duration(Duration.seconds(scoreChunkTimeoutSeconds(props.functionTimeoutSeconds)));
    map.itemProcessor(
      retryTransientFailures(
        lambdaTask(this, taskId, props.function, {
          payload: sfn.TaskInput.fromJsonPathAt('$'),
          outputPath: '$.Payload',
          taskTimeout: timeout,
        }),
      ),
    );
    return map;
  }
}
