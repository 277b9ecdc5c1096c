/**
 * Typed event factories for tests: the JSON in `samples/` is the ground truth, factories clone it and change
 * only what a test needs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context, S3Event } from 'aws-lambda';
import { encodeEventKey } from '../../local/s3/encode-event-key.ts';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

export function loadSample<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(SAMPLES + path, 'utf8')) as T;
}

export function sampleText(path: string): string {
  return readFileSync(SAMPLES + path, 'utf8');
}

export interface RequestOptions {
  method?: string;
  resource?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string> | null;
}

/** A REST API (v1) proxy event carrying `body` (a string is sent as is, anything else as JSON). */
export function restApiEvent(body: unknown, options: RequestOptions = {}): APIGatewayProxyEvent {
  const event = loadSample<APIGatewayProxyEvent>('events/apigateway-rest-predict.json');
  const resource = options.resource ?? '/predict';
  return {
    ...event,
    resource,
    path: resource,
    httpMethod: options.method ?? 'POST',
    headers: options.headers ?? event.headers,
    multiValueHeaders: {},
    pathParameters: options.pathParameters ?? null,
    body: body === null ? null : typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** An HTTP API (v2) event; the body is base64-encoded as API Gateway does for binary-ish payloads. */
export function httpApiEvent(body: unknown, options: RequestOptions = {}): APIGatewayProxyEventV2 {
  const event = loadSample<APIGatewayProxyEventV2>('events/apigateway-http-predict.json');
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const method = options.method ?? 'POST';
  const path = options.resource ?? '/predict';
  return {
    ...event,
    routeKey: `${method} ${path}`,
    rawPath: path,
    headers: options.headers ?? event.headers,
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method, path } },
    body: Buffer.from(text).toString('base64'),
    isBase64Encoded: true,
  };
}

/** An S3 ObjectCreated notification for one object; `key` is given decoded and encoded as AWS does. */
export function s3Event(bucket: string, key: string, options: { size?: number; eTag?: string; eventName?: string } = {}): S3Event {
  const event = loadSample<S3Event>('events/s3-object-created.json');
  const record = event.Records[0]!;
  return {
    Records: [
      {
        ...record,
        eventName: options.eventName ?? 'ObjectCreated:Put',
        s3: {
          ...record.s3,
          bucket: { ...record.s3.bucket, name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { ...record.s3.object, key: encodeEventKey(key), size: options.size ?? 0, eTag: options.eTag ?? record.s3.object.eTag },
        },
      },
    ],
  };
}

/** A Lambda context as the runtime passes it. */
export function lambdaContext(requestId = 'test-request-id'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'prediction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:prediction',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/prediction',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
