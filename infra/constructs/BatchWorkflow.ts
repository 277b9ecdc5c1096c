import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaTask, retryTransientFailures } from './task-retries.ts';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { CHUNK_CUT_INSIDE_RECORD } from '../../functions/lib/batch/errors.ts';
import { serviceLogGroup, stateMachineLogGroupName, type LogGroupProps } from './log-group.ts';

export interface BatchWorkflowProps extends LogGroupProps {
  function: lambda.IFunction;
  stateMachineName: string;
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
 * Plan reads one small range per chunk boundary (at most MAX_CHUNKS of them) and writes nothing but a probe record:
 * it takes seconds, so a Plan still running after a minute is stuck (a hung connection), and retrying it early is
 * safe. ScoreChunk gets no task timeout below the function's: its run time grows with the chunk, and a second
 * attempt started while the first still runs would only race it for the same temp keys.
 */
const PLAN_TIMEOUT_SECONDS = 60;

/**
 * The whole execution's ceiling (a Standard execution could otherwise run for a year): Plan with its retries, then
 * the largest plan (MAX_CHUNKS chunks, `mapConcurrency` at a time) with every chunk running the full function
 * timeout, then Finalize and MarkFailed likewise. Real chunks take a small part of the function timeout, so a
 * job that reaches this bound is stuck, never merely large; retries of a few chunks fit in that slack.
 */
function workflowTimeoutSeconds(functionTimeoutSeconds: number, mapConcurrency: number): number {
  const plan = 4 * (Math.min(PLAN_TIMEOUT_SECONDS, functionTimeoutSeconds) + 30);
  const waves = Math.ceil(MAX_CHUNKS / mapConcurrency);
  return plan + waves * functionTimeoutSeconds + 2 * functionTimeoutSeconds;
}

/**
 * Plan → Map(ScoreChunk) → Finalize; presumed cuts refused by Finalize → PlanExactCuts → Map again; any failure →
 * MarkFailed → Failed. Payloads per docs/architecture.md.
 */
export class BatchWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BatchWorkflowProps) {
    super(scope, id);
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
      }),
      resultPath: sfn.JsonPath.DISCARD,
    }).addRetry(OUTPUT_KEY_BUSY);
    // If marking itself fails, still end in Failed: the execution status change then ends the job (JobSafetyNet).
    markFailed.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.markFailedError' }).next(failed);
    const onError = { errors: ['States.ALL'], resultPath: '$.error' };

    // Plan, and PlanExactCuts: the repair when Plan's presumed cuts fell inside a record (a quoted field longer than
    // its windows): plan from the whole object's quote parity and score again. Finalize never refuses exact cuts
    // this way, so there is no loop.
    const planTask = (id: string, exactCuts: boolean) =>
      retryTransientFailures(
        lambdaTask(this, id, fn, {
          payload: sfn.TaskInput.fromObject({
            task: 'plan',
            job: sfn.JsonPath.objectAt('$.job'),
            ...(exactCuts ? { exactCuts: true } : {}),
          }),
          resultSelector: { chunks: sfn.JsonPath.objectAt('$.Payload.chunks'), exactCuts: sfn.JsonPath.objectAt('$.Payload.exactCuts') },
          resultPath: '$.plan',
          taskTimeout: sfn.Timeout.duration(Duration.seconds(Math.min(PLAN_TIMEOUT_SECONDS, props.functionTimeoutSeconds))),
        }),
      ).addCatch(markFailed, onError);
    const plan = planTask('Plan', false);
    const planExactCuts = planTask('PlanExactCuts', true);
    const scoreChunks = new sfn.Map(this, 'ScoreChunks', {
      itemsPath: '$.plan.chunks',
      itemSelector: { task: 'score-chunk', job: sfn.JsonPath.objectAt('$.job'), chunk: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: props.mapConcurrency,
      resultPath: '$.results',
    });
    // ScoreChunk retries itself; its permanent failure is caught on the Map (a Catch inside cannot leave the Map).
    scoreChunks.itemProcessor(
      retryTransientFailures(lambdaTask(this, 'ScoreChunk', fn, { payload: sfn.TaskInput.fromJsonPathAt('$'), outputPath: '$.Payload' })),
    );
    scoreChunks.addCatch(markFailed, onError);
    const finalize = lambdaTask(this, 'Finalize', fn, {
      payload: sfn.TaskInput.fromObject({
        task: 'finalize',
        job: sfn.JsonPath.objectAt('$.job'),
        results: sfn.JsonPath.objectAt('$.results'),
        chunks: sfn.JsonPath.objectAt('$.plan.chunks'),
        exactCuts: sfn.JsonPath.objectAt('$.plan.exactCuts'),
      }),
      outputPath: '$.Payload',
    }).addRetry(OUTPUT_KEY_BUSY);
    // Catchers are tried in order: the cut repair first, everything else marks the job failed.
    finalize.addCatch(planExactCuts, { errors: [CHUNK_CUT_INSIDE_RECORD], resultPath: '$.presumedCutsRefused' });
    finalize.addCatch(markFailed, onError);
    planExactCuts.next(scoreChunks);
    return plan.next(scoreChunks).next(finalize);
  }
}
