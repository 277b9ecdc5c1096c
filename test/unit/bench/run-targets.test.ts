import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCAL_NAMES, clientSettings, deployedTarget } from '../../../bench/targets.ts';
import { jobKey, summaryKey } from '../../../bench/scenarios/batch.ts';

test('local SDK settings point at the edge with dummy credentials and path-style S3', () => {
  const settings = clientSettings({ kind: 'local', instances: 10, idleTimeoutMs: 2000 }, 'http://127.0.0.1:4599');

  assert.deepEqual(settings, {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4599',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    forcePathStyle: true,
  });
});

test('deployed SDK settings carry only the region: endpoints and credentials come from the default chain', () => {
  const settings = clientSettings({
    kind: 'deployed',
    apiUrl: 'https://x',
    inputBucket: 'i',
    outputBucket: 'o',
    table: 't',
    region: 'eu-west-1',
  });

  assert.deepEqual(settings, { region: 'eu-west-1' });
});

test('a deployed target uses the given names, no REPORT source, no idle timeout', async () => {
  const target = deployedTarget(
    { kind: 'deployed', apiUrl: 'https://x/prod', inputBucket: 'in-b', outputBucket: 'out-b', table: 'probes-t', region: 'eu-west-1' },
    512,
  );

  assert.deepEqual(
    [target.kind, target.apiUrl, target.inputBucket, target.outputBucket, target.table, target.memoryMb],
    ['deployed', 'https://x/prod', 'in-b', 'out-b', 'probes-t', 512],
  );
  assert.equal(target.onReport, undefined);
  assert.equal(target.idleTimeoutMs, undefined);
  assert.equal(await target.s3.config.region(), 'eu-west-1');
  await target.stop();
});

test('local names match docs/architecture.md', () => {
  assert.deepEqual(LOCAL_NAMES, { inputBucket: 'input', outputBucket: 'output', table: 'Probes', region: 'us-east-1' });
});

test('a job key and its summary key (docs/architecture.md: <key without .csv>.summary.json)', () => {
  assert.equal(jobKey('run-1', 100), 'bench/run-1/rows-100.csv');
  assert.equal(summaryKey('bench/run-1/rows-100.csv'), 'bench/run-1/rows-100.summary.json');
});
