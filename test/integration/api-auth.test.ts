/**
 * API authentication through the whole local stack, started with the stack's `-c auth=` context as a deploy would
 * be: the adapter reads each method's AuthorizationType / ApiKeyRequired from the synthesized template and answers
 * API Gateway's 403s before the function runs. (`auth=none`, the default, is what every other API test runs on.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { signedHeaders } from '../helpers/sign-request.ts';
import { getJob } from '../../cli/lib/job-api.ts';

const PREDICT_BODY = JSON.stringify({ values: [[5.9, 3.0, 5.1, 2.3]] });
const JSON_TYPE = { 'content-type': 'application/json' };

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}
const CALLS: Record<string, Call> = {
  predict: { method: 'POST', path: '/predict', body: PREDICT_BODY },
  experiment: { method: 'POST', path: '/experiment', body: JSON.stringify({ experiment_type: 'CHAIN' }) },
};
const jobCall = (jobId: string): Call => ({ method: 'GET', path: `/jobs/${jobId}` });

async function call(
  t: TestStack,
  c: Call,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; errorType: string | null }> {
  const response = await fetch(`${t.stack.apiUrl}${c.path}`, {
    method: c.method,
    headers: { ...(c.body ? JSON_TYPE : {}), ...headers },
    body: c.body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    errorType: response.headers.get('x-amzn-errortype'),
  };
}

/** One finished batch job, so GET /jobs/{id} has something to answer 200 with. */
async function finishedJobId(t: TestStack): Promise<string> {
  await t.put('input', 'auth/iris.csv', 'sepal_length,sepal_width,petal_length,petal_width\n5.9,3.0,5.1,2.3\n');
  return (await t.waitForSummary('auth/iris.csv')).jobId;
}

describe('auth=iam: SigV4-signed requests only', () => {
  let t: TestStack;
  let jobId: string;
  before(async () => {
    t = await startTestStack({ aws: { context: { auth: 'iam' } } });
    jobId = await finishedJobId(t);
  });
  after(() => t.stop());

  test('every method answers 403 Missing Authentication Token without a signature', async () => {
    for (const c of [CALLS.predict, CALLS.experiment, jobCall(jobId)]) {
      const answer = await call(t, c);

      assert.equal(answer.status, 403, c.path);
      assert.deepEqual(answer.body, { message: 'Missing Authentication Token' });
      assert.equal(answer.errorType, 'MissingAuthenticationTokenException');
    }
  });

  test('signed with the local secret: 200 / 202 from the function', async () => {
    const sign = (c: Call) =>
      signedHeaders({ method: c.method, url: `${t.stack.apiUrl}${c.path}`, headers: c.body ? JSON_TYPE : {}, body: c.body });

    const predict = await call(t, CALLS.predict, await sign(CALLS.predict));
    const experiment = await call(t, CALLS.experiment, await sign(CALLS.experiment));
    const job = await call(t, jobCall(jobId), await sign(jobCall(jobId)));

    assert.equal(predict.status, 200);
    assert.deepEqual(predict.body.prediction, [2]);
    assert.equal(experiment.status, 202);
    assert.equal(job.status, 200);
    assert.equal(job.body.status, 'SUCCEEDED');
  });

  test('the jobs CLI signs GET /jobs/{id} with the credentials and region its S3 client resolves', async () => {
    const api = { apiUrl: `${t.stack.apiUrl}/` };

    const signed = await getJob({ ...api, sign: true, s3: t.s3 }, jobId);
    const unsigned = getJob({ ...api, sign: false, s3: t.s3 }, jobId);

    assert.equal(signed?.status, 'SUCCEEDED');
    await assert.rejects(unsigned, /answered 403: Missing Authentication Token/);
  });

  test('signed with another secret: 403 InvalidSignatureException, the function never runs', async () => {
    const c = CALLS.predict;
    const headers = await signedHeaders({
      method: c.method,
      url: `${t.stack.apiUrl}${c.path}`,
      headers: JSON_TYPE,
      body: c.body,
      secret: 'wrong',
    });

    const answer = await call(t, c, headers);

    assert.equal(answer.status, 403);
    assert.equal(answer.errorType, 'InvalidSignatureException');
    assert.match(String(answer.body.message), /^The request signature we calculated does not match/);
  });
});

describe('auth=apikey: the x-api-key header with the stack’s key', () => {
  let t: TestStack;
  let jobId: string;
  before(async () => {
    t = await startTestStack({ aws: { context: { auth: 'apikey' } } });
    jobId = await finishedJobId(t);
  });
  after(() => t.stop());

  test('every method answers 403 Forbidden without the key or with another one', async () => {
    for (const c of [CALLS.predict, CALLS.experiment, jobCall(jobId)]) {
      for (const headers of [{}, { 'x-api-key': 'not-the-key' }] as Record<string, string>[]) {
        const answer = await call(t, c, headers);

        assert.equal(answer.status, 403, c.path);
        assert.deepEqual(answer.body, { message: 'Forbidden' });
      }
    }
  });

  test('with the key the stack printed: 200 / 202 from the function', async () => {
    assert.ok(t.stack.apiKey, 'the local stack has a key when the methods require one');
    const key = { 'x-api-key': t.stack.apiKey };

    const predict = await call(t, CALLS.predict, key);
    const experiment = await call(t, CALLS.experiment, key);
    const job = await call(t, jobCall(jobId), key);

    assert.equal(predict.status, 200);
    assert.equal(experiment.status, 202);
    assert.equal(job.status, 200);
  });
});
