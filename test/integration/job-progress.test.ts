/**
 * A batch job's live progress through the whole local stack: Plan records the chunk total, each ScoreChunk adds its
 * counts once (a chunk run twice is counted once), `GET /jobs/{id}` shows them while the job runs, and the jobs CLI
 * submits a file, follows it and downloads its outputs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, ListExecutionsCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStackWithFaults, type TestStack } from '../helpers/local-stack.ts';
import { SMALL_CHUNKS, irisCsv, jobsFor, waitFor } from './reliability/support.ts';
import { main } from '../../cli/jobs.ts';
import type { JobView } from '../../functions/lib/jobs/job-view.ts';
import type { JobRecord } from '../../functions/lib/jobs/types.ts';

const FAULTS = [
  // The chunk runs to its end (its progress written), then Step Functions sees a transient failure and runs it again.
  { match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'progress/retried.csv' }, fail: 'lost-response', times: 1 },
  // Chunk 0 starts late: the others finish first, so the job is seen RUNNING part-way.
  { match: { task: 'score-chunk', 'chunk.index': 0, 'job.key': 'progress/slow.csv' }, fail: 'delay', delayMs: 3000, times: 1 },
];

/** 300 Iris rows and 3 that are rejected. */
const BODY = `${irisCsv(300)}301,abc,3.0,5.1,2.3,x,bad\n302,5.9,3.0\n303,5.9,3.0,5.1,,x,empty\n`;

