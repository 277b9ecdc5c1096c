/**
 * The meter's DynamoDB request units equal AWS's published rules, worked out by hand for each request below (the
 * oracle: item sizes from https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html,
 * units from https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html), not by
 * the meter's code. Each request goes through the edge with the AWS SDK under a trace of its own, so the meter's
 * count for that trace is that one request's units. Where dynalite's own count differs from AWS's rule, the case
 * says so; the local stack corrects it (local/dynamodb/aws-capacity.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  ScanCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDB, type DynamoDBService } from '../../local/dynamodb/index.ts';
import { startEdge, type Edge } from '../../local/edge/index.ts';
import { Meter, meterEndpoint, newTraceId, traceHeader, type MeterPage } from '../../local/meter/index.ts';

const TABLE = 'Capacity';
type Item = Record<string, AttributeValue>;

/**
 * An item of partition `pk`, sort key `sk` and a string `v` of `length` characters `char`. Its size by hand:
 * 'pk' (2) + its value, 'sk' (2) + its value, 'v' (1) + the string's UTF-8 bytes.
 */
function item(pk: string, sk: string, length: number, char = 'x'): Item {
  return { pk: { S: pk }, sk: { S: sk }, v: { S: char.repeat(length) } };
}
const key = (pk: string, sk: string): Item => ({ pk: { S: pk }, sk: { S: sk } });

