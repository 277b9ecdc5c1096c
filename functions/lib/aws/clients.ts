import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from '../config.ts';

/**
 * SDK clients, created once per container and reused across invocations (connection reuse matters for latency).
 * Endpoints come from the SDK's standard `AWS_ENDPOINT_URL` env var: on AWS it is unset, the local stack points it
 * at its edge. No local-only branches here.
 */
let s3Client: S3Client | undefined;
let dynamoClient: DynamoDBDocumentClient | undefined;
let sfnClient: SFNClient | undefined;

export function s3(): S3Client {
  s3Client ??= new S3Client({ forcePathStyle: config().s3ForcePathStyle });
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
