import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli } from '../../../local/cli.ts';

test('parseCli: defaults, env fallbacks for the ports', () => {
  const options = parseCli([], { PORT: '3100' });
  assert.ok(options !== 'help');
  assert.equal(options.port, 3100);
  assert.equal(options.edgePort, 4566);
  assert.equal(options.concurrency, 10);
  assert.deepEqual(options.environment, {});
});

test('parseCli: --env KEY=VALUE pairs become function environment overrides (values may hold =)', () => {
  const options = parseCli(['--env', 'CHUNK_TARGET_BYTES=8388608', '--env', 'NOTE=a=b'], {});
  assert.ok(options !== 'help');
  assert.deepEqual(options.environment, { CHUNK_TARGET_BYTES: '8388608', NOTE: 'a=b' });
});

test('parseCli: a malformed --env or a bad number is a usage error that names the flag', () => {
  assert.throws(() => parseCli(['--env', 'NOVALUE'], {}), /--env takes KEY=VALUE, got "NOVALUE"/);
  assert.throws(() => parseCli(['--concurrency', '0'], {}), /--concurrency must be at least 1/);
  assert.throws(() => parseCli(['--port', 'x'], {}), /--port must be a non-negative integer/);
});

test('parseCli: --help', () => {
  assert.equal(parseCli(['--help'], {}), 'help');
});
