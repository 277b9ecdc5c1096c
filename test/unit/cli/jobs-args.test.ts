import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError, main, parseJobsArgs } from '../../../cli/jobs.ts';
import { jobsTarget } from '../../../cli/lib/jobs-target.ts';
import { jobLine, uploadLine, usd } from '../../../cli/lib/progress-line.ts';
import type { JobView } from '../../../functions/lib/jobs/job-view.ts';

test('submit: the key defaults to the file name, options of submit are kept, defaults filled', () => {
  const command = parseJobsArgs(['submit', 'data/rows.csv', '--model', 'wine@champion', '--out', 'results']);

  assert.deepEqual(command, {
    command: 'submit',
    subject: 'data/rows.csv',
    key: 'rows.csv',
    model: 'wine@champion',
    out: 'results',
    limit: 20,
    intervalMs: 500,
    target: { api: undefined, apiKey: undefined, endpoint: undefined, inputBucket: undefined, table: undefined },
  });
  assert.equal((parseJobsArgs(['submit', 'x.csv', '--key', 'demo/y.csv']) as { key: string }).key, 'demo/y.csv');
});

test('watch, get and list take their subject and the target flags', () => {
  const watch = parseJobsArgs(['watch', 'demo/y.csv', '--api', 'https://x.example/prod/', '--interval', '250']);
  const list = parseJobsArgs(['list', '--limit', '5', '--table', 'Jobs-1', '--input-bucket', 'in-1']);

  assert.deepEqual(watch !== 'help' && [watch.command, watch.subject, watch.target.api, watch.intervalMs], [
    'watch',
    'demo/y.csv',
    'https://x.example/prod/',
    250,
  ]);
  assert.deepEqual(list !== 'help' && [list.command, list.limit, list.target.table, list.target.inputBucket], [
    'list',
    5,
    'Jobs-1',
    'in-1',
  ]);
  assert.equal(parseJobsArgs([]), 'help');
  assert.equal(parseJobsArgs(['get', 'x', '--help']), 'help');
});

test('what cannot run is a usage error saying why', () => {
  const cases: [string[], RegExp][] = [
    [['launch'], /unknown command "launch"/],
    [['submit'], /submit needs <file>/],
    [['submit', 'rows.txt'], /keys ending in \.csv, .*only \(any case\): "rows.txt"/],
    [['get'], /get needs <jobId \| key>/],
    [['list', 'extra'], /unexpected "extra"/],
    [['watch', 'a.csv', '--model', 'wine'], /options of submit/],
    [['list', '--limit', '0'], /--limit must be a positive integer/],
    [['list', '--colour'], /Unknown option '--colour'/],
  ];

  for (const [argv, message] of cases)
    assert.throws(
      () => parseJobsArgs(argv),
      (e: Error) => e instanceof UsageError && message.test(e.message),
      argv.join(' '),
    );
});

test('main exits 2 on a usage error, with the reason on stderr', async () => {
  const written: string[] = [];
  const sink = { write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WritableStream;

  const code = await main(['submit', 'rows.txt'], { stdout: sink, stderr: sink, env: {}, cwd: '.' });

  assert.equal(code, 2);
  assert.match(written.join(''), /jobs: the input bucket starts jobs for keys ending in \.csv/);
});

test('the target: flags, else the environment, else the local stack; the API base always ends with a slash', async () => {
  const local = jobsTarget({}, { PORT: '3100', EDGE_PORT: '4600' });
  const fromEnv = jobsTarget(
    {},
    { API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', INPUT_BUCKET: 'in-1', JOBS_TABLE: 'Jobs-1' },
  );

  assert.deepEqual([local.apiUrl, local.inputBucket, local.jobsTable], ['http://127.0.0.1:3100/', 'input', 'Jobs']);
  assert.equal(await local.s3.config.endpoint?.().then((e) => `${e.hostname}:${e.port}`), '127.0.0.1:4600');
  assert.deepEqual(
    [fromEnv.apiUrl, fromEnv.inputBucket, fromEnv.jobsTable],
    ['https://abc.execute-api.eu-west-1.amazonaws.com/prod/', 'in-1', 'Jobs-1'],
  );
  assert.equal(fromEnv.s3.config.endpoint, undefined, 'a deployed bucket: the SDK default endpoint');
  assert.equal(jobsTarget({ api: 'http://h:1' }, { API_URL: 'http://env:2/' }).apiUrl, 'http://h:1/');
});

test('progress lines: the upload by bytes, the job by its progress', () => {
  const view = {
    jobId: '0123456789abcdef01234567',
    status: 'RUNNING',
    progress: { chunksTotal: 4, chunksDone: 1, rowsScored: 90, rowsRejected: 3, bytesDone: 250, percent: 25, etaSeconds: 30 },
  } as JobView;

  assert.equal(uploadLine(3e6, 12e6), 'upload [######..................] 25.0%  3.0 MB of 12.0 MB');
  assert.equal(uploadLine(180, 180), 'upload [########################] 100.0%  0.2 kB of 0.2 kB');
  assert.equal(jobLine(view), 'RUNNING  [######..................] 25%  1/4 chunks  90 scored  3 rejected  eta 30 s');
  assert.equal(
    jobLine({ ...view, status: 'PENDING', progress: { ...view.progress, chunksTotal: null, etaSeconds: null } }),
    'PENDING  [######..................] 25%  1/? chunks  90 scored  3 rejected',
  );
  const billing = { units: {} as JobView['billing']['units'], estimatedUsd: 0.0002071, note: '' };
  assert.equal(
    jobLine({ ...view, status: 'SUCCEEDED', billing, progress: { ...view.progress, chunksDone: 4, percent: 100, etaSeconds: 0 } }),
    'SUCCEEDED  [########################] 100%  4/4 chunks  90 scored  3 rejected  ~$0.000207 est.',
  );
});

test('dollars: to the cent, below a cent to 3 significant digits, never an exponent', () => {
  assert.deepEqual([usd(0), usd(12.345), usd(0.0002071), usd(1.234e-7)], ['0.00', '12.35', '0.000207', '0.000000123']);
});
