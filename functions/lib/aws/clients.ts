import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from '../config.ts';
import { PARTS_IN_FLIGHT } from '../s3/limits.ts';

/**
 * SDK clients, created once per container and reused across invocations (connection reuse matters for latency).
 * Endpoints come from the SDK's standard `AWS_ENDPOINT_URL` env var: on AWS it is unset, the local stack points it
 * at its edge. No local-only branches here.
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
  s3Client ??= new S3Client({ forcePathStyle: config().s3ForcePathStyle, requestHandler: { httpAgent: agent, httpsAgent: agent } });
  return s3Client;
}

export function dynamo(): DynamoDBDocumentClient {
  // removeUndefinedValues: optional fields (reason?, chunk?) are simply absent in the item.
  dynamoClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return dynamoClient;
}

export function sfn(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}
