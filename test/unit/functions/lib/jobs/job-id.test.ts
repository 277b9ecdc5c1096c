import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareEtag, deriveExecutionName, deriveJobId, JOB_ID_PATTERN } from '../../../../../functions/lib/jobs/job-id.ts';

const object = { bucket: 'input', key: 'data/iris.csv', etag: 'abc123', versionId: null };

test('job id is 24 hex chars and deterministic for the same object version', () => {
  const id = deriveJobId(object);
  assert.match(id, JOB_ID_PATTERN);
  assert.equal(deriveJobId({ ...object }), id);
});

test('quoted and bare ETags give the same job (events send it bare, HeadObject quoted)', () => {
  assert.equal(deriveJobId({ ...object, etag: '"abc123"' }), deriveJobId(object));
  assert.equal(bareEtag('"x-2"'), 'x-2');
});

test('a re-upload (new etag or version) gives a new job', () => {
  const id = deriveJobId(object);
  assert.notEqual(deriveJobId({ ...object, etag: 'def456' }), id);
  assert.notEqual(deriveJobId({ ...object, versionId: 'v2' }), id);
  assert.notEqual(deriveJobId({ ...object, versionId: 'v2' }), deriveJobId({ ...object, versionId: 'v3' }));
});

test('bucket/key boundaries cannot collide', () => {
  assert.notEqual(deriveJobId({ bucket: 'ab', key: 'c.csv', etag: 'e' }), deriveJobId({ bucket: 'a', key: 'bc.csv', etag: 'e' }));
});

const awkwardKeys = [
  'data/iris.csv',
  'my folder/with spaces + plus.csv',
  'ünïcødé/数据/файл.csv',
  '../../etc/passwd.csv',
  `${'a'.repeat(900)}.csv`,
  '%%%.csv',
  '🙂.csv',
  '.csv',
];

test('execution names are ≤ 80 chars of [A-Za-z0-9-_] for awkward keys', () => {
  for (const key of awkwardKeys) {
    const name = deriveExecutionName(key, deriveJobId({ ...object, key }));
    assert.ok(name.length <= 80, `${key} → ${name}`);
    assert.match(name, /^[A-Za-z0-9_-]+$/, `${key} → ${name}`);
  }
});

test('execution name: same object → same name; new etag → new name; readable tail of the key', () => {
  const id = deriveJobId(object);
  const name = deriveExecutionName(object.key, id);
  assert.equal(name, `iris-csv-${id}`);
  assert.equal(deriveExecutionName(object.key, deriveJobId(object)), name);
  assert.notEqual(deriveExecutionName(object.key, deriveJobId({ ...object, etag: 'zzz' })), name);
});

test('execution name of a key with nothing readable is the job id', () => {
  const id = deriveJobId({ ...object, key: '数据.csv' });
  assert.equal(deriveExecutionName('🙂', id), id);
});
