import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchArgumentError } from '../../../bench/errors.ts';
import { benchPlan, environmentPairs, parseBenchArgs, scaledGapsS } from '../../../bench/options.ts';

const ROOT = '/repo';
const DEPLOYED = [
  '--api-url',
  'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
  '--input-bucket',
  'in',
  '--output-bucket',
  'out',
  '--table',
  'Probes-x',
  '--region',
  'eu-west-1',
];

test('no arguments: a full local run with its own stack, results under bench/results', () => {
  const options = parseBenchArgs([], ROOT);

  assert.deepEqual(options, {
    quick: false,
    target: { kind: 'local', instances: 10, idleTimeoutMs: 2000 },
    memoryMb: undefined,
    fullIdleGaps: false,
    out: '/repo/bench/results',
    help: false,
    only: ['sync', 'cold', 'batch', 'experiments'],
  });
});

test('--quick, --instances, --idle-timeout-ms, --memory-mb and --out are read', () => {
  const options = parseBenchArgs(
    ['--quick', '--instances', '4', '--idle-timeout-ms', '500', '--memory-mb', '2048', '--out', '/tmp/x'],
    ROOT,
  );

  assert.equal(options.quick, true);
  assert.deepEqual(options.target, { kind: 'local', instances: 4, idleTimeoutMs: 500 });
  assert.equal(options.memoryMb, 2048);
  assert.equal(options.out, '/tmp/x');
});

test('all five deployed flags make a deployed target; the API URL loses its trailing slash', () => {
  const options = parseBenchArgs([...DEPLOYED, '--full-idle-gaps'], ROOT);

  assert.deepEqual(options.target, {
    kind: 'deployed',
    apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
    inputBucket: 'in',
    outputBucket: 'out',
    table: 'Probes-x',
    region: 'eu-west-1',
  });
  assert.equal(options.fullIdleGaps, true);
});

test('a partial deployed target is refused, naming what is missing', () => {
  assert.throws(
    () => parseBenchArgs(['--api-url', 'https://x', '--region', 'us-east-1'], ROOT),
    (error: Error) => error instanceof BenchArgumentError && /--input-bucket, --output-bucket, --table/.test(error.message),
  );
});

test('bad values are refused: non-URL API, non-integer sizes, --full-idle-gaps locally, unknown flags', () => {
  const withUrl = DEPLOYED.map((v, i) => (i === 1 ? 'abc.example.com' : v));
  assert.throws(() => parseBenchArgs(withUrl, ROOT), BenchArgumentError);
  assert.throws(() => parseBenchArgs(['--memory-mb', '1.5'], ROOT), BenchArgumentError);
  assert.throws(() => parseBenchArgs(['--instances', '0'], ROOT), BenchArgumentError);
  assert.throws(() => parseBenchArgs(['--full-idle-gaps'], ROOT), BenchArgumentError);
  assert.throws(() => parseBenchArgs(['--fast'], ROOT), /Unknown option/);
});

test('idle gaps straddle the idle timeout: inside it, just past it, far past it', () => {
  assert.deepEqual(scaledGapsS(2000, false), [0, 0.5, 1.5, 2.5, 4]);
  assert.deepEqual(scaledGapsS(2000, true), [0, 0.5, 3]);
});

test('the quick plan is a subset of the full one: fewer rows, shorter phases, 3 experiment runs', () => {
  const quick = benchPlan(true);
  const full = benchPlan(false);

  assert.deepEqual(quick.batchRows, [1, 100, 10_000]);
  assert.deepEqual(full.batchRows, [1, 100, 10_000, 1_000_000]);
  assert.deepEqual(full.syncConcurrencies, [1, 10, 32]);
  assert.deepEqual(full.rowsPerRequest, [10, 100, 1000]);
  assert.equal(quick.experimentRuns, 3);
  assert.ok(quick.syncWarmMs < full.syncWarmMs && quick.coldRepeats <= full.coldRepeats);
});

test('--only picks scenarios and refuses unknown ones', () => {
  assert.deepEqual(parseBenchArgs(['--only', 'batch, experiments'], ROOT).only, ['batch', 'experiments']);
  assert.throws(() => parseBenchArgs(['--only', 'batch,warp'], ROOT), /--only takes sync, cold, batch, experiments/);
});

test('ENV=VALUE arguments set the environment; a value may hold `=`', () => {
  assert.deepEqual(environmentPairs(['CHUNK_TARGET_BYTES=8388608', 'A=b=c']), { CHUNK_TARGET_BYTES: '8388608', A: 'b=c' });
  assert.deepEqual(environmentPairs([]), {});
});
