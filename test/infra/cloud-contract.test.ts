/**
 * The cloud contract: one test per AWS rule the stack depends on, named after the rule and its limit. Each reads the
 * synthesized template (or the functions' own constants) — the things AWS checks at deploy or run time, which the
 * local stack cannot refuse for us.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DISTRIBUTED_MAP_MAX_CONCURRENCY,
  INLINE_MAP_MAX_CONCURRENCY,
  S3_NOTIFICATION_CONFIGURATIONS_MAX,
  StackConfigError,
} from '../../infra/config.ts';
import { INPUT_SUFFIXES, startsJob } from '../../functions/lib/jobs/input-format.ts';
import { EXPRESS_EXECUTION_SECONDS, workflowTimeoutSeconds } from '../../infra/constructs/BatchWorkflow.ts';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';
import type { AslDefinition } from '../../local/cloudformation/definitions.ts';
import { PERMANENT_TASK_ERRORS } from '../../infra/constructs/task-retries.ts';
import { EXPRESS_MEMORY_MB } from '../../functions/lib/billing/express-units.ts';
import { MAX_PAYLOAD_BYTES } from '../../local/stepfunctions/quotas.ts';
import { VENDED_LOGS_STATES_PREFIX } from '../../infra/constructs/log-group.ts';
import { stateMachineName } from '../../infra/names.ts';
import { deriveExecutionName, deriveJobId } from '../../functions/lib/jobs/job-id.ts';
import {
  MAP_RESULTS_PREFIX,
  TEMP_PREFIX,
  chunkManifestKey,
  chunkTempKeys,
  errorGroupsManifestKey,
  deriveOutputKeys,
  rescoreManifestKey,
} from '../../functions/lib/jobs/output-keys.ts';
import type { ChunkRef, ChunkResult, JobRef, PlanOutput } from '../../functions/lib/jobs/types.ts';
import { loadConfig } from '../../functions/lib/config.ts';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { REPO_ROOT } from '../../infra/constructs/ImageFunction.ts';
import { resourcesOf, synthesizeStack } from './synth-helpers.ts';
import type { Resource } from './synth-helpers.ts';

const { stack, template } = synthesizeStack();
const resources = template.toJSON().Resources as Record<string, Resource & { DependsOn?: string[] }>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const definitions = synthesizeLocalDefinitions();

type State = Record<string, any>;
function allStates(definition: { States: Record<string, State> }): [string, State][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor) : []),
    ...((state.Branches ?? []) as AslDefinition[]).flatMap(allStates),
  ]);
}
const machines = Object.values(definitions.stateMachines).map((m) => m.definition);
const batchStates = Object.fromEntries(allStates(definitions.stateMachines.batch.definition));
const imageFunction = resources[logicalId(stack.handler.function)];

/** A task's longest run: every attempt at its timeout, plus each retry's longest wait (MaxDelaySeconds caps it). */
function worstCaseSeconds(task: State): number {
  let seconds = task.TimeoutSeconds;
  const retry = (task.Retry as State[]).find((r) => r.ErrorEquals.includes('States.Timeout'))!;
  let wait = retry.IntervalSeconds;
  for (let attempt = 0; attempt < retry.MaxAttempts; attempt++) {
    seconds += Math.min(wait, retry.MaxDelaySeconds ?? wait) + task.TimeoutSeconds;
    wait *= retry.BackoffRate;
  }
  return seconds;
}

