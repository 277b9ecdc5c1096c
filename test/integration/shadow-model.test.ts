/**
 * Champion/challenger through the local stack: a batch job uploaded with `--metadata model=<ref>,shadow=<ref>` scores
 * every row with both stored versions; scored.csv carries the shadow's columns and the summary its agreement.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { main } from '../../cli/model.ts';
import { formatProbability } from '../../functions/lib/csv/output-format.ts';
import { deriveJobId } from '../../functions/lib/jobs/job-id.ts';
import { loadModel, unloadModel } from '../../functions/lib/model/index.ts';
import type { ShadowSummary } from '../../functions/lib/batch/types.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { irisShapedOnnx, sepalShapedOnnx } from '../helpers/store-models.ts';

/** Rows where the models agree (both lengths short, both long) and disagree (only one long), in turn. */
const ROWS = ['5.1,3.5,1.4,0.2', '5.9,3.0,5.1,2.3', '6.3,3.3,1.5,0.3', '4.9,2.5,4.5,1.7', '6.7,3.1,5.6,2.4'];

function flowersCsv(rows: number): string {
  const lines = ['sepal_length,sepal_width,petal_length,petal_width'];
  for (let i = 0; i < rows; i++) lines.push(ROWS[i % ROWS.length]!);
  return `${lines.join('\n')}\n`;
}

type Summary = Awaited<ReturnType<TestStack['waitForSummary']>> & { model?: { version: string }; shadow?: ShadowSummary };

interface JobView {
  status: string;
  reason?: string;
  shadow?: { name: string; version: string; sha256: string };
}

describe('a shadow model on the local stack', () => {
  let t: TestStack;
  let dir: string;
  const cli = (...args: string[]) => main([...args, '--endpoint', t.edgeUrl], () => undefined);
  const put = async (key: string, body: string, metadata: Record<string, string>): Promise<string> => {
    const sent = await t.s3.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: body, Metadata: metadata }));
    return deriveJobId({ bucket: 'input', key, etag: sent.ETag ?? '', versionId: sent.VersionId ?? null });
  };
  const jobView = async (jobId: string): Promise<JobView> => (await (await fetch(`${t.stack.apiUrl}/jobs/${jobId}`)).json()) as JobView;

  before(async () => {
    // Small chunks: the agreement is summed over several chunks' counts.
    t = await startTestStack({ environment: { CHUNK_TARGET_BYTES: '16384', MIN_CHUNK_BYTES: '16384' } });
    dir = mkdtempSync(join(tmpdir(), 'shadow-model-'));
    writeFileSync(join(dir, 'petals.onnx'), irisShapedOnnx('1'));
    writeFileSync(join(dir, 'sepals.onnx'), sepalShapedOnnx('1'));
    writeFileSync(join(dir, 'renamed.onnx'), sepalShapedOnnx('1', ['a', 'b', 'c', 'd']));
    await cli('publish', join(dir, 'petals.onnx'), '--name', 'flowers', '--version', '1', '--alias', 'champion');
    await cli('publish', join(dir, 'sepals.onnx'), '--name', 'flowers', '--version', '2', '--alias', 'challenger');
    await cli('publish', join(dir, 'renamed.onnx'), '--name', 'letters', '--version', '1');
  });
  after(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('scored.csv gets the shadow columns with the values the shadow gives, and the summary the agreement they show', async () => {
    const rows = 5_000;
    const jobId = await put('shadow/flowers.csv', flowersCsv(rows), { model: 'flowers@champion', shadow: 'flowers@challenger' });

    const summary = (await t.waitForSummary('shadow/flowers.csv')) as Summary;
    const scored = parse(await t.getText('output', summary.outputs.scored!), { columns: true }) as Record<string, string>[];
    const view = await jobView(jobId);
    const shadowModel = await loadModel(join(dir, 'sepals.onnx'));
    const features = scored.map((row) => ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((f) => Number(row[f])));
    const direct = await shadowModel.predict(Float32Array.from(features.flat()), features.length);
    await unloadModel(join(dir, 'sepals.onnx'));

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.ok(summary.chunks > 1, `${summary.chunks} chunks`);
    assert.deepEqual(Object.keys(scored[0]!).slice(4), [
      'prediction',
      'label',
      'probability_small',
      'probability_medium',
      'probability_large',
      'shadow_prediction',
      'shadow_label',
      'shadow_probability_small',
      'shadow_probability_medium',
      'shadow_probability_large',
    ]);
    assert.equal(scored.length, rows);
    assert.ok(direct.kind === 'classifier');
    const classNames = ['small', 'medium', 'large'];
    scored.forEach((row, r) => {
      const k = direct.classIndex[r]!;
      assert.equal(row.shadow_prediction, String(k), `row ${r}`);
      assert.equal(row.shadow_label, classNames[k], `row ${r}`);
      classNames.forEach((name, c) => assert.equal(row[`shadow_probability_${name}`], formatProbability(direct.probabilities[r * 3 + c]!)));
    });
    const agreeing = scored.filter((row) => row.label === row.shadow_label).length;
    assert.ok(agreeing > 0 && agreeing < rows, `${agreeing} of ${rows} rows agree`);
    assert.equal(summary.shadow?.name, 'flowers');
    assert.equal(summary.shadow?.version, '2');
    assert.match(summary.shadow?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(summary.shadow?.rows, rows);
    assert.equal(summary.shadow?.agreement, agreeing / rows);
    assert.equal(summary.model?.version, '1');
    assert.deepEqual(view.shadow, { name: 'flowers', version: '2', sha256: summary.shadow?.sha256 });
  });

  test('an unknown shadow reference fails the job at once with the reason', async () => {
    const jobId = await put('shadow/unknown.csv', flowersCsv(3), { model: 'flowers@champion', shadow: 'flowers@gold' });

    const summary = await t.waitForSummary('shadow/unknown.csv');
    const view = await jobView(jobId);

    assert.equal(summary.status, 'FAILED');
    assert.equal(
      summary.reason,
      'metadata shadow=flowers@gold: model "flowers" has no alias "gold" (versions: 1, 2; aliases: challenger, champion, latest)',
    );
    assert.equal(summary.outputs.scored, null);
    assert.equal(view.status, 'FAILED');
    assert.equal(view.reason, summary.reason);
  });

  test('a shadow whose features are not the model features fails the job with both lists', async () => {
    await put('shadow/renamed.csv', flowersCsv(3), { model: 'flowers@champion', shadow: 'letters' });

    const summary = await t.waitForSummary('shadow/renamed.csv');

    assert.equal(summary.status, 'FAILED');
    assert.match(
      summary.reason ?? '',
      /^metadata shadow=letters: its features \(a, b, c, d\) are not the job's model's \(sepal_length, sepal_width, petal_length, petal_width\)/,
    );
  });
});
