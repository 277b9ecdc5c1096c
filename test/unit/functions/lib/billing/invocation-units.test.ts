import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  addInvocationUnits,
  addRequestCounter,
  billTo,
  billedJob,
  countRequest,
  countingInvocation,
  invocationUnitsSoFar,
  jobBilling,
  mapRunUnits,
  markUnitsRecorded,
  summaryBilling,
} from '../../../../../functions/lib/billing/index.ts';

/** An S3 client that answers without a network: `statuses` in turn, then 200. */
function cannedS3(statuses: number[]): S3Client {
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    endpoint: 'http://s3.invalid',
    forcePathStyle: true,
    maxAttempts: 3,
    requestHandler: {
      handle: async () => ({
        response: { statusCode: statuses.shift() ?? 200, headers: {}, body: Buffer.alloc(0) },
      }),
    } as never,
  });
  addRequestCounter(client.middlewareStack, 'S3Client');
  return client;
}

test('the counter counts each attempt of each request by price class, within its invocation only', async () => {
  // prepare
  const client = cannedS3([503]);

  // act
  const units = await countingInvocation(1024, async () => {
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })); // fails once, retried
    await client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }));
    return invocationUnitsSoFar();
  });
  await client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' })); // outside any invocation: not counted

  // assert
  assert.equal(units.unitsS3PutCopyPostList, 2);
  assert.equal(units.unitsS3GetSelectOther, 1);
  assert.equal(units.unitsLambdaRequests, 1);
  assert.ok(units.unitsLambdaBilledMs! >= 1);
  assert.equal(units.unitsLambdaMbMs, units.unitsLambdaBilledMs! * 1024);
});

test('concurrent invocations keep their own counts and their own job', async () => {
  const run = (jobId: string, requests: number) =>
    countingInvocation(128, async () => {
      billTo(jobId);
      for (let i = 0; i < requests; i++) {
        countRequest('DynamoDBClient', 'UpdateItemCommand');
        await new Promise((resolve) => setImmediate(resolve));
      }
      billTo('another-job'); // the first job named wins
      return { job: billedJob(), units: invocationUnitsSoFar({ unitsDynamodbWrite: 1 }) };
    });

  const [a, b] = await Promise.all([run('job-a', 3), run('job-b', 5)]);

  assert.deepEqual([a.job, a.units.unitsDynamodbWrite], ['job-a', 4]);
  assert.deepEqual([b.job, b.units.unitsDynamodbWrite], ['job-b', 6]);
  assert.equal(billedJob(), undefined);
});

test('a map run bills one ItemReader GET and a PUT per result file plus its manifest', () => {
  assert.deepEqual(mapRunUnits(1), { unitsS3GetSelectOther: 1, unitsS3PutCopyPostList: 2 });
  assert.deepEqual(mapRunUnits(2), { unitsS3GetSelectOther: 1, unitsS3PutCopyPostList: 3 });
});

test('the summary’s billing is the recorded units plus this invocation’s so far and the summary’s own PUT', async () => {
  const billing = await countingInvocation(1024, async () => {
    countRequest('S3Client', 'GetObjectCommand');
    addInvocationUnits(mapRunUnits(1));
    return summaryBilling({ unitsS3PutCopyPostList: 5, unitsLambdaRequests: 3, unitsDynamodbWrite: 4 });
  });

  assert.deepEqual(billing.units.s3, { putCopyPostList: 5 + 2 + 1, getSelectOther: 1 + 1, free: 0 });
  assert.deepEqual(billing.units.dynamodb, { readRequests: 0, writeRequests: 4 });
  assert.equal(billing.units.lambda.requests, 4);
  assert.match(billing.note, /its own PUT is counted/);
});

test('a job without recorded units costs nothing', () => {
  assert.equal(jobBilling({}).estimatedUsd, 0);
});

test('once a progress write carried the units, the invocation has none left to record', async () => {
  const [before, after] = await countingInvocation(128, async () => {
    billTo('job-a');
    const named = billedJob();
    markUnitsRecorded();
    return [named, billedJob()];
  });

  assert.deepEqual([before, after], ['job-a', undefined]);
});
