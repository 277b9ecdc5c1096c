import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from '../config.ts';
import { PARTS_IN_FLIGHT } from '../s3/limits.ts';
import { addRequestCounter } from '../billing/invocation-units.ts';

/**
 * SDK clients, created once per container and reused across invocations (connection reuse matters for latency).
 * Endpoints come from the SDK's standard `AWS_ENDPOINT_URL` env var: on AWS it is unset, the local stack points it
 * at its edge. No local-only branches here. Each client counts the billable requests it sends for the invocation
 * it runs in (billing/invocation-units.ts): how a job knows its own cost.
 */
let s3Client: S3Client | undefined;
let dynamoClient: DynamoDBDocumentClient | undefined;
let sfnClient: SFNClient | undefined;

/**
 * The SDK's default agent opens at most 50 sockets and queues the rest. Finalize assembles scored.csv with
 * PARTS_IN_FLIGHT parts at once, each streamed part holding two sockets (its source GET and its UploadPart), while
 * errors.csv uploads beside it (a GET and a part) and the job's temp prefix is listed and deleted: twice the parts
 * plus that headroom, so no assembly request waits for a socket.
 */
export const S3_MAX_SOCKETS = 2 * PARTS_IN_FLIGHT + 8;

export function s3(): S3Client {
  const agent = { keepAlive: true, maxSockets: S3_MAX_SOCKETS };
  if (s3Client === undefined) {
    s3Client = new S3Client({ forcePathStyle: config().s3ForcePathStyle, requestHandler: { httpAgent: agent, httpsAgent: agent } });
    addRequestCounter(s3Client.middlewareStack, 'S3Client');
  }
  return s3Client;
}

export function dynamo(): DynamoDBDocumentClient {
  // removeUndefinedValues: optional fields (reason?, chunk?) are simply absent in the item.
  if (dynamoClient === undefined) {
    const client = new DynamoDBClient({});
    addRequestCounter(client.middlewareStack, 'DynamoDBClient');
    dynamoClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return dynamoClient;
}

export function sfn(): SFNClient {
  if (sfnClient === undefined) {
    sfnClient = new SFNClient({});
    addRequestCounter(sfnClient.middlewareStack, 'SFNClient');
  }
  return sfnClient;
}