describe('Step Functions limits', () => {
  it(`Distributed Map MaxConcurrency ≤ ${DISTRIBUTED_MAP_MAX_CONCURRENCY}, inline Map ≤ ${INLINE_MAP_MAX_CONCURRENCY}: every Map state, and the context refuses more`, () => {
    const maps = machines.flatMap((m) => allStates(m)).filter(([, s]) => s.Type === 'Map');
    assert.ok(maps.length > 0);
    for (const [name, map] of maps) {
      const limit = map.ItemProcessor.ProcessorConfig.Mode === 'DISTRIBUTED' ? DISTRIBUTED_MAP_MAX_CONCURRENCY : INLINE_MAP_MAX_CONCURRENCY;
      assert.ok(map.MaxConcurrency >= 1 && map.MaxConcurrency <= limit, `${name}: ${map.MaxConcurrency}`);
    }
    const widest = synthesizeLocalDefinitions({ context: { mapConcurrency: 10_000, taskReservedConcurrency: 'none' } });
    assert.equal(widest.stateMachines.batch.definition.States.ScoreChunks.MaxConcurrency, 10_000);
    assert.throws(
      () => synthesizeStack({ mapConcurrency: 10_001, taskReservedConcurrency: 'none' }),
      (e: Error) => e instanceof StackConfigError && /mapConcurrency.*\[1, 10000\].*10,000 child executions/.test(e.message),
    );
  });

  it("Lambda reserved concurrency: the batch Map asks for no more chunks at once than the task function's reservation", () => {
    const reserved = imageFunction.Properties.ReservedConcurrentExecutions;
    assert.ok(batchStates.ScoreChunks.MaxConcurrency <= reserved, `${batchStates.ScoreChunks.MaxConcurrency} > ${reserved}`);
    assert.throws(
      () => synthesizeStack({ mapConcurrency: 60, taskReservedConcurrency: 50 }),
      (e: Error) => e instanceof StackConfigError && /mapConcurrency.*exceeds.*taskReservedConcurrency/.test(e.message),
    );
  });

  it('inline Map items and results ride in the 256 KiB state: the batch chunks fan out by Distributed Map from an S3 manifest, results to S3', () => {
    for (const name of ['ScoreChunks', 'RescoreChunks', 'RenumberErrors']) {
      const map = batchStates[name];
      assert.equal(map.ItemProcessor.ProcessorConfig.Mode, 'DISTRIBUTED', name);
      assert.equal(map.ItemsPath, undefined, `${name} reads no items from the state`);
      assert.equal(map.ItemReader.Resource, 'arn:aws:states:::s3:getObject');
      assert.equal(map.ItemReader.ReaderConfig.InputType, 'JSON');
      assert.equal(map.ResultWriter.Resource, 'arn:aws:states:::s3:putObject');
    }
  });

  it(`Express child executions run at most ${EXPRESS_EXECUTION_SECONDS} s: a chunk's attempts and backoff fit, at every function timeout`, () => {
    for (const timeoutSeconds of [3, 60, 300, 900]) {
      const machine = synthesizeLocalDefinitions({ context: { timeoutSeconds } }).stateMachines.batch.definition;
      for (const mapName of ['ScoreChunks', 'RescoreChunks', 'RenumberErrors']) {
        const map = machine.States[mapName] as State;
        assert.equal(map.ItemProcessor.ProcessorConfig.ExecutionType, 'EXPRESS');
        for (const [name, task] of Object.entries(map.ItemProcessor.States as Record<string, State>)) {
          const worst = worstCaseSeconds(task);
          assert.ok(worst <= EXPRESS_EXECUTION_SECONDS, `${name} at timeout ${timeoutSeconds}: ${worst} s`);
          assert.ok(task.TimeoutSeconds <= timeoutSeconds, 'never longer than the function may run');
        }
      }
    }
  });

  it(`Express bills memory in ${EXPRESS_MEMORY_MB} MB chunks of what an execution uses: a child's definition and every payload it can hold fit the first`, () => {
    // AWS measures an Express execution's memory from its definition's size, its Map and Parallel states and its
    // payload data (https://aws.amazon.com/step-functions/pricing/). Over-estimated here: the whole batch definition
    // as the template holds it (each child's definition is a part of it), and every payload a child's state holds —
    // its input, effective input, result and output — plus the execution's input and output, each at the 256 KiB
    // state payload quota.
    const batch = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).find((m) =>
      JSON.stringify(m.Properties.DefinitionString).includes('ScoreChunks'),
    )!;
    const definitionBytes = Buffer.byteLength(JSON.stringify(batch.Properties.DefinitionString));
    for (const name of ['ScoreChunks', 'RescoreChunks', 'RenumberErrors']) {
      const states = Object.values(batchStates[name].ItemProcessor.States as Record<string, State>);
      assert.ok(
        states.every((state) => state.Type !== 'Map' && state.Type !== 'Parallel'),
        `${name}: no nested Map or Parallel`,
      );
      const bytes = definitionBytes + (4 * states.length + 2) * MAX_PAYLOAD_BYTES;
      assert.ok(bytes < EXPRESS_MEMORY_MB * 1e6, `${name}: ${bytes} bytes`);
    }
  });

  it('ResultWriter writes under the temp prefix the output bucket expires, and Plan writes the manifests there too', () => {
    for (const name of ['ScoreChunks', 'RescoreChunks', 'RenumberErrors']) {
      assert.ok(`${batchStates[name].ResultWriter.Parameters.Prefix}/`.startsWith(TEMP_PREFIX));
    }
    for (const key of [chunkManifestKey('j'), rescoreManifestKey('j'), errorGroupsManifestKey('j')])
      assert.ok(key.startsWith(TEMP_PREFIX), key);
  });

  it('execution name ≤ 80 chars of [A-Za-z0-9-_], unique per object version', () => {
    const keys = ['a.csv', `${'x'.repeat(2000)}.csv`, 'dir/ümlaut Ñame (1).CSV', '日本語.csv', '---.csv', `${'a/'.repeat(400)}b.csv`];
    const names = keys.map((key) => deriveExecutionName(key, deriveJobId({ bucket: 'input', key, etag: 'e' })));
    for (const name of names) {
      assert.ok(name.length >= 1 && name.length <= 80, `${name.length}: ${name}`);
      assert.match(name, /^[A-Za-z0-9_-]+$/);
    }
    assert.equal(new Set(names).size, names.length);
  });

  it('state machine name ≤ 80 chars', () => {
    for (const kind of ['batch', 'experiment'] as const) assert.ok(stateMachineName(stack.stackName, kind).length <= 80, kind);
  });

  it("state payload ≤ 256 KiB: Finalize's input at its largest, and a chunk child's input and output", () => {
    const huge = 5 * 1024 ** 4; // S3's largest object: every byte offset and count fits in this many digits
    const key = `${'"'.repeat(1010)}.csv`; // near S3's 1024-byte key limit (outputs must fit too), every character doubled by JSON
    const outputKeys = deriveOutputKeys(key);
    const job: JobRef = {
      jobId: 'f'.repeat(24),
      bucket: 'b'.repeat(63),
      key,
      etag: `${'e'.repeat(32)}-10000`,
      versionId: 'v'.repeat(32),
      size: huge,
      columns: { by: 'name', hasHeader: true, width: 100_000, featureColumns: [99_996, 99_997, 99_998, 99_999] },
      outputKeys,
      sequencer: 'F'.repeat(32),
    };
    const plan: PlanOutput = {
      bucket: 'o'.repeat(63),
      chunksKey: chunkManifestKey(job.jobId),
      rescoreKey: rescoreManifestKey(job.jobId),
      errorGroupsKey: errorGroupsManifestKey(job.jobId),
      chunks: MAX_CHUNKS,
      chunkBytes: huge,
    };
    const mapOutput = {
      MapRunArn: `arn:aws:states:us-east-1:000000000000:mapRun:${'s'.repeat(80)}/ScoreChunks:${'u'.repeat(36)}`,
      ResultWriterDetails: { Bucket: plan.bucket, Key: `${MAP_RESULTS_PREFIX}/${'u'.repeat(36)}/manifest.json` },
    };
    // The largest state data: FinalizeRescored's input carries the job, the plan, both map runs' result locations,
    // the misplaced refusal and (on the way to MarkFailed) an error.
    const state = JSON.stringify({
      job,
      plan,
      results: mapOutput,
      misplaced: { Error: 'ChunksMisplaced', Cause: 'z'.repeat(1024) },
      errorsNeedGroups: { Error: 'ErrorsNeedGroups', Cause: 'z'.repeat(1024) },
      passes: { rescored: mapOutput, errorGroups: mapOutput },
      error: { Error: 'x'.repeat(256), Cause: 'y'.repeat(32_768) },
    });
    assert.ok(Buffer.byteLength(state) <= 256 * 1024, `${Buffer.byteLength(state)} bytes`);
    const chunk: ChunkRef = { index: MAX_CHUNKS, start: huge, end: huge, recordsFrom: huge };
    const result: ChunkResult = {
      index: MAX_CHUNKS,
      rowsIn: huge,
      rowsScored: huge,
      rowsRejected: huge,
      ...chunkTempKeys(job.jobId, MAX_CHUNKS),
      scoredBytes: huge,
      errorsBytes: huge,
      lines: huge,
      recordsFrom: huge,
      recordsTo: huge,
      segment: { quotesOdd: true, boundaryIfStartInside: huge, boundaryIfStartOutside: huge },
    };
    const child = JSON.stringify({ task: 'score-chunk', job, chunk }) + JSON.stringify(result);
    assert.ok(Buffer.byteLength(child) <= 256 * 1024, `${Buffer.byteLength(child)} bytes`);
  });

  it("batch execution TimeoutSeconds: set (a Standard execution runs at most 1 year), never below the largest plan's three Maps with every child at the Express limit", () => {
    for (const [timeoutSeconds, mapConcurrency] of [
      [300, 8],
      [900, 1],
      [3, 40],
    ] as const) {
      const machine = synthesizeLocalDefinitions({ context: { timeoutSeconds, mapConcurrency } }).stateMachines.batch.definition;
      const largestPlan = 3 * Math.ceil(MAX_CHUNKS / mapConcurrency) * EXPRESS_EXECUTION_SECONDS;
      assert.ok(typeof machine.TimeoutSeconds === 'number', 'TimeoutSeconds is set');
      assert.ok(machine.TimeoutSeconds >= largestPlan + 2 * timeoutSeconds, `${machine.TimeoutSeconds} s for ${largestPlan} s of chunks`);
      assert.ok(machine.TimeoutSeconds <= 365 * 24 * 3600);
    }
    assert.equal(definitions.stateMachines.batch.definition.TimeoutSeconds, workflowTimeoutSeconds(300, 8));
  });

  it(`state machine log groups are under ${VENDED_LOGS_STATES_PREFIX} (no account log resource policy), unique per stack`, () => {
    for (const machine of Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'))) {
      const arn = machine.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
      const group = resources[arn['Fn::GetAtt'][0]];
      const [prefix, parts] = group.Properties.LogGroupName['Fn::Join'][1] as [string, unknown];
      assert.ok(prefix.startsWith(VENDED_LOGS_STATES_PREFIX), prefix);
      assert.ok(prefix.length + 36 <= 512, 'log group names are at most 512 characters');
      // A retained log group outlives the stack: its name carries the stack's UUID so a redeploy never collides.
      assert.deepEqual(parts, { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] });
    }
  });
});

