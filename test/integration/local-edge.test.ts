/**
 * The edge endpoint: one port, requests routed by protocol (X-Amz-Target for JSON services, S3 otherwise),
 * streaming proxy to URL targets, in-process listeners, health page, clear errors for what is not there.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startDynamoDB, type DynamoDBService } from '../../local/dynamodb/index.ts';
import { startEdge, type Edge } from '../../local/edge/index.ts';
import { startS3, type S3Service } from '../../local/s3/index.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A stand-in Step Functions endpoint (the real one is local/stepfunctions/): answers ListStateMachines. */
async function startStepFunctionsStandIn(): Promise<{ server: Server; url: string; targets: string[] }> {
  const targets: string[] = [];
  const server = createServer((req, res) => {
    targets.push(String(req.headers['x-amz-target']));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          stateMachines: [
            {
              name: 'batch-scoring',
              stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:batch-scoring',
              type: 'STANDARD',
              creationDate: 0,
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, targets };
}

describe('edge routing', () => {
  let dataDir: string;
  let s3: S3Service;
  let s3Server: Server;
  let dynamo: DynamoDBService;
  let stepFunctions: Awaited<ReturnType<typeof startStepFunctionsStandIn>>;
  let edge: Edge;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-edge-'));
    s3 = await startS3({ dataDir: join(dataDir, 's3') });
    dynamo = await startDynamoDB({
      dataDir: join(dataDir, 'dynamodb'),
      tables: [
        {
          TableName: 'Jobs',
          KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        },
      ],
    });
    stepFunctions = await startStepFunctionsStandIn();
    // S3 by URL here (a proxied hop, through a server of this test's own), to test the streaming proxy; the stack passes s3.listener.
    s3Server = createServer(s3.listener);
    await new Promise<void>((resolve) => s3Server.listen(0, '127.0.0.1', resolve));
    const s3Address = s3Server.address();
    const s3Url = `http://127.0.0.1:${typeof s3Address === 'object' && s3Address ? s3Address.port : 0}`;
    edge = await startEdge({ port: 0, routes: { s3: s3Url, dynamodb: dynamo.url, stepfunctions: stepFunctions.url } });
  });
  after(async () => {
    await edge.stop();
    await new Promise((resolve) => stepFunctions.server.close(resolve));
    await dynamo.stop();
    s3Server.closeAllConnections();
    await new Promise((resolve) => s3Server.close(resolve));
    await s3.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 only', () => {
    assert.match(edge.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('S3, DynamoDB and Step Functions SDK clients all work against the one endpoint', async () => {
    const s3Client = new S3Client({ endpoint: edge.url, forcePathStyle: true, region: 'us-east-1', credentials });
    const dynamoClient = new DynamoDBClient({ endpoint: edge.url, region: 'us-east-1', credentials });
    const sfnClient = new SFNClient({ endpoint: edge.url, region: 'us-east-1', credentials });
    try {
      await s3Client.send(new PutObjectCommand({ Bucket: 'input', Key: 'routed.csv', Body: 'a\n1\n' }));
      const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: 'input' }));
      assert.deepEqual(
        listed.Contents?.map((c) => c.Key),
        ['routed.csv'],
      );
      const tables = await dynamoClient.send(new ListTablesCommand({}));
      assert.deepEqual(tables.TableNames, ['Jobs']);
      const machines = await sfnClient.send(new ListStateMachinesCommand({}));
      assert.equal(machines.stateMachines?.[0].name, 'batch-scoring');
      assert.deepEqual(stepFunctions.targets, ['AWSStepFunctions.ListStateMachines']);
    } finally {
      s3Client.destroy();
      dynamoClient.destroy();
      sfnClient.destroy();
    }
  });

  test('DynamoDB and Step Functions answer a browser page on any origin: preflight, then the call with Access-Control-Allow-Origin', async () => {
    const origin = 'http://127.0.0.1:3000';
    const preflight = await fetch(`${edge.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target',
      },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /x-amz-target/);
    for (const target of ['DynamoDB_20120810.ListTables', 'AWSStepFunctions.ListStateMachines']) {
      const call = await fetch(`${edge.url}/`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body: '{}',
      });
      // Unsigned, DynamoDB refuses the call: the browser must still be allowed to read why.
      assert.ok(call.status < 500, `${target}: ${call.status}`);
      assert.equal(call.headers.get('access-control-allow-origin'), '*', target);
      await call.body?.cancel();
    }
  });

  test('a 64 MiB streamed upload passes the proxied hop intact', async () => {
    const s3Client = new S3Client({ endpoint: edge.url, forcePathStyle: true, region: 'us-east-1', credentials });
    try {
      const chunk = Buffer.alloc(1024 * 1024, 7);
      const parts = Array.from({ length: 64 }, () => chunk);
      await s3Client.send(
        new PutObjectCommand({ Bucket: 'output', Key: 'large.bin', Body: Readable.from(parts), ContentLength: 64 * chunk.length }),
      );
      const answer = await s3Client.send(new GetObjectCommand({ Bucket: 'output', Key: 'large.bin' }));
      let size = 0;
      for await (const piece of answer.Body as Readable) size += (piece as Buffer).length;
      assert.equal(size, 64 * chunk.length);
    } finally {
      s3Client.destroy();
    }
  });

  test('GET /health and /_localstack/health answer the services as JSON', async () => {
    for (const path of ['/health', '/_localstack/health']) {
      const answer = await fetch(`${edge.url}${path}`);
      assert.equal(answer.status, 200);
      assert.deepEqual(((await answer.json()) as { services: unknown }).services, {
        s3: 'running',
        dynamodb: 'running',
        stepfunctions: 'running',
      });
    }
  });

  test('a signed GET /health is S3 (a bucket named health), not the health page', async () => {
    const s3Client = new S3Client({ endpoint: edge.url, forcePathStyle: true, region: 'us-east-1', credentials });
    try {
      await assert.rejects(s3Client.send(new ListObjectsV2Command({ Bucket: 'health' })), { name: 'NoSuchBucket' });
    } finally {
      s3Client.destroy();
    }
  });

  test('an X-Amz-Target of a service the stack does not emulate gets a clear 400', async () => {
    const answer = await fetch(edge.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.ListQueues', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    assert.equal(answer.status, 400);
    const body = (await answer.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'UnknownOperationException');
    assert.match(body.message, /AmazonSQS\.ListQueues/);
  });
});

describe('edge with services missing or down', () => {
  test('a service without a route answers 503; an unreachable one 502, both as JSON errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const deadUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await new Promise((resolve) => closed.close(resolve));
    const edge = await startEdge({ port: 0, routes: { s3: deadUrl, dynamodb: deadUrl } });
    try {
      const sfn = await fetch(edge.url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution' }, body: '{}' });
      assert.equal(sfn.status, 503);
      assert.match(((await sfn.json()) as { message: string }).message, /stepfunctions is not running/);
      const dynamo = await fetch(edge.url, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
      assert.equal(dynamo.status, 502);
      assert.equal(((await dynamo.json()) as { __type: string }).__type, 'ServiceUnavailable');
      const health = (await (await fetch(`${edge.url}/health`)).json()) as { services: Record<string, string> };
      assert.equal(health.services.stepfunctions, 'disabled');
    } finally {
      await edge.stop();
    }
  });
});
