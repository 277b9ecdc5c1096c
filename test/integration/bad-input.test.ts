/**
 * Bad input and output safety, end to end through the real local stack: every case in bad-input/cases.ts is
 * uploaded (concurrently) to the input bucket and must end in a summary with the expected status/reason and exact
 * accounting. One stack for the file, with small chunks so multi-chunk paths are exercised.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { InvocationReport } from '../../local/lambda/index.ts';
import { startTestStack, type JobSummaryView, type TestStack } from '../helpers/local-stack.ts';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CASES, FORMAT_CASES, HEADER, type BadInputCase, type CaseOutput } from './bad-input/cases.ts';
import { deriveOutputKeys } from '../../functions/lib/jobs/output-keys.ts';
import { inputFormat } from '../../functions/lib/jobs/input-format.ts';
import { scoreInOneChunk } from './bad-input/reference.ts';
import { jobsFor } from './reliability/support.ts';
import { PARQUET_CASES, type ParquetCase } from './bad-input/parquet-cases.ts';

type Outcome = { ok: true; summary: JobSummaryView; out: CaseOutput } | { ok: false; error: unknown };

async function runCase(t: TestStack, c: BadInputCase): Promise<Outcome> {
  try {
    await t.put('input', c.key, typeof c.body === 'string' ? Buffer.from(c.body) : c.body);
    // Every case runs at once on one stack: the slowest, re-scored multi-chunk ones can need
    // more than 45 s on a loaded 2-core machine.
    const summary = await t.waitForSummary(c.key, 90_000);
    const read = (key: string | null) => (key === null ? Promise.resolve(null) : t.getText('output', key));
    const [scored, errorsText] = await Promise.all([read(summary.outputs.scored), read(summary.outputs.errors)]);
    const errors = errorsText === null ? null : (parse(errorsText, { columns: true }) as CaseOutput['errors']);
    return { ok: true, summary, out: { scored, errors } };
  } catch (error) {
    return { ok: false, error };
  }
}

function assertCase(c: BadInputCase, summary: JobSummaryView, out: CaseOutput): void {
  const context = JSON.stringify({ summary, errors: out.errors });
  assert.equal(summary.status, c.status, context);
  assert.equal(summary.rowsIn, summary.rowsScored + summary.rowsRejected, 'rowsIn = rowsScored + rowsRejected');
  assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], c.rows, context);
  const keys = deriveOutputKeys(c.key);
  assert.equal(summary.outputs.bucket, 'output');
  if (c.status === 'FAILED') {
    assert.match(summary.reason ?? '', c.reason!, context);
    assert.equal(summary.outputs.scored, null, 'a failed job writes no scored.csv');
    return;
  }
  assert.equal(summary.reason, undefined);
  assert.equal(summary.outputs.scored, keys.scored, 'output mirrors the input key');
  assert.equal(summary.outputs.errors, keys.errors);
  assert.equal(out.errors!.length, summary.rowsRejected, 'one errors.csv row per rejected row');
  if (c.errors) {
    assert.deepEqual(
      out.errors!.map((e) => Number(e.line)),
      c.errors.map(([line]) => line),
      context,
    );
    c.errors.forEach(([, reason], i) => assert.match(out.errors![i].reason, reason, context));
  }
  c.check?.(out);
}

type ParquetOutcome =
  | { ok: true; summary: JobSummaryView; scored: Uint8Array | null; errors: CaseOutput['errors'] }
  | { ok: false; error: unknown };

async function runParquetCase(t: TestStack, c: ParquetCase): Promise<ParquetOutcome> {
  try {
    await t.put('input', c.key, Buffer.from(c.body));
    const summary = await t.waitForSummary(c.key, 90_000);
    const scoredKey = summary.outputs.scored;
    const scored =
      scoredKey === null
        ? null
        : await (await t.s3.send(new GetObjectCommand({ Bucket: 'output', Key: scoredKey }))).Body!.transformToByteArray();
    const errorsKey = summary.outputs.errors;
    const errors = errorsKey === null ? null : (parse(await t.getText('output', errorsKey), { columns: true }) as CaseOutput['errors']);
    return { ok: true, summary, scored, errors };
  } catch (error) {
    return { ok: false, error };
  }
}

async function assertParquetCase(c: ParquetCase, outcome: Extract<ParquetOutcome, { ok: true }>): Promise<void> {
  const { summary, scored, errors } = outcome;
  const context = JSON.stringify({ summary, errors });
  assert.equal(summary.status, c.status, context);
  assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], c.rows, context);
  if (c.status === 'FAILED') {
    assert.match(summary.reason ?? '', c.reason!, context);
    assert.equal(summary.outputs.scored, null, 'a failed job writes no scored.parquet');
    return;
  }
  const stem = c.key.replace(/\.parquet$/i, '');
  assert.deepEqual(summary.outputs, { bucket: 'output', scored: `${stem}.scored.parquet`, errors: `${stem}.errors.csv` });
  assert.equal(errors!.length, summary.rowsRejected, 'one errors.csv row per rejected row');
  if (c.errors) {
    assert.deepEqual(
      errors!.map((e) => Number(e.line)),
      c.errors.map(([line]) => line),
      context,
    );
    c.errors.forEach(([, reason], i) => assert.match(errors![i]!.reason, reason, context));
  }
  if (c.multiChunk) assert.ok(summary.chunks > 1, `expected several chunks, got ${summary.chunks}`);
  await c.check?.(scored!);
}

describe('bad input end to end', () => {
  let t: TestStack;
  const reports: { at: number; report: InvocationReport }[] = [];
  const runs = new Map<string, Promise<Outcome>>();
  const parquetRuns = new Map<string, Promise<ParquetOutcome>>();

  before(async () => {
    t = await startTestStack({ environment: { CHUNK_TARGET_BYTES: '2048', MIN_CHUNK_BYTES: '1024' } });
    t.stack.taskRuntime!.on('report', (report: InvocationReport) => reports.push({ at: Date.now(), report }));
    for (const c of [...CASES, ...FORMAT_CASES]) runs.set(c.key, runCase(t, c));
    for (const c of PARQUET_CASES) parquetRuns.set(c.key, runParquetCase(t, c));
  });
  after(() => t?.stop());

  test('the table has at least 28 distinct cases with distinct keys', () => {
    assert.ok(CASES.length >= 28, `${CASES.length} cases`);
    assert.equal(new Set(CASES.map((c) => c.key)).size, CASES.length);
  });

  for (const c of [...CASES, ...FORMAT_CASES]) {
    test(c.name, async () => {
      const outcome = await runs.get(c.key)!;
      if (!outcome.ok) throw outcome.error;
      assertCase(c, outcome.summary, outcome.out);
      if (c.multiChunk) assert.ok(outcome.summary.chunks > 1, `expected several chunks, got ${outcome.summary.chunks}`);
      // The one-chunk reference is the CSV core's; the other formats' cases say what their outputs hold (check).
      if (c.status === 'SUCCEEDED' && inputFormat(c.key)?.kind === 'csv' && inputFormat(c.key)?.compression === 'none') {
        // Chunking never changes the result: the same bytes as scoring the whole file as one chunk in-process.
        const reference = await scoreInOneChunk(Buffer.from(c.body));
        assert.equal(outcome.out.scored, reference.scored, 'scored.csv is byte-identical to one-chunk scoring');
        const referenceErrors = parse(reference.errors, { columns: ['line', 'record', 'reason'] });
        assert.deepEqual(outcome.out.errors, referenceErrors);
      }
    });
  }

  for (const c of PARQUET_CASES) {
    test(c.name, async () => {
      const outcome = await parquetRuns.get(c.key)!;
      if (!outcome.ok) throw outcome.error;
      await assertParquetCase(c, outcome);
    });
  }

  test('x.csv.bak starts nothing; X.CSV is scored like x.csv (any letter case; other suffixes are ignored)', async () => {
    await Promise.all([...runs.values(), ...parquetRuns.values()]);
    await t.put('input', 'archive/x.csv.bak', Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    await t.put('input', 'upper/X.CSV', `${HEADER}\n5.1,3.5,1.4,0.2\n`);

    // X.CSV went up after the .csv.bak: once it is scored and every S3 event so far is delivered and handled, the
    // .csv.bak's ingest would have run (and recorded a job) had the function not ignored it.
    const summary = await t.waitForSummary('upper/X.CSV');
    await t.stack.aws!.drainNotifications();

    assert.equal((await jobsFor(t.dynamodb, 'upper/X.CSV')).length, 1, 'the control upload has its job record');
    assert.deepEqual(await jobsFor(t.dynamodb, 'archive/x.csv.bak'), [], 'no job for a .csv.bak');
    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsScored, 1);
    assert.match(await t.getText('output', 'upper/X.scored.csv'), /^sepal_length.*\n5\.1,3\.5,1\.4,0\.2,0,setosa,/);
    const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: 'output', Prefix: 'archive/' }));
    assert.equal(listed.KeyCount ?? 0, 0, 'no summary or output for a .csv.bak');
  });

  test('a 50k-row file streams through many chunks with exact counts and bounded memory', async () => {
    await Promise.all([...runs.values()]);
    const smallPeak = Math.max(...reports.map((r) => r.report.maxMemoryUsedMB));
    const since = Date.now();
    const rows = 50_000;
    const upload = new Upload({
      client: t.s3,
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
      params: { Bucket: 'input', Key: 'large/big.csv', Body: Readable.from(bigCsv(rows)) },
    });
    await upload.done();

    const summary = await t.waitForSummary('large/big.csv', 120_000);

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [rows, rows - rows / 1000, rows / 1000]);
    assert.ok(summary.chunks >= 100, `${summary.chunks} chunks`);
    const errors = parse(await t.getText('output', 'large/big.errors.csv'), { columns: true }) as { line: string }[];
    assert.deepEqual(
      errors.slice(0, 2).map((e) => Number(e.line)),
      [1001, 2001],
    );
    assert.equal(errors.length, rows / 1000);
    const scored = (await t.getText('output', 'large/big.scored.csv')).split('\n');
    assert.equal(scored.pop(), '', 'scored.csv ends with a newline');
    assert.equal(scored.length, 1 + summary.rowsScored);
    const ids = scored.slice(1).map((line) => Number(line.split(',')[4]));
    assert.ok(
      ids.every((id, i) => i === 0 || id > ids[i - 1]),
      'rows keep the input order across chunks',
    );
    const largePeak = Math.max(...reports.filter((r) => r.at >= since).map((r) => r.report.maxMemoryUsedMB));
    console.log(`# large file: ${summary.chunks} chunks, peak Max Memory Used ${largePeak} MB (small files: ${smallPeak} MB)`);
    assert.ok(largePeak < 300, `peak ${largePeak} MB`);
    assert.ok(largePeak - smallPeak < 150, `a 5 MB file must not cost memory in proportion to its size: ${largePeak} vs ${smallPeak} MB`);
  });

  test('the stack still serves POST /predict afterwards', async () => {
    await Promise.all([...runs.values()]);
    const response = await fetch(`${t.stack.apiUrl}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: [[5.1, 3.5, 1.4, 0.2]] }),
    });

    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { prediction: number[] }).prediction, [0]);
  });
});

/** `rows` data rows, every 1000th with a non-numeric feature; yielded in ~64 KiB pieces. */
function* bigCsv(rows: number): Generator<Buffer> {
  let piece = `${HEADER},id\n`;
  for (let i = 1; i <= rows; i++) {
    piece += i % 1000 === 0 ? `5.1,x,1.4,0.2,${i}\n` : i % 2 === 0 ? `5.1,3.5,1.4,0.2,${i}\n` : `6.7,3.0,5.2,2.3,${i}\n`;
    if (piece.length > 65_536) {
      yield Buffer.from(piece);
      piece = '';
    }
  }
  yield Buffer.from(piece);
}

