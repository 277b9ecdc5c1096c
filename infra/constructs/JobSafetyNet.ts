import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface JobSafetyNetProps {
  /** The batch function: S3 invokes it asynchronously, and it ends the jobs these rules report. */
  function: lambda.IFunction;
  /** The batch workflow's ARN and name (built from the fixed name the stack gives it). */
  stateMachineArn: string;
  stateMachineName: string;
  /** The Jobs table: reconcile-jobs scans it for unfinished jobs. */
  jobsTableArn: string;
  /** How often reconcile-jobs runs. Default 60 minutes. */
  reconcileEvery?: Duration;
  /** Lambda's own retries of a failed asynchronous invoke (0–2). Default 2, Lambda's maximum. */
  retryAttempts?: number;
  /** How long an S3 event may wait in Lambda's queue before it is given up on. Default 6 h, Lambda's maximum. */
  maxEventAge?: Duration;
}

/** Step Functions' event when an execution changes status (source `aws.states`; best-effort delivery). */
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';
/** Lambda's failure-destination event on EventBridge (source `lambda`). */
export const INVOCATION_FAILURE = 'Lambda Function Invocation Result - Failure';
/** Every way an execution can close without SUCCEEDED. */
export const UNSUCCESSFUL_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * Nothing lost, nothing stranded: the events AWS emits when a batch job ends outside the workflow's own Catch are
 * routed back to the batch function, which ends the job FAILED with a summary (functions/lib/jobs/lifecycle/fail-job.ts).
 * - S3 invokes the function asynchronously: after Lambda's retries the event would be dropped. The invoke config
 *   sends the failure record to EventBridge's default bus (the `lambda` failure event), where `IngestFailed` routes
 *   the records of S3 events to the function. EventBridge rather than SQS: the status-change rule needs the bus
 *   anyway, and one delivery path (rule → async invoke) serves both.
 * - `ExecutionEnded`: the workflow's executions closing FAILED, TIMED_OUT or ABORTED.
 * - `ReconcileJobs`: a schedule that runs functions/reconcile-jobs.ts — what the events above cannot catch (a lost
 *   status-change event: EventBridge delivers Step Functions' best-effort; an object whose event never made a job;
 *   on the local stack, executions lost with a restart) is re-driven or ended there.
 * - Each target retries for 24 h and then puts the event in the `DeadLetters` queue; a safety-net invocation that
 *   itself fails on every attempt is sent there too (`SafetyNetFailed`), never back to itself. The stack alarms on
 *   any message in the queue (Monitoring's failure queues): a job there may still say PENDING or RUNNING.
 */
export class JobSafetyNet extends Construct {
  readonly deadLetters: sqs.Queue;
  readonly executionEnded: events.Rule;
  readonly ingestFailed: events.Rule;
  readonly safetyNetFailed: events.Rule;
  readonly reconcileJobs: events.Rule;
  readonly asyncInvoke: lambda.EventInvokeConfig;

  constructor(scope: Construct, id: string, props: JobSafetyNetProps) {
    super(scope, id);
    const fn = props.function;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    this.asyncInvoke = new lambda.EventInvokeConfig(this, 'AsyncInvoke', {
      function: fn,
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: props.maxEventAge ?? Duration.hours(6),
      onFailure: new destinations.EventBridgeDestination(),
    });
    const target = new targets.LambdaFunction(fn, {
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
      deadLetterQueue: this.deadLetters,
    });
    this.executionEnded = new events.Rule(this, 'ExecutionEnded', {
      description: 'Ends a batch job whose execution closed without the workflow ending it',
      eventPattern: {
        source: ['aws.states'],
        detailType: [EXECUTION_STATUS_CHANGE],
        detail: { stateMachineArn: [props.stateMachineArn], status: UNSUCCESSFUL_STATUSES },
      },
      targets: [target],
    });
    // The failure record names the invoked function qualified by its version (`...:function:name:$LATEST`).
    const failureOf = (requestPayload: Record<string, unknown>): events.EventPattern => ({
      source: ['lambda'],
      detailType: [INVOCATION_FAILURE],
      detail: { requestContext: { functionArn: events.Match.prefix(`${fn.functionArn}:`) }, requestPayload },
    });
    this.ingestFailed = new events.Rule(this, 'IngestFailed', {
      description: 'Ends the job of an S3 event the batch function failed to ingest on every attempt',
      eventPattern: failureOf({ Records: { eventSource: ['aws:s3'] } }),
      targets: [target],
    });
    // A reconcile run (`aws.events`) that fails on every attempt lands there too: the alarm says the schedule is broken.
    this.safetyNetFailed = new events.Rule(this, 'SafetyNetFailed', {
      description: 'Keeps the events the safety net itself failed to handle',
      eventPattern: failureOf({ source: ['aws.states', 'lambda', 'aws.events'] }),
      targets: [new targets.SqsQueue(this.deadLetters, { retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
    // Cost per run: a Scan of the Jobs table (it reads every item whatever the filter), one ListObjectsV2 per 1000 keys
    // of the input bucket, and a HeadObject plus a GetItem per .csv key (functions/lib/jobs/reconcile/input-objects.ts).
    this.reconcileJobs = new events.Rule(this, 'ReconcileJobs', {
      description: 'Re-drives batch jobs whose workflow is gone and uploads whose event never made a job',
      schedule: events.Schedule.rate(props.reconcileEvery ?? Duration.minutes(60)),
      targets: [target],
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.jobsTableArn] }));
    // The ingest-failure and reconcile handlers check whether the ingest started the workflow (deterministic name).
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution'],
        resources: [`${props.stateMachineArn.replace(':stateMachine:', ':execution:')}:*`],
      }),
    );
  }
}
