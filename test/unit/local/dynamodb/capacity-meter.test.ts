import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { meterCapacity } from '../../../../local/dynamodb/capacity-meter.ts';
import { Meter } from '../../../../local/meter/index.ts';

/** What meterCapacity reads of a request and writes of an answer, as dynalite's sendData uses them. */
function exchange(operation: string, request: Record<string, unknown>, trace = 'Root=1-abc;Sampled=0') {
  const req = { headers: { 'x-amz-target': `DynamoDB_20120810.${operation}`, 'x-amzn-trace-id': trace } } as unknown as IncomingMessage;
  const headers: Record<string, unknown> = {};
  const sent: { body?: string } = {};
  const res = {
    statusCode: 200,
    headersSent: false,
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = value),
    end: (chunk?: unknown) => void (sent.body = String(chunk)),
  } as unknown as ServerResponse;
  return { req, res, headers, sent, body: Buffer.from(JSON.stringify(request)) };
}

test('a write asks dynalite for its units and gives the client its answer as it would have been, CRC32 recomputed', () => {
  // prepare
  const meter = new Meter();
  const x = exchange('PutItem', { TableName: 'Jobs', Item: { jobId: { S: 'j' } } });
  // act: the body dynalite gets, then its answer
  const handed = JSON.parse(meterCapacity(meter, x.req, x.res, x.body).toString()) as Record<string, unknown>;
  x.res.end(JSON.stringify({ ConsumedCapacity: { CapacityUnits: 2, TableName: 'Jobs' } }));
  // assert
  assert.equal(handed.ReturnConsumedCapacity, 'TOTAL');
  assert.equal(x.sent.body, '{}');
  assert.equal(x.headers['x-amz-crc32'], crc32(Buffer.from('{}')));
  assert.deepEqual(meter.trace('1-abc')!.usage.dynamodb, { requests: 1, readRequestUnits: 0, writeRequestUnits: 2 });
});

test('a client that asked for its units gets them untouched; reads count read units, batches their sum', () => {
  const meter = new Meter();
  const asked = exchange('GetItem', { TableName: 'Jobs', Key: {}, ReturnConsumedCapacity: 'TOTAL' });
  meterCapacity(meter, asked.req, asked.res, asked.body);
  const answer = JSON.stringify({ Item: {}, ConsumedCapacity: { CapacityUnits: 0.5 } });
  asked.res.end(answer);
  const batch = exchange('BatchGetItem', { RequestItems: {} });
  meterCapacity(meter, batch.req, batch.res, batch.body);
  batch.res.end(JSON.stringify({ Responses: {}, ConsumedCapacity: [{ CapacityUnits: 1 }, { CapacityUnits: 3 }] }));

  assert.equal(asked.sent.body, answer);
  assert.deepEqual(meter.trace('1-abc')!.usage.dynamodb, { requests: 2, readRequestUnits: 4.5, writeRequestUnits: 0 });
});

test('a failed conditional write costs the units its error carries (1 at least), which the client never sees; other errors and other operations cost none', () => {
  const meter = new Meter();
  const failed = 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException';
  const answers: (string | undefined)[] = [];
  for (const [operation, type, capacity] of [
    ['UpdateItem', failed, { CapacityUnits: 3 }],
    ['DeleteItem', failed, undefined],
    ['PutItem', 'com.amazon.coral.validate#ValidationException', undefined],
  ] as const) {
    const x = exchange(operation, { TableName: 'Jobs', ReturnConsumedCapacity: 'TOTAL' });
    meterCapacity(meter, x.req, x.res, x.body);
    (x.res as { statusCode: number }).statusCode = 400;
    x.res.end(JSON.stringify({ __type: type, message: 'no', ...(capacity ? { ConsumedCapacity: capacity } : {}) }));
    answers.push(x.sent.body);
  }
  const describe = exchange('DescribeTable', { TableName: 'Jobs' });
  meterCapacity(meter, describe.req, describe.res, describe.body);

  assert.deepEqual(meter.trace('1-abc')!.usage.dynamodb, { requests: 4, readRequestUnits: 0, writeRequestUnits: 4 });
  assert.deepEqual(JSON.parse(answers[0]!), { __type: failed, message: 'no' });
});

test('a strongly consistent Scan costs the whole of its units: dynalite bills every Scan eventually consistent', () => {
  const meter = new Meter();
  const asked = exchange('Scan', { TableName: 'Jobs', ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
  meterCapacity(meter, asked.req, asked.res, asked.body);
  asked.res.end(JSON.stringify({ Items: [], ConsumedCapacity: { CapacityUnits: 1.5, TableName: 'Jobs' } }));
  const eventual = exchange('Scan', { TableName: 'Jobs' });
  meterCapacity(meter, eventual.req, eventual.res, eventual.body);
  eventual.res.end(JSON.stringify({ Items: [], ConsumedCapacity: { CapacityUnits: 1.5, TableName: 'Jobs' } }));

  assert.deepEqual(JSON.parse(asked.sent.body!).ConsumedCapacity, { CapacityUnits: 3, TableName: 'Jobs' });
  assert.deepEqual(meter.trace('1-abc')!.usage.dynamodb, { requests: 2, readRequestUnits: 4.5, writeRequestUnits: 0 });
});
