import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBillArgs } from '../../../cli/bill.ts';
import { costLines, traceLines, unitLines } from '../../../cli/lib/bill-table.ts';
import { usageCost } from '../../../bench/lib/cost.ts';
import { emptyUsage } from '../../../local/meter/index.ts';

test('bill arguments: the local edge and jobs table by default, flags and the environment over them', () => {
  assert.deepEqual(parseBillArgs([], {}), { compute: 'billed', limit: 10, json: false, endpoint: 'http://127.0.0.1:4566', table: 'Jobs' });
  assert.deepEqual(
    parseBillArgs(['--job', 'j1', '--rows', '1000', '--compute', 'modelled', '--json'], { AWS_ENDPOINT_URL: 'http://h:1/' }),
    {
      job: 'j1',
      rows: 1000,
      compute: 'modelled',
      limit: 10,
      json: true,
      endpoint: 'http://h:1',
      table: 'Jobs',
    },
  );
  assert.equal(parseBillArgs(['-h'], {}), 'help');
  assert.throws(() => parseBillArgs(['--compute', 'guessed'], {}), /--compute takes billed or modelled/);
  assert.throws(() => parseBillArgs(['--rows', '0'], {}), /--rows must be a positive integer/);
});

test('the tables: every unit on its line, the cost items with the total per 1M predictions, one line per trace', () => {
  const usage = emptyUsage();
  usage.s3.putCopyPostList = 25;
  usage.lambda = { requests: 5, coldStarts: 1, billedMs: 1500, gbSeconds: 1.5, modelledGbSeconds: 2 };
  usage.logs.bytes = 5000;

  const units = unitLines(usage);
  const cost = costLines(usageCost(usage, 1_000_000), true);
  const traces = traceLines([{ traceId: '1-a', firstSeen: 0, executions: ['arn:aws:states:r:a:execution:batch:job-1'], usage }], () => 0.5);

  assert.match(units.find((l) => l.includes('PUT/COPY/POST/LIST'))!, /\s25$/);
  assert.match(units.find((l) => l.includes('requests (cold starts)'))!, /5 \(1\)$/);
  assert.match(cost.find((l) => l.startsWith('S3 PUT/COPY/POST/LIST'))!, /25\s+request\s+\$1\.25e-4$/);
  assert.match(cost.at(-1)!, /^total \$[\d.e-]+, \$[\d.e-]+ per 1M predictions \(1,000,000 rows\)$/);
  assert.match(traces[2]!, /^1-a\s+job-1\s+5\s+25\s+0\s+0\s+0\/0\s+\$0\.5000$/);
});
