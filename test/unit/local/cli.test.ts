import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCli } from '../../../local/cli.ts';
import { STACK_NODE_FLAGS } from '../../../local/process-tuning.ts';

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

test('parseCli: -c/--context key=value pairs (repeatable) become CDK context, as with cdk deploy -c', () => {
  const options = parseCli(['-c', 'throttleRateLimit=50', '--context', 'mapConcurrency=4', '-c', 'dev=true'], {});
  assert.ok(options !== 'help');
  assert.deepEqual(options.context, { throttleRateLimit: '50', mapConcurrency: '4', dev: 'true' });
  assert.throws(() => parseCli(['-c', 'throttleRateLimit'], {}), /-c\/--context takes key=value/);
});

test('parseCli: --help', () => {
  assert.equal(parseCli(['--help'], {}), 'help');
});

test('parseCli: --lambda-isolation process (default) or thread; anything else is a usage error', () => {
  const byDefault = parseCli([], {});
  const threads = parseCli(['--lambda-isolation', 'thread'], {});
  assert.ok(byDefault !== 'help' && threads !== 'help');
  assert.equal(byDefault.isolation, 'process');
  assert.equal(threads.isolation, 'thread');
  assert.throws(() => parseCli(['--lambda-isolation', 'vm'], {}), /--lambda-isolation takes process or thread, got "vm"/);
});

test('npm start runs the stack with STACK_NODE_FLAGS (the benches spawn it with the same)', () => {
  const scripts = (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  assert.equal(scripts.start, `node ${STACK_NODE_FLAGS.join(' ')} local/cli.ts`);
});
