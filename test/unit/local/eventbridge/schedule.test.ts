import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus, rateMs, UnsupportedScheduleError } from '../../../../local/eventbridge/index.ts';

test('rate expressions give their period; cron and malformed rates are refused', () => {
  const periods = ['rate(1 minute)', 'rate(15 minutes)', 'rate(2 hours)', 'rate(1 day)'].map(rateMs);

  assert.deepEqual(periods, [60_000, 900_000, 7_200_000, 86_400_000]);
  for (const refused of ['cron(0 12 * * ? *)', 'rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'rate(5 seconds)']) {
    assert.throws(() => rateMs(refused), UnsupportedScheduleError, refused);
  }
});

test('a schedule rule fires once at start with a Scheduled Event; pattern rules never see it, cron rules are skipped', async () => {
  const invoked: { arn: string; event: Record<string, unknown> }[] = [];
  const lines: string[] = [];
  const bus = new EventBus({
    rules: [
      { name: 'Every', scheduleExpression: 'rate(60 minutes)', targets: [{ arn: 'arn:aws:lambda:us-east-1:0:function:batch' }] },
      { name: 'Cron', scheduleExpression: 'cron(0 12 * * ? *)', targets: [{ arn: 'arn:aws:lambda:us-east-1:0:function:other' }] },
      { name: 'AnyEvent', eventPattern: { source: [{ prefix: '' }] }, targets: [{ arn: 'arn:aws:lambda:us-east-1:0:function:pattern' }] },
    ],
    invokeAsync: async (arn, event) => {
      invoked.push({ arn, event: event as Record<string, unknown> });
    },
    account: '000000000000',
    region: 'us-east-1',
    log: (line) => lines.push(line),
  });

  await bus.startSchedules(true);
  bus.stop();

  assert.deepEqual(
    invoked.map((i) => i.arn),
    ['arn:aws:lambda:us-east-1:0:function:batch'],
  );
  assert.equal(invoked[0].event.source, 'aws.events');
  assert.equal(invoked[0].event['detail-type'], 'Scheduled Event');
  assert.deepEqual(invoked[0].event.resources, ['arn:aws:events:us-east-1:000000000000:rule/Every']);
  assert.ok(
    lines.some((l) => l.startsWith('[eventbridge] Cron:') && l.includes('not scheduled')),
    lines.join('\n'),
  );
});

test('without firing at start, a schedule rule waits for its rate', async () => {
  let invokes = 0;
  const bus = new EventBus({
    rules: [{ name: 'Every', scheduleExpression: 'rate(1 minute)', targets: [{ arn: 'arn:aws:lambda:us-east-1:0:function:batch' }] }],
    invokeAsync: async () => {
      invokes += 1;
    },
    account: '0',
    region: 'us-east-1',
  });

  await bus.startSchedules(false);
  await bus.drain();
  bus.stop();

  assert.equal(invokes, 0);
});
