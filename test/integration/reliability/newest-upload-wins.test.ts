/**
 * Newest upload wins: rapid re-uploads of different content to one key, in generated orders and sizes, plus an event
 * for an older version delivered late (S3 delivers at least once and in no order). Whatever order the jobs finish
 * in, the key's outputs end up describing the newest content, and every older job ends in a terminal state, a
 * superseded one with the newer job named in its reason.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { buildNotificationEvent } from '../../../local/s3/index.ts';
import { deriveJobId } from '../../../functions/lib/jobs/job-id.ts';
import { startTestStack, type TestStack } from '../../helpers/local-stack.ts';
import { SMALL_CHUNKS, executionsFor, irisCsv, jobsFor, listKeys, waitFor, type JobItem } from './support.ts';

const RULE = { bucket: 'input', events: ['s3:ObjectCreated:*'], suffix: '.csv', id: 'csv-upload' };
const TERMINAL = ['SUCCEEDED', 'FAILED', 'SUPERSEDED'];
/** Row counts: a file of many small chunks (slow to score) and small ones that overtake it. */
const SIZES = [300, 30, 5];
const SEED = 20261202;
const ROUNDS = 5;

interface Upload {
  rows: number;
  salt: string;
  etag: string;
  jobId: string;
}
interface Scenario {
  rows: number[];
  gapsMs: number[];
  lateEvent: 'while-newest-runs' | 'after-settled';
}

/** mulberry32: a small seeded generator, so a failing order can be replayed from its round number. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function scenarios(count: number): Scenario[] {
  const random = generator(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, round) => {
    const uploads = 2 + Math.floor(random() * 2);
    // The first upload is the slow one in most rounds: the case where an older job used to finish last.
    const rows = Array.from({ length: uploads }, (_, i) => (i === 0 && round % 4 !== 3 ? SIZES[0]! : pick(SIZES)));
    return {
      rows,
      gapsMs: rows.slice(1).map(() => Math.floor(random() * 250)),
      lateEvent: round % 2 === 0 ? 'while-newest-runs' : 'after-settled',
    };
  });
}

async function upload(t: TestStack, key: string, rows: number, salt: string): Promise<Upload> {
  const put = await t.s3.send(new PutObjectCommand({ Bucket: 'input', Key: key, Body: irisCsv(rows, salt) }));
  const etag = (put.ETag ?? '').replaceAll('"', '');
  return { rows, salt, etag, jobId: deriveJobId({ bucket: 'input', key, etag, versionId: null }) };
}

/** The S3 event sequencer the job recorded, once its workflow runs ('' if it recorded none). */
async function sequencerOf(t: TestStack, jobId: string): Promise<string | undefined> {
  const out = await t.dynamodb.send(new GetItemCommand({ TableName: 'Jobs', Key: { jobId: { S: jobId } }, ConsistentRead: true }));
  return ['RUNNING', 'SUCCEEDED'].includes(out.Item?.status?.S ?? '') ? (out.Item?.sequencer?.S ?? '') : undefined;
}

/**
 * The S3 event of a version older than `newer` (one step below its sequencer, written without leading zeros so the
 * two differ in length too), for content the key held before: it reaches the function only now.
 */
function lateOlderEvent(key: string, newer: string) {
  const etag = createHash('md5').update(`earlier content of ${key}`).digest('hex');
  const event = buildNotificationEvent(
    { bucket: 'input', key, size: 64, eTag: etag, eventName: 'ObjectCreated:Put', sourceIp: '127.0.0.1' },
    RULE,
    'us-east-1',
  );
  event.Records[0].s3.object.sequencer = newer ? (BigInt(`0x${newer}`) - 1n).toString(16).toUpperCase() : '0';
  return { event, jobId: deriveJobId({ bucket: 'input', key, etag, versionId: null }) };
}

