/**
 * Distributed Map on the local Step Functions, driven over HTTP by the real AWS SDK: items read from the local S3
 * through the edge (ItemReader), child executions running a Lambda task (a JS function stands in for the function:
 * the map run is the subject), ItemBatcher, MaxConcurrency, tolerated failures, ResultWriter files, the Map Run APIs
 * and the history events.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  StopExecutionCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { LambdaInvokeError, type AslDefinition, type StepFunctionsService } from '../../local/stepfunctions/index.ts';
import { startStepFunctionsWithS3, type StepFunctionsWithS3 } from '../helpers/step-functions-with-s3.ts';
import { assertInOrder } from '../helpers/assert-in-order.ts';

const ACCOUNT_ARN = 'arn:aws:states:us-east-1:000000000000';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:worker';
const BUCKET = 'dmap-test';

/** A child's Lambda task: the item goes to the function as its payload, the payload comes back as the output. */
const lambdaProcessor = {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

function distributedMap(fields: Record<string, unknown>, executionType = 'STANDARD'): AslDefinition {
  return {
    StartAt: 'Chunks',
    States: {
      Chunks: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType }, ...lambdaProcessor },
        End: true,
        ...fields,
      },
    },
  };
}

const fromManifest = (inputType = 'JSON') => ({
  Resource: 'arn:aws:states:::s3:getObject',
  ReaderConfig: { InputType: inputType },
  Parameters: { Bucket: BUCKET, 'Key.$': '$.manifestKey' },
});

const MACHINES: Record<string, AslDefinition> = {
  select: distributedMap({
    ItemReader: fromManifest(),
    ItemSelector: { 'index.$': '$$.Map.Item.Index', 'chunk.$': '$$.Map.Item.Value', 'job.$': '$.jobId' },
  }),
  batch: distributedMap({
    ItemReader: fromManifest('JSONL'),
    ItemBatcher: { MaxItemsPerBatch: 3, BatchInput: { 'jobId.$': '$.jobId' } },
  }),
  csv: distributedMap({ ItemReader: { ...fromManifest('CSV'), ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } } }),
  bounded: distributedMap({ ItemsPath: '$.items', MaxConcurrency: 2 }),
  tolerant: distributedMap({
    ItemReader: fromManifest(),
    ToleratedFailureCount: 2,
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, 'Prefix.$': '$.resultPrefix' } },
  }),
  strict: distributedMap({ ItemsPath: '$.items', MaxConcurrency: 1, ToleratedFailurePercentage: 10 }, 'EXPRESS'),
  caught: {
    StartAt: 'Chunks',
    States: {
      Chunks: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...lambdaProcessor },
        ItemsPath: '$.items',
        ResultPath: '$.results',
        Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], ResultPath: '$.failure', Next: 'Handled' }],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    },
  },
};

