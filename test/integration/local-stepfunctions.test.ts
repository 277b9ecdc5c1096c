/**
 * The local Step Functions endpoint with the REAL synthesized definitions (batch workflow, orchestration
 * experiment), driven over HTTP by the real AWS SDK (and the AWS CLI when installed). A JS function stands in for
 * the Lambda function: the runtime is not the subject here, the workflow semantics are (Map, Retry, Catch, history).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';
import { LambdaInvokeError, type StepFunctionsService } from '../../local/stepfunctions/index.ts';
import { startStepFunctionsWithS3, type StepFunctionsWithS3 } from '../helpers/step-functions-with-s3.ts';
import { assertInOrder } from '../helpers/assert-in-order.ts';

const definitions = synthesizeLocalDefinitions();
const BATCH = definitions.stateMachines.batch.arn;
const EXPERIMENT = definitions.stateMachines.experiment.arn;
const FUNCTION_ARN = definitions.function.arn;

interface Call {
  functionArn: string;
  payload: Record<string, any>;
}

/** The stand-in function: behaviour chosen by the job id, so that tests do not interfere. */
function fakeFunction(calls: Call[], gates: Map<string, Promise<void>>, putManifest: (key: string, chunks: unknown) => Promise<unknown>) {
  const transientLeft = new Set<string>();
  return async (functionArn: string, payload: unknown): Promise<unknown> => {
    const event = payload as Record<string, any>;
    calls.push({ functionArn, payload: event });
    const jobId: string = event.job?.jobId ?? '';
    await gates.get(jobId);
    switch (event.task) {
      case 'plan': {
        const chunksKey = `_tmp/${jobId}/chunks.json`;
        await putManifest(
          chunksKey,
          [0, 1, 2].map((index) => ({ index, start: index * 10, end: index * 10 + 10 })),
        );
        const rescoreKey = `_tmp/${jobId}/rescore.json`;
        return {
          bucket: 'output',
          chunksKey,
          rescoreKey,
          errorGroupsKey: `_tmp/${jobId}/error-groups.json`,
          chunks: 3,
          chunkBytes: 10,
          sourceSize: 30,
        };
      }
      case 'score-chunk': {
        const key = `${jobId}#${event.chunk.index}`;
        if (jobId.startsWith('transient') && event.chunk.index === 1 && !transientLeft.has(key)) {
          transientLeft.add(key);
          throw new LambdaInvokeError({
            errorType: 'Lambda.ServiceException',
            errorMessage: 'Injected transient fault',
            source: 'service',
          });
        }
        if (jobId.startsWith('permanent') && event.chunk.index === 2) {
          throw new LambdaInvokeError({ errorType: 'InjectedFaultError', errorMessage: 'Injected permanent fault', source: 'function' });
        }
        return { index: event.chunk.index, rowsIn: 10, rowsScored: 9, rowsRejected: 1 };
      }
      case 'finalize':
        return { jobId, status: 'SUCCEEDED', results: event.results.ResultWriterDetails.Key };
      case 'mark-failed':
        return { jobId, status: 'FAILED' };
      default:
        return { message: 'probe', step_name: event.step_name, last_step_time: 1000 + calls.length };
    }
  };
}

