import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FileSystem } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { IMAGE_ASSET_EXCLUDE } from '../../infra/constructs/ImageFunction.ts';
import { assertSecuredBucket, only, resourcesOf, synthesizeStack } from './synth-helpers.ts';
import type { Resource } from './synth-helpers.ts';

const { stack, template } = synthesizeStack();
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const ids = {
  function: logicalId(stack.handler.function),
  input: logicalId(stack.buckets.input),
  output: logicalId(stack.buckets.output),
  jobs: logicalId(stack.tables.jobs),
  probes: logicalId(stack.tables.probes),
  logs: logicalId(stack.handler.logGroup),
};

describe('PredictionStack resources', () => {
  it('has the expected resource counts', () => {
    template.resourceCountIs('AWS::S3::Bucket', 3);
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::ApiGateway::Method', 4);
    template.resourceCountIs('AWS::Logs::LogGroup', 5);
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    // One invoke permission per API route, one for S3, one per safety-net rule targeting the function.
    template.resourceCountIs('AWS::Lambda::Permission', 8);
    template.resourceCountIs('AWS::Events::Rule', 4);
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  it('runs every handler from the one container image (two functions: the API and the batch/workflow tasks)', () => {
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    const images = functions.filter((f) => f.Properties.PackageType === 'Image');
    assert.equal(images.length, 2, 'the API function and the task function');
    assert.deepEqual(images[0].Properties.Code, images[1].Properties.Code, 'the same image');
    // The only other function is CDK's own bucket-notification handler.
    const others = functions.filter((f) => f.Properties.PackageType !== 'Image');
    assert.equal(others.length, 1);
    assert.match(JSON.stringify(others[0].Properties.Code), /ZipFile/);
    const imageUri = JSON.stringify(images[0].Properties.Code.ImageUri);
    assert.match(imageUri, /container-assets/);
  });

  it('keeps the image build context to functions/, the model and the package files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'image-context-'));
    try {
      const files = [
        'functions/Dockerfile',
        'functions/lib/a.ts',
        'model/iris.onnx',
        'model/train.ts',
        'package.json',
        'package-lock.json',
        '.npmrc',
        'node_modules/x/index.js',
        'cdk.out/t.json',
        '.data/s3/o',
        'bench/results/r.json',
        'local/cli.ts',
      ];
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(root, 'src', file)), { recursive: true });
        fs.writeFileSync(path.join(root, 'src', file), file);
      }
      FileSystem.copyDirectory(path.join(root, 'src'), path.join(root, 'out'), { exclude: IMAGE_ASSET_EXCLUDE });
      const kept = fs
        .readdirSync(path.join(root, 'out'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(path.join(root, 'out'), path.join(e.parentPath, e.name)))
        .sort();
      assert.deepEqual(kept, [
        '.npmrc',
        'functions/Dockerfile',
        'functions/lib/a.ts',
        'model/iris.onnx',
        'package-lock.json',
        'package.json',
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('configures the image function from context defaults', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      PackageType: 'Image',
      MemorySize: 1024,
      Timeout: 300,
      Architectures: ['x86_64'],
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: ids.logs } }),
      Environment: {
        Variables: Match.objectLike({
          OUTPUT_BUCKET: { Ref: ids.output },
          JOBS_TABLE: { Ref: ids.jobs },
          PROBES_TABLE: { Ref: ids.probes },
          CHUNK_TARGET_BYTES: '33554432',
          MAP_CONCURRENCY: '8',
          BATCH_STATE_MACHINE_ARN: Match.anyValue(),
          EXPERIMENT_STATE_MACHINE_ARN: Match.anyValue(),
        }),
      },
    });
  });

  it('keeps 64 MiB of freed heap in the tasks function only (MALLOC_TOP_PAD_: no re-faulting of streamed buffers)', () => {
    const variables = (id: string) => (template.toJSON().Resources[id] as Resource).Properties.Environment.Variables;
    assert.equal(variables(ids.function).MALLOC_TOP_PAD_, String(64 * 1024 * 1024));
    assert.equal(variables(logicalId(stack.apiHandler.function)).MALLOC_TOP_PAD_, undefined);
  });

  it('secures both buckets and keeps data by default', () => {
    for (const id of [ids.input, ids.output]) {
      const bucket = assertSecuredBucket(template, id);
      const rules = bucket.Properties.LifecycleConfiguration.Rules as Record<string, any>[];
      assert.ok(rules.some((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation === 1));
    }
    const output = template.toJSON().Resources[ids.output] as Resource;
    assert.ok(output.Properties.LifecycleConfiguration.Rules.some((r: any) => r.Prefix === '_tmp/' && r.ExpirationInDays === 1));
    assert.equal((template.toJSON().Resources[ids.input] as Resource).Properties.VersioningConfiguration.Status, 'Enabled');
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('notifies the function of every ObjectCreated on the input bucket only, unfiltered (the function picks the suffix)', () => {
    const [, notifications] = only(resourcesOf(template, 'Custom::S3BucketNotifications'));
    assert.deepEqual(notifications.Properties.BucketName, { Ref: ids.input });
    const rules = notifications.Properties.NotificationConfiguration.LambdaFunctionConfigurations as Record<string, any>[];
    assert.deepEqual(Object.keys(notifications.Properties.NotificationConfiguration), ['LambdaFunctionConfigurations']);
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.Filter, undefined);
    assert.deepEqual(rules[0]!.Events, ['s3:ObjectCreated:*']);
    assert.deepEqual(rules[0]!.LambdaFunctionArn, { 'Fn::GetAtt': [ids.function, 'Arn'] });
  });

  it('defines the Jobs and Probes tables (on-demand, PITR, TTL on probes)', () => {
    const common = { BillingMode: 'PAY_PER_REQUEST', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } };
    template.hasResourceProperties('AWS::DynamoDB::Table', { ...common, KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }] });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      ...common,
      KeySchema: [
        { AttributeName: 'runId', KeyType: 'HASH' },
        { AttributeName: 'probeId', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('logs both state machines to CloudWatch without execution data', () => {
    const machines = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'));
    for (const machine of machines) {
      assert.equal(machine.Properties.StateMachineType, 'STANDARD');
      assert.equal(machine.Properties.LoggingConfiguration.Level, 'ALL');
      assert.equal(machine.Properties.LoggingConfiguration.IncludeExecutionData, false);
    }
    assert.deepEqual(machines.map((m) => m.Properties.StateMachineName).sort(), [
      'PredictionStack-batch-scoring',
      'PredictionStack-orchestration-experiment',
    ]);
  });

  it('serves the four routes as Lambda proxies with throttling and access logs', () => {
    const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'));
    assert.deepEqual(methods.map((m) => m.Properties.HttpMethod).sort(), ['GET', 'GET', 'POST', 'POST']);
    for (const method of methods) assert.equal(method.Properties.Integration.Type, 'AWS_PROXY');
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 })]),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.id': true },
      RequestValidatorId: Match.anyValue(),
    });
  });

  it('exports the outputs the bench and README use', () => {
    const outputs = Object.keys(template.toJSON().Outputs ?? {});
    for (const name of [
      'ApiUrl',
      'InputBucketName',
      'OutputBucketName',
      'ModelBucketName',
      'JobsTableName',
      'ProbesTableName',
      'BatchStateMachineArn',
      'ExperimentStateMachineArn',
    ])
      assert.ok(outputs.includes(name), name);
  });
});

