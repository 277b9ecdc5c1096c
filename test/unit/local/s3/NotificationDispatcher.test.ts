import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationDispatcher } from '../../../../local/s3/NotificationDispatcher.ts';
import type { S3NotificationEvent } from '../../../../local/s3/types.ts';

const EVENT = {
  Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'input' }, object: { key: 'a.csv' } } }],
} as unknown as S3NotificationEvent;

test('dispatch returns before the target runs (delivery is asynchronous)', async () => {
  let called = false;
  const dispatcher = new NotificationDispatcher({ target: async () => void (called = true) });
  dispatcher.dispatch(EVENT);
  assert.equal(called, false);
  await dispatcher.drain();
  assert.equal(called, true);
  assert.equal(dispatcher.delivered, 1);
});

test('a failing target is retried, then succeeds', async () => {
  let attempts = 0;
  const dispatcher = new NotificationDispatcher({
    retryDelayMs: 1,
    target: async () => {
      if (++attempts < 3) throw new Error('busy');
    },
  });
  dispatcher.dispatch(EVENT);
  await dispatcher.drain();
  assert.equal(attempts, 3);
  assert.equal(dispatcher.delivered, 1);
  assert.equal(dispatcher.failed, 0);
});

test('after the retries the event is logged as dropped, never thrown', async () => {
  const lines: string[] = [];
  let attempts = 0;
  const dispatcher = new NotificationDispatcher({
    retries: 2,
    retryDelayMs: 1,
    log: (line) => lines.push(line),
    target: async () => {
      attempts++;
      throw new Error('down');
    },
  });
  dispatcher.dispatch(EVENT);
  await dispatcher.drain();
  assert.equal(attempts, 3);
  assert.equal(dispatcher.failed, 1);
  assert.ok(lines.some((line) => line.includes('dropped after 3 attempts') && line.includes('s3://input/a.csv') && line.includes('down')));
});

test('without a target events are ignored', async () => {
  const dispatcher = new NotificationDispatcher({});
  dispatcher.dispatch(EVENT);
  await dispatcher.drain();
  assert.equal(dispatcher.delivered, 0);
});
