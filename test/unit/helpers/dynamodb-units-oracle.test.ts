/** The test oracle's DynamoDB item sizes and request units, worked by hand from AWS's published rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoExchange, Item } from '../../helpers/dynamodb-recorder.ts';
import { itemSize, readUnits, requestUnits, writeUnits } from '../../helpers/dynamodb-units-oracle.ts';

/** An item of exactly `bytes` bytes: a 1-byte name and a string of the rest. */
function itemOf(bytes: number): Item {
  return { s: { S: 'x'.repeat(bytes - 1) } };
}

function exchange(operation: string, fields: Partial<DynamoExchange>): DynamoExchange {
  return { operation, traceId: 't', request: { TableName: 'Jobs' }, status: 200, answer: {}, ...fields };
}

test('strings and attribute names count their UTF-8 bytes, not their characters', () => {
  // "café": 5 bytes (é takes 2); the name "prénom": 7.
  assert.deepEqual(itemSize({ prénom: { S: 'café' } }), { bytes: 12, slack: 0 });
});

test('a number is 1 byte per two significant digits plus 1, leading and trailing zeroes trimmed', () => {
  // "0012300": significant digits 123, so 2 + 1 bytes; the name 1.
  assert.equal(itemSize({ n: { N: '0012300' } }).bytes, 4);
  // 1234: 2 + 1; 0.05: one significant digit, 1 + 1; zero: 1.
  assert.equal(itemSize({ n: { N: '1234' } }).bytes, 4);
  assert.equal(itemSize({ n: { N: '0.05' } }).bytes, 3);
  assert.equal(itemSize({ n: { N: '0' } }).bytes, 2);
});

test('the number rule is approximate: each number may take a byte more, a negative one two', () => {
  assert.equal(itemSize({ a: { N: '120' }, b: { N: '-1.5' } }).slack, 3);
});

test('a binary counts its raw bytes, not its base64 text', () => {
  // "AQID" is the 3 bytes 01 02 03.
  assert.equal(itemSize({ b: { B: 'AQID' } }).bytes, 4);
});

test('null and Boolean take 1 byte', () => {
  assert.equal(itemSize({ n: { NULL: true }, t: { BOOL: false } }).bytes, 4);
});

test('a List or Map takes 3 bytes, plus 1 per element, plus its elements (a Map’s with their names)', () => {
  // l: 1 + 3 + (1 + 2 for "ab") + (1 + 1 for true) = 9.
  assert.equal(itemSize({ l: { L: [{ S: 'ab' }, { BOOL: true }] } }).bytes, 9);
  // m: 1 + 3 + (1 + 1 for the name k + 1 for "v") = 7; an empty list: 1 + 3.
  assert.equal(itemSize({ m: { M: { k: { S: 'v' } } } }).bytes, 7);
  assert.equal(itemSize({ e: { L: [] } }).bytes, 4);
});

test('a set counts its elements', () => {
  assert.equal(itemSize({ s: { SS: ['a', 'bc'] } }).bytes, 4);
});

test('a write is 1 unit per 1 KB (1024 bytes), rounded up', () => {
  assert.equal(writeUnits(itemOf(1024)), 1);
  assert.equal(writeUnits(itemOf(1025)), 2);
});

test('a read is 1 unit per 4 KB, rounded up, half of that when eventually consistent', () => {
  assert.equal(readUnits(itemOf(4096), true), 1);
  assert.equal(readUnits(itemOf(4097), true), 2);
  assert.equal(readUnits(itemOf(4097), false), 1);
});

test('a read of a missing item still bills 1 unit (half eventually consistent)', () => {
  assert.equal(requestUnits(exchange('GetItem', { request: { ConsistentRead: true }, answer: {} })).read, 1);
  assert.equal(requestUnits(exchange('GetItem', { request: {}, answer: {} })).read, 0.5);
});

test('an update bills the larger of the item before and after', () => {
  const shrunk = exchange('UpdateItem', { before: itemOf(2048 + 1), after: itemOf(100) });
  assert.deepEqual(requestUnits(shrunk), { read: 0, write: 3 });
});

test('a put that creates an item bills the new item; a delete bills the deleted one', () => {
  assert.equal(requestUnits(exchange('PutItem', { after: itemOf(1500) })).write, 2);
  assert.equal(requestUnits(exchange('DeleteItem', { before: itemOf(1500) })).write, 2);
});

test('a write whose condition fails bills the existing item, 1 unit at least', () => {
  const refused = { status: 400, answer: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException' } };
  assert.equal(requestUnits(exchange('UpdateItem', { ...refused, before: itemOf(1500), after: itemOf(1500) })).write, 2);
  assert.equal(requestUnits(exchange('PutItem', refused)).write, 1);
});

test('a request refused for another reason bills nothing', () => {
  const invalid = { status: 400, answer: { __type: 'com.amazon.coral.validate#ValidationException' }, before: itemOf(1500) };
  assert.deepEqual(requestUnits(exchange('UpdateItem', invalid)), { read: 0, write: 0 });
});

test('refuses an item whose numbers could carry it across a unit boundary', () => {
  // n is 1 + 2 bytes, perhaps 1 more: 1020 + 3 stays within 1 KB either way, 1021 + 3 may not.
  assert.equal(writeUnits({ ...itemOf(1020), n: { N: '12' } }), 1);
  assert.throws(() => writeUnits({ ...itemOf(1021), n: { N: '12' } }), /unit boundary/);
});

test('refuses what the recording cannot price: a Query or Scan (its filter hides what it read), a projected GetItem', () => {
  assert.throws(() => requestUnits(exchange('Scan', { request: { FilterExpression: '#s = :s' } })), /does not count Scan/);
  assert.throws(() => requestUnits(exchange('GetItem', { request: { ProjectionExpression: 'a' } })), /does not count GetItem/);
});
