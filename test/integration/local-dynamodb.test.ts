/**
 * The local DynamoDB (dynalite on disk) through the edge, with the real AWS SDK: tables created from
 * definitions (idempotently), conditional writes, persistence, and the documented gaps.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDB, type DynamoDBService, type TableDefinition } from '../../local/dynamodb/index.ts';
import { startEdge, type Edge } from '../../local/edge/index.ts';

/** The tables of docs/architecture.md, as local/cloudformation/definitions.ts returns them. */
const TABLES: TableDefinition[] = [
  {
    TableName: 'Jobs',
    KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  },
  {
    TableName: 'Probes',
    KeySchema: [
      { AttributeName: 'runId', KeyType: 'HASH' },
      { AttributeName: 'probeId', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'runId', AttributeType: 'S' },
      { AttributeName: 'probeId', AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
  },
];

interface Running {
  dynamo: DynamoDBService;
  edge: Edge;
  client: DynamoDBClient;
  notes: string[];
  stop(): Promise<void>;
}

async function startRunning(dataDir: string, fresh = false): Promise<Running> {
  const notes: string[] = [];
  const dynamo = await startDynamoDB({ dataDir, fresh, tables: TABLES, log: (line) => notes.push(line) });
  const edge = await startEdge({ port: 0, routes: { s3: 'http://127.0.0.1:9', dynamodb: dynamo.url } });
  const client = new DynamoDBClient({
    endpoint: edge.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    dynamo,
    edge,
    client,
    notes,
    stop: async () => {
      client.destroy();
      await edge.stop();
      await dynamo.stop();
    },
  };
}

function putJob(client: DynamoDBClient, jobId: string, status: string): Promise<unknown> {
  return client.send(
    new PutItemCommand({
      TableName: 'Jobs',
      Item: { jobId: { S: jobId }, status: { S: status } },
      ConditionExpression: 'attribute_not_exists(jobId)',
    }),
  );
}

describe('local DynamoDB through the edge', () => {
  let dataDir: string;
  let running: Running;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-dynamodb-'));
    running = await startRunning(dataDir);
  });
  after(async () => {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('tables are created from the definitions, ACTIVE at once', async () => {
    const tables = await running.client.send(new ListTablesCommand({}));
    assert.deepEqual(tables.TableNames, ['Jobs', 'Probes']);
    assert.deepEqual(running.dynamo.created, ['Jobs', 'Probes']);
    const probes = await running.client.send(new DescribeTableCommand({ TableName: 'Probes' }));
    assert.equal(probes.Table?.TableStatus, 'ACTIVE');
    assert.deepEqual(probes.Table?.KeySchema, TABLES[1].KeySchema);
    assert.equal(probes.Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
  });

  test('TTL is noted as not emulated instead of failing the start', () => {
    assert.ok(running.notes.some((line) => line.includes('Probes') && line.includes('TTL')));
  });

  test('a conditional put (attribute_not_exists) succeeds once, then fails with ConditionalCheckFailedException', async () => {
    await putJob(running.client, 'job-1', 'PENDING');
    await assert.rejects(putJob(running.client, 'job-1', 'RUNNING'), { name: 'ConditionalCheckFailedException' });
    const item = await running.client.send(new GetItemCommand({ TableName: 'Jobs', Key: { jobId: { S: 'job-1' } } }));
    assert.equal(item.Item?.status.S, 'PENDING');
  });

  test('Query on the composite key returns the probes of one run in sort order', async () => {
    for (const probeId of ['score#1#2', 'plan#-#1', 'score#0#2']) {
      await running.client.send(new PutItemCommand({ TableName: 'Probes', Item: { runId: { S: 'run-1' }, probeId: { S: probeId } } }));
    }
    const answer = await running.client.send(
      new QueryCommand({ TableName: 'Probes', KeyConditionExpression: 'runId = :r', ExpressionAttributeValues: { ':r': { S: 'run-1' } } }),
    );
    assert.deepEqual(
      answer.Items?.map((item) => item.probeId.S),
      ['plan#-#1', 'score#0#2', 'score#1#2'],
    );
  });

  test('TransactWriteItems is not supported by dynalite (documented): UnknownOperationException, not a hang', async () => {
    await assert.rejects(
      running.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'Jobs', Item: { jobId: { S: 'tx' } } } }] })),
      { name: 'UnknownOperationException' },
    );
  });
});

describe('local DynamoDB persistence', () => {
  test('items survive a restart, existing tables are kept; fresh wipes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-dynamodb-persist-'));
    try {
      let running = await startRunning(dataDir);
      await putJob(running.client, 'kept', 'SUCCEEDED');
      await running.stop();

      running = await startRunning(dataDir);
      assert.deepEqual(running.dynamo.created, [], 'existing tables are not re-created');
      const kept = await running.client.send(new GetItemCommand({ TableName: 'Jobs', Key: { jobId: { S: 'kept' } } }));
      assert.equal(kept.Item?.status.S, 'SUCCEEDED');
      await running.stop();

      running = await startRunning(dataDir, true);
      const gone = await running.client.send(new GetItemCommand({ TableName: 'Jobs', Key: { jobId: { S: 'kept' } } }));
      assert.equal(gone.Item, undefined);
      await running.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