describe('local Step Functions (real definitions, AWS SDK over HTTP)', () => {
  const calls: Call[] = [];
  const gates = new Map<string, Promise<void>>();
  let local: StepFunctionsWithS3;
  let sfn: StepFunctionsService;
  let client: SFNClient;

  before(async () => {
    // The batch workflow's Distributed Maps read their chunk manifest from S3 and write their results there.
    const putManifest = (key: string, chunks: unknown) =>
      local.s3.send(new PutObjectCommand({ Bucket: 'output', Key: key, Body: JSON.stringify(chunks) }));
    local = await startStepFunctionsWithS3(
      {
        stateMachines: [definitions.stateMachines.batch, definitions.stateMachines.experiment],
        invokeLambda: fakeFunction(calls, gates, putManifest),
      },
      ['output'],
    );
    ({ sfn, client } = local);
  });

  after(() => local.stop());

  const startBatch = async (jobId: string, name = jobId) => {
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: BATCH, name, input: JSON.stringify({ job: { jobId } }) }),
    );
    return started.executionArn!;
  };
  const finish = async (executionArn: string) => {
    await sfn.waitForExecution(executionArn);
    return client.send(new DescribeExecutionCommand({ executionArn }));
  };
  const history = async (executionArn: string): Promise<HistoryEvent[]> =>
    (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

  test('lists and describes both state machines', async () => {
    // act
    const listed = await client.send(new ListStateMachinesCommand({}));
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: BATCH }));
    // assert
    assert.deepEqual(listed.stateMachines?.map((m) => m.name).sort(), ['batch-scoring', 'orchestration-experiment']);
    assert.equal(described.status, 'ACTIVE');
    assert.equal(described.type, 'STANDARD');
    assert.deepEqual(JSON.parse(described.definition!), definitions.stateMachines.batch.definition);
    assert.ok(described.creationDate instanceof Date);
  });

  test('batch happy path: Plan → Distributed Map over the chunk manifest → Finalize, SUCCEEDED', async () => {
    // act
    const executionArn = await startBatch('happy-1');
    const described = await finish(executionArn);
    // assert
    assert.equal(described.status, 'SUCCEEDED');
    const output = JSON.parse(described.output!);
    assert.deepEqual([output.jobId, output.status], ['happy-1', 'SUCCEEDED']);
    assert.match(output.results, /^_tmp\/map-runs\/[0-9a-f-]{36}\/manifest\.json$/);
    assert.equal(executionArn, 'arn:aws:states:us-east-1:000000000000:execution:batch-scoring:happy-1');
    assert.ok(described.startDate instanceof Date && described.stopDate instanceof Date);
    assert.ok(described.stopDate.getTime() >= described.startDate.getTime());
    const mine = calls.filter((c) => c.payload.job?.jobId === 'happy-1');
    assert.deepEqual(
      mine.map((c) => c.payload.task),
      ['plan', 'score-chunk', 'score-chunk', 'score-chunk', 'finalize'],
    );
    assert.ok(mine.every((c) => c.functionArn === FUNCTION_ARN));
    const types = (await history(executionArn)).map((e) => e.type);
    const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
    const mapRun = await client.send(new DescribeMapRunCommand({ mapRunArn: mapRuns![0].mapRunArn }));
    assert.equal(mapRun.itemCounts?.succeeded, 3, 'one child execution per chunk');
    assert.equal(types.filter((t) => t === 'TaskSucceeded').length, 2, 'Plan and Finalize in the parent; chunks in their children');
    assert.deepEqual([types[0], types.at(-1)], ['ExecutionStarted', 'ExecutionSucceeded']);
    assertInOrder(types, ['MapRunStarted', 'MapRunSucceeded', 'MapStateExited', 'TaskStateEntered'], 'Finalize enters after the map run');
  });

  test('a transient Lambda.ServiceException on one chunk is retried and the job succeeds', async () => {
    // act
    const executionArn = await startBatch('transient-1');
    const described = await finish(executionArn);
    // assert
    assert.equal(described.status, 'SUCCEEDED');
    assert.equal(calls.filter((c) => c.payload.job?.jobId === 'transient-1' && c.payload.chunk?.index === 1).length, 2);
    // The retry happened inside chunk 1's child execution: its history shows the failed attempt.
    const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
    const children = (await client.send(new ListExecutionsCommand({ mapRunArn: mapRuns![0].mapRunArn }))).executions ?? [];
    const failed = (await Promise.all(children.map((c) => history(c.executionArn!)))).flat().filter((e) => e.type === 'TaskFailed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].taskFailedEventDetails?.error, 'Lambda.ServiceException');
  });

  test('a permanent function error goes to MarkFailed and the execution FAILS', async () => {
    // act
    const executionArn = await startBatch('permanent-1');
    const described = await finish(executionArn);
    // assert
    assert.equal(described.status, 'FAILED');
    assert.equal(described.error, 'JobFailed');
    assert.equal(described.cause, 'See the job record and summary.json');
    // The Map fails because a child did; MarkFailed reads that child's own error (test/integration/batch-workflow.test.ts).
    const markFailed = calls.find((c) => c.payload.task === 'mark-failed' && c.payload.job.jobId === 'permanent-1');
    assert.equal(markFailed?.payload.error.Error, 'States.ExceedToleratedFailureThreshold');
    assert.equal(markFailed?.payload.execution, executionArn);
    const types = (await history(executionArn)).map((e) => e.type);
    assert.ok(types.includes('MapRunFailed'));
    assert.ok(!types.includes('MapRunSucceeded'));
    assert.deepEqual(types.slice(-2), ['FailStateEntered', 'ExecutionFailed']);
    assert.ok(!types.includes('ExecutionSucceeded'));
  });

  test('a duplicate name: same input while running returns the same execution, otherwise ExecutionAlreadyExists', async () => {
    // prepare
    let release!: () => void;
    gates.set(
      'dup-1',
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    const first = await startBatch('dup-1');
    // act
    const again = await startBatch('dup-1');
    const otherInput = client.send(
      new StartExecutionCommand({ stateMachineArn: BATCH, name: 'dup-1', input: '{"job":{"jobId":"other"}}' }),
    );
    // assert
    assert.equal(again, first);
    await assert.rejects(otherInput, { name: 'ExecutionAlreadyExists' });
    release();
    assert.equal((await finish(first)).status, 'SUCCEEDED');
    await assert.rejects(startBatch('dup-1'), { name: 'ExecutionAlreadyExists' });
    assert.equal(calls.filter((c) => c.payload.task === 'plan' && c.payload.job.jobId === 'dup-1').length, 1);
  });

  test('invalid names, unknown machines and bad input are refused as AWS does', async () => {
    await assert.rejects(startBatch('bad', 'has space'), { name: 'InvalidName' });
    await assert.rejects(startBatch('bad', 'x'.repeat(81)), { name: 'InvalidName' });
    await assert.rejects(client.send(new StartExecutionCommand({ stateMachineArn: `${BATCH}-nope` })), {
      name: 'StateMachineDoesNotExist',
    });
    await assert.rejects(client.send(new StartExecutionCommand({ stateMachineArn: BATCH, input: '{' })), { name: 'InvalidExecutionInput' });
    await assert.rejects(client.send(new DescribeExecutionCommand({ executionArn: 'nope' })), { name: 'InvalidArn' });
    await assert.rejects(
      client.send(new DescribeExecutionCommand({ executionArn: `${BATCH.replace('stateMachine', 'execution')}:missing` })),
      { name: 'ExecutionDoesNotExist' },
    );
  });

  test('StopExecution aborts a running execution', async () => {
    // prepare
    let release!: () => void;
    gates.set(
      'stop-1',
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    const executionArn = await startBatch('stop-1');
    // act
    await client.send(new StopExecutionCommand({ executionArn, error: 'Manual', cause: 'test' }));
    release();
    const described = await finish(executionArn);
    // assert
    assert.equal(described.status, 'ABORTED');
    assert.equal(described.error, 'Manual');
    const last = (await history(executionArn)).at(-1);
    assert.equal(last?.type, 'ExecutionAborted');
    assert.deepEqual(last?.executionAbortedEventDetails, { error: 'Manual', cause: 'test' });
  });

  test('CHAIN experiment: Choice then three chained tasks, each getting the execution id', async () => {
    // act
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: EXPERIMENT,
        input: JSON.stringify({ experiment_type: 'CHAIN', last_step_time: 1 }),
      }),
    );
    const described = await finish(executionArn!);
    // assert
    assert.equal(described.status, 'SUCCEEDED');
    const events = await history(executionArn!);
    const entered = events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => `${e.type}:${e.stateEnteredEventDetails?.name}`);
    assert.deepEqual(entered, [
      'ChoiceStateEntered:SelectExperiment',
      'TaskStateEntered:Chain_Step_A',
      'TaskStateEntered:Chain_Step_B',
      'TaskStateEntered:Chain_Step_C',
    ]);
    assert.deepEqual(
      events.slice(0, 8).map((e) => e.type),
      [
        'ExecutionStarted',
        'ChoiceStateEntered',
        'ChoiceStateExited',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
      ],
    );
    const scheduled = events.filter((e) => e.type === 'TaskScheduled').map((e) => e.taskScheduledEventDetails!);
    assert.ok(scheduled.every((d) => d.resource === 'invoke' && d.resourceType === 'lambda'));
    const params = scheduled.map((d) => JSON.parse(d.parameters!));
    assert.deepEqual(
      params.map((p) => p.Payload.step_name),
      ['A', 'B', 'C'],
    );
    assert.ok(params.every((p) => p.Payload.execution_id === executionArn && p.FunctionName === FUNCTION_ARN));
    assert.equal(params[0].Payload.last_step_time, 1);
    assert.ok(params[1].Payload.last_step_time > 1000, "B gets A's Payload.last_step_time");
    events.forEach((e, i) => assert.equal(e.id, i + 1));
  });

  test('PARALLEL experiment: five branches between ParallelStateStarted and ParallelStateSucceeded', async () => {
    // act
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: EXPERIMENT,
        input: JSON.stringify({ experiment_type: 'PARALLEL', last_step_time: 1 }),
      }),
    );
    await finish(executionArn!);
    const events = await history(executionArn!);
    const reversed = (await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }))).events ?? [];
    // assert
    const types = events.map((e) => e.type);
    assertInOrder(types, ['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited']);
    const start = types.indexOf('ParallelStateStarted');
    const end = types.indexOf('ParallelStateSucceeded');
    const branchTasks = events
      .slice(start, end)
      .filter((e) => e.type === 'TaskStateEntered')
      .map((e) => e.stateEnteredEventDetails?.name)
      .sort();
    assert.deepEqual(branchTasks, ['P1', 'P2', 'P3', 'P4', 'P5']);
    assert.equal(types.filter((t) => t === 'TaskSucceeded').length, 5);
    assert.deepEqual(
      reversed.map((e) => e.type),
      ['ExecutionSucceeded', 'ParallelStateExited', 'ParallelStateSucceeded'],
    );
    for (let i = 1; i < events.length; i++) assert.ok(events[i].timestamp!.getTime() >= events[i - 1].timestamp!.getTime());
  });

  test('ListExecutions filters by status and honours maxResults', async () => {
    // act
    const failed = await client.send(new ListExecutionsCommand({ stateMachineArn: BATCH, statusFilter: 'FAILED' }));
    const succeeded = await client.send(new ListExecutionsCommand({ stateMachineArn: BATCH, statusFilter: 'SUCCEEDED' }));
    const firstPage = await client.send(new ListExecutionsCommand({ stateMachineArn: BATCH, maxResults: 1 }));
    const secondPage = await client.send(
      new ListExecutionsCommand({ stateMachineArn: BATCH, maxResults: 1, nextToken: firstPage.nextToken }),
    );
    // assert
    assert.deepEqual(
      failed.executions?.map((e) => e.name),
      ['permanent-1'],
    );
    assert.ok(['happy-1', 'transient-1', 'dup-1'].every((n) => succeeded.executions?.some((e) => e.name === n)));
    assert.ok(succeeded.executions?.every((e) => e.status === 'SUCCEEDED' && e.stopDate instanceof Date));
    assert.equal(firstPage.executions?.length, 1);
    assert.ok(firstPage.nextToken);
    assert.notEqual(secondPage.executions?.[0].executionArn, firstPage.executions?.[0].executionArn);
  });

  test('the edge routes AWSStepFunctions.* to the in-process listener', async () => {
    // prepare
    const viaEdge = new SFNClient({
      endpoint: local.edge.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    // act
    const listed = await viaEdge.send(new ListStateMachinesCommand({}));
    viaEdge.destroy();
    // assert
    assert.equal(listed.stateMachines?.length, 2);
  });

  test('the AWS CLI lists the state machines', async (t) => {
    // prepare
    const found = await promisify(execFile)('sh', ['-c', 'command -v aws']).then(
      () => true,
      () => false,
    );
    if (!found) return t.skip('aws CLI not on PATH');
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    // act
    const { stdout } = await promisify(execFile)(
      'aws',
      ['stepfunctions', 'list-state-machines', '--endpoint-url', sfn.url, '--output', 'json'],
      { env },
    );
    // assert
    const names = (JSON.parse(stdout) as { stateMachines: { name: string }[] }).stateMachines.map((m) => m.name).sort();
    assert.deepEqual(names, ['batch-scoring', 'orchestration-experiment']);
  });
});
