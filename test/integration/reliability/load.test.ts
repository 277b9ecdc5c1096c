/**
 * Load: 10 000 POST /predict at concurrency 64 with zero errors, and 50 CSV uploads at once, all scored
 * with exact counts. Prints the measured request rate.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestStack, type TestStack } from '../../helpers/local-stack.ts';
import { irisCsv } from './support.ts';

const REQUESTS = 10_000;
const CONCURRENCY = 64;
const UPLOADS = 50;

describe('load on the local stack', () => {
  let t: TestStack;
  before(async () => {
    // The stage throttle is API Gateway's (10 000 rps, burst 5 000); raised so the test measures the stack, not the limiter.
    t = await startTestStack({ concurrency: 4, queueTimeoutMs: 60_000, throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 } });
  });
  after(() => t.stop());

  test(`${REQUESTS} POST /predict at concurrency ${CONCURRENCY}: zero errors, every answer correct`, async () => {
    const body = JSON.stringify({
      values: [
        [5.1, 3.5, 1.4, 0.2],
        [5.9, 3.0, 5.1, 2.3],
      ],
    });
    const failures: string[] = [];
    let issued = 0;
    const worker = async (): Promise<void> => {
      while (issued < REQUESTS) {
        issued++;
        try {
          const response = await fetch(`${t.stack.apiUrl}/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          const json = (await response.json()) as { labels?: string[] };
          if (response.status !== 200 || json.labels?.join() !== 'setosa,virginica')
            failures.push(`${response.status} ${JSON.stringify(json)}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const started = performance.now();

    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const seconds = (performance.now() - started) / 1000;
    console.log(
      `# load: ${REQUESTS} requests, concurrency ${CONCURRENCY}, ${failures.length} errors, ${(REQUESTS / seconds).toFixed(0)} req/s (${seconds.toFixed(1)} s)`,
    );
    assert.deepEqual(failures.slice(0, 5), []);
    assert.equal(failures.length, 0);
  });

  test(`${UPLOADS} CSV uploads at once all complete with exact counts`, async () => {
    const rowsOf = (i: number): number => 10 + ((i * 37) % 90);
    const keys = Array.from({ length: UPLOADS }, (_, i) => `load/upload-${String(i).padStart(2, '0')}.csv`);
    const started = performance.now();

    await Promise.all(keys.map((key, i) => t.put('input', key, irisCsv(rowsOf(i), `u${i}-`))));
    const summaries = await Promise.all(keys.map((key) => t.waitForSummary(key, 120_000)));

    console.log(`# load: ${UPLOADS} uploads scored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    let rowsLost = 0;
    for (const [i, summary] of summaries.entries()) {
      assert.equal(summary.status, 'SUCCEEDED', `${keys[i]}: ${summary.reason}`);
      assert.deepEqual([summary.rowsIn, summary.rowsScored, summary.rowsRejected], [rowsOf(i), rowsOf(i), 0], keys[i]);
      const scored = (await t.getText('output', keys[i]!.replace(/\.csv$/, '.scored.csv'))).trim().split('\n');
      rowsLost += rowsOf(i) - (scored.length - 1);
      assert.ok(scored.at(-1)!.includes(`u${i}-r${rowsOf(i)}`), `${keys[i]} ends with its own last row`);
    }
    assert.equal(rowsLost, 0);
  });
});
