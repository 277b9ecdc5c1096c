import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { MapRunStorage } from './item-reader.ts';
import { currentTrace, traceHeader } from '../meter/trace.ts';

/**
 * The map run's S3 access as on AWS: the S3 API over HTTP, here to the local edge. `endpoint` is read at the first
 * call, so the store can be made before the edge listens.
 */
export function s3MapRunStorage(endpoint: () => string, region: string): MapRunStorage {
  let client: S3Client | undefined;
  const s3 = (): S3Client => {
    if (client !== undefined) return client;
    client = new S3Client({
      endpoint: endpoint(),
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The execution's trace on each request, as Lambda's SDK sends its invocation's: the map run's S3 requests are the job's.
    client.middlewareStack.add(
      (next) => async (args) => {
        const traceId = currentTrace();
        const request = args.request as { headers?: Record<string, string> };
        if (traceId !== undefined && request.headers) request.headers['x-amzn-trace-id'] = traceHeader(traceId);
        return next(args);
      },
      { step: 'build', name: 'localTraceHeader' },
    );
    return client;
  };
  return {
    getObject: async (bucket, key) => {
      const answer = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await answer.Body?.transformToString('utf8')) ?? '';
    },
    putObject: async (bucket, key, body) => {
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    },
  };
}
