import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storeTarget } from '../../../cli/lib/store-target.ts';

test('nothing set: the local stack (its edge on 4566 or $EDGE_PORT, bucket models, local credentials)', async () => {
  const target = storeTarget({}, { EDGE_PORT: '4777' });

  assert.equal(target.bucket, 'models');
  assert.equal(target.where, 's3://models (http://127.0.0.1:4777)');
  assert.equal((await target.client.config.credentials()).accessKeyId, 'local');
  assert.equal(target.client.config.forcePathStyle, true);
});

test('a bucket without an endpoint is a deployed stack: the SDK default endpoint and credential chain', () => {
  const target = storeTarget({ bucket: 'predictionstack-modelsbucket-1' }, {});

  assert.equal(target.bucket, 'predictionstack-modelsbucket-1');
  assert.equal(target.where, 's3://predictionstack-modelsbucket-1');
  assert.equal(target.client.config.endpoint, undefined);
});

test('flags win over the environment, which wins over the defaults', () => {
  const env = { MODEL_BUCKET: 'from-env', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' };

  assert.equal(storeTarget({}, env).where, 's3://from-env (http://127.0.0.1:5000)');
  assert.equal(storeTarget({ bucket: 'flag', endpoint: 'http://localhost:6000' }, env).where, 's3://flag (http://localhost:6000)');
});
