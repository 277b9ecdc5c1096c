import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { S3EventRecord } from 'aws-lambda';
import { newJobRecord, notifiedObject } from '../../../../../functions/lib/batch/ingest-record.ts';
import { deriveJobId } from '../../../../../functions/lib/jobs/job-id.ts';

function s3Record(key: string, eTag = 'abc', versionId?: string): S3EventRecord {
  return {
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Put',
    s3: { bucket: { name: 'input' }, object: { key, size: 12, eTag, versionId, sequencer: '01' } },
  } as unknown as S3EventRecord;
}

test('the event object is decoded and normalised', () => {
  assert.deepEqual(notifiedObject(s3Record('my+dir/a%2Bb+%C3%BC.csv', '"abc"')), {
    bucket: 'input',
    key: 'my dir/a+b ü.csv',
    etag: 'abc',
    versionId: null,
    size: 12,
    sequencer: '01',
  });
  assert.equal(notifiedObject(s3Record('a.csv', 'abc', 'v1')).versionId, 'v1');
});

test('a new job record is PENDING with derived id, execution name and output keys', () => {
  const object = notifiedObject(s3Record('dir/iris+data.csv'));
  const record = newJobRecord(object, new Date('2026-01-01T00:00:00Z'));
  assert.equal(record.jobId, deriveJobId(object));
  assert.equal(record.status, 'PENDING');
  assert.equal(record.executionName, `iris-data-csv-${record.jobId}`);
  assert.deepEqual(record.outputKeys, {
    scored: 'dir/iris data.scored.csv',
    errors: 'dir/iris data.errors.csv',
    summary: 'dir/iris data.summary.json',
  });
  assert.equal(record.createdAt, '2026-01-01T00:00:00.000Z');
  assert.equal(record.sequencer, '01', 'the event sequencer travels with the job (it orders versions of the key)');
});

test('the same event twice maps to the same job; a re-upload to a new one', () => {
  const a = newJobRecord(notifiedObject(s3Record('k.csv', 'e1')), new Date());
  const b = newJobRecord(notifiedObject(s3Record('k.csv', 'e1')), new Date());
  const c = newJobRecord(notifiedObject(s3Record('k.csv', 'e2')), new Date());
  assert.equal(a.jobId, b.jobId);
  assert.equal(a.executionName, b.executionName);
  assert.notEqual(a.jobId, c.jobId);
});