/** Every upload's job is terminal and the summary is the newest job's: nothing older can write after this. */
async function settled(t: TestStack, key: string, jobIds: string[], newest: string): Promise<JobItem[]> {
  return waitFor(
    `${key} to settle`,
    async () => {
      const jobs = await jobsFor(t.dynamodb, key);
      const done = jobIds.every((id) => TERMINAL.includes(jobs.find((j) => j.jobId === id)?.status ?? ''));
      if (!done) return undefined;
      const summary = await t.waitForSummary(key, 1_000).catch(() => undefined);
      return summary?.jobId === newest ? jobs : undefined;
    },
    20_000,
    50,
  );
}

describe('the newest upload of a key wins its outputs', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack({ environment: SMALL_CHUNKS });
  });
  after(() => t.stop());

  for (const [round, scenario] of scenarios(ROUNDS).entries()) {
    test(`round ${round}: uploads of ${scenario.rows.join(', ')} rows ${scenario.gapsMs.join('/')} ms apart, an older event ${scenario.lateEvent}`, async () => {
      const key = `newest/round-${round}.csv`;
      const uploads: Upload[] = [];
      for (const [i, rows] of scenario.rows.entries()) {
        if (i > 0) await sleep(scenario.gapsMs[i - 1]!);
        uploads.push(await upload(t, key, rows, `v${i}-`));
      }
      const newest = uploads.at(-1)!;
      const newestSequencer = await waitFor('the newest job to start', () => sequencerOf(t, newest.jobId), 20_000, 20);
      if (scenario.lateEvent === 'after-settled')
        await settled(
          t,
          key,
          uploads.map((u) => u.jobId),
          newest.jobId,
        );
      const scoredBefore =
        scenario.lateEvent === 'after-settled'
          ? await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: `newest/round-${round}.scored.csv` }))
          : undefined;

      const late = lateOlderEvent(key, newestSequencer);
      const invoked = await t.stack.runtime.invoke(late.event);
      const jobs = await settled(t, key, [...uploads.map((u) => u.jobId), late.jobId], newest.jobId);

      assert.equal(invoked.error, undefined, JSON.stringify(invoked.payload));
      const [outcome] = invoked.payload as { outcome: string; jobId: string; reason?: string }[];
      assert.deepEqual([outcome!.outcome, outcome!.jobId], ['superseded', late.jobId]);
      const summary = await t.waitForSummary(key);
      assert.equal(summary.status, 'SUCCEEDED', summary.reason);
      assert.deepEqual([summary.jobId, summary.rowsIn, summary.rowsScored], [newest.jobId, newest.rows, newest.rows]);
      const lines = (await t.getText('output', `newest/round-${round}.scored.csv`)).trim().split('\n');
      assert.equal(lines.length, newest.rows + 1);
      assert.ok(
        lines.slice(1).every((line) => line.includes(`${newest.salt}r`)),
        'scored.csv holds only the newest content',
      );
      if (scoredBefore) {
        const scoredAfter = await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: `newest/round-${round}.scored.csv` }));
        assert.equal(scoredAfter.LastModified?.getTime(), scoredBefore.LastModified?.getTime(), 'the late event rewrote nothing');
      }

      const byId = new Map(jobs.map((j) => [j.jobId, j]));
      assert.equal(byId.get(newest.jobId)?.status, 'SUCCEEDED');
      const lateJob = byId.get(late.jobId);
      assert.equal(lateJob?.status, 'SUPERSEDED');
      assert.match(lateJob?.reason ?? '', new RegExp(`superseded by a newer upload of ${key}: job ${newest.jobId} `));
      const view = (await (await fetch(`${t.stack.apiUrl}/jobs/${late.jobId}`)).json()) as { status: string; reason: string };
      assert.deepEqual([view.status, view.reason], ['SUPERSEDED', lateJob?.reason], 'GET /jobs/{id} shows it');
      for (const [i, older] of uploads.slice(0, -1).entries()) {
        const job = byId.get(older.jobId);
        assert.ok(TERMINAL.includes(job?.status ?? ''), `upload ${i} ended ${job?.status}`);
        if (job?.status !== 'SUPERSEDED') continue;
        const newerIds = uploads.slice(i + 1).map((u) => u.jobId);
        assert.ok(
          newerIds.some((id) => job.reason?.includes(`job ${id} `)),
          `reason names a newer job: ${job.reason}`,
        );
      }
      for (const { jobId } of [...uploads, late]) {
        const executions = await waitFor(
          `${jobId}'s workflow to end`,
          async () => {
            const all = await executionsFor(t.sfn, jobId);
            return all.every((e) => e.status !== 'RUNNING') ? all : undefined;
          },
          10_000,
        );
        const leftovers = await listKeys(t.s3, 'output', `_tmp/${jobId}/`);
        // A job that reached Finalize (or never ran) leaves nothing. After a failed Map, a sibling ScoreChunk still in
        // flight when MarkFailed cleaned up may write its own temp object after it (the bucket's lifecycle rule expires
        // `_tmp/`, as in the faults suite); none may be anything else.
        if (executions.every((e) => e.status === 'SUCCEEDED')) assert.deepEqual(leftovers, [], `temp objects of ${jobId} are cleaned`);
        else
          assert.ok(
            leftovers.every((k) => /^_tmp\/[0-9a-f]{24}\/(scored|errors)-\d{5}\.csv$/.test(k)),
            leftovers.join(' '),
          );
      }
    });
  }

  test('a newer job waits out the write lease an older job died holding, then writes its outputs', async () => {
    const key = 'newest/fenced.csv';
    const dead = 'f'.repeat(24);
    const leaseUntilMs = Date.now() + 2_000;
    // The owner record as an older job (no sequencer: ordered before any upload) leaves it when it dies mid-write.
    await t.dynamodb.send(
      new PutItemCommand({
        TableName: 'Jobs',
        Item: {
          jobId: { S: 'owner#output/newest/fenced.summary.json' },
          newestJobId: { S: dead },
          newestSequencer: { S: '' },
          leaseHolder: { S: dead },
          leaseUntilMs: { N: String(leaseUntilMs) },
          revision: { N: '1' },
        },
      }),
    );

    const fresh = await upload(t, key, 20, 'fenced-');
    const summary = await t.waitForSummary(key, 20_000);

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual([summary.jobId, summary.rowsScored], [fresh.jobId, 20]);
    const finishedAt = Date.parse((summary as unknown as { timings: { finishedAt: string } }).timings.finishedAt);
    assert.ok(finishedAt >= leaseUntilMs, `outputs written ${leaseUntilMs - finishedAt} ms before the dead holder's lease ended`);
  });

  test('an older job whose event comes again after it died holding the lease gives the lease up at once', async () => {
    const key = 'newest/redriven.csv';
    const current = await upload(t, key, 10, 'current-');
    const sequencer = await waitFor('the job to start', () => sequencerOf(t, current.jobId), 20_000, 20);
    await settled(t, key, [current.jobId], current.jobId);
    const older = lateOlderEvent(key, sequencer);
    // As the older job's lease would be had it died mid-write (e.g. a local stack stopped during its Finalize).
    await t.dynamodb.send(
      new UpdateItemCommand({
        TableName: 'Jobs',
        Key: { jobId: { S: 'owner#output/newest/redriven.summary.json' } },
        UpdateExpression: 'SET leaseHolder = :older, leaseUntilMs = :until, revision = revision + :one',
        ExpressionAttributeValues: { ':older': { S: older.jobId }, ':until': { N: String(Date.now() + 600_000) }, ':one': { N: '1' } },
      }),
    );

    const invoked = await t.stack.runtime.invoke(older.event);
    const newer = await upload(t, key, 7, 'newer-');
    const summary = await waitFor(
      'the newer summary',
      async () => {
        const s = await t.waitForSummary(key, 1_000).catch(() => undefined);
        return s?.jobId === newer.jobId ? s : undefined;
      },
      20_000,
    );

    assert.equal((invoked.payload as { outcome: string }[])[0]?.outcome, 'superseded');
    assert.deepEqual([summary.status, summary.rowsScored], ['SUCCEEDED', 7], 'written without waiting out the 10-minute lease');
  });
});
