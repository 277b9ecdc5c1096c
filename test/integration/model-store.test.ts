/**
 * The model store through the local stack: models published by the CLI's code (cli/model.ts) into the bucket the CDK
 * stack defines, served by `POST /predict?model=` from the API function over the real S3 API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { main } from '../../cli/model.ts';
import { deriveJobId } from '../../functions/lib/jobs/job-id.ts';
import { startTestStackWithFaults, type TestStack } from '../helpers/local-stack.ts';
import { irisShapedOnnx } from '../helpers/store-models.ts';

const ROW = [5.9, 3.0, 5.1, 2.3];
const PINNED_KEY = 'pinned/petals.csv';

interface Answer {
  status: number;
  json: { labels?: string[]; model?: { name: string; version: string; sha256?: string }; error?: { code: string; message: string } };
}

async function predict(t: TestStack, query: string, body: unknown = { values: [ROW] }): Promise<Answer> {
  const response = await fetch(`${t.stack.apiUrl}/predict${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer['json'] };
}

/** Asks until the answer's version is `version` (the alias TTL is 1 s here); the last answer if it never is. */
async function waitForVersion(t: TestStack, query: string, version: string): Promise<Answer> {
  let answer = await predict(t, query);
  for (let i = 0; i < 100 && answer.json.model?.version !== version; i++) {
    await sleep(100);
    answer = await predict(t, query);
  }
  return answer;
}

/** `rows` Iris-shaped rows, petal length alternating 1.4 and 5.1 cm (class 0 and class 2 of the test models). */
function petalsCsv(rows: number): string {
  const lines = ['sepal_length,sepal_width,petal_length,petal_width'];
  for (let i = 0; i < rows; i++) lines.push(i % 2 === 0 ? '5.1,3.5,1.4,0.2' : '5.9,3.0,5.1,2.3');
  return `${lines.join('\n')}\n`;
}

interface JobView {
  status: string;
  reason?: string;
  model?: { name: string; version: string; sha256: string };
}

async function jobView(t: TestStack, jobId: string): Promise<JobView | undefined> {
  const response = await fetch(`${t.stack.apiUrl}/jobs/${jobId}`);
  return response.status === 200 ? ((await response.json()) as JobView) : undefined;
}

/** Puts a CSV with `--metadata model=<ref>` as `aws s3 cp` sends it; returns the job id the ingest derives. */
async function putWithModel(t: TestStack, key: string, body: string, model: string): Promise<string> {
  const put = await t.s3.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: body, Metadata: { model } }));
  return deriveJobId({ bucket: 'input', key, etag: put.ETag ?? '', versionId: put.VersionId ?? null });
}

