import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { MapRunStorage } from './item-reader.ts';

/**
 * The map run's S3 access as on AWS: the S3 API over HTTP, here to the local edge. `endpoint` is read at the first
 * call, so the store can be made before the edge listens.
 */
export function s3MapRunStorage(endpoint: () => string, region: string): MapRunStorage {
  let client: S3Client | undefined;
  const s3 = (): S3Client => {
    client ??= new S3Client({
      endpoint: endpoint(),
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
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
