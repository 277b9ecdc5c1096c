/**
 * The batch workflow as CDK synthesizes it, on the local Step Functions with its Distributed Map, items and results in
 * the local S3, over HTTP: the tasks are stand-ins that record their payloads (the handlers have their own tests),
 * so what is under test is the workflow's wiring: Plan's manifest read by ScoreChunks, the map results Finalize
 * reads, the re-score of misplaced chunks, the error groups renumbered in parallel, each repair taken once, and a
 * failed chunk's own error reaching MarkFailed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { LambdaInvokeError, type StepFunctionsService } from '../../local/stepfunctions/index.ts';
import { startStepFunctionsWithS3, type StepFunctionsWithS3 } from '../helpers/step-functions-with-s3.ts';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';

const BUCKET = 'output';
const batch = synthesizeLocalDefinitions().stateMachines.batch;
type Payload = Record<string, any>;

describe('the synthesized batch workflow on the local Step Functions (stand-in tasks)', () => {
  let local: StepFunctionsWithS3;
  let sfn: StepFunctionsService;
  let client: SFNClient;
  let s3: S3Client;
  const calls: Payload[] = [];
  let readFailedChunk: (execution: string) => Promise<unknown> = async () => undefined;

  const put = (key: string, value: unknown) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(value) }));

  /** The function: plan writes a 3-chunk manifest; chunks echo; finalize refuses once when the job asks for it. */
  const task = async (_arn: string, payload: unknown): Promise<unknown> => {
    const event = payload as Payload;
    calls.push(event);
    const jobId: string = event.job.jobId;
    switch (event.task) {
      case 'plan': {
        const chunks = [0, 1, 2].map((index) => ({ index, start: index * 10, end: index * 10 + 10 }));
        await put(`_tmp/${jobId}/chunks.json`, chunks);
        return {
          bucket: BUCKET,
          chunksKey: `_tmp/${jobId}/chunks.json`,
          rescoreKey: `_tmp/${jobId}/rescore.json`,
          errorGroupsKey: `_tmp/${jobId}/error-groups.json`,
          chunks: 3,
          chunkBytes: 10,
          sourceSize: 30,
        };
      }
      case 'score-chunk':
        if (jobId === 'failing' && event.chunk.index === 1) {
          throw new LambdaInvokeError({
            errorType: 'ModelMismatchError',
            errorMessage: 'job maps 4 features but the model takes 5',
            source: 'function',
          });
        }
        return { index: event.chunk.index, recordsFrom: event.chunk.recordsFrom ?? 'speculated' };
      case 'renumber-errors':
        return { index: event.group.index, key: `_tmp/${jobId}/errors-group-${event.group.index}.csv`, bytes: 6 * 1024 * 1024 };
      case 'finalize':
        // As the handler does: the chunks are settled before the errors are grouped.
        if (jobId.includes('misplaced') && event.rescored === null) {
          await put(event.plan.rescoreKey, [{ index: 2, start: 20, end: 30, recordsFrom: 24 }]);
          throw new LambdaInvokeError({
            errorType: 'ChunksMisplaced',
            errorMessage: '1 of 3 chunks began inside a quoted field',
            source: 'function',
          });
        }
        if (jobId.includes('grouped') && event.errorGroups === null) {
          await put(
            event.plan.errorGroupsKey,
            [0, 1].map((index) => ({ index, header: index === 0, chunks: [], errorsBytes: 0 })),
          );
          throw new LambdaInvokeError({ errorType: 'ErrorsNeedGroups', errorMessage: '2 groups of rejected rows', source: 'function' });
        }
        return { jobId, status: 'SUCCEEDED' };
      case 'mark-failed':
        event.chunkError = await readFailedChunk(event.execution);
        return {};
      default:
        throw new Error(`unexpected task ${event.task}`);
    }
  };

  before(async () => {
    local = await startStepFunctionsWithS3({ stateMachines: [batch], invokeLambda: task }, [BUCKET]);
    ({ sfn, client, s3 } = local);
    // The product's reader, through the SDK clients the functions use, pointed at the edge like the local stack does.
    process.env.AWS_ENDPOINT_URL = local.edge.url;
    Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const { failedChunkError } = await import('../../functions/lib/jobs/lifecycle/failed-chunk.ts');
    const { listMapRunsOnce } = await import('../../functions/lib/jobs/lifecycle/execution-map-runs.ts');
    readFailedChunk = (execution) => failedChunkError(listMapRunsOnce(execution, BUCKET));
  });

  after(() => local.stop());

  const run = async (jobId: string) => {
    calls.length = 0;
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: batch.arn, input: JSON.stringify({ job: { jobId } }) }),
    );
    await sfn.waitForExecution(executionArn!);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    const history = (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
    const entered = history.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name!);
    return { described, entered, executionArn: executionArn! };
  };
  const tasks = () => calls.map((c) => (c.task === 'score-chunk' ? `score-chunk ${c.chunk.index}` : c.task)).sort();

  test("Plan's manifest feeds ScoreChunks; Finalize gets the job, the plan and where the map run wrote its results", async () => {
    // act
    const { described, entered } = await run('plain');
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.deepEqual(entered, ['Start', 'Plan', 'ScoreChunks', 'Finalize']);
    assert.deepEqual(tasks(), ['finalize', 'plan', 'score-chunk 0', 'score-chunk 1', 'score-chunk 2']);
    const finalize = calls.find((c) => c.task === 'finalize')!;
    assert.deepEqual(finalize.plan, {
      bucket: BUCKET,
      chunksKey: '_tmp/plain/chunks.json',
      rescoreKey: '_tmp/plain/rescore.json',
      errorGroupsKey: '_tmp/plain/error-groups.json',
      chunks: 3,
      chunkBytes: 10,
      sourceSize: 30,
    });
    assert.deepEqual([finalize.rescored, finalize.errorGroups], [null, null], 'no repair ran');
    assert.equal(finalize.results.ResultWriterDetails.Bucket, BUCKET);
    assert.match(finalize.results.ResultWriterDetails.Key, /^_tmp\/map-runs\/[0-9a-f-]{36}\/manifest\.json$/);
    const { readMapRunOutputs } = await import('../../functions/lib/s3/map-run-results.ts');
    const { outputs } = await readMapRunOutputs({ bucket: BUCKET, key: finalize.results.ResultWriterDetails.Key });
    assert.deepEqual((outputs as Payload[]).map((o) => o.index).sort(), [0, 1, 2]);
  });

  test('misplaced chunks: Finalize refuses, RescoreChunks scores the re-score manifest, Finalize again gets both results', async () => {
    // act
    const { described, entered } = await run('misplaced');
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.deepEqual(entered, ['Start', 'Plan', 'ScoreChunks', 'Finalize', 'RescoreChunks', 'Finalize']);
    const rescore = calls.filter((c) => c.task === 'score-chunk' && c.chunk.recordsFrom !== undefined);
    assert.deepEqual(
      rescore.map((c) => c.chunk),
      [{ index: 2, start: 20, end: 30, recordsFrom: 24 }],
    );
    const last = calls.filter((c) => c.task === 'finalize').at(-1)!;
    assert.ok(last.results.ResultWriterDetails && last.rescored.ResultWriterDetails, 'both map runs');
    assert.notEqual(last.results.ResultWriterDetails.Key, last.rescored.ResultWriterDetails.Key);
  });

  test('both repairs in one job, each taken once: re-score, then error groups renumbered in parallel, then Finalize', async () => {
    // act
    const { described, entered } = await run('misplaced-and-grouped');
    // assert
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    assert.deepEqual(entered, ['Start', 'Plan', 'ScoreChunks', 'Finalize', 'RescoreChunks', 'Finalize', 'RenumberErrors', 'Finalize']);
    assert.deepEqual(
      calls
        .filter((c) => c.task === 'renumber-errors')
        .map((c) => c.group.index)
        .sort(),
      [0, 1],
    );
    const last = calls.filter((c) => c.task === 'finalize').at(-1)!;
    assert.ok(last.rescored.ResultWriterDetails && last.errorGroups.ResultWriterDetails, 'the last Finalize gets both repairs');
    const { readMapRunOutputs } = await import('../../functions/lib/s3/map-run-results.ts');
    const { outputs } = await readMapRunOutputs({ bucket: BUCKET, key: last.errorGroups.ResultWriterDetails.Key });
    assert.deepEqual((outputs as Payload[]).map((o) => o.index).sort(), [0, 1]);
  });

  test("a chunk that fails fails the map run, and MarkFailed finds that chunk's own error from the execution", async () => {
    // act
    const { described, entered, executionArn } = await run('failing');
    // assert
    assert.equal(described.status, 'FAILED');
    assert.deepEqual(entered.slice(-3), ['ScoreChunks', 'MarkFailed', 'Failed']);
    const markFailed = calls.find((c) => c.task === 'mark-failed')!;
    assert.equal(markFailed.error.Error, 'States.ExceedToleratedFailureThreshold');
    assert.equal(markFailed.execution, executionArn);
    assert.equal(markFailed.chunkError.Error, 'ModelMismatchError');
    assert.match(JSON.parse(markFailed.chunkError.Cause).errorMessage, /^chunk 1: job maps 4 features but the model takes 5$/);
  });
});
