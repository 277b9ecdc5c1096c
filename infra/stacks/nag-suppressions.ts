import { Stack, Validations } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { PredictionStack } from './PredictionStack.ts';
import { MODELS_PREFIX } from '../../functions/lib/model-store/keys.ts';
import { deletableOutputPatterns } from '../../functions/lib/jobs/output-keys.ts';

/** Every cdk-nag (AwsSolutions) finding this stack accepts, each with the reason it is accepted. */
export function addNagSuppressions(stack: PredictionStack): void {
  acknowledgeBuckets(stack);
  acknowledgeFunctionPolicy(stack);
  acknowledgeStateMachines(stack);
  acknowledgeSafetyNet(stack);
  acknowledgeApi(stack);
  acknowledgeCdkManagedHandlers(stack);
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

function logicalId(scope: IConstruct): string {
  return Stack.of(scope).getLogicalId(scope.node.defaultChild as CfnResource);
}

function acknowledgeBuckets(stack: PredictionStack): void {
  for (const bucket of [stack.buckets.input, stack.buckets.output, stack.models.bucket]) {
    acknowledge(
      bucket,
      'AwsSolutions-S1',
      'Server access logs would need a third bucket per stack; object-level auditing is left to account-wide CloudTrail data events. ' +
        'Every object written is already traced by a job record and probe records in DynamoDB.',
    );
  }
}

function acknowledgeFunctionPolicy(stack: PredictionStack): void {
  const policy = stack.handler.function.role!.node.findChild('DefaultPolicy');
  for (const bucket of [stack.buckets.input, stack.buckets.output]) {
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/*]`,
      'Object keys are user-chosen; the grant is scoped to the objects of this one bucket.',
    );
  }
  const output = logicalId(stack.buckets.output);
  for (const pattern of deletableOutputPatterns()) {
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::<${output}.Arn>/${pattern}]`,
      "DeleteObject only on the keys the handlers delete: a job's temp objects and the scored/errors outputs a failed job wrote; " +
        'the output keys mirror user-chosen input keys, hence the wildcard.',
    );
  }
  for (const handler of [stack.handler, stack.apiHandler]) {
    acknowledge(
      handler.function.role!.node.findChild('DefaultPolicy'),
      `AwsSolutions-IAM5[Resource::<${logicalId(stack.models.bucket)}.Arn>/${MODELS_PREFIX}*]`,
      "Read-only (GetObject) under the model store's prefix: model names and versions are chosen at publish time.",
    );
  }
  if (stack.config.tracing) {
    for (const handler of [stack.handler, stack.apiHandler]) {
      acknowledge(
        handler.function.role!.node.findChild('DefaultPolicy'),
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray PutTraceSegments/PutTelemetryRecords (added by tracing=true) do not support resource-level permissions.',
      );
    }
  }
}

function acknowledgeStateMachines(stack: PredictionStack): void {
  acknowledgeDistributedMap(stack);
  const functionArn = `<${logicalId(stack.handler.function)}.Arn>:*`;
  for (const machine of [stack.batch.stateMachine, stack.experiment.stateMachine]) {
    const policy = machine.role.node.findChild('DefaultPolicy');
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::${functionArn}]`,
      'LambdaInvoke grants invoke on the function and its versions/aliases (":*"); only the one function is reachable.',
    );
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'CloudWatch Logs vended log delivery (logs:CreateLogDelivery, logs:DescribeResourcePolicies, ...) does not support resource-level permissions.',
    );
    if (!stack.config.tracing) {
      acknowledge(
        machine,
        'AwsSolutions-SF2',
        'X-Ray tracing is optional (context "tracing=true"); the service records its own per-step timings as probe records.',
      );
    }
  }
}

/** What the batch workflow's Distributed Map states need beyond the Lambda grants. */
function acknowledgeDistributedMap(stack: PredictionStack): void {
  const policy = stack.batch.stateMachine.role.node.findChild('DefaultPolicy');
  acknowledge(
    policy,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(stack.buckets.output)}>/*]`,
    "The Distributed Map's ItemReader reads a per-job chunk manifest and its ResultWriter writes per-map-run results: " +
      "both keys are chosen at run time (job id, map run id), all under the output bucket's expiring _tmp/ prefix.",
  );
  // CDK puts the child-execution grants in a policy of their own.
  const childPolicy = stack.batch.stateMachine.node.findChild('DistributedMapPolicy');
  // cdk-nag names the execution ARN's state machine part by its unresolved token: the name split out of the Ref.
  const machineName = JSON.stringify({ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: logicalId(stack.batch.stateMachine) }] }] });
  for (const suffix of [':*', '/*:*']) {
    acknowledge(
      childPolicy,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${machineName}${suffix}]`,
      "A Distributed Map describes and stops its own child executions, whose names Step Functions chooses; the grant is this state machine's executions only.",
    );
  }
}

function acknowledgeSafetyNet(stack: PredictionStack): void {
  const policy = stack.handler.function.role!.node.findChild('DefaultPolicy');
  const batch = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${
    stack.batch.stateMachine.node.defaultChild
      ? (stack.batch.stateMachine.node.defaultChild as { stateMachineName?: string }).stateMachineName
      : ''
  }:*`;
  acknowledge(
    policy,
    `AwsSolutions-IAM5[Resource::${batch}]`,
    "DescribeExecution of the batch workflow's executions only: execution names are per uploaded object, hence the wildcard.",
  );
  acknowledge(
    stack.safetyNet.deadLetters,
    'AwsSolutions-SQS3',
    'This queue is the dead-letter queue of the safety-net rules (and is alarmed); a dead-letter queue of its own would only move the problem.',
  );
}

function acknowledgeApi(stack: PredictionStack): void {
  const api = stack.api.api;
  acknowledge(
    api.deploymentStage,
    'AwsSolutions-APIG6',
    'Execution logs would go to a log group API Gateway creates itself (API-Gateway-Execution-Logs_<api id>/<stage>, never expiring, ' +
      "outside the stack); every request is logged by the stage's access log (one JSON line each) in a log group with the stack's retention.",
  );
  const accountRole = api.node.tryFindChild('CloudWatchRole');
  if (accountRole) {
    acknowledge(
      accountRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level API Gateway logging role (needed by a stage with access logs) uses the AWS-managed policy made for it.',
    );
  }
  acknowledge(
    api.deploymentStage,
    'AwsSolutions-APIG3',
    'No WAF web ACL: the stage is protected by throttling (rate/burst from context) and the function enforces body and row limits.',
  );
  for (const method of api.methods) {
    acknowledge(
      method,
      'AwsSolutions-APIG4',
      'Open by default (context auth=none: the classic Iris clients send no credentials); auth=iam (AWS_IAM) or auth=apikey closes every method.',
    );
    acknowledge(
      method,
      'AwsSolutions-COG4',
      'No Cognito user pool in this service: callers authenticate by IAM (auth=iam) or an API key (auth=apikey); see the APIG4 reason.',
    );
  }
}

/** Handlers CDK itself adds (S3 notification wiring; object auto-delete in dev stacks). */
function acknowledgeCdkManagedHandlers(stack: PredictionStack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
    acknowledge(
      child,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed handler that configures the bucket notification at deploy time; its role and runtime are owned by aws-cdk-lib.',
    );
  }
}
