import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import validateAsl from 'asl-validator';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';
import type { AslDefinition } from '../../local/cloudformation/definitions.ts';
import { LEASE_MS } from '../../functions/lib/jobs/newest-wins.ts';

const definitions = synthesizeLocalDefinitions();
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:prediction';
const TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

type State = Record<string, any>;
type LooseDefinition = { StartAt: string; States: Record<string, State> };
const loose = (definition: AslDefinition) => definition as LooseDefinition;

/** Every state, including those inside Map item processors and Parallel branches. */
function allStates(definition: { States: Record<string, State> }): [string, State][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor) : []),
    ...(state.Iterator ? allStates(state.Iterator) : []),
    ...((state.Branches ?? []) as AslDefinition[]).flatMap(allStates),
  ]);
}

function assertValidAsl(definition: AslDefinition): void {
  const result = validateAsl(structuredClone(definition));
  assert.ok(result.isValid, result.errorsText?.('\n'));
}

function assertTransientRetry(name: string, state: State): void {
  const retried = (state.Retry ?? []).flatMap((r: State) => r.ErrorEquals);
  for (const error of TRANSIENT) assert.ok(retried.includes(error), `${name} retries ${error}`);
  // A retrier with MaxAttempts 0 (errors a retry cannot fix) never waits, so it has no backoff.
  for (const retry of state.Retry.filter((r: State) => r.MaxAttempts !== 0)) assert.ok(retry.BackoffRate > 1, `${name} backs off`);
}