describe('local Step Functions: Distributed Map (AWS SDK over HTTP, items and results in the local S3)', () => {
  let local: StepFunctionsWithS3;
  let sfn: StepFunctionsService;
  let client: SFNClient;
  let s3: S3Client;
  const inFlight = { now: 0, max: 0 };
  let releaseHeld: () => void = () => undefined;
  let held = new Promise<void>((resolve) => {
    releaseHeld = resolve;
  });

  /** The stand-in function: echoes its payload; `fail: true` items throw; `slow` ones hold a moment (to overlap). */
  const worker = async (_arn: string, payload: unknown): Promise<unknown> => {
    const event = payload as Record<string, any>;
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    try {
      if (event.slow) await sleep(30);
      if (event.hold) await held;
      if (event.fail) throw new LambdaInvokeError({ errorType: 'ItemError', errorMessage: `item ${event.id} is bad`, source: 'function' });
      return { seen: event };
    } finally {
      inFlight.now--;
    }
  };

  before(async () => {
    const stateMachines = Object.entries(MACHINES).map(([name, definition]) => ({
      name,
      arn: `${ACCOUNT_ARN}:stateMachine:${name}`,
      definition,
    }));
    local = await startStepFunctionsWithS3({ stateMachines, invokeLambda: worker }, [BUCKET]);
    ({ sfn, client, s3 } = local);
  });

  after(async () => {
    releaseHeld();
    await local.stop();
  });

  const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const get = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
  const run = async (machine: string, input: unknown) => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: `${ACCOUNT_ARN}:stateMachine:${machine}`, input: JSON.stringify(input) }),
    );
    await sfn.waitForExecution(executionArn!);
    return client.send(new DescribeExecutionCommand({ executionArn }));
  };
  const onlyMapRun = async (executionArn: string) => {
    const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
    assert.equal(mapRuns?.length, 1);
    return client.send(new DescribeMapRunCommand({ mapRunArn: mapRuns![0].mapRunArn }));
  };
  const historyTypes = async (executionArn: string) =>
    ((await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? []).map((e) => e.type!);

  test('items from a JSON manifest in S3, ItemSelector with $$.Map.Item: one child per item, outputs in item order', async () => {
    // prepare
    await put('manifests/select.json', JSON.stringify([{ id: 'a' }, { id: 'b' }, { id: 'c' }]));
    // act
    const described = await run('select', { jobId: 'job-1', manifestKey: 'manifests/select.json' });
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.deepEqual(JSON.parse(described.output!), [
      { seen: { index: 0, chunk: { id: 'a' }, job: 'job-1' } },
      { seen: { index: 1, chunk: { id: 'b' }, job: 'job-1' } },
      { seen: { index: 2, chunk: { id: 'c' }, job: 'job-1' } },
    ]);
    const mapRun = await onlyMapRun(described.executionArn!);
    assert.match(mapRun.mapRunArn!, /^arn:aws:states:us-east-1:000000000000:mapRun:select\/Chunks:[0-9a-f-]{36}$/);
    assert.equal(mapRun.status, 'SUCCEEDED');
    assert.equal(mapRun.executionArn, described.executionArn);
    assert.deepEqual(
      { ...mapRun.itemCounts },
      {
        pending: 0,
        running: 0,
        succeeded: 3,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        total: 3,
        resultsWritten: 0,
        failuresNotRedrivable: 0,
        pendingRedrive: 0,
      },
    );
    const children = await client.send(new ListExecutionsCommand({ mapRunArn: mapRun.mapRunArn }));
    assert.equal(children.executions?.length, 3);
    const child = await client.send(new DescribeExecutionCommand({ executionArn: children.executions![0].executionArn }));
    assert.match(child.executionArn!, /^arn:aws:states:us-east-1:000000000000:execution:select\/Chunks:[0-9a-f-]{36}$/);
    assert.equal(child.stateMachineArn, `${ACCOUNT_ARN}:stateMachine:select/Chunks`);
    assert.equal(child.mapRunArn, mapRun.mapRunArn);
    assert.deepEqual(await historyTypes(child.executionArn!), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  test('history: MapStateEntered, MapRunStarted (with the map run ARN), MapRunSucceeded, MapStateExited', async () => {
    // prepare
    await put('manifests/history.json', JSON.stringify([{ id: 'x' }]));
    // act
    const described = await run('select', { jobId: 'job-2', manifestKey: 'manifests/history.json' });
    // assert
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn }));
    const types = events!.map((e) => e.type!);
    assert.deepEqual(types, [
      'ExecutionStarted',
      'MapStateEntered',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    const started = events!.find((e) => e.type === 'MapRunStarted');
    assert.equal(started?.mapRunStartedEventDetails?.mapRunArn, (await onlyMapRun(described.executionArn!)).mapRunArn);
    assert.deepEqual(
      events!.map((e) => e.id),
      types.map((_, i) => i + 1),
    );
  });

  test('ItemBatcher over JSON Lines: batches of MaxItemsPerBatch items with the BatchInput', async () => {
    // prepare
    const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ id: i }));
    await put('manifests/batch.jsonl', `${lines.join('\n')}\n`);
    // act
    const described = await run('batch', { jobId: 'job-3', manifestKey: 'manifests/batch.jsonl' });
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    const batches = JSON.parse(described.output!).map((o: { seen: unknown }) => o.seen);
    assert.deepEqual(batches, [
      { BatchInput: { jobId: 'job-3' }, Items: [{ id: 0 }, { id: 1 }, { id: 2 }] },
      { BatchInput: { jobId: 'job-3' }, Items: [{ id: 3 }, { id: 4 }, { id: 5 }] },
      { BatchInput: { jobId: 'job-3' }, Items: [{ id: 6 }] },
    ]);
    const mapRun = await onlyMapRun(described.executionArn!);
    assert.equal(mapRun.itemCounts?.total, 7);
    assert.equal(mapRun.itemCounts?.succeeded, 7);
    assert.equal(mapRun.executionCounts?.total, 3);
    assert.equal(mapRun.executionCounts?.succeeded, 3);
  });

  test('CSV manifest: the first row names the fields of each item', async () => {
    // prepare
    await put('manifests/rows.csv', 'id,label\n1,"plain"\n2,"with, comma"\n');
    // act
    const described = await run('csv', { manifestKey: 'manifests/rows.csv' });
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.deepEqual(
      JSON.parse(described.output!).map((o: { seen: unknown }) => o.seen),
      [
        { id: '1', label: 'plain' },
        { id: '2', label: 'with, comma' },
      ],
    );
  });

  test('MaxConcurrency 2: never more than 2 children in flight, and 2 do overlap', async () => {
    // prepare
    inFlight.max = 0;
    const items = Array.from({ length: 6 }, (_, id) => ({ id, slow: true }));
    // act
    const described = await run('bounded', { items });
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.equal(inFlight.max, 2);
    const mapRun = await onlyMapRun(described.executionArn!);
    assert.equal(mapRun.maxConcurrency, 2);
    assert.equal(mapRun.executionCounts?.succeeded, 6);
  });

  test('failures within ToleratedFailureCount: SUCCEEDED, ResultWriter writes manifest, SUCCEEDED_0 and FAILED_0; the output points at the manifest', async () => {
    // prepare
    const items = Array.from({ length: 5 }, (_, id) => ({ id, fail: id === 1 || id === 3 }));
    await put('manifests/tolerant.json', JSON.stringify(items));
    // act
    const described = await run('tolerant', { manifestKey: 'manifests/tolerant.json', resultPrefix: 'results/run-1' });
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    const mapRun = await onlyMapRun(described.executionArn!);
    const runId = mapRun.mapRunArn!.split(':').pop();
    const manifestKey = `results/run-1/${runId}/manifest.json`;
    assert.deepEqual(JSON.parse(described.output!), {
      MapRunArn: mapRun.mapRunArn,
      ResultWriterDetails: { Bucket: BUCKET, Key: manifestKey },
    });
    const manifest = JSON.parse(await get(manifestKey));
    const succeededKey = `results/run-1/${runId}/SUCCEEDED_0.json`;
    const failedKey = `results/run-1/${runId}/FAILED_0.json`;
    const succeededText = await get(succeededKey);
    const failedText = await get(failedKey);
    assert.deepEqual(manifest, {
      DestinationBucket: BUCKET,
      MapRunArn: mapRun.mapRunArn,
      ResultFiles: {
        FAILED: [{ Key: failedKey, Size: Buffer.byteLength(failedText) }],
        PENDING: [],
        SUCCEEDED: [{ Key: succeededKey, Size: Buffer.byteLength(succeededText) }],
      },
    });
    const succeeded = JSON.parse(succeededText);
    assert.deepEqual(
      succeeded.map((r: { Input: string }) => JSON.parse(r.Input).id),
      [0, 2, 4],
    );
    assert.deepEqual(JSON.parse(succeeded[0].Output), { seen: { id: 0, fail: false } });
    assert.equal(succeeded[0].Status, 'SUCCEEDED');
    assert.equal(succeeded[0].StateMachineArn, `${ACCOUNT_ARN}:stateMachine:tolerant/Chunks`);
    assert.match(succeeded[0].ExecutionArn, /:execution:tolerant\/Chunks:/);
    assert.ok(!Number.isNaN(Date.parse(succeeded[0].StartDate)) && !Number.isNaN(Date.parse(succeeded[0].StopDate)));
    const failed = JSON.parse(failedText);
    assert.deepEqual(
      failed.map((r: { Status: string; Error: string }) => [r.Status, r.Error]),
      [
        ['FAILED', 'ItemError'],
        ['FAILED', 'ItemError'],
      ],
    );
    assert.equal(JSON.parse(failed[0].Cause).errorMessage, 'item 1 is bad');
    assert.equal(mapRun.toleratedFailureCount, 2);
    assert.deepEqual([mapRun.itemCounts?.succeeded, mapRun.itemCounts?.failed, mapRun.itemCounts?.resultsWritten], [3, 2, 5]);
  });

  test('failures beyond ToleratedFailurePercentage: the Map fails with States.ExceedToleratedFailureThreshold', async () => {
    // prepare
    const items = Array.from({ length: 10 }, (_, id) => ({ id, fail: id < 3 }));
    // act
    const described = await run('strict', { items });
    // assert
    assert.equal(described.status, 'FAILED');
    assert.equal(described.error, 'States.ExceedToleratedFailureThreshold');
    const mapRun = await onlyMapRun(described.executionArn!);
    assert.equal(mapRun.status, 'FAILED');
    assert.equal(mapRun.toleratedFailurePercentage, 10);
    // 2 of 10 failed items is 20 % > 10 %: the run stops there, the others never start.
    assert.deepEqual([mapRun.itemCounts?.failed, mapRun.itemCounts?.succeeded, mapRun.itemCounts?.pending], [2, 0, 8]);
    const types = await historyTypes(described.executionArn!);
    assertInOrder(types, ['MapStateEntered', 'MapRunStarted', 'MapRunFailed', 'ExecutionFailed']);
    assert.ok(!types.includes('MapStateExited'));
  });

  test('a Catch on the Map catches States.ExceedToleratedFailureThreshold like any state error', async () => {
    // act
    const described = await run('caught', { items: [{ id: 0, fail: true }, { id: 1 }] });
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.equal(JSON.parse(described.output!).failure.Error, 'States.ExceedToleratedFailureThreshold');
    const types = await historyTypes(described.executionArn!);
    assertInOrder(types, ['MapStateEntered', 'MapRunStarted', 'MapRunFailed', 'PassStateEntered', 'ExecutionSucceeded']);
  });

  test('StopExecution of the parent aborts its map run: the running child is stopped, the others never start', async () => {
    // prepare
    held = new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
    const items = Array.from({ length: 3 }, (_, id) => ({ id, hold: true }));
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: `${ACCOUNT_ARN}:stateMachine:strict`, input: JSON.stringify({ items }) }),
    );
    let mapRunArn: string | undefined;
    while (mapRunArn === undefined) {
      const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
      const running = mapRuns?.[0] && (await client.send(new DescribeMapRunCommand({ mapRunArn: mapRuns[0].mapRunArn })));
      if (running?.executionCounts?.running === 1) mapRunArn = running.mapRunArn;
      else await sleep(10);
    }
    // act
    await client.send(new StopExecutionCommand({ executionArn, error: 'Stopped', cause: 'by the test' }));
    releaseHeld();
    await sfn.waitForExecution(executionArn!);
    // assert
    const waitClosed = async () => {
      for (;;) {
        const described = await client.send(new DescribeMapRunCommand({ mapRunArn }));
        if (described.status !== 'RUNNING') return described;
        await sleep(10);
      }
    };
    const mapRun = await waitClosed();
    assert.equal((await client.send(new DescribeExecutionCommand({ executionArn }))).status, 'ABORTED');
    assert.equal(mapRun.status, 'ABORTED');
    assert.deepEqual([mapRun.itemCounts?.aborted, mapRun.itemCounts?.pending, mapRun.itemCounts?.succeeded], [1, 2, 0]);
    assert.ok((await historyTypes(executionArn!)).includes('MapRunAborted'));
  });

  test('without ResultWriter, children outputs over 256 KiB fail the Map with States.DataLimitExceeded', async () => {
    // prepare
    const items = Array.from({ length: 300 }, (_, id) => ({ id, pad: 'x'.repeat(1000) }));
    await put('manifests/large-results.json', JSON.stringify(items));
    // act
    const described = await run('select', { jobId: 'job-4', manifestKey: 'manifests/large-results.json' });
    // assert
    assert.equal(described.status, 'FAILED');
    assert.equal(described.error, 'States.DataLimitExceeded');
    const mapRun = await onlyMapRun(described.executionArn!);
    assert.equal(mapRun.status, 'FAILED');
    assert.equal(mapRun.itemCounts?.succeeded, 300);
  });

  test('a manifest that is not in S3 fails the map run with States.ItemReaderFailed, naming the object', async () => {
    // act
    const described = await run('select', { jobId: 'job-5', manifestKey: 'manifests/missing.json' });
    // assert
    assert.equal(described.status, 'FAILED');
    assert.equal(described.error, 'States.ItemReaderFailed');
    assert.match(described.cause!, /s3:\/\/dmap-test\/manifests\/missing\.json/);
    const mapRun = await onlyMapRun(described.executionArn!);
    assert.deepEqual([mapRun.status, mapRun.itemCounts?.total], ['FAILED', 0]);
    assertInOrder(await historyTypes(described.executionArn!), ['MapRunStarted', 'MapRunFailed', 'ExecutionFailed']);
  });
});
