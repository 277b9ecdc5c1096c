/**
 * Duplicates and atomicity: the same S3 event delivered again (also concurrently) starts nothing new; a
 * re-upload of the key is a new job whose output replaces the old one; a reader never sees a partial or mixed file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { buildNotificationEvent, type S3NotificationEvent } from '../../../local/s3/index.ts';
import { startTestStack, type TestStack } from '../../helpers/local-stack.ts';
import { SMALL_CHUNKS, executionsFor, irisCsv, jobsFor } from './support.ts';

const RULE = { bucket: 'input', events: ['s3:ObjectCreated:*'], suffix: '.csv', id: 'csv-upload' };

/** The notification S3 sent for the object as it is now (same bucket, key, size and ETag: a redelivery). */
async function eventFor(t: TestStack, key: string): Promise<S3NotificationEvent> {
  const head = await t.s3.send(new HeadObjectCommand({ Bucket: 'input', Key: key }));
  const created = {
    bucket: 'input',
    key,
    size: head.ContentLength ?? 0,
    eTag: (head.ETag ?? '').replaceAll('"', ''),
    eventName: 'ObjectCreated:Put' as const,
    sourceIp: '127.0.0.1',
  };
  return buildNotificationEvent(created, RULE, 'us-east-1');
}

async function outcomes(t: TestStack, event: S3NotificationEvent, times: number): Promise<string[]> {
  const results = await Promise.all(Array.from({ length: times }, () => t.stack.taskRuntime!.invoke(event)));
  return results.map((r) => {
    assert.equal(r.error, undefined, JSON.stringify(r.payload));
    return (r.payload as { outcome: string }[])[0]!.outcome;
  });
}

describe('duplicate events and atomic outputs on the local stack', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack({ environment: SMALL_CHUNKS });
  });
  after(() => t.stop());

  test('the same event delivered 4 times at once, then again later: one job, one execution, one output', async () => {
    await t.put('input', 'dup/once.csv', irisCsv(200));
    const event = await eventFor(t, 'dup/once.csv');

    const concurrent = await outcomes(t, event, 3); // racing the real notification of the PUT
    const summary = await t.waitForSummary('dup/once.csv');
    const scoredBefore = await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: 'dup/once.scored.csv' }));
    const late = await outcomes(t, event, 2);
    await t.stack.aws!.drainNotifications();

    assert.ok(
      concurrent.every((o) => o === 'started' || o === 'duplicate'),
      concurrent.join(),
    );
    assert.deepEqual(late, ['duplicate', 'duplicate']);
    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsScored, 200);
    const jobs = await jobsFor(t.dynamodb, 'dup/once.csv');
    assert.deepEqual(
      jobs.map((j) => j.status),
      ['SUCCEEDED'],
    );
    assert.deepEqual(
      (await executionsFor(t.sfn, jobs[0]!.jobId)).map((e) => e.status),
      ['SUCCEEDED'],
    );
    const scoredAfter = await t.s3.send(new HeadObjectCommand({ Bucket: 'output', Key: 'dup/once.scored.csv' }));
    assert.equal(scoredAfter.ETag, scoredBefore.ETag);
    assert.equal(scoredAfter.LastModified?.getTime(), scoredBefore.LastModified?.getTime(), 'not rewritten by a duplicate');
  });

  test('re-uploading the key with new content is a new job whose output replaces the old one', async () => {
    await t.put('input', 'dup/again.csv', irisCsv(50, 'first-'));
    const first = await t.waitForSummary('dup/again.csv');
    await t.put('input', 'dup/again.csv', irisCsv(80, 'second-'));

    const second = await waitForNewSummary(t, 'dup/again.csv', first.jobId);

    assert.equal(second.status, 'SUCCEEDED', second.reason);
    assert.equal(second.rowsScored, 80);
    const scored = await t.getText('output', 'dup/again.scored.csv');
    assert.equal(scored.trim().split('\n').length, 81);
    assert.ok(scored.includes('second-r80') && !scored.includes('first-'), 'only the new content');
    const jobs = await jobsFor(t.dynamodb, 'dup/again.csv');
    assert.deepEqual(jobs.map((j) => j.status).sort(), ['SUCCEEDED', 'SUCCEEDED']);
  });

  test('a reader polling scored.csv during a re-run sees the old file or the new one, never a part or a mix', async () => {
    await t.put('input', 'dup/atomic.csv', irisCsv(800, 'old-'));
    const old = await t.waitForSummary('dup/atomic.csv');
    const oldText = await t.getText('output', 'dup/atomic.scored.csv');
    const seen = new Set<string>();
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        seen.add(await t.getText('output', 'dup/atomic.scored.csv'));
        reads++;
      }
    })();

    await t.put('input', 'dup/atomic.csv', irisCsv(500, 'new-'));
    await waitForNewSummary(t, 'dup/atomic.csv', old.jobId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop = true;
    await reader;

    const newText = await t.getText('output', 'dup/atomic.scored.csv');
    assert.ok(reads >= 10, `only ${reads} reads`);
    assert.ok(newText.includes('new-r500') && newText.trim().split('\n').length === 501);
    const unexpected = [...seen].filter((text) => text !== oldText && text !== newText);
    assert.equal(unexpected.length, 0, `saw ${unexpected.length} partial or mixed version(s) in ${reads} reads`);
    assert.ok(seen.has(newText));
  });

  test('GETs racing PUTs of the same key each return one whole version, never a torn read or a hang', async () => {
    const versions = [irisCsv(400, 'a-'), irisCsv(150, 'b-')];
    await t.put('output', 'race/object.csv', versions[0]!);
    const read = async (): Promise<string> => {
      const out = await t.s3.send(new GetObjectCommand({ Bucket: 'output', Key: 'race/object.csv' }), {
        abortSignal: AbortSignal.timeout(5_000),
      });
      return out.Body!.transformToString();
    };
    const write = (i: number) => t.s3.send(new PutObjectCommand({ Bucket: 'output', Key: 'race/object.csv', Body: versions[i % 2] }));

    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => write(i).then(() => undefined)),
      ...Array.from({ length: 200 }, read),
    ]);

    const texts = results.filter((r): r is string => r !== undefined);
    assert.equal(texts.length, 200);
    assert.equal(texts.filter((text) => !versions.includes(text)).length, 0);
  });
});

async function waitForNewSummary(t: TestStack, key: string, oldJobId: string) {
  for (let i = 0; i < 600; i++) {
    const summary = await t.waitForSummary(key);
    if (summary.jobId !== oldJobId) return summary;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no new summary for ${key}`);
}
