import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNotificationEvent, nextSequencer } from '../../../../local/s3/build-notification-event.ts';
import type { ObjectCreated } from '../../../../local/s3/types.ts';

const CREATED: ObjectCreated = {
  bucket: 'input',
  key: 'dir/my file.csv',
  size: 42,
  eTag: '0123456789abcdef0123456789abcdef',
  eventName: 'ObjectCreated:CompleteMultipartUpload',
  sourceIp: '127.0.0.1',
};

test('the record has the fields and values AWS sends', () => {
  const now = new Date('2026-01-02T03:04:05.678Z');
  const event = buildNotificationEvent(CREATED, { bucket: 'input', events: ['s3:ObjectCreated:*'], id: 'csv-upload' }, 'eu-west-1', now);
  assert.equal(event.Records.length, 1);
  const record = event.Records[0];
  assert.equal(record.eventVersion, '2.1');
  assert.equal(record.eventSource, 'aws:s3');
  assert.equal(record.awsRegion, 'eu-west-1');
  assert.equal(record.eventTime, '2026-01-02T03:04:05.678Z');
  assert.equal(record.eventName, 'ObjectCreated:CompleteMultipartUpload');
  assert.match(record.userIdentity.principalId, /^AWS:/);
  assert.equal(record.requestParameters.sourceIPAddress, '127.0.0.1');
  assert.match(record.responseElements['x-amz-request-id'], /^[0-9A-F]{16}$/);
  assert.ok(record.responseElements['x-amz-id-2'].length > 0);
  assert.equal(record.s3.s3SchemaVersion, '1.0');
  assert.equal(record.s3.configurationId, 'csv-upload');
  assert.deepEqual(record.s3.bucket.name, 'input');
  assert.equal(record.s3.bucket.arn, 'arn:aws:s3:::input');
  assert.deepEqual(record.s3.object, { key: 'dir/my+file.csv', size: 42, eTag: CREATED.eTag, sequencer: record.s3.object.sequencer });
  assert.ok(!('versionId' in record.s3.object), 'no versionId on an unversioned bucket');
});

test('sequencers are upper-case hex of one width and strictly increase, even within one millisecond', () => {
  const sequencers = Array.from({ length: 100 }, () => nextSequencer(1_700_000_000_000));
  for (const s of sequencers) assert.match(s, /^[0-9A-F]{18}$/);
  for (let i = 1; i < sequencers.length; i++) assert.ok(sequencers[i] > sequencers[i - 1]);
});
