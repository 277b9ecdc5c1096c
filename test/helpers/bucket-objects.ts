/** Put, read and existence checks on one bucket, through the functions' own S3 client (`functions/lib/aws/clients.ts`). */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../functions/lib/aws/clients.ts';

export function bucketObjects(bucket: string) {
  return {
    put: async (key: string, body: Buffer) => s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
    read: async (key: string): Promise<Buffer> =>
      Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray()),
    exists: (key: string) =>
      s3()
        .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
        .then(() => true)
        .catch(() => false),
  };
}