describe('DynamoDB request units: the meter equals AWS’s rules, case by case', () => {
  let dataDir: string;
  let dynamo: DynamoDBService;
  let edge: Edge;
  let client: DynamoDBClient;
  let trace = '';
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dynamodb-capacity-'));
    const meter = new Meter();
    dynamo = await startDynamoDB({
      dataDir,
      meter,
      tables: [
        {
          TableName: TABLE,
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        },
      ],
    });
    edge = await startEdge({ port: 0, routes: { s3: 'http://127.0.0.1:9', dynamodb: dynamo.url }, meter: meterEndpoint(meter) });
    client = new DynamoDBClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    // Every request carries the trace of the case that sends it, as a Lambda invocation's requests carry its own.
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amzn-trace-id'] = traceHeader(trace);
        return next(args);
      },
      { step: 'build', name: 'caseTrace' },
    );
  });
  after(async () => {
    client.destroy();
    await edge.stop();
    await dynamo.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends `command` under a new trace (a refused conditional write is expected to fail) and returns its metered units. */
  const metered = async (command: object, conditionFails = false) => {
    trace = newTraceId();
    try {
      await client.send(command as never);
      assert.ok(!conditionFails, 'the condition was expected to fail');
    } catch (error) {
      if (!conditionFails || (error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const page = (await (await fetch(`${edge.url}/_local/meter?trace=${trace}`)).json()) as MeterPage;
    const { requests, readRequestUnits: read, writeRequestUnits: write } = page.traces[0]!.usage.dynamodb;
    assert.equal(requests, 1);
    return { read, write };
  };
  const put = (it: Item, condition?: string) => new PutItemCommand({ TableName: TABLE, Item: it, ConditionExpression: condition });
  const get = (pk: string, sk: string, consistent: boolean) =>
    new GetItemCommand({ TableName: TABLE, Key: key(pk, sk), ConsistentRead: consistent });

  test('PutItem: 1 WRU per 1 KB of the item, rounded up', async () => {
    // 'pk'+'w' 3 + 'sk'+'small' 7 + 'v'+100 101 = 111 bytes: 1 WRU.
    assert.deepEqual(await metered(put(item('w', 'small', 100))), { read: 0, write: 1 });
    // 3 + 'sk'+'large' 7 + 'v'+3000 3001 = 3011 bytes: 3 WRU.
    assert.deepEqual(await metered(put(item('w', 'large', 3000))), { read: 0, write: 3 });
    // 3 + 'sk'+'mid' 5 + 'v'+2000 2001 = 2009 bytes: 2 WRU.
    assert.deepEqual(await metered(put(item('w', 'mid', 2000))), { read: 0, write: 2 });
  });

  test('PutItem replacing an item: the larger of the item before and after', async () => {
    // Before 3011 bytes (3 WRU), after 3 + 7 + 11 = 21 bytes (1 WRU): 3 WRU.
    assert.deepEqual(await metered(put(item('w', 'large', 10))), { read: 0, write: 3 });
  });

  test('a conditional write that fails: the existing item’s size, 1 WRU at least (dynalite: none)', async () => {
    // The existing 'mid' is 2009 bytes: 2 WRU, whatever the refused item's size.
    assert.deepEqual(await metered(put(item('w', 'mid', 50_000), 'attribute_not_exists(pk)'), true), { read: 0, write: 2 });
    // No existing item: 1 WRU.
    assert.deepEqual(await metered(put(item('w', 'none', 5000), 'attribute_exists(pk)'), true), { read: 0, write: 1 });
    const refusedUpdate = new UpdateItemCommand({
      TableName: TABLE,
      Key: key('w', 'mid'),
      UpdateExpression: 'SET extra = :e',
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeValues: { ':e': { S: 'e' } },
    });
    assert.deepEqual(await metered(refusedUpdate, true), { read: 0, write: 2 });
  });

  test('UpdateItem: the larger of the item before and after the update', async () => {
    // 3 + 'sk'+'grow' 6 + 'v'+900 901 = 910 bytes: 1 WRU.
    assert.deepEqual(await metered(put(item('w', 'grow', 900))), { read: 0, write: 1 });
    const setW = new UpdateItemCommand({
      TableName: TABLE,
      Key: key('w', 'grow'),
      UpdateExpression: 'SET w = :w',
      ExpressionAttributeValues: { ':w': { S: 'y'.repeat(2000) } },
    });
    // Grows to 910 + 'w' 1 + 2000 = 2911 bytes: 3 WRU.
    assert.deepEqual(await metered(setW), { read: 0, write: 3 });
    // Shrinks back to 910 bytes: the larger is before, 2911 bytes: 3 WRU.
    const removeW = new UpdateItemCommand({ TableName: TABLE, Key: key('w', 'grow'), UpdateExpression: 'REMOVE w' });
    assert.deepEqual(await metered(removeW), { read: 0, write: 3 });
    // Creates 3 + 'sk'+'fresh' 7 + 'v'+1500 1501 = 1511 bytes: 2 WRU.
    const create = new UpdateItemCommand({
      TableName: TABLE,
      Key: key('w', 'fresh'),
      UpdateExpression: 'SET v = :v',
      ExpressionAttributeValues: { ':v': { S: 'z'.repeat(1500) } },
    });
    assert.deepEqual(await metered(create), { read: 0, write: 2 });
    // ADD, as the service adds its units: 'small' grows from 111 to 111 + 'n' 1 + the number 1 (2 bytes) = 114: 1 WRU.
    const add = new UpdateItemCommand({
      TableName: TABLE,
      Key: key('w', 'small'),
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
    });
    assert.deepEqual(await metered(add), { read: 0, write: 1 });
  });

  test('GetItem: 1 RRU per 4 KB strongly consistent, half eventually consistent; a missing item 1 or 0.5', async () => {
    // 3 + 'sk'+'big' 5 + 'v'+9000 9001 = 9009 bytes: 9 WRU to write; 3 RRU (12 KB) to read consistently, 1.5 eventually.
    assert.deepEqual(await metered(put(item('w', 'big', 9000))), { read: 0, write: 9 });
    assert.deepEqual(await metered(get('w', 'big', true)), { read: 3, write: 0 });
    assert.deepEqual(await metered(get('w', 'big', false)), { read: 1.5, write: 0 });
    // 'grow' is 910 bytes: 1 RRU, 0.5 eventually.
    assert.deepEqual(await metered(get('w', 'grow', true)), { read: 1, write: 0 });
    assert.deepEqual(await metered(get('w', 'grow', false)), { read: 0.5, write: 0 });
    assert.deepEqual(await metered(get('w', 'absent', true)), { read: 1, write: 0 });
    assert.deepEqual(await metered(get('w', 'absent', false)), { read: 0.5, write: 0 });
  });

  test('BatchWriteItem: each item as its own PutItem, each rounded up', async () => {
    // Three items of 'pk'+'q' 3 + 'sk'+'1' 3 + 'v'+1500 1501 = 1507 bytes: 2 WRU each.
    const puts = ['1', '2', '3'].map((sk) => ({ PutRequest: { Item: item('q', sk, 1500) } }));
    assert.deepEqual(await metered(new BatchWriteItemCommand({ RequestItems: { [TABLE]: puts } })), { read: 0, write: 6 });
  });

  test('Query: the sizes of all items read summed, then rounded up to 4 KB; a filter does not lower it', async () => {
    const query = (consistent: boolean, filter?: string) =>
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :q',
        ExpressionAttributeValues: { ':q': { S: 'q' }, ...(filter ? { ':none': { S: 'none' } } : {}) },
        ...(filter ? { FilterExpression: filter } : {}),
        ConsistentRead: consistent,
      });
    // 3 × 1507 = 4521 bytes: 2 RRU (item by item it would be 3), 1 eventually.
    assert.deepEqual(await metered(query(true)), { read: 2, write: 0 });
    assert.deepEqual(await metered(query(false)), { read: 1, write: 0 });
    // The filter keeps no item, yet all three were read.
    assert.deepEqual(await metered(query(true, 'v = :none')), { read: 2, write: 0 });
  });

  test('BatchGetItem: each item as its own GetItem, each rounded up', async () => {
    const keys = [key('q', '1'), key('w', 'big')];
    // 1507 bytes: 1 RRU; 9009 bytes: 3 RRU.
    const batch = new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } });
    assert.deepEqual(await metered(batch), { read: 4, write: 0 });
  });

  test('DeleteItem: the deleted item’s size; a missing item 1 WRU', async () => {
    // 'mid' is 2009 bytes: 2 WRU.
    assert.deepEqual(await metered(new DeleteItemCommand({ TableName: TABLE, Key: key('w', 'mid') })), { read: 0, write: 2 });
    assert.deepEqual(await metered(new DeleteItemCommand({ TableName: TABLE, Key: key('w', 'gone') })), { read: 0, write: 1 });
  });

  test('Scan: like Query, the sizes of all items read summed, then rounded up to 4 KB (dynalite: always eventually consistent)', async () => {
    // The table now: small 114, large 21, grow 910, fresh 1511, big 9009, q/1–3 3 × 1507 = 16086 bytes: 4 RRU, 2 eventually.
    assert.deepEqual(await metered(new ScanCommand({ TableName: TABLE, ConsistentRead: true })), { read: 4, write: 0 });
    assert.deepEqual(await metered(new ScanCommand({ TableName: TABLE })), { read: 2, write: 0 });
  });

  test('strings count in UTF-8 bytes (dynalite counts UTF-16 code units)', async () => {
    // 3 + 'sk'+'utf8' 6 + 'v' 1 + 600 × 'é' (2 bytes each) 1200 = 1210 bytes: 2 WRU, 1 RRU.
    const accented = item('w', 'utf8', 600, 'é');
    const dynaliteDb = createRequire(import.meta.url)('dynalite/db') as { itemSize(item: Item): number };
    assert.equal(dynaliteDb.itemSize(accented), 610, 'dynalite alone would bill 610 bytes: 1 WRU');
    assert.deepEqual(await metered(put(accented)), { read: 0, write: 2 });
  });
});
