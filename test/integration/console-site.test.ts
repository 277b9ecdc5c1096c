/**
 * The console's static site (local/console/): what it serves and what it refuses, through the local stack's API port.
 * The page itself is driven in a browser by test/browser/console.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetBucketCorsCommand } from '@aws-sdk/client-s3';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { latestBenchRun } from '../../local/console/serve-console.ts';

let t: TestStack;
let consoleUrl: string;

before(async () => {
  t = await startTestStack({ console: true });
  consoleUrl = t.stack.consoleUrl!;
});

after(async () => {
  await t?.stop();
});

test('the page, its bundled script and config; `/_console` redirects to `/_console/`', async () => {
  const page = await fetch(consoleUrl);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /connect-src 'self' http:\/\/127\.0\.0\.1:\d+/);
  assert.match(await page.text(), /<title>Prediction service console<\/title>/);
  const script = await fetch(`${consoleUrl}app.js`);
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.doesNotMatch(await script.text(), /from\s*["']@smithy/, 'bundled: the browser cannot import node_modules');
  const config = await (await fetch(`${consoleUrl}config.json`)).json();
  assert.deepEqual(config, {
    edgeUrl: t.edgeUrl,
    region: 'us-east-1',
    buckets: { input: 'input', output: 'output' },
    tables: { jobs: 'Jobs', probes: 'Probes' },
    apiAuth: 'none',
  });
  const bare = await fetch(consoleUrl.replace(/\/$/, ''), { redirect: 'manual' });
  assert.deepEqual([bare.status, bare.headers.get('location')], [308, '/_console/']);
});

test('nothing outside the console and the bench reports: traversal, other files and methods are refused', async () => {
  for (const path of [
    'bench/..%2F..%2Fpackage.json/x.svg',
    'bench/example%2F..%2F..%2F..%2Fpackage.json',
    'bench/example/results.json',
    'nope.html',
  ]) {
    assert.equal((await fetch(`${consoleUrl}${path}`)).status, 404, path);
  }
  assert.equal((await fetch(`${consoleUrl}config.json`, { method: 'POST', body: '{}' })).status, 405);
  const api = await fetch(`${t.stack.apiUrl}/_consolex`);
  assert.equal(api.status, 403, 'a path that only starts like the prefix is the API’s (Missing Authentication Token)');
});

test("the buckets allow the console's origin (PutBucketCors at start, marked as the console's own rule)", async () => {
  for (const bucket of ['input', 'output']) {
    const cors = await t.s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    const rule = cors.CORSRules?.[0];
    assert.equal(rule?.ID, 'local-console');
    assert.ok(rule?.AllowedOrigins?.includes(t.stack.apiUrl), bucket);
    assert.deepEqual(rule?.ExposeHeaders, ['ETag'], 'multipart uploads read each part’s ETag');
  }
});

test('latestBenchRun: the newest run folder holding a report.md, with its SVG charts; none: null', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  try {
    for (const [run, seconds] of [
      ['old', 1_000],
      ['new', 2_000],
    ] as const) {
      mkdirSync(join(dir, run));
      writeFileSync(join(dir, run, 'report.md'), '# r\n');
      writeFileSync(join(dir, run, 'b.svg'), '<svg/>');
      writeFileSync(join(dir, run, 'a.svg'), '<svg/>');
      writeFileSync(join(dir, run, 'results.json'), '{}');
      utimesSync(join(dir, run, 'report.md'), seconds, seconds);
    }
    mkdirSync(join(dir, 'newest-without-report'));
    assert.deepEqual(await latestBenchRun(dir), { run: 'new', charts: ['a.svg', 'b.svg'] });
    assert.equal(await latestBenchRun(join(dir, 'missing')), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