describe('retries (a task is retried only when a retry can succeed)', () => {
  for (const name of ['Plan', 'ScoreChunk']) {
    it(`${name} retries transient failures (States.TaskFailed, States.Timeout) with exponential backoff, full jitter and a delay cap`, () => {
      const retriers = batchStates[name].Retry as State[];
      const transient = retriers.find((r) => r.ErrorEquals.includes('States.TaskFailed'));
      assert.ok(transient, `${name} has a States.TaskFailed retrier`);
      assert.ok(transient.ErrorEquals.includes('States.Timeout'), 'States.TaskFailed does not match States.Timeout');
      assert.ok(transient.MaxAttempts >= 2 && transient.BackoffRate > 1, JSON.stringify(transient));
      assert.equal(transient.JitterStrategy, 'FULL');
      assert.ok(transient.MaxDelaySeconds > 0);
      // Retriers match in order: the permanent errors' no-retry entry must come before the catch-all.
      const permanent = retriers.findIndex((r) => r.MaxAttempts === 0);
      assert.ok(permanent >= 0 && permanent < retriers.indexOf(transient));
      assert.deepEqual(retriers[permanent].ErrorEquals, PERMANENT_TASK_ERRORS);
    });
  }

  it('every error type the handlers define is classified: permanent (never retried by States.TaskFailed) or retried by a retrier of its own', async () => {
    const lib = join(REPO_ROOT, 'functions', 'lib');
    // http/ errors become 4xx responses of the API, never workflow task failures.
    const modules = readdirSync(lib)
      .filter((dir) => dir !== 'http')
      .map((dir) => join(lib, dir, 'errors.ts'))
      .filter(existsSync);
    const names: string[] = [];
    for (const file of modules) {
      for (const value of Object.values((await import(file)) as Record<string, unknown>)) {
        if (typeof value === 'function' && value.prototype instanceof Error) names.push(new (value as new (m: string) => Error)('').name);
      }
    }
    assert.ok(names.length >= 10, names.join());
    // An error a wait can cure (OutputKeyBusyError: an older job is still writing) has a retrier of its own instead.
    const ownRetrier = (name: string) =>
      machines
        .flatMap((m) => allStates(m))
        .some(([, s]) =>
          (s.Retry ?? []).some(
            (r: { ErrorEquals: string[]; MaxAttempts?: number }) =>
              r.ErrorEquals.length === 1 && r.ErrorEquals[0] === name && (r.MaxAttempts ?? 3) > 0,
          ),
        );
    for (const name of names) {
      assert.ok(
        PERMANENT_TASK_ERRORS.includes(name) || ownRetrier(name),
        `${name} is neither in PERMANENT_TASK_ERRORS nor retried by a retrier of its own`,
      );
    }
  });

  it('task TimeoutSeconds < Lambda timeout ≤ 900 s (a task timeout above the function timeout never fires)', () => {
    const functionTimeout = imageFunction.Properties.Timeout as number;
    assert.ok(functionTimeout <= 900);
    for (const [name, state] of machines.flatMap((m) => allStates(m)).filter(([, s]) => s.TimeoutSeconds !== undefined)) {
      assert.ok(state.TimeoutSeconds <= functionTimeout, `${name}: ${state.TimeoutSeconds} s`);
    }
    // Plan inflates a gzip input in one pass (functions/lib/s3/inflate-object.ts): it gets the function's whole timeout.
    assert.equal(batchStates.Plan.TimeoutSeconds, functionTimeout, 'Plan may take the function timeout');
    assert.equal(
      synthesizeLocalDefinitions({ context: { timeoutSeconds: 20 } }).stateMachines.batch.definition.States.Plan.TimeoutSeconds,
      20,
    );
    assert.throws(() => synthesizeStack({ timeoutSeconds: 901 }), /timeoutSeconds.*\[3, 900\]/);
  });

  it('on the engine: a chunk that fails once with a connection reset is retried and its child succeeds; a permanent error is not retried', async () => {
    const { StateMachine } = await import('aws-local-stepfunctions');
    const attempts: Record<string, number> = {};
    const reset = Object.assign(new Error('read ECONNRESET'), { name: 'Error' });
    const changed = Object.assign(new Error('replaced'), { name: 'ObjectChangedError' });
    const scoreChunk = async (input: State) => {
      const id = `${input.Payload.chunk.index}:${input.Payload.job.jobId}`;
      attempts[id] = (attempts[id] ?? 0) + 1;
      if (input.Payload.job.jobId === 'flaky' && attempts[id] === 1) throw reset;
      if (input.Payload.job.jobId === 'changed') throw changed;
      return { Payload: { index: input.Payload.chunk.index } };
    };
    // The chunk's child execution: the Distributed Map's item processor, run as the state machine it is on AWS.
    const { ProcessorConfig: _, ...child } = batchStates.ScoreChunks.ItemProcessor;
    const run = (jobId: string) =>
      new StateMachine(child as never, { validationOptions: { checkArn: false } }).run(
        { task: 'score-chunk', job: { jobId }, chunk: { index: 1 } } as never,
        { overrides: { taskResourceLocalHandlers: { ScoreChunk: scoreChunk }, retryIntervalOverrides: { ScoreChunk: 0 } } } as never,
      ).result;

    assert.deepEqual(await run('flaky'), { index: 1 });
    assert.equal(attempts['1:flaky'], 2);
    await assert.rejects(run('changed'));
    assert.equal(attempts['1:changed'], 1, 'ObjectChangedError is not retried');
  });
});

