import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_BUCKETS, LOCAL_EDGE_PORT, LOCAL_REGION } from '../../local/local-names.ts';

/** Where the CLI reads and writes models: one S3 client and the model bucket. */
export interface StoreTarget {
  client: S3Client;
  bucket: string;
  /** For messages: `s3://models (http://127.0.0.1:4566)`. */
  where: string;
}

export interface TargetFlags {
  endpoint?: string;
  bucket?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Flags, else the environment (`MODEL_BUCKET` as the functions read it; the SDK's `AWS_ENDPOINT_URL`), else the local
 * stack's defaults (its edge on 127.0.0.1:$EDGE_PORT or 4566, bucket `models`). A bucket without an endpoint is a
 * deployed stack's (`ModelBucketName` of the stack's outputs), reached with the default credential chain and region.
 */
export function storeTarget(flags: TargetFlags, env: Env = process.env): StoreTarget {
  const bucket = flags.bucket ?? env.MODEL_BUCKET;
  const endpoint =
    flags.endpoint ??
    env.AWS_ENDPOINT_URL_S3 ??
    env.AWS_ENDPOINT_URL ??
    (bucket ? undefined : `http://127.0.0.1:${env.EDGE_PORT ?? LOCAL_EDGE_PORT}`);
  if (!endpoint) return { client: new S3Client({}), bucket: bucket!, where: `s3://${bucket}` };
  const local = isLoopback(endpoint);
  const credentials = local && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_REGION,
    ...(credentials ? { credentials } : {}),
  });
  const name = bucket ?? LOCAL_BUCKETS.models;
  return { client, bucket: name, where: `s3://${name} (${endpoint})` };
}

function isLoopback(endpoint: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
