import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onFreePort } from '../../helpers/dynamodb-recorder.ts';

const inUse = () => Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

test('a start that loses its probed port to another process runs again on another port', async () => {
  const ports: number[] = [];

  const started = await onFreePort(async (port) => {
    ports.push(port);
    if (ports.length < 3) throw inUse();
    return `listening on ${port}`;
  });

  assert.equal(ports.length, 3);
  assert.ok(ports.every((port) => port > 0));
  assert.equal(started, `listening on ${ports[2]}`);
});

test('any other failure, or the last attempt’s, is the start’s own', async () => {
  let calls = 0;
  await assert.rejects(
    onFreePort(async () => {
      calls++;
      throw new Error('bad config');
    }),
    /bad config/,
  );
  assert.equal(calls, 1);
  await assert.rejects(
    onFreePort(async () => {
      throw inUse();
    }, 2),
    { code: 'EADDRINUSE' },
  );
});
