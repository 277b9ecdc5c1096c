import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceClassOf } from '../../../../../functions/lib/billing/index.ts';

test('S3 commands fall in the price classes of the S3 pricing page', () => {
  const cases: [string, string][] = [
    ['PutObjectCommand', 's3PutCopyPostList'],
    ['UploadPartCommand', 's3PutCopyPostList'],
    ['UploadPartCopyCommand', 's3PutCopyPostList'],
    ['CreateMultipartUploadCommand', 's3PutCopyPostList'],
    ['CompleteMultipartUploadCommand', 's3PutCopyPostList'],
    ['CopyObjectCommand', 's3PutCopyPostList'],
    ['ListObjectsV2Command', 's3PutCopyPostList'],
    ['ListPartsCommand', 's3PutCopyPostList'],
    ['GetObjectCommand', 's3GetSelectOther'],
    ['HeadObjectCommand', 's3GetSelectOther'],
    ['SelectObjectContentCommand', 's3GetSelectOther'],
    ['DeleteObjectCommand', 's3Free'],
    ['DeleteObjectsCommand', 's3Free'],
    ['AbortMultipartUploadCommand', 's3Free'],
  ];
  for (const [command, expected] of cases) assert.equal(priceClassOf('S3Client', command), expected, command);
});

test('DynamoDB requests are reads or writes; Step Functions requests are counted apart; other clients are not counted', () => {
  assert.equal(priceClassOf('DynamoDBClient', 'GetItemCommand'), 'dynamodbRead');
  assert.equal(priceClassOf('DynamoDBClient', 'QueryCommand'), 'dynamodbRead');
  assert.equal(priceClassOf('DynamoDBClient', 'ScanCommand'), 'dynamodbRead');
  assert.equal(priceClassOf('DynamoDBClient', 'PutItemCommand'), 'dynamodbWrite');
  assert.equal(priceClassOf('DynamoDBClient', 'UpdateItemCommand'), 'dynamodbWrite');
  assert.equal(priceClassOf('DynamoDBClient', 'DeleteItemCommand'), 'dynamodbWrite');
  assert.equal(priceClassOf('DynamoDBClient', 'BatchWriteItemCommand'), 'dynamodbWrite');
  assert.equal(priceClassOf('DynamoDBClient', 'DescribeTableCommand'), 'other');
  assert.equal(priceClassOf('SFNClient', 'StartExecutionCommand'), 'stepFunctions');
  assert.equal(priceClassOf('LambdaClient', 'InvokeCommand'), 'other');
});
