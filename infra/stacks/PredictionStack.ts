import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { readStackConfig } from '../config.ts';
import type { StackConfig } from '../config.ts';
import {
  BatchWorkflow,
  DataBuckets,
  ExperimentWorkflow,
  ImageFunction,
  JobSafetyNet,
  JobTables,
  ModelStore,
  Monitoring,
  PredictionApi,
} from '../constructs/index.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/lib/metrics/names.ts';
import { stateMachineName } from '../names.ts';
import { deletableOutputPatterns } from '../../functions/lib/jobs/output-keys.ts';
import { addNagSuppressions } from './nag-suppressions.ts';

/**
 * The batch tasks stream tens of MB per invocation through Node's socket reads (ranged GETs of the input, the
 * SHA-256 read-back of the outputs): a new 64 KiB buffer each, freed in bulk by the GC. glibc hands freed memory at
 * the top of its heap back to the kernel past 128 KiB, so every later buffer faults its pages in again (~12k page
 * faults per 51 MB read). Keeping 64 MiB (glibc's `M_TOP_PAD`, read from the environment at process start) ends
 * that: the faults of a 51 MB read fell from ~12k to under 1k, and a 1M-row job's CPU by 2–5 % (26 alternating
 * pairs: medians −2.1 % CPU, −0.3 % wall; each pair's own ratio −4.8 % CPU, −7.2 % wall; `node
 * bench/batch-throughput.ts --runs 26 --compare MALLOC_TOP_PAD_=,67108864`), at up to 64 MiB of the function's memory held.
 */
export const TASK_MALLOC_ENVIRONMENT = { MALLOC_TOP_PAD_: String(64 * 1024 * 1024) } as const;

export interface PredictionStackProps extends StackProps {
  /** Test hook: image code that needs no build context. */
  imageCode?: lambda.DockerImageCode;
}

/**
 * The whole service: one container image run as two functions — `apiHandler` behind API Gateway, `handler` for S3
 * notifications and both Step Functions workflows — each with its own reserved concurrency, so a burst of batch
 * chunks can never take the concurrency /predict needs, and batch can never grow past its share.
 */
