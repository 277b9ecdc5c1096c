import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeContext, parseContextPairs, readCdkJsonContext } from '../../../../local/cloudformation/cdk-context.ts';
import { REPO_ROOT } from '../../../../local/stack.ts';

test("-c pairs override cdk.json, which overrides the local defaults (cdk's precedence)", () => {
  const commandLine = parseContextPairs(['throttleRateLimit=50', 'mapConcurrency=4']);
  const cdkJson = { throttleRateLimit: 500, memorySize: 2048, mapConcurrency: 8 };

  const merged = mergeContext(commandLine, cdkJson, { mapConcurrency: 2 });

  assert.deepEqual(merged, { throttleRateLimit: '50', memorySize: 2048, mapConcurrency: '4' });
  assert.deepEqual(mergeContext({}, { memorySize: 2048 }, { mapConcurrency: 2 }), { mapConcurrency: 2, memorySize: 2048 });
});

test('parseContextPairs: values may hold "="; a pair without key=value is refused with the flag named', () => {
  assert.deepEqual(parseContextPairs(['note=a=b']), { note: 'a=b' });
  assert.throws(() => parseContextPairs(['noValue']), /-c\/--context takes key=value \(as cdk deploy -c\), got "noValue"/);
  assert.throws(() => parseContextPairs(['=x']), /got "=x"/);
});

test('readCdkJsonContext reads the repo\'s cdk.json "context", and nothing when there is no cdk.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-json-'));
  try {
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'x', context: { throttleRateLimit: 7 } }));

    assert.deepEqual(readCdkJsonContext(dir), { throttleRateLimit: 7 });
    assert.deepEqual(readCdkJsonContext(join(dir, 'missing')), {});
    assert.equal(readCdkJsonContext(REPO_ROOT).memorySize, 1024);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