describe('model store on the local stack', () => {
  let t: TestStack;
  let dir: string;
  const cli = async (...args: string[]): Promise<string[]> => {
    const lines: string[] = [];
    await main([...args, '--endpoint', t.edgeUrl], (line) => lines.push(line));
    return lines;
  };
  before(async () => {
    // Small chunks, so a batch job's rows are scored by several chunks (several invocations). The pinned job's Plan
    // waits 2.5 s (the local runtime's injected delay, read once when the runtime is built), so its chunks are scored
    // well over the 1 s alias TTL after the test moved the alias: an alias read per chunk would meet the new version.
    t = await startTestStackWithFaults([{ match: { task: 'plan', 'job.key': PINNED_KEY }, fail: 'delay', delayMs: 2500 }], {
      environment: { MODEL_ALIAS_TTL_SECONDS: '1', CHUNK_TARGET_BYTES: '65536', MIN_CHUNK_BYTES: '16384' },
    });
    dir = mkdtempSync(join(tmpdir(), 'model-store-'));
    writeFileSync(join(dir, 'v1.onnx'), irisShapedOnnx('1', ['short', 'middle', 'long']));
    writeFileSync(join(dir, 'v2.onnx'), irisShapedOnnx('2', ['small', 'medium', 'large']));
    writeFileSync(join(dir, 'not-a-model.onnx'), 'sepal_length,sepal_width\n');
  });
  after(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('publish validates the file, writes the version once and points latest and --alias at it', async () => {
    const published = await cli('publish', join(dir, 'v1.onnx'), '--name', 'petals', '--version', '1', '--alias', 'champion');
    await cli('publish', join(dir, 'v2.onnx'), '--name', 'petals', '--version', '2');

    assert.match(published[0]!, /^published petals@1 to s3:\/\/models/);
    assert.ok(published.some((line) => line.includes('4 features (sepal_length, sepal_width, petal_length, petal_width)')));
    assert.deepEqual(await cli('list'), ['petals  versions: 1, 2  aliases: champion → 1, latest → 2']);
    const described = JSON.parse((await cli('describe', 'petals@champion')).join('\n'));
    assert.equal(described.version, '1');
    assert.deepEqual(described.classes, ['short', 'middle', 'long']);
    assert.match(described.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(described.aliases, ['champion']);
  });

  test('publishing an existing version, a wrong feature count or a file that is no model is refused with what to do', async () => {
    await assert.rejects(cli('publish', join(dir, 'v2.onnx'), '--name', 'petals', '--version', '1'), {
      name: 'VersionExistsError',
      message: /petals@1 exists already and versions are immutable: publish under a new --version/,
    });
    await assert.rejects(cli('publish', join(dir, 'v2.onnx'), '--name', 'petals', '--version', '3', '--features', 'a,b,c'), {
      name: 'PublishRefusedError',
      message: /3 feature names given \(a, b, c\) but the model takes 4 features; list exactly 4 names/,
    });
    await assert.rejects(cli('publish', join(dir, 'not-a-model.onnx'), '--name', 'petals', '--version', '3'), {
      name: 'PublishRefusedError',
      message: /is not an ONNX model onnxruntime can load/,
    });
    assert.deepEqual(await cli('list'), ['petals  versions: 1, 2  aliases: champion → 1, latest → 2']);
  });

  test('/predict?model=name@alias answers with that version and its sha256; without a model, as before', async () => {
    const stored = await predict(t, '?model=petals@champion');
    const inBody = await predict(t, '', { values: [ROW], model: 'petals@2' });
    const baked = await predict(t, '');

    assert.equal(stored.status, 200);
    assert.deepEqual(stored.json.labels, ['long']);
    assert.equal(stored.json.model?.name, 'petals');
    assert.equal(stored.json.model?.version, '1');
    assert.match(stored.json.model?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(inBody.json.labels, ['large']);
    assert.equal(inBody.json.model?.version, '2');
    assert.deepEqual(baked.json.model, { name: 'iris', version: '1.0.0' });
    assert.deepEqual(baked.json.labels, ['virginica']);
  });

  test('moving the alias switches the answers within the TTL, and rolling back switches them back', async () => {
    assert.equal((await predict(t, '?model=petals@champion')).json.model?.version, '1');

    const promoted = await cli('alias', 'petals', 'champion', '2');
    const afterPromote = await waitForVersion(t, '?model=petals@champion', '2');
    const rolledBack = await cli('alias', 'petals', 'champion', '1');
    const afterRollback = await waitForVersion(t, '?model=petals@champion', '1');

    assert.deepEqual(promoted, ['petals@champion: 1 → 2']);
    assert.equal(afterPromote.json.model?.version, '2');
    assert.deepEqual(afterPromote.json.labels, ['large']);
    assert.deepEqual(rolledBack, ['petals@champion: 2 → 1']);
    assert.equal(afterRollback.json.model?.version, '1');
  });

  test('an unknown model, alias or version is a 4xx naming what is missing and what exists', async () => {
    const noModel = await predict(t, '?model=wine');
    const noAlias = await predict(t, '?model=petals@gold');
    const noVersion = await predict(t, '?model=petals@7');
    const badRef = await predict(t, '?model=Petals');

    assert.equal(noModel.status, 404);
    assert.deepEqual(noModel.json.error, {
      code: 'MODEL_NOT_FOUND',
      message: 'no model named "wine" in the model store (models: petals)',
    });
    assert.equal(noAlias.status, 404);
    assert.equal(noAlias.json.error?.message, 'model "petals" has no alias "gold" (versions: 1, 2; aliases: champion, latest)');
    assert.equal(noVersion.status, 404);
    assert.match(noVersion.json.error?.message ?? '', /has no version "7"/);
    assert.equal(badRef.status, 400);
    assert.equal(badRef.json.error?.code, 'INVALID_MODEL_REF');
    await assert.rejects(cli('alias', 'petals', 'champion', '9'), { message: /model "petals" has no version "9" \(versions: 1, 2;/ });
  });

  test('a batch job with --metadata model=name@alias is pinned at ingest: the alias moving mid-job changes nothing', async () => {
    const key = PINNED_KEY;
    const jobId = await putWithModel(t, key, petalsCsv(40_000), 'petals@champion');
    let view = await jobView(t, jobId);
    for (let i = 0; i < 300 && view?.status !== 'RUNNING'; i++) {
      await sleep(20);
      view = await jobView(t, jobId);
    }
    await cli('alias', 'petals', 'champion', '2');
    const movedWhileRunning = view?.status === 'RUNNING' && (await jobView(t, jobId))?.status === 'RUNNING';

    const summary = (await t.waitForSummary(key)) as Awaited<ReturnType<TestStack['waitForSummary']>> & { model: JobView['model'] };
    const scored = (await t.getText('output', summary.outputs.scored!)).trim().split('\n');
    const ended = await jobView(t, jobId);
    await cli('alias', 'petals', 'champion', '1');

    assert.ok(movedWhileRunning, 'the alias moved while the job ran');
    assert.equal(summary.status, 'SUCCEEDED');
    assert.ok(summary.chunks > 1, `${summary.chunks} chunks`);
    assert.equal(summary.model?.version, '1');
    assert.match(summary.model?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(ended?.model, summary.model);
    assert.equal(scored.length, 40_001);
    const labels = new Set(scored.slice(1).map((line) => line.split(',')[5]));
    assert.deepEqual([...labels].sort(), ['long', 'short']);
  });

  test('a batch job naming a model the store lacks fails at once with the reason in its summary and record', async () => {
    const key = 'pinned/unknown.csv';
    const jobId = await putWithModel(t, key, petalsCsv(2), 'petals@gold');

    const summary = await t.waitForSummary(key);
    const view = await jobView(t, jobId);

    assert.equal(summary.status, 'FAILED');
    assert.equal(
      summary.reason,
      'metadata model=petals@gold: model "petals" has no alias "gold" (versions: 1, 2; aliases: champion, latest)',
    );
    assert.equal(summary.outputs.scored, null);
    assert.equal(view?.status, 'FAILED');
    assert.equal(view?.reason, summary.reason);
  });
});