describe('job progress on the local stack', () => {
  let t: TestStack;
  let documents: DynamoDBDocumentClient;
  before(async () => {
    t = await startTestStackWithFaults(FAULTS, { environment: SMALL_CHUNKS });
    documents = DynamoDBDocumentClient.from(t.dynamodb);
  });
  after(() => t.stop());

  const record = async (key: string): Promise<JobRecord> => {
    const [job] = await jobsFor(t.dynamodb, key);
    const out = await documents.send(new GetCommand({ TableName: 'Jobs', Key: { jobId: job!.jobId } }));
    return out.Item as JobRecord;
  };
  const view = async (jobId: string): Promise<JobView> => (await fetch(`${t.stack.apiUrl}/jobs/${jobId}`)).json() as Promise<JobView>;

  test('a multi-chunk job ends with every chunk counted and the rows of its summary', async () => {
    await t.put('input', 'progress/plain.csv', BODY);

    const summary = await t.waitForSummary('progress/plain.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.ok(summary.chunks >= 3, `expected several chunks, got ${summary.chunks}`);
    assert.deepEqual([summary.rowsScored, summary.rowsRejected], [300, 3]);
    const job = await record('progress/plain.csv');
    assert.deepEqual(
      [job.chunksTotal, job.chunksDone, job.rowsScoredSoFar, job.rowsRejectedSoFar, job.bytesDone],
      [summary.chunks, summary.chunks, 300, 3, Buffer.byteLength(BODY)],
    );
    assert.deepEqual((await view(job.jobId)).progress, {
      chunksTotal: summary.chunks,
      chunksDone: summary.chunks,
      rowsScored: 300,
      rowsRejected: 3,
      bytesDone: Buffer.byteLength(BODY),
      percent: 100,
      etaSeconds: 0,
    });
  });

  test('a chunk whose first run was done but reported failed is run again and counted once', async () => {
    await t.put('input', 'progress/retried.csv', BODY);

    const summary = await t.waitForSummary('progress/retried.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    const job = await record('progress/retried.csv');
    assert.deepEqual(
      [job.chunksDone, job.rowsScoredSoFar, job.rowsRejectedSoFar, job.bytesDone],
      [summary.chunks, summary.rowsScored, summary.rowsRejected, Buffer.byteLength(BODY)],
    );
    assert.equal(await failedTasks(t, job.executionArn!), 1, 'the lost response was retried once');
  });

  test('GET /jobs/{id} shows a running job part-way: chunks done of the total, percent, an ETA', async () => {
    await t.put('input', 'progress/slow.csv', BODY);
    const jobId = await waitFor('the job record', async () => (await jobsFor(t.dynamodb, 'progress/slow.csv'))[0]?.jobId);

    const partWay = await waitFor('a running job with chunks done', async () => {
      const v = await view(jobId);
      return v.status === 'RUNNING' && v.progress.chunksDone > 0 ? v : undefined;
    });

    const { chunksTotal, chunksDone, percent, etaSeconds, rowsScored } = partWay.progress;
    assert.ok(chunksTotal !== null && chunksDone < chunksTotal, `${chunksDone} of ${chunksTotal}`);
    assert.ok(percent !== null && percent > 0 && percent < 100, `percent ${percent}`);
    assert.ok(rowsScored > 0 && rowsScored < 300, `rows ${rowsScored}`);
    assert.equal(typeof etaSeconds, 'number');
    assert.equal((await t.waitForSummary('progress/slow.csv')).status, 'SUCCEEDED');
  });

  test('jobs CLI: submit uploads a CSV, follows the job and downloads scored, errors and summary; exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-cli-'));
    const file = join(dir, 'rows.csv');
    writeFileSync(file, BODY);
    const io = captureIo(join(dir, 'out'));

    const code = await main(['submit', file, '--key', 'cli/small.csv', '--out', io.cwd, ...targetFlags(t)], io);

    try {
      assert.equal(code, 0, io.err());
      assert.deepEqual(readdirSync(io.cwd).sort(), ['small.errors.csv', 'small.scored.csv', 'small.summary.json']);
      assert.equal(readFileSync(join(io.cwd, 'small.scored.csv'), 'utf8'), await t.getText('output', 'cli/small.scored.csv'));
      assert.equal(JSON.parse(readFileSync(join(io.cwd, 'small.summary.json'), 'utf8')).rowsScored, 300);
      assert.match(io.err(), /uploaded s3:\/\/input\/cli\/small\.csv .*: job [0-9a-f]{24}/);
      assert.match(io.err(), /SUCCEEDED .*100%/);
      assert.match(io.err(), /verified small\.scored\.csv: [\d,]+ bytes, CRC32 \S+=*, as the summary states/);
      assert.match(io.err(), /verified small\.errors\.csv: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('jobs CLI: a file with a header the model cannot use exits 1 with the reason; get by key says the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-cli-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'colour,weight\nred,3\n');
    const io = captureIo(dir);

    const code = await main(['submit', file, '--key', 'cli/bad.csv', ...targetFlags(t)], io);
    const again = captureIo(dir);
    const getCode = await main(['get', 'cli/bad.csv', ...targetFlags(t)], again);

    try {
      assert.equal(code, 1);
      assert.match(io.err(), /job [0-9a-f]{24} FAILED: .*header/i);
      assert.deepEqual(readdirSync(dir), ['bad.csv'], 'nothing downloaded');
      assert.equal(getCode, 1);
      assert.equal(JSON.parse(again.out()).status, 'FAILED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function targetFlags(t: TestStack): string[] {
  return ['--api', t.stack.apiUrl, '--endpoint', t.edgeUrl, '--interval', '100'];
}

/** The CLI's streams as strings, and no environment: the flags alone name the stack. */
function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => ({ write: (chunk: string) => into.push(chunk) > 0 }) as unknown as NodeJS.WritableStream;
  return { stdout: sink(out), stderr: sink(err), env: {}, cwd, out: () => out.join(''), err: () => err.join('') };
}

/** TaskFailed events of the execution and its Distributed Map's children. */
async function failedTasks(t: TestStack, executionArn: string): Promise<number> {
  const { mapRuns } = await t.sfn.send(new ListMapRunsCommand({ executionArn }));
  const children = (await t.sfn.send(new ListExecutionsCommand({ mapRunArn: mapRuns![0]!.mapRunArn }))).executions ?? [];
  const histories = await Promise.all(
    [executionArn, ...children.map((c) => c.executionArn!)].map((arn) =>
      t.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 })),
    ),
  );
  return histories.flatMap((h) => h.events ?? []).filter((e) => e.type === 'TaskFailed').length;
}