describe('PredictionStack IAM', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const policiesOf = (roleId: string) =>
    Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  const actionsOf = (s: Statement) => [s.Action].flat();
  const functionRoleId = stack.getLogicalId(stack.handler.function.role!.node.defaultChild as never);
  const statements = policiesOf(functionRoleId);
  const onResource = (id: string) => statements.filter((s) => JSON.stringify(s.Resource).includes(`"${id}"`));

  it('never allows a bare "*" or "service:*" action in any policy', () => {
    for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        for (const action of actionsOf(statement)) assert.doesNotMatch(action, /^(\*|[a-z0-9-]+:\*)$/, action);
      }
    }
  });

  it('gives the function no managed policies', () => {
    const role = template.toJSON().Resources[functionRoleId] as Resource;
    assert.equal(role.Properties.ManagedPolicyArns, undefined);
  });

  it('lets the function read input (not write it), read/write output, write both tables', () => {
    const inputActions = onResource(ids.input).flatMap(actionsOf);
    assert.ok(inputActions.includes('s3:GetObject'));
    assert.ok(!inputActions.some((a) => /Put|Delete|Abort/.test(a)), `input is read-only: ${inputActions}`);
    const outputActions = onResource(ids.output).flatMap(actionsOf);
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'])
      assert.ok(outputActions.includes(action), action);
    for (const table of [ids.jobs, ids.probes]) assert.ok(onResource(table).flatMap(actionsOf).includes('dynamodb:PutItem'), table);
  });

  it('lets the task function start only the batch workflow, the API function only the experiment', () => {
    const apiRoleId = stack.getLogicalId(stack.apiHandler.function.role!.node.defaultChild as never);
    for (const [roleStatements, machine] of [
      [statements, 'batch-scoring'],
      [policiesOf(apiRoleId), 'orchestration-experiment'],
    ] as const) {
      const start = roleStatements.filter((s) => actionsOf(s).includes('states:StartExecution'));
      assert.equal(start.length, 1);
      assert.deepEqual(actionsOf(start[0]), ['states:StartExecution']);
      assert.equal([start[0].Resource].flat().length, 1);
      assert.match(JSON.stringify(start[0].Resource), new RegExp(`stateMachine:PredictionStack-${machine}"`));
    }
  });

  it('allows the function nothing beyond S3, DynamoDB, Step Functions, its failure destination and its own log group', () => {
    const services = new Set(statements.flatMap(actionsOf).map((a) => a.split(':')[0]));
    assert.deepEqual([...services].sort(), ['dynamodb', 'events', 'logs', 's3', 'states']);
    for (const s of statements.filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')))) {
      assert.match(JSON.stringify(s.Resource), new RegExp(ids.logs));
    }
    for (const s of statements) {
      assert.equal(s.Effect, 'Allow');
      assert.notEqual(s.Resource, '*');
    }
  });

  it('lets each state machine invoke only the one function', () => {
    for (const machine of [stack.batch.stateMachine, stack.experiment.stateMachine]) {
      const roleId = stack.getLogicalId(machine.role.node.defaultChild as never);
      const invoke = policiesOf(roleId).filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
      assert.equal(invoke.length, 1);
      assert.match(JSON.stringify(invoke[0].Resource), new RegExp(ids.function));
    }
  });
});

describe('PredictionStack context', () => {
  it('honours context overrides and the dev flag', () => {
    const dev = synthesizeStack({ memorySize: '2048', mapConcurrency: 3, dev: 'true' });
    dev.template.hasResourceProperties('AWS::Lambda::Function', { PackageType: 'Image', MemorySize: 2048 });
    dev.template.resourceCountIs('Custom::S3AutoDeleteObjects', 3);
    for (const bucket of Object.values(resourcesOf(dev.template, 'AWS::S3::Bucket'))) assert.equal(bucket.DeletionPolicy, 'Delete');
    const definition = JSON.stringify(dev.template.findResources('AWS::StepFunctions::StateMachine'));
    assert.match(definition, /\\"MaxConcurrency\\":3/);
  });

  it('refuses an invalid context value with a clear message', () => {
    assert.throws(() => synthesizeStack({ mapConcurrency: 'lots' }), /context "mapConcurrency" must be an integer/);
  });
});
