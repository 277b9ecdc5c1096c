import { S3RequestError } from './errors.ts';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets } from './bucket-handlers.ts';
import { applyCors, deleteBucketConfig, getBucketConfig, preflight, putBucketConfig } from './bucket-config-handlers.ts';
import { deleteObjects } from './delete-objects.ts';
import { listObjectsV1, listObjectsV2 } from './list-handlers.ts';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload } from './multipart-handlers.ts';
import { copyObject, deleteObject, putObject } from './object-handlers.ts';
import { postObject } from './post-object.ts';
import { checkBucketName, checkKey } from './s3-rules.ts';
import type { BucketContext, Handler, ObjectContext, S3Context } from './s3-context.ts';
import { getObject } from './store-get.ts';
import { uploadPart, uploadPartCopy } from './store-parts.ts';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './tagging-handlers.ts';

/** Sub-resources of S3's API this local S3 does not emulate: NotImplemented rather than a wrong answer. */
const NOT_EMULATED = [
  'acl',
  'policy',
  'policyStatus',
  'lifecycle',
  'encryption',
  'object-lock',
  'retention',
  'legal-hold',
  'replication',
  'logging',
  'notification',
  'requestPayment',
  'accelerate',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'ownershipControls',
  'publicAccessBlock',
  'torrent',
  'restore',
  'select',
  'attributes',
  'versions',
  'versionId',
  'tagging',
  'uploads',
];

function notImplemented(what: string): S3RequestError {
  return new S3RequestError('NotImplemented', `The local S3 does not emulate ${what}.`, 501);
}

function bucketHandler(context: BucketContext): Handler<BucketContext> {
  const { query } = context.target;
  const method = context.req.method;
  if (method === 'GET' && query.has('location')) return getBucketLocation;
  if (method === 'GET' && query.has('versioning')) return getBucketVersioning;
  if (method === 'POST' && query.has('delete')) return deleteObjects;
  if (query.has('cors') || query.has('website')) {
    if (method === 'GET') return getBucketConfig;
    if (method === 'PUT') return putBucketConfig;
    if (method === 'DELETE') return deleteBucketConfig;
  }
  if (method === 'OPTIONS') return preflight;
  const subresource = NOT_EMULATED.find((name) => query.has(name)) ?? (query.has('versioning') ? 'versioning' : undefined);
  if (subresource !== undefined) throw notImplemented(`bucket ?${subresource}`);
  if (method === 'GET') return query.get('list-type') === '2' ? listObjectsV2 : listObjectsV1;
  if (method === 'HEAD') return headBucket;
  if (method === 'PUT') return createBucket;
  if (method === 'DELETE') return deleteBucket;
  if (method === 'POST') return postObject;
  throw new S3RequestError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
}

function objectHandler(context: ObjectContext): Handler<ObjectContext> {
  const { query } = context.target;
  const method = context.req.method;
  const copy = 'x-amz-copy-source' in context.req.headers;
  if (query.has('tagging')) {
    if (method === 'GET') return getObjectTagging;
    if (method === 'PUT') return putObjectTagging;
    if (method === 'DELETE') return deleteObjectTagging;
  }
  if (query.has('uploadId')) {
    if (method === 'PUT' && query.has('partNumber')) return copy ? uploadPartCopy : uploadPart;
    if (method === 'POST') return completeMultipartUpload;
    if (method === 'DELETE') return abortMultipartUpload;
    throw notImplemented('ListParts');
  }
  if (method === 'POST' && query.has('uploads')) return createMultipartUpload;
  const subresource = NOT_EMULATED.find((name) => query.has(name));
  if (subresource !== undefined) throw notImplemented(`object ?${subresource}`);
  if (method === 'OPTIONS') return preflight;
  if ((method === 'GET' || method === 'HEAD') && query.has('partNumber'))
    throw notImplemented('GetObject / HeadObject of one part (partNumber)');
  if (method === 'GET' || method === 'HEAD') return getObject;
  if (method === 'PUT') return copy ? copyObject : putObject;
  if (method === 'DELETE') return deleteObject;
  throw new S3RequestError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
}

/** Finds the operation for a request (S3's REST API: method, bucket, key, sub-resource) and runs it. */
export async function routeS3(context: S3Context): Promise<void> {
  const { bucket, key } = context.target;
  if (bucket === undefined) {
    if (context.req.method !== 'GET')
      throw new S3RequestError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    return listBuckets(context);
  }
  checkBucketName(bucket);
  applyCors({ ...context, bucket });
  if (key === undefined) {
    const bucketContext = { ...context, bucket };
    return bucketHandler(bucketContext)(bucketContext);
  }
  checkKey(key);
  const objectContext = { ...context, bucket, key };
  return objectHandler(objectContext)(objectContext);
}
