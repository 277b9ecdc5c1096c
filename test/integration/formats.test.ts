/**
 * The other input formats end to end through the local stack: JSON Lines (`.jsonl`, `.ndjson`) and gzip (`.csv.gz`),
 * each output decompressed and parsed independently (JSON.parse per line, zlib.gunzipSync, csv-parse) and checked
 * row by row against the input.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { sampleText } from '../helpers/events.ts';

const CLASSES = ['setosa', 'versicolor', 'virginica'];

/** iris.csv's rows as JSON objects, keys spelled in several ways the header rules accept, extra keys passed through. */
function irisObjects(): Record<string, unknown>[] {
  const rows = parse(sampleText('csv/iris.csv'), { columns: true }) as Record<string, string>[];
  return rows.map((r, i) =>
    i % 2 === 0
      ? {
          id: Number(r.id),
          sepal_length: Number(r.sepal_length),
          sepal_width: Number(r.sepal_width),
          petal_length: Number(r.petal_length),
          petal_width: Number(r.petal_width),
          species: r.species,
          tags: { n: i },
        }
      : {
          'Sepal.Length': Number(r.sepal_length),
          'sepal width (cm)': r.sepal_width,
          PETAL_LENGTH: Number(r.petal_length),
          petal_width: Number(r.petal_width),
          id: Number(r.id),
          species: r.species,
        },
  );
}

async function getBytes(t: TestStack, key: string): Promise<Buffer> {
  const object = await t.s3.send(new GetObjectCommand({ Bucket: 'output', Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe('JSON Lines and gzip inputs on the local stack', () => {
  let t: TestStack;
  before(async () => {
    // Small chunks so the files span several Map iterations (and chunk cuts fall inside lines).
    // DIGEST_MAX_BYTES: the summary's SHA-256 read-back is on here (it is off by default).
    t = await startTestStack({
      environment: { CHUNK_TARGET_BYTES: '2048', MIN_CHUNK_BYTES: '1024', DIGEST_MAX_BYTES: String(1024 * 1024) },
    });
  });
  after(() => t.stop());

  test('a .jsonl job: every object scored with the prediction fields spliced in, bad lines in errors.csv with their line numbers', async () => {
    const objects = irisObjects();
    const lines: string[] = objects.map((o) => JSON.stringify(o));
    const bad = new Map<number, RegExp>([
      [11, /not valid JSON/],
      [31, /not a JSON object: a top-level array/],
      [52, /missing feature key/],
      [77, /petal_width: not a number/],
    ]);
    lines.splice(10, 0, '{"sepal_length": 5.1,');
    lines.splice(30, 0, '[5.1, 3.5, 1.4, 0.2]');
    lines.splice(51, 0, '{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4}');
    lines.splice(76, 0, '{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": "wide"}');
    lines.splice(90, 0, '   ');
    await t.put('input', 'runs/Iris.JsonL', `${lines.join('\n')}\n`);

    const summary = await t.waitForSummary('runs/Iris.JsonL');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.ok(summary.chunks > 1, `expected several chunks, got ${summary.chunks}`);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [154, 150, 4]);
    const scoredText = await t.getText('output', 'runs/Iris.scored.jsonl');
    const scored = scoredText
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(scored.length, 150);
    let correct = 0;
    for (const [i, row] of scored.entries()) {
      const { prediction, label, probability_setosa, probability_versicolor, probability_virginica, ...rest } = row;
      assert.deepEqual(rest, objects[i], `row ${i}: the input object, every key passed through`);
      assert.equal(label, CLASSES[prediction as number]);
      const sum = (probability_setosa as number) + (probability_versicolor as number) + (probability_virginica as number);
      assert.ok(Math.abs(sum - 1) < 1e-5, `probabilities sum to ${sum}`);
      if (label === objects[i]!.species) correct++;
    }
    assert.ok(correct / 150 >= 0.93, `accuracy ${correct / 150}`);
    const errors = parse(await t.getText('output', 'runs/Iris.errors.csv'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      errors.map((e) => Number(e.line)),
      [...bad.keys()],
    );
    for (const e of errors) assert.match(e.reason, bad.get(Number(e.line))!);
  });

  test('a .csv.gz job: inflated by Plan, chunked, the scored output a gzip of every row (members concatenated), errors and summary plain', async () => {
    const text = sampleText('csv/iris.csv');
    const lines = text.trimEnd().split('\n');
    lines.splice(20, 0, '999,5.1,abc,1.4,0.2,setosa');
    const input = `${lines.join('\n')}\n`;
    await t.put('input', 'zipped/Iris.CSV.GZ', gzipSync(input));

    const summary = await t.waitForSummary('zipped/Iris.CSV.GZ');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.ok(summary.chunks > 1, `expected several chunks, got ${summary.chunks}`);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [151, 150, 1]);
    assert.equal(summary.outputs.scored, 'zipped/Iris.scored.csv.gz');
    const gz = await getBytes(t, 'zipped/Iris.scored.csv.gz');
    const errorsBytes = await getBytes(t, 'zipped/Iris.errors.csv');
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const crc = (bytes: Buffer) => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(crc32(bytes));
      return out.toString('base64');
    };
    assert.deepEqual((summary as unknown as { files: unknown }).files, {
      scored: { key: 'zipped/Iris.scored.csv.gz', bytes: gz.length, crc32: crc(gz), sha256: sha256(gz) },
      errors: { key: 'zipped/Iris.errors.csv', bytes: errorsBytes.length, crc32: crc(errorsBytes), sha256: sha256(errorsBytes) },
    });
    const scored = parse(gunzipSync(gz), { columns: true }) as Record<string, string>[];
    const expected = parse(text, { columns: true }) as Record<string, string>[];
    assert.equal(scored.length, 150);
    for (const [i, row] of scored.entries()) {
      for (const [column, value] of Object.entries(expected[i]!)) assert.equal(row[column], value, `row ${i} ${column}`);
      assert.equal(row.label, CLASSES[Number(row.prediction)]);
    }
    const errors = parse(await t.getText('output', 'zipped/Iris.errors.csv'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      errors.map((e) => [e.line, e.reason]),
      [['21', 'sepal_width: not a number: "abc"']],
    );
  });

  test('a .ndjson.gz job: scored .ndjson.gz, one gzip file of every object', async () => {
    const objects = irisObjects();
    await t.put('input', 'zipped/iris.ndjson.gz', gzipSync(`${objects.map((o) => JSON.stringify(o)).join('\n')}\n`));

    const summary = await t.waitForSummary('zipped/iris.ndjson.gz');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [150, 150, 0]);
    const scored = gunzipSync(await getBytes(t, 'zipped/iris.scored.ndjson.gz'))
      .toString()
      .trimEnd()
      .split('\n');
    assert.deepEqual(
      scored.map((line) => {
        const { prediction, label, probability_setosa, probability_versicolor, probability_virginica, ...rest } = JSON.parse(line);
        return rest;
      }),
      objects,
    );
  });

  test('uploads of other suffixes start nothing', async () => {
    await t.put('input', 'other/x.json', '{"sepal_length": 1}');
    await t.put('input', 'other/y.csv', 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n');
    await t.waitForSummary('other/y.csv');
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: 'output', Prefix: 'other/' }));
    assert.deepEqual((listed.Contents ?? []).map((o) => o.Key).sort(), [
      'other/y.errors.csv',
      'other/y.scored.csv',
      'other/y.summary.json',
    ]);
  });
});
