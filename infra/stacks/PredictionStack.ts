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
import { BatchWorkflow, DataBuckets, ExperimentWorkflow, ImageFunction, JobTables, PredictionApi } from '../constructs/index.ts';
import { stateMachineName } from '../names.ts';
import { addNagSuppressions } from './nag-suppressions.ts';

export interface PredictionStackProps extends StackProps {
  /** Test hook: image code that needs no build context. */
  imageCode?: lambda.DockerImageCode;
}

/** The whole service: one image function behind API Gateway, S3 notifications and two Step Functions workflows. */
export class PredictionStack extends Stack {
  readonly config: StackConfig;
  readonly handler: ImageFunction;
  readonly buckets: DataBuckets;
  readonly tables: JobTables;
  readonly batch: BatchWorkflow;
  readonly experiment: ExperimentWorkflow;
  readonly api: PredictionApi;

  constructor(scope: Construct, id: string, props: PredictionStackProps = {}) {
    super(scope, id, props);
    const config = readStackConfig(this.node);
    this.config = config;
    const removalPolicy = config.dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = toRetentionDays(config.logRetentionDays);
    this.buckets = new DataBuckets(this, 'Data', { dev: config.dev });
    this.tables = new JobTables(this, 'Tables', { dev: config.dev });
    // State machine ARNs are built from fixed names: the function needs them, and the state machines need the
    // function's ARN — referencing the resources both ways would be a circular dependency.
    const batchName = stateMachineName(this.stackName, 'batch');
    const experimentName = stateMachineName(this.stackName, 'experiment');
    const batchArn = this.stateMachineArn(batchName);
    const experimentArn = this.stateMachineArn(experimentName);
    this.handler = new ImageFunction(this, 'Prediction', {
      memorySize: config.memorySize,
      timeout: Duration.seconds(config.timeoutSeconds),
      logRetention,
      removalPolicy,
      tracing: config.tracing,
      code: props.imageCode,
      environment: {
        OUTPUT_BUCKET: this.buckets.output.bucketName,
        JOBS_TABLE: this.tables.jobs.tableName,
        PROBES_TABLE: this.tables.probes.tableName,
        BATCH_STATE_MACHINE_ARN: batchArn,
        EXPERIMENT_STATE_MACHINE_ARN: experimentArn,
        CHUNK_TARGET_BYTES: String(config.chunkTargetBytes),
        MAP_CONCURRENCY: String(config.mapConcurrency),
        POWERTOOLS_SERVICE_NAME: 'prediction',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    const fn = this.handler.function;
    const common = { function: fn, logRetention, removalPolicy, tracing: config.tracing };
    this.batch = new BatchWorkflow(this, 'Batch', { ...common, stateMachineName: batchName, mapConcurrency: config.mapConcurrency });
    this.experiment = new ExperimentWorkflow(this, 'Experiment', { ...common, stateMachineName: experimentName });
    this.api = new PredictionApi(this, 'Api', {
      ...common,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
    });
    this.grantFunction(fn, [batchArn, experimentArn]);
    this.buckets.input.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { suffix: '.csv' });
    this.addOutputs();
    addNagSuppressions(this);
  }

  private stateMachineArn(name: string): string {
    return this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  private grantFunction(fn: lambda.IFunction, stateMachineArns: string[]): void {
    this.buckets.input.grantRead(fn);
    this.buckets.output.grantReadWrite(fn);
    this.tables.jobs.grantReadWriteData(fn);
    this.tables.probes.grantReadWriteData(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: stateMachineArns }));
  }

  private addOutputs(): void {
    const outputs: Record<string, string> = {
      ApiUrl: this.api.api.url,
      InputBucketName: this.buckets.input.bucketName,
      OutputBucketName: this.buckets.output.bucketName,
      JobsTableName: this.tables.jobs.tableName,
      ProbesTableName: this.tables.probes.tableName,
      BatchStateMachineArn: this.batch.stateMachine.stateMachineArn,
      ExperimentStateMachineArn: this.experiment.stateMachine.stateMachineArn,
    };
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });
  }
}

function toRetentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is logs.RetentionDays => typeof v === 'number');
  const match = allowed.filter((v) => v >= days).sort((a, b) => a - b)[0];
  // CloudWatch accepts only fixed retention values: round up to the next one.
  return match ?? logs.RetentionDays.TEN_YEARS;
}
