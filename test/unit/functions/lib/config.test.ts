import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, SETTINGS } from '../../../../functions/lib/config.ts';

describe('loadConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    const config = loadConfig({});

    assert.equal(config.chunkTargetBytes, 32 * 1024 * 1024);
    assert.equal(config.minChunkBytes, 5 * 1024 * 1024);
    assert.equal(config.outputBucket, 'output');
    assert.equal(config.batchStateMachineArn, undefined);
    assert.equal(config.s3ForcePathStyle, false);
    assert.equal(config.metricsNamespace, 'IrisPrediction');
  });

  test('each setting is read from its own env var', () => {
    const env = { CHUNK_TARGET_BYTES: '1024', OUTPUT_BUCKET: 'scored', S3_FORCE_PATH_STYLE: 'true', POWERTOOLS_SERVICE_NAME: 'svc' };

    const config = loadConfig(env);

    assert.deepEqual(
      [config.chunkTargetBytes, config.outputBucket, config.s3ForcePathStyle, config.serviceName],
      [1024, 'scored', true, 'svc'],
    );
  });

  test('a bad number names the variable and the value', () => {
    assert.throws(() => loadConfig({ MAX_ROWS: '-3' }), /MAX_ROWS must be a positive integer, got "-3"/);
    assert.throws(() => loadConfig({ MAX_ROWS: '1.5' }), /MAX_ROWS/);
  });

  test('JOB_PROGRESS is on unless "off"; anything else is refused by name', () => {
    assert.equal(loadConfig({}).jobProgress, true);
    assert.equal(loadConfig({ JOB_PROGRESS: 'off' }).jobProgress, false);
    assert.throws(() => loadConfig({ JOB_PROGRESS: 'false' }), /JOB_PROGRESS must be "on" or "off", got "false"/);
  });

  test('no two settings share an env var', () => {
    const names = Object.values(SETTINGS).map((setting) => setting.env);

    assert.equal(new Set(names).size, names.length);
  });
});