describe('API Gateway', () => {
  const stage = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'))[0];
  const stageId = Object.keys(resourcesOf(template, 'AWS::ApiGateway::Stage'))[0];

  it('a stage with access logs needs the account CloudWatch role: the stack sets it, retained, before the stage', () => {
    assert.ok(stage.Properties.AccessLogSetting?.DestinationArn);
    const [accountId, account] = Object.entries(resourcesOf(template, 'AWS::ApiGateway::Account'))[0] ?? [];
    assert.ok(account, 'an AWS::ApiGateway::Account resource sets the account role');
    assert.ok(resources[stageId].DependsOn?.includes(accountId!), 'the stage is created after the account setting');
    const roleId = account.Properties.CloudWatchRoleArn['Fn::GetAtt'][0];
    // Account-wide per region: deleting this stack must not unset the role other APIs' logging relies on.
    assert.equal((account as Resource).DeletionPolicy, 'Retain');
    assert.equal(resources[roleId].DeletionPolicy, 'Retain');
    assert.deepEqual(resources[roleId].Properties.AssumeRolePolicyDocument.Statement[0].Principal, { Service: 'apigateway.amazonaws.com' });
  });

  it('with apiCloudWatchRole=false the stack leaves the account setting alone', () => {
    const external = synthesizeStack({ apiCloudWatchRole: 'false' });
    external.template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('POST /experiment has its own method throttle, far below the stage throttle (StartExecution quota)', () => {
    const settings = stage.Properties.MethodSettings as State[];
    const all = settings.find((m) => m.ResourcePath === '/*' && m.HttpMethod === '*');
    const experiment = settings.find((m) => m.ResourcePath === '/~1experiment' && m.HttpMethod === 'POST');
    assert.ok(all && experiment, JSON.stringify(settings));
    assert.deepEqual([experiment.ThrottlingRateLimit, experiment.ThrottlingBurstLimit], [5, 10]);
    assert.ok(experiment.ThrottlingRateLimit * 10 <= all.ThrottlingRateLimit);
  });

  it('request body limit ≤ the REST API 10 MB payload and the Lambda 6 MB synchronous invoke payload', () => {
    assert.ok(loadConfig({}).maxBodyBytes <= 6 * 1024 * 1024);
  });
});

describe('S3 notifications', () => {
  const rules = definitions.s3Notifications;

  it('suffix filters are case-sensitive and a bucket takes at most 100 notification configurations: one unfiltered rule, the function picks the suffix in any case', () => {
    // 1,008 spellings of the accepted suffixes (.ndjson.gz alone: 512) would not fit S3's 100 configurations per bucket.
    const spellings = INPUT_SUFFIXES.reduce((n, e) => n + 2 ** e.suffix.replace(/[^a-z]/g, '').length, 0);
    assert.ok(spellings > S3_NOTIFICATION_CONFIGURATIONS_MAX);
    assert.deepEqual(rules, [{ bucket: 'input', events: ['s3:ObjectCreated:*'] }]);
    const started = ['a.csv', 'a.CSV', 'b/c.Csv', 'd.csv.GZ', 'e.JsonL', 'f.NDJSON.gz', 'g.jsonl.gz', 'h.ndjson', 'i.ParQuet'];
    for (const key of started) assert.ok(startsJob(key), `${key} starts a job`);
    for (const key of ['a.gz', 'a.json', 'a.csv.bak', 'a.tsv', 'csv', 'a.csvgz', 'a.parquet.gz'])
      assert.ok(!startsJob(key), `${key} starts nothing`);
    assert.equal(deriveOutputKeys('d.csv.GZ').scored, 'd.scored.csv.gz');
    assert.equal(deriveOutputKeys('e.JsonL').scored, 'e.scored.jsonl');
    assert.equal(deriveOutputKeys('b/c.Csv').scored, 'b/c.scored.csv');
    assert.equal(deriveOutputKeys('i.ParQuet').scored, 'i.scored.parquet');
  });
});

describe('IAM least privilege (exactly the calls the handlers make)', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const roleId = logicalId(stack.handler.function.role! as never);
  const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  const id = {
    input: logicalId(stack.buckets.input),
    output: logicalId(stack.buckets.output),
    models: logicalId(stack.models.bucket),
    jobs: logicalId(stack.tables.jobs),
    probes: logicalId(stack.tables.probes),
  };
  const objects = (bucket: string, pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${pattern}`]] });
  const arn = (resource: string) => ({ 'Fn::GetAtt': [resource, 'Arn'] });

  it('the API function role allows exactly GetItem on Jobs, StartExecution of the experiment and reading the model store', () => {
    const apiRoleId = logicalId(stack.apiHandler.function.role! as never);
    const apiStatements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: apiRoleId }]))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => !/^logs:/.test([s.Action].flat()[0]!));
    assert.deepEqual(
      apiStatements.map((s) => [s.Action].flat()),
      [['dynamodb:GetItem'], ['states:StartExecution'], ['s3:GetObject'], ['s3:ListBucket']],
    );
    assert.deepEqual(apiStatements[2]!.Resource, objects(id.models, 'models/*'));
    assert.deepEqual(apiStatements[3]!.Resource, arn(id.models));
    assert.deepEqual(apiStatements[0]!.Resource, arn(id.jobs));
    assert.match(JSON.stringify(apiStatements[1]!.Resource), /stateMachine:PredictionStack-orchestration-experiment"/);
  });

  it('the task function role allows exactly these actions on these resources', () => {
    const granted = statements
      .filter((s) => !/^logs:/.test([s.Action].flat()[0]!))
      .map((s) => ({ actions: [s.Action].flat().sort(), resources: [s.Resource].flat() }));
    const deletable = [...new Set(INPUT_SUFFIXES.flatMap((e) => Object.values(deriveOutputKeys(`*${e.suffix}`)).slice(0, 2)))];
    const safetyNet = ['events:PutEvents', 'states:DescribeExecution', 'states:ListMapRuns', 'states:GetExecutionHistory', 'dynamodb:Scan'];
    assert.deepEqual(
      granted.filter((g) => !g.actions.includes('states:StartExecution') && !safetyNet.includes(g.actions[0]!)),
      [
        { actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [objects(id.input, '*')] },
        { actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], resources: [objects(id.output, '*')] },
        {
          actions: ['s3:DeleteObject'],
          resources: [objects(id.output, `${TEMP_PREFIX}*`), ...deletable.map((key) => objects(id.output, key))],
        },
        { actions: ['s3:ListBucket'], resources: [arn(id.input), arn(id.output)] },
        { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [arn(id.jobs)] },
        { actions: ['dynamodb:PutItem'], resources: [arn(id.probes)] },
        { actions: ['s3:GetObject'], resources: [objects(id.models, 'models/*')] },
        { actions: ['s3:ListBucket'], resources: [arn(id.models)] },
      ],
    );
    const byAction = Object.fromEntries(
      granted.filter((g) => safetyNet.includes(g.actions[0]!)).map((g) => [g.actions.join(), JSON.stringify(g.resources)]),
    );
    // The failure destination puts events on the default bus only; DescribeExecution only of the batch workflow's executions.
    assert.match(byAction['events:PutEvents'] ?? '', /:event-bus\/default"/);
    assert.match(byAction['states:DescribeExecution'] ?? '', /:execution:PredictionStack-batch-scoring:\*"/);
    // MarkFailed lists the map runs of the batch workflow's executions only (a failed chunk's own error).
    assert.match(byAction['states:ListMapRuns'] ?? '', /:execution:PredictionStack-batch-scoring:\*"/);
    // Finalize reads the history of the batch workflow's executions only (the job's state transitions).
    assert.match(byAction['states:GetExecutionHistory'] ?? '', /:execution:PredictionStack-batch-scoring:\*"/);
    // reconcile-jobs scans the Jobs table for unfinished jobs; nothing else is scanned.
    assert.equal(byAction['dynamodb:Scan'], JSON.stringify([arn(id.jobs)]));
    const forbidden =
      /BatchWrite|DeleteItem|GetRecords|GetShardIterator|DescribeStream|ListStreams|Retention|LegalHold|DeleteObjectVersion|Tagging|\*/;
    for (const action of statements.flatMap((s) => [s.Action].flat())) assert.doesNotMatch(action, forbidden, action);
  });
});

describe('Lambda concurrency (batch and /predict cannot starve each other)', () => {
  const apiFunction = resources[logicalId(stack.apiHandler.function)];
  const taskFunction = imageFunction;

  it('reserved concurrency split: the API function and the task function each reserve their own, from one image', () => {
    const api = apiFunction.Properties.ReservedConcurrentExecutions as number;
    const tasks = taskFunction.Properties.ReservedConcurrentExecutions as number;
    assert.deepEqual([api, tasks], [100, 50]);
    assert.deepEqual(apiFunction.Properties.Code, taskFunction.Properties.Code);
    // Every API method invokes the API function; S3 and every workflow task invoke the task function.
    for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
      assert.match(JSON.stringify(method.Properties.Integration.Uri), new RegExp(`"${logicalId(stack.apiHandler.function)}"`));
    }
    for (const machine of Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'))) {
      assert.doesNotMatch(JSON.stringify(machine.Properties.DefinitionString), new RegExp(logicalId(stack.apiHandler.function)));
    }
  });

  it("reservations + the 100 Lambda keeps unreserved ≤ the default account limit of 1000; the task share ≥ one job's Map concurrency", () => {
    const reserved = [apiFunction, taskFunction].map((f) => f.Properties.ReservedConcurrentExecutions as number);
    assert.ok(reserved[0]! + reserved[1]! + 100 <= 1000);
    const mapConcurrency = definitions.stateMachines.batch.definition.States.ScoreChunks.MaxConcurrency as number;
    assert.ok(reserved[1]! >= mapConcurrency, "a job's own chunks never throttle each other");
  });

  it('reservations can be turned off for accounts with a low concurrency limit (-c ...ReservedConcurrency=none)', () => {
    const unreserved = synthesizeStack({ apiReservedConcurrency: 'none', taskReservedConcurrency: 'none' });
    for (const fn of Object.values(resourcesOf(unreserved.template, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.PackageType === 'Image',
    )) {
      assert.equal(fn.Properties.ReservedConcurrentExecutions, undefined);
    }
    assert.throws(() => synthesizeStack({ taskReservedConcurrency: 0 }), /taskReservedConcurrency.*\[1, 900\] or "none"/);
  });
});

describe('Lambda limits', () => {
  it('Lambda timeout ≤ 900 s and memory 128–10240 MB, at the defaults and at the context bounds', () => {
    assert.ok(imageFunction.Properties.Timeout <= 900);
    const big = synthesizeStack({ timeoutSeconds: 900, memorySize: 10240 });
    big.template.hasResourceProperties('AWS::Lambda::Function', { PackageType: 'Image', Timeout: 900, MemorySize: 10240 });
    assert.throws(() => synthesizeStack({ memorySize: 10241 }), /memorySize/);
  });
});

describe('safety net (a job is never left PENDING or RUNNING)', () => {
  const rules = resourcesOf(template, 'AWS::Events::Rule');
  const ruleOf = (construct: { node: { defaultChild?: unknown } }) => rules[logicalId(construct)]!.Properties;
  const fnArn = { 'Fn::GetAtt': [logicalId(stack.handler.function), 'Arn'] };
  const queueArn = { 'Fn::GetAtt': [logicalId(stack.safetyNet.deadLetters), 'Arn'] };

  it('Lambda async invoke: the function S3 invokes retries twice, then sends the failure record to the default event bus', () => {
    const configs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig'));
    assert.equal(configs.length, 1);
    const config = configs[0]!.Properties;
    assert.deepEqual(config.FunctionName, { Ref: logicalId(stack.handler.function) });
    assert.equal(config.MaximumRetryAttempts, 2);
    assert.ok(config.MaximumEventAgeInSeconds >= 60 && config.MaximumEventAgeInSeconds <= 21_600, 'Lambda allows 60 s to 6 h');
    assert.match(JSON.stringify(config.DestinationConfig.OnFailure.Destination), /:event-bus\/default"/);
    assert.deepEqual(
      definitions.asyncInvokeConfigs.map((c) => c.functionName),
      [definitions.function.name],
      'the local stack reads it',
    );
  });

  it('EventBridge status-change rule: the batch workflow closing FAILED, TIMED_OUT or ABORTED invokes the task function', () => {
    const rule = ruleOf(stack.safetyNet.executionEnded);
    assert.deepEqual(rule.EventPattern.source, ['aws.states']);
    assert.deepEqual(rule.EventPattern['detail-type'], ['Step Functions Execution Status Change']);
    assert.deepEqual(rule.EventPattern.detail.status, ['FAILED', 'TIMED_OUT', 'ABORTED']);
    assert.match(JSON.stringify(rule.EventPattern.detail.stateMachineArn), /:stateMachine:PredictionStack-batch-scoring"/);
    assert.deepEqual(
      rule.Targets.map((t: Resource['Properties']) => t.Arn),
      [fnArn],
    );
  });

  it('EventBridge failure rule: only S3 events the task function gave up on reach it again (its own failures never loop back)', () => {
    const pattern = ruleOf(stack.safetyNet.ingestFailed).EventPattern;
    assert.deepEqual(pattern.source, ['lambda']);
    assert.deepEqual(pattern['detail-type'], ['Lambda Function Invocation Result - Failure']);
    assert.deepEqual(pattern.detail.requestPayload, { Records: { eventSource: ['aws:s3'] } });
    assert.match(JSON.stringify(pattern.detail.requestContext.functionArn), new RegExp(logicalId(stack.handler.function)));
    const own = ruleOf(stack.safetyNet.safetyNetFailed);
    assert.deepEqual(own.EventPattern.detail.requestPayload, { source: ['aws.states', 'lambda', 'aws.events'] });
    assert.deepEqual(
      own.Targets.map((t: Resource['Properties']) => t.Arn),
      [queueArn],
      'a failed safety-net event is kept in the queue',
    );
  });

  it("reconcile schedule: a rate rule (reconcileMinutes, default 60) invokes the task function, with the safety net's retries", () => {
    const rule = ruleOf(stack.safetyNet.reconcileJobs);
    const every15 = synthesizeStack({ reconcileMinutes: '15' });
    const rule15 = Object.values(resourcesOf(every15.template, 'AWS::Events::Rule')).find(
      (r) => r.Properties.ScheduleExpression,
    )!.Properties;

    assert.equal(rule.ScheduleExpression, 'rate(1 hour)');
    assert.equal(rule15.ScheduleExpression, 'rate(15 minutes)');
    assert.deepEqual(
      rule.Targets.map((t: Resource['Properties']) => t.Arn),
      [fnArn],
    );
    assert.deepEqual(rule.Targets[0].DeadLetterConfig.Arn, queueArn);
    assert.throws(() => synthesizeStack({ reconcileMinutes: 0 }), /reconcileMinutes.*\[1, 1440\]/);
    const local = definitions.eventRules.find((r) => r.name === logicalId(stack.safetyNet.reconcileJobs))!;
    assert.deepEqual(
      [local.scheduleExpression, local.eventPattern, local.targets.map((t) => t.arn)],
      ['rate(1 hour)', undefined, [definitions.function.arn]],
    );
  });

  it('EventBridge targets: a retry policy and a dead-letter queue, alarmed on its depth', () => {
    for (const construct of [stack.safetyNet.executionEnded, stack.safetyNet.ingestFailed]) {
      const [target] = ruleOf(construct).Targets;
      assert.ok(
        target.RetryPolicy.MaximumRetryAttempts > 0 && target.RetryPolicy.MaximumEventAgeInSeconds >= 3600,
        JSON.stringify(target.RetryPolicy),
      );
      assert.deepEqual(target.DeadLetterConfig.Arn, queueArn);
    }
    const alarm = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(logicalId(stack.safetyNet.deadLetters)),
    )?.Properties;
    assert.ok(alarm, 'an alarm watches the dead-letter queue');
    assert.equal(alarm.MetricName, 'ApproximateNumberOfMessagesVisible');
  });

  it('the local stack runs the same rules: patterns and targets from the template', () => {
    assert.deepEqual(definitions.eventRules.map((r) => r.name).sort(), Object.keys(rules).sort());
    const local = definitions.eventRules.find((r) => r.name === logicalId(stack.safetyNet.executionEnded))!;
    assert.deepEqual(local.eventPattern?.detail, {
      stateMachineArn: [definitions.stateMachines.batch.arn],
      status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
    });
    assert.deepEqual(
      local.targets.map((t) => t.arn),
      [definitions.function.arn],
    );
  });
});