describe('bad input end to end: a JSON Lines file with a 50 MB line (default chunk sizes)', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack();
  });
  after(() => t?.stop());

  test('the 50 MB line is rejected by its line number, the lines around it scored; memory stays bounded', async () => {
    const key = 'jsonl/long-line.jsonl.gz';
    const line = (n: number) => JSON.stringify({ n, sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 });
    const long = `{"n": 2, "blob": "${'y'.repeat(50 * 1024 * 1024)}"}`;
    const { gzipSync } = await import('node:zlib');
    await t.put('input', key, gzipSync(`${line(1)}\n${long}\n${line(3)}\n`));

    const summary = await t.waitForSummary(key, 120_000);

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [3, 2, 1]);
    const errors = parse(await t.getText('output', 'jsonl/long-line.errors.csv'), { columns: true }) as CaseOutput['errors'] & object;
    assert.deepEqual(
      errors.map((e) => [e.line, e.reason]),
      [['2', 'line longer than 65536 bytes']],
    );
    const object = await t.s3.send(new GetObjectCommand({ Bucket: 'output', Key: 'jsonl/long-line.scored.jsonl.gz' }));
    const scored = gunzipSync(Buffer.from(await object.Body!.transformToByteArray()))
      .toString()
      .trimEnd()
      .split('\n');
    assert.deepEqual(
      scored.map((s) => JSON.parse(s).n),
      [1, 3],
    );
  });
});