describe('synthesizeLocalDefinitions', () => {
  it('leaves no CloudFormation token anywhere', () => {
    const text = JSON.stringify(definitions);
    assert.doesNotMatch(text, /Fn::|"Ref"|\$\{Token/);
    assert.doesNotMatch(text, /PredictionStack-/, 'deployed names are mapped to local ones');
  });

  it('names the local state machines and resolves every task to the local function ARN', () => {
    const { batch, experiment } = definitions.stateMachines;
    assert.equal(batch.arn, 'arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring');
    assert.equal(experiment.arn, 'arn:aws:states:us-east-1:000000000000:stateMachine:orchestration-experiment');
    for (const machine of [batch, experiment]) {
      for (const [name, state] of allStates(machine.definition).filter(([, s]) => s.Type === 'Task')) {
        assert.equal(state.Resource, 'arn:aws:states:::lambda:invoke', name);
        assert.equal(state.Parameters.FunctionName, FUNCTION_ARN, name);
      }
    }
  });

  it('produces valid ASL for both workflows', () => {
    assertValidAsl(definitions.stateMachines.batch.definition);
    assertValidAsl(definitions.stateMachines.experiment.definition);
  });

  it('shapes the batch workflow as the contract says', () => {
    const { States, StartAt } = loose(definitions.stateMachines.batch.definition);
    assert.equal(StartAt, 'Start');
    assert.deepEqual(Object.keys(States).sort(), [
      'Failed',
      'Finalize',
      'MarkFailed',
      'Plan',
      'RenumberErrors',
      'RescoreChunks',
      'ScoreChunks',
      'Start',
    ]);
    assert.deepEqual(States.Start, { Type: 'Pass', Result: { rescored: null, errorGroups: null }, ResultPath: '$.passes', Next: 'Plan' });
    assert.deepEqual(States.Plan.Parameters.Payload, { task: 'plan', 'job.$': '$.job' });
    assert.deepEqual(Object.keys(States.Plan.ResultSelector), [
      'bucket.$',
      'chunksKey.$',
      'rescoreKey.$',
      'errorGroupsKey.$',
      'chunks.$',
      'chunkBytes.$',
      'sourceSize.$',
    ]);
    assert.equal(States.Plan.ResultPath, '$.plan');
    assert.equal(States.Plan.Next, 'ScoreChunks');
    for (const [name, keyPath, resultPath, selector] of [
      ['ScoreChunks', '$.plan.chunksKey', '$.results', { task: 'score-chunk', 'job.$': '$.job', 'chunk.$': '$$.Map.Item.Value' }],
      [
        'RescoreChunks',
        '$.plan.rescoreKey',
        '$.passes.rescored',
        { task: 'score-chunk', 'job.$': '$.job', 'chunk.$': '$$.Map.Item.Value' },
      ],
      [
        'RenumberErrors',
        '$.plan.errorGroupsKey',
        '$.passes.errorGroups',
        { task: 'renumber-errors', 'job.$': '$.job', 'group.$': '$$.Map.Item.Value' },
      ],
    ] as const) {
      const map = States[name];
      assert.equal(map.Type, 'Map');
      assert.deepEqual(map.ItemProcessor.ProcessorConfig, { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
      assert.deepEqual(map.ItemReader.Parameters, { Bucket: 'output', 'Key.$': keyPath });
      assert.deepEqual(map.ResultWriter.Parameters, { Bucket: 'output', Prefix: '_tmp/map-runs' });
      assert.deepEqual(map.ItemSelector, selector);
      assert.equal(map.MaxConcurrency, 8);
      assert.equal(map.ResultPath, resultPath);
      assert.equal(map.Next, 'Finalize');
      const [task] = Object.values(map.ItemProcessor.States as Record<string, State>);
      assert.equal(task.Parameters['Payload.$'], '$');
      assert.equal(task.OutputPath, '$.Payload');
    }
    assert.deepEqual(States.Finalize.Parameters.Payload, {
      task: 'finalize',
      'job.$': '$.job',
      'plan.$': '$.plan',
      'results.$': '$.results',
      'rescored.$': '$.passes.rescored',
      'errorGroups.$': '$.passes.errorGroups',
    });
    assert.deepEqual(States.MarkFailed.Parameters.Payload, {
      task: 'mark-failed',
      'job.$': '$.job',
      'error.$': '$.error',
      'execution.$': '$$.Execution.Id',
    });
    assert.equal(States.MarkFailed.Next, 'Failed');
    assert.equal(States.Failed.Type, 'Fail');
  });

  it('retries transient Lambda errors on every batch task and catches every failure into MarkFailed', () => {
    const { States } = loose(definitions.stateMachines.batch.definition);
    for (const [name, state] of allStates(definitions.stateMachines.batch.definition).filter(([, s]) => s.Type === 'Task')) {
      assertTransientRetry(name, state);
    }
    for (const name of ['Plan', 'ScoreChunks', 'RescoreChunks', 'RenumberErrors']) {
      assert.deepEqual(States[name].Catch, [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }], name);
    }
    // Finalize: its two repairs first (catchers are matched in order), the rest to MarkFailed. Each repair comes back
    // to Finalize, which asks for it only once (test/integration/batch-workflow.test.ts).
    assert.deepEqual(States.Finalize.Catch, [
      { ErrorEquals: ['ChunksMisplaced'], ResultPath: '$.misplaced', Next: 'RescoreChunks' },
      { ErrorEquals: ['ErrorsNeedGroups'], ResultPath: '$.errorsNeedGroups', Next: 'RenumberErrors' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' },
    ]);
    // MarkFailed's own failure still ends the execution in Failed.
    assert.equal(States.MarkFailed.Catch[0].Next, 'Failed');
  });

  it('retries the output-writing tasks while an older job holds the write lease, for longer than a lease lasts', () => {
    const { States } = loose(definitions.stateMachines.batch.definition);
    for (const name of ['Finalize', 'MarkFailed']) {
      const retry = (States[name].Retry as State[]).find((r) => r.ErrorEquals.includes('OutputKeyBusyError'));
      assert.ok(retry, `${name} retries OutputKeyBusyError`);
      const waitedMs = Array.from({ length: retry.MaxAttempts }, (_, i) => retry.IntervalSeconds * 1000 * retry.BackoffRate ** i).reduce(
        (a, b) => a + b,
      );
      assert.ok(waitedMs > LEASE_MS, `${name} gives up after ${waitedMs} ms, before a dead holder's lease (${LEASE_MS} ms) ends`);
    }
    for (const name of ['Plan']) assert.ok(!JSON.stringify(States[name].Retry).includes('OutputKeyBusyError'), `${name} writes no outputs`);
  });

  it('shapes the experiment workflow like the seed (CHAIN A→B→C, PARALLEL P1..P5), keyed by execution', () => {
    const { States, StartAt } = loose(definitions.stateMachines.experiment.definition);
    assert.equal(StartAt, 'SelectExperiment');
    assert.deepEqual(
      States.SelectExperiment.Choices.map((c: State) => [c.Variable, c.StringEquals, c.Next]),
      [
        ['$.experiment_type', 'CHAIN', 'Chain_Step_A'],
        ['$.experiment_type', 'PARALLEL', 'Parallel_Fan_Out'],
      ],
    );
    assert.deepEqual(States.Chain_Step_A.Parameters.Payload, {
      step_name: 'A',
      'last_step_time.$': '$.last_step_time',
      'execution_id.$': '$$.Execution.Id',
    });
    assert.equal(States.Chain_Step_A.Next, 'Chain_Step_B');
    assert.equal(States.Chain_Step_B.Parameters.Payload['last_step_time.$'], '$.Payload.last_step_time');
    assert.equal(States.Chain_Step_B.Next, 'Chain_Step_C');
    assert.equal(States.Chain_Step_C.Parameters.Payload['last_step_time.$'], '$.Payload.last_step_time');
    assert.equal(States.Chain_Step_C.End, true);
    const branches = (States.Parallel_Fan_Out.Branches as AslDefinition[]).map(loose);
    assert.deepEqual(
      branches.map((b) => b.StartAt),
      ['P1', 'P2', 'P3', 'P4', 'P5'],
    );
    for (const branch of branches) {
      assert.deepEqual(branch.States[branch.StartAt].Parameters.Payload, {
        step_name: branch.StartAt,
        'execution_id.$': '$$.Execution.Id',
      });
    }
    for (const [name, state] of allStates(definitions.stateMachines.experiment.definition).filter(([, s]) => s.Type === 'Task')) {
      assertTransientRetry(name, state);
    }
  });

  it('returns the tables exactly as the stack defines them', () => {
    assert.deepEqual(definitions.tables, [
      {
        TableName: 'Jobs',
        KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      },
      {
        TableName: 'Probes',
        KeySchema: [
          { AttributeName: 'runId', KeyType: 'HASH' },
          { AttributeName: 'probeId', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'runId', AttributeType: 'S' },
          { AttributeName: 'probeId', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    ]);
  });

  it('returns the function environment, routes and S3 notification in local form', () => {
    assert.deepEqual(definitions.functionEnvironment, {
      INPUT_BUCKET: 'input',
      OUTPUT_BUCKET: 'output',
      MODEL_BUCKET: 'models',
      JOBS_TABLE: 'Jobs',
      PROBES_TABLE: 'Probes',
      BATCH_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring',
      EXPERIMENT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:orchestration-experiment',
      CHUNK_TARGET_BYTES: '33554432',
      MAP_CONCURRENCY: '8',
      POWERTOOLS_SERVICE_NAME: 'prediction',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'IrisPrediction',
      MALLOC_TOP_PAD_: '67108864',
    });
    assert.deepEqual(definitions.function, {
      name: 'prediction',
      arn: FUNCTION_ARN,
      memorySize: 1024,
      timeoutSeconds: 300,
      reservedConcurrency: 50,
    });
    assert.deepEqual(definitions.apiFunction, {
      name: 'prediction-api',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:prediction-api',
      memorySize: 1024,
      timeoutSeconds: 300,
      reservedConcurrency: 100,
    });
    const open = { authorization: 'NONE', apiKeyRequired: false };
    assert.deepEqual(definitions.apiRoutes, [
      { method: 'POST', resource: '/predict', ...open },
      { method: 'POST', resource: '/experiment', ...open },
      { method: 'GET', resource: '/jobs/{id}', ...open },
      { method: 'GET', resource: '/model', ...open },
    ]);
    // One unfiltered rule: the function picks the accepted suffixes in any case (functions/lib/jobs/input-format.ts).
    assert.deepEqual(definitions.s3Notifications, [{ bucket: 'input', events: ['s3:ObjectCreated:*'] }]);
    assert.deepEqual(definitions.apiThrottle, { rateLimit: 500, burstLimit: 1000 });
    assert.deepEqual(definitions.apiMethodThrottles, [{ method: 'POST', resource: '/experiment', rateLimit: 5, burstLimit: 10 }]);
  });

  it('passes context overrides through and caches per options', () => {
    const small = synthesizeLocalDefinitions({ context: { mapConcurrency: 2, chunkTargetBytes: 4096 } });
    assert.equal(small.stateMachines.batch.definition.States.ScoreChunks.MaxConcurrency, 2);
    assert.equal(small.functionEnvironment.CHUNK_TARGET_BYTES, '4096');
    assert.equal(small.functionEnvironment.MAP_CONCURRENCY, '2'); // Plan spreads files over as many chunks as the Map runs at once
    const again = synthesizeLocalDefinitions({ context: { mapConcurrency: 2, chunkTargetBytes: 4096 } });
    assert.deepEqual(again, small);
    again.tables.length = 0;
    assert.equal(
      synthesizeLocalDefinitions({ context: { mapConcurrency: 2, chunkTargetBytes: 4096 } }).tables.length,
      2,
      'callers get copies',
    );
  });
});

// The batch workflow's Distributed Map runs on the local Step Functions service, not on the bare engine:
// test/integration/batch-workflow.test.ts runs it with stubbed tasks.
describe('synthesized experiment workflow on aws-local-stepfunctions (stubbed tasks)', async () => {
  const { StateMachine } = await import('aws-local-stepfunctions');
  type Handler = (input: any) => Promise<unknown>;
  const calls: State[] = [];
  // Stubs answer like lambda:invoke does: the function's result under Payload.
  const invoke =
    (fn: (payload: State) => unknown): Handler =>
    async (input) => {
      calls.push(input.Payload);
      return { StatusCode: 200, Payload: fn(input.Payload) };
    };
  const run = (definition: AslDefinition, input: unknown, handlers: Record<string, Handler>) =>
    new StateMachine(definition as never, { validationOptions: { checkArn: false } }).run(
      input as never,
      { context: { Execution: { Id: 'arn:local:execution:1' } }, overrides: { taskResourceLocalHandlers: handlers } } as never,
    ).result;

  it('passes last_step_time along the CHAIN and runs five PARALLEL probes', async () => {
    calls.length = 0;
    let clock = 100;
    const probe = invoke((p) => ({ message: 'ok', step_name: p.step_name, last_step_time: ++clock }));
    const steps = Object.fromEntries(['Chain_Step_A', 'Chain_Step_B', 'Chain_Step_C', 'P1', 'P2', 'P3', 'P4', 'P5'].map((n) => [n, probe]));
    await run(definitions.stateMachines.experiment.definition, { experiment_type: 'CHAIN', last_step_time: 1 }, steps);
    assert.deepEqual(
      calls.map((c) => [c.step_name, c.last_step_time, c.execution_id]),
      [
        ['A', 1, 'arn:local:execution:1'],
        ['B', 101, 'arn:local:execution:1'],
        ['C', 102, 'arn:local:execution:1'],
      ],
    );
    calls.length = 0;
    await run(definitions.stateMachines.experiment.definition, { experiment_type: 'PARALLEL', last_step_time: 1 }, steps);
    assert.deepEqual(calls.map((c) => c.step_name).sort(), ['P1', 'P2', 'P3', 'P4', 'P5']);
  });
});
