import { sendEmpty, sendXml } from './s3-error-response.ts';
import { noSuchBucket } from './s3-rules.ts';
import type { BucketContext, S3Context } from './s3-context.ts';
import { element, S3_NAMESPACE } from './xml.ts';
import { LOCAL_REGION } from '../local-names.ts';

/** Bucket operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation, GetBucketVersioning. */

export const OWNER =
  '<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>local</DisplayName></Owner>';

export async function listBuckets(context: S3Context): Promise<void> {
  context.req.resume();
  const buckets = context.store
    .listBuckets()
    .map((bucket) => `<Bucket>${element('Name', bucket.name)}${element('CreationDate', new Date(bucket.created).toISOString())}</Bucket>`)
    .join('');
  sendXml(
    context.res,
    200,
    `<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">${OWNER}<Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
  );
}

/** CreateBucket: creating a bucket you already own answers 200, as S3 does in us-east-1 (the local region). */
export async function createBucket(context: BucketContext): Promise<void> {
  context.req.resume();
  await context.store.createBucket(context.bucket);
  sendEmpty(context.res, 200, { location: `/${context.bucket}` });
}

export async function deleteBucket(context: BucketContext): Promise<void> {
  context.req.resume();
  await context.store.deleteBucket(context.bucket);
  sendEmpty(context.res, 204);
}

export async function headBucket(context: BucketContext): Promise<void> {
  context.req.resume();
  if (!context.store.hasBucket(context.bucket)) throw noSuchBucket();
  sendEmpty(context.res, 200, { 'x-amz-bucket-region': LOCAL_REGION });
}

export async function getBucketLocation(context: BucketContext): Promise<void> {
  context.req.resume();
  if (!context.store.hasBucket(context.bucket)) throw noSuchBucket();
  sendXml(context.res, 200, `<LocationConstraint xmlns="${S3_NAMESPACE}"/>`);
}

/** Buckets are unversioned: the answer S3 gives for a bucket that never had versioning enabled. */
export async function getBucketVersioning(context: BucketContext): Promise<void> {
  context.req.resume();
  if (!context.store.hasBucket(context.bucket)) throw noSuchBucket();
  sendXml(context.res, 200, `<VersioningConfiguration xmlns="${S3_NAMESPACE}"/>`);
}
