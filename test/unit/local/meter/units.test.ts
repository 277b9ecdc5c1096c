import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXPRESS_MEMORY_MB,
  dynamoItemBytes,
  dynamoNumberBytes,
  dynamoReadUnits,
  dynamoWriteUnits,
  expressBilledMs,
  gbSeconds,
  lambdaBilledMs,
  modelledDurationMs,
  s3PriceClass,
} from '../../../../local/meter/index.ts';

const shape = (method: string, hasKey: boolean, query = '') => ({ method, hasKey, query: new URLSearchParams(query) });

test('S3 price classes: PUT, COPY, POST and LIST are the dearer class', () => {
  assert.equal(s3PriceClass(shape('PUT', true)), 'putCopyPostList'); // PutObject, CopyObject (x-amz-copy-source is a PUT)
  assert.equal(s3PriceClass(shape('PUT', true, 'partNumber=1&uploadId=u')), 'putCopyPostList'); // UploadPart(Copy)
  assert.equal(s3PriceClass(shape('POST', true, 'uploads')), 'putCopyPostList'); // CreateMultipartUpload
  assert.equal(s3PriceClass(shape('POST', true, 'uploadId=u')), 'putCopyPostList'); // CompleteMultipartUpload
  assert.equal(s3PriceClass(shape('GET', false, 'list-type=2&prefix=a')), 'putCopyPostList'); // ListObjectsV2
  assert.equal(s3PriceClass(shape('GET', false)), 'putCopyPostList'); // ListObjects
  assert.equal(s3PriceClass(shape('GET', true, 'uploadId=u')), 'putCopyPostList'); // ListParts
});

test('S3 price classes: GET, HEAD and bucket settings are the cheaper class; deletes are free', () => {
  assert.equal(s3PriceClass(shape('GET', true)), 'getSelectOther');
  assert.equal(s3PriceClass(shape('HEAD', true)), 'getSelectOther');
  assert.equal(s3PriceClass(shape('HEAD', false)), 'getSelectOther'); // HeadBucket
  assert.equal(s3PriceClass(shape('GET', false, 'location')), 'getSelectOther');
  assert.equal(s3PriceClass(shape('DELETE', true)), 'free');
  assert.equal(s3PriceClass(shape('DELETE', true, 'uploadId=u')), 'free'); // AbortMultipartUpload
  assert.equal(s3PriceClass(shape('POST', false, 'delete')), 'free'); // DeleteObjects
});

test('Lambda billed duration: init + duration, rounded up to 1 ms, at least 1 ms', () => {
  assert.equal(lambdaBilledMs(0.2), 1);
  assert.equal(lambdaBilledMs(10), 10);
  assert.equal(lambdaBilledMs(10.01), 11);
  assert.equal(lambdaBilledMs(10.4, 250.7), 262);
  assert.equal(gbSeconds(2000, 512), 1);
});

test('the CPU-scaling model stretches CPU time below 1,769 MB and leaves waiting as is', () => {
  assert.equal(modelledDurationMs(100, 0, 512), 100);
  assert.equal(modelledDurationMs(100, 100, 1769), 100);
  assert.equal(modelledDurationMs(100, 100, 3538), 100); // more than one vCPU: never faster than measured
  assert.ok(Math.abs(modelledDurationMs(100, 40, 1769 / 2) - 140) < 1e-9);
  assert.equal(modelledDurationMs(10, 50, 1769), 10); // CPU over wall (several threads) counts as wall
});

test('Express duration in 100 ms steps at 64 MB', () => {
  assert.equal(expressBilledMs(1), 100);
  assert.equal(expressBilledMs(100), 100);
  assert.equal(expressBilledMs(101), 200);
  assert.equal(EXPRESS_MEMORY_MB, 64);
});

test('DynamoDB request units: 1 KB per write unit, 4 KB per read unit, half when eventually consistent', () => {
  assert.equal(dynamoWriteUnits(1), 1);
  assert.equal(dynamoWriteUnits(1024), 1);
  assert.equal(dynamoWriteUnits(1025), 2);
  assert.equal(dynamoReadUnits(4096, true), 1);
  assert.equal(dynamoReadUnits(4097, true), 2);
  assert.equal(dynamoReadUnits(4097, false), 1);
  assert.equal(dynamoReadUnits(10, false), 0.5);
});

test('DynamoDB item size: names and strings in UTF-8 bytes, binary raw, null and Boolean 1, List and Map 3 + 1 per element', () => {
  assert.equal(dynamoItemBytes({ name: { S: 'héllo' } }), 4 + 6);
  assert.equal(dynamoItemBytes({ é: { NULL: true }, b: { BOOL: false } }), 2 + 1 + 1 + 1);
  assert.equal(dynamoItemBytes({ b: { B: Buffer.from('abcd').toString('base64') } }), 1 + 4);
  // 'l' 1 + 3 + (1 + 'x' 1) + (1 + 1 BOOL); 'm' 1 + 3 + (1 + 'k' 1 + 'vv' 2)
  assert.equal(dynamoItemBytes({ l: { L: [{ S: 'x' }, { BOOL: true }] } }), 1 + 3 + 2 + 2);
  assert.equal(dynamoItemBytes({ m: { M: { k: { S: 'vv' } } } }), 1 + 3 + 1 + 1 + 2);
  assert.equal(dynamoItemBytes({ s: { SS: ['ab', 'c'] } }), 1 + 3);
});

test('DynamoDB number size: 1 byte per two significant digits and 1, digits paired from the decimal point', () => {
  assert.equal(dynamoNumberBytes('0'), 1);
  assert.equal(dynamoNumberBytes('5'), 2);
  assert.equal(dynamoNumberBytes('1234567'), 5);
  assert.equal(dynamoNumberBytes('1733150000123'), 8); // a time in ms: 13 significant digits
  assert.equal(dynamoNumberBytes('0012.500'), dynamoNumberBytes('12.5'));
  assert.equal(dynamoNumberBytes('120'), 3); // 01|20
  assert.equal(dynamoNumberBytes('-5'), 3);
});