export class PredictionStack extends Stack {
  readonly config: StackConfig;
  /** Batch ingest (S3), workflow tasks and experiment probes. */
  readonly handler: ImageFunction;
  /** The sync API: predict, experiment start, job status. */
  readonly apiHandler: ImageFunction;
  readonly buckets: DataBuckets;
  readonly models: ModelStore;
  readonly tables: JobTables;
  readonly batch: BatchWorkflow;
  readonly experiment: ExperimentWorkflow;
  readonly safetyNet: JobSafetyNet;
  readonly api: PredictionApi;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: PredictionStackProps = {}) {
    super(scope, id, props);
    const config = readStackConfig(this.node);
    this.config = config;
    const removalPolicy = config.dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = toRetentionDays(config.logRetentionDays);
    this.buckets = new DataBuckets(this, 'Data', { dev: config.dev });
    this.models = new ModelStore(this, 'Models', { dev: config.dev });
    this.tables = new JobTables(this, 'Tables', { dev: config.dev });
    // State machine ARNs are built from fixed names: the function needs them, and the state machines need the
    // function's ARN — referencing the resources both ways would be a circular dependency.
    const batchName = stateMachineName(this.stackName, 'batch');
    const experimentName = stateMachineName(this.stackName, 'experiment');
    const batchArn = this.stateMachineArn(batchName);
    const experimentArn = this.stateMachineArn(experimentName);
    const functionProps = {
      memorySize: config.memorySize,
      timeout: Duration.seconds(config.timeoutSeconds),
      logRetention,
      removalPolicy,
      tracing: config.tracing,
      code: props.imageCode,
      environment: {
        INPUT_BUCKET: this.buckets.input.bucketName,
        OUTPUT_BUCKET: this.buckets.output.bucketName,
        MODEL_BUCKET: this.models.bucket.bucketName,
        JOBS_TABLE: this.tables.jobs.tableName,
        PROBES_TABLE: this.tables.probes.tableName,
        BATCH_STATE_MACHINE_ARN: batchArn,
        EXPERIMENT_STATE_MACHINE_ARN: experimentArn,
        CHUNK_TARGET_BYTES: String(config.chunkTargetBytes),
        MAP_CONCURRENCY: String(config.mapConcurrency),
        POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    };
    this.handler = new ImageFunction(this, 'Prediction', {
      ...functionProps,
      environment: { ...functionProps.environment, ...TASK_MALLOC_ENVIRONMENT },
      reservedConcurrency: config.taskReservedConcurrency,
    });
    this.apiHandler = new ImageFunction(this, 'ApiHandler', { ...functionProps, reservedConcurrency: config.apiReservedConcurrency });
    const fn = this.handler.function;
    const common = { function: fn, logRetention, removalPolicy, tracing: config.tracing };
    this.batch = new BatchWorkflow(this, 'Batch', {
      ...common,
      stateMachineName: batchName,
      outputBucket: this.buckets.output,
      mapConcurrency: config.mapConcurrency,
      functionTimeoutSeconds: config.timeoutSeconds,
      timeoutSeconds: config.batchTimeoutSeconds,
    });
    this.safetyNet = new JobSafetyNet(this, 'SafetyNet', {
      function: fn,
      stateMachineArn: batchArn,
      stateMachineName: batchName,
      jobsTableArn: this.tables.jobs.tableArn,
      reconcileEvery: Duration.minutes(config.reconcileMinutes),
    });
    this.experiment = new ExperimentWorkflow(this, 'Experiment', { ...common, stateMachineName: experimentName });
    this.api = new PredictionApi(this, 'Api', {
      ...common,
      function: this.apiHandler.function,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      experimentRateLimit: config.experimentRateLimit,
      experimentBurstLimit: config.experimentBurstLimit,
      createAccountLogRole: config.apiCloudWatchRole,
      auth: config.auth,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: { Api: this.apiHandler.function, Tasks: fn },
      failureQueues: { SafetyNetDeadLetters: this.safetyNet.deadLetters },
      alarmTarget: { topicArn: config.alarmTopicArn, email: config.alarmEmail },
    });
    this.grantTasks(fn, batchArn);
    this.grantApi(this.apiHandler.function, experimentArn);
    // Ingest resolves a job's model, score-chunk loads it, /predict?model= serves it: all read, none write.
    this.models.grantRead(fn);
    this.models.grantRead(this.apiHandler.function);
    this.notifyOnUploads(fn);
    this.addOutputs();
    addNagSuppressions(this);
  }

  private stateMachineArn(name: string): string {
    return this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /**
   * Exactly the calls the batch handlers make (functions/: grep `Command(`), on the resources they make them on:
   * - input objects: HeadObject and GetObject (s3:GetObject), ranged GETs pinned to the job's VersionId
   *   (s3:GetObjectVersion);
   * - output objects: GetObject/HeadObject/copy sources (s3:GetObject), PutObject and multipart uploads and
   *   UploadPartCopy (s3:PutObject), AbortMultipartUpload, and DeleteObject(s) only where handlers delete: the job's
   *   temp prefix and the scored/errors outputs a failed job wrote (mark-failed);
   * - ListBucket on both buckets: ListObjectsV2 of a job's temp prefix, and without it S3 answers a missing key with
   *   403 instead of the 404 (NoSuchKey/NotFound) the handlers branch on;
   * - Jobs: PutItem, GetItem, UpdateItem (JobStore); Probes: PutItem (record-probe); StartExecution of the batch workflow,
   *   ListMapRuns and GetExecutionHistory of its executions.
   */
  private grantTasks(fn: lambda.IFunction, batchArn: string): void {
    const { input, output } = this.buckets;
    const allow = (actions: string[], resources: string[]) => fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    allow(['s3:GetObject', 's3:GetObjectVersion'], [input.arnForObjects('*')]);
    allow(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], [output.arnForObjects('*')]);
    allow(
      ['s3:DeleteObject'],
      deletableOutputPatterns().map((pattern) => output.arnForObjects(pattern)),
    );
    allow(['s3:ListBucket'], [input.bucketArn, output.bucketArn]);
    allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [this.tables.jobs.tableArn]);
    allow(['dynamodb:PutItem'], [this.tables.probes.tableArn]);
    allow(['states:StartExecution'], [batchArn]);
    // MarkFailed reads a failed chunk's error from its execution's map runs (functions/lib/jobs/lifecycle/failed-chunk.ts).
    allow(['states:ListMapRuns'], [`${batchArn.replace(':stateMachine:', ':execution:')}:*`]);
    // Finalize counts the job's state transitions from its execution's history (functions/lib/billing/state-transitions.ts).
    allow(['states:GetExecutionHistory'], [`${batchArn.replace(':stateMachine:', ':execution:')}:*`]);
  }

  /** The API handlers: GET /jobs/{id} reads a job (GetItem), POST /experiment starts the experiment workflow. */
  private grantApi(fn: lambda.IFunction, experimentArn: string): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [this.tables.jobs.tableArn] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [experimentArn] }));
  }

  /**
   * One rule for every ObjectCreated of the input bucket, no suffix filter: the function starts a job only for the
   * suffixes of functions/lib/jobs/input-format.ts, in any letter case, and ignores other keys. S3's suffix filters
   * are case-sensitive and a bucket takes at most 100 notification configurations (S3 quotas), while the accepted
   * suffixes have 1,008 spellings (`.ndjson.gz` alone 512): one filter rule per spelling no longer fits.
   */
  private notifyOnUploads(fn: lambda.IFunction): void {
    this.buckets.input.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn));
  }

  private addOutputs(): void {
    const outputs: Record<string, string> = {
      ApiUrl: this.api.api.url,
      InputBucketName: this.buckets.input.bucketName,
      OutputBucketName: this.buckets.output.bucketName,
      ModelBucketName: this.models.bucket.bucketName,
      JobsTableName: this.tables.jobs.tableName,
      ProbesTableName: this.tables.probes.tableName,
      BatchStateMachineArn: this.batch.stateMachine.stateMachineArn,
      ExperimentStateMachineArn: this.experiment.stateMachine.stateMachineArn,
    };
    if (this.api.apiKey) outputs.ApiKeyId = this.api.apiKey.keyId;
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });
  }
}

function toRetentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is logs.RetentionDays => typeof v === 'number');
  const match = allowed.filter((v) => v >= days).sort((a, b) => a - b)[0];
  // CloudWatch accepts only fixed retention values: round up to the next one.
  return match ?? logs.RetentionDays.TEN_YEARS;
}
