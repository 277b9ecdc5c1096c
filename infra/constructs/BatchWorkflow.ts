import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaTask, retryTransientFailures } from './lambda-task.ts';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { serviceLogGroup, stateMachineLogGroupName, type LogGroupProps } from './log-group.ts';

export interface BatchWorkflowProps extends LogGroupProps {
  function: lambda.IFunction;
  stateMachineName: string;
  mapConcurrency: number;
  /** The function's timeout: a task timeout is only useful below it. */
  functionTimeoutSeconds: number;
  tracing?: boolean;
}

/**
 * Plan reads one small range per chunk boundary (at most MAX_CHUNKS of them) and writes nothing but a probe record:
 * it takes seconds, so a Plan still running after a minute is stuck (a hung connection), and retrying it early is
 * safe. ScoreChunk gets no task timeout below the function's: its run time grows with the chunk, and a second
 * attempt started while the first still runs would only race it for the same temp keys.
 */
export const PLAN_TIMEOUT_SECONDS = 60;

/**
 * The whole execution's ceiling (a Standard execution could otherwise run for a year): Plan with its retries, then
 * the largest plan (MAX_CHUNKS chunks, `mapConcurrency` at a time) with every chunk running the full function
 * timeout, then Finalize and MarkFailed likewise. Real chunks take a small part of the function timeout, so a
 * job that reaches this bound is stuck, never merely large; retries of a few chunks fit in that slack.
 */
export function workflowTimeoutSeconds(functionTimeoutSeconds: number, mapConcurrency: number): number {
  const plan = 4 * (Math.min(PLAN_TIMEOUT_SECONDS, functionTimeoutSeconds) + 30);
  const waves = Math.ceil(MAX_CHUNKS / mapConcurrency);
  return plan + waves * functionTimeoutSeconds + 2 * functionTimeoutSeconds;
}

/** Plan → Map(ScoreChunk) → Finalize; any failure → MarkFailed → Failed. Payloads per docs/architecture.md. */
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
      timeout: Duration.seconds(workflowTimeoutSeconds(props.functionTimeoutSeconds, props.mapConcurrency)),
      tracingEnabled: props.tracing ?? false,
    });
  }

  private definition(props: BatchWorkflowProps): sfn.IChainable {
    const fn = props.function;
    const failed = new sfn.Fail(this, 'Failed', { error: 'JobFailed', cause: 'See the job record and summary.json' });
    const markFailed = lambdaTask(this, 'MarkFailed', fn, {
      payload: sfn.TaskInput.fromObject({ task: 'mark-failed', job: sfn.JsonPath.objectAt('$.job'), error: sfn.JsonPath.objectAt('$.error') }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    // If marking itself fails, still end in Failed (the summary may be missing; the job record says RUNNING).
    markFailed.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.markFailedError' }).next(failed);
    const onError = { errors: ['States.ALL'], resultPath: '$.error' };

    const plan = retryTransientFailures(lambdaTask(this, 'Plan', fn, {
      payload: sfn.TaskInput.fromObject({ task: 'plan', job: sfn.JsonPath.objectAt('$.job') }),
      resultSelector: { chunks: sfn.JsonPath.objectAt('$.Payload.chunks') },
      resultPath: '$.plan',
      taskTimeout: sfn.Timeout.duration(Duration.seconds(Math.min(PLAN_TIMEOUT_SECONDS, props.functionTimeoutSeconds))),
    })).addCatch(markFailed, onError);
    const scoreChunks = new sfn.Map(this, 'ScoreChunks', {
      itemsPath: '$.plan.chunks',
      itemSelector: { task: 'score-chunk', job: sfn.JsonPath.objectAt('$.job'), chunk: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: props.mapConcurrency,
      resultPath: '$.results',
    });
    // ScoreChunk retries itself; its permanent failure is caught on the Map (a Catch inside cannot leave the Map).
    scoreChunks.itemProcessor(retryTransientFailures(
      lambdaTask(this, 'ScoreChunk', fn, { payload: sfn.TaskInput.fromJsonPathAt('$'), outputPath: '$.Payload' })));
    scoreChunks.addCatch(markFailed, onError);
    const finalize = lambdaTask(this, 'Finalize', fn, {
      payload: sfn.TaskInput.fromObject({ task: 'finalize', job: sfn.JsonPath.objectAt('$.job'), results: sfn.JsonPath.objectAt('$.results') }),
      outputPath: '$.Payload',
    }).addCatch(markFailed, onError);
    return plan.next(scoreChunks).next(finalize);
  }
}
