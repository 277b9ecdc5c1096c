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

export type Env = Record<string, string | undefined>;

/** An AWS SDK client's endpoint, region and credentials; empty: AWS itself, with the default chains. */
export interface ClientSettings {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Flags, else the environment (`MODEL_BUCKET` as the functions read it; the SDK's `AWS_ENDPOINT_URL`), else the local
 * stack's defaults (its edge on 127.0.0.1:$EDGE_PORT or 4566, bucket `models`). A bucket without an endpoint is a
 * deployed stack's (`ModelBucketName` of the stack's outputs), reached with the default credential chain and region.
 */
export function storeTarget(flags: TargetFlags, env: Env = process.env): StoreTarget {
  const bucket = flags.bucket ?? env.MODEL_BUCKET;
  const endpoint = serviceEndpoint('S3', flags.endpoint, bucket !== undefined, env);
  const name = bucket ?? LOCAL_BUCKETS.models;
  const client = new S3Client({ ...clientSettings(endpoint, env), ...(endpoint ? { forcePathStyle: true } : {}) });
  return { client, bucket: name, where: endpoint ? `s3://${name} (${endpoint})` : `s3://${name}` };
}

/**
 * The endpoint a CLI's client of `service` talks to: the flag, else the SDK's environment variables (the service's
 * own, then `AWS_ENDPOINT_URL`), else, unless the user named a deployed stack's resources, the local stack's edge.
 */
export function serviceEndpoint(service: 'S3' | 'DYNAMODB', flag: string | undefined, deployed: boolean, env: Env): string | undefined {
  return (
    flag ??
    env[`AWS_ENDPOINT_URL_${service}`] ??
    env.AWS_ENDPOINT_URL ??
    (deployed ? undefined : `http://127.0.0.1:${env.EDGE_PORT ?? LOCAL_EDGE_PORT}`)
  );
}

/** The settings for `endpoint`: the local stack's region, and its placeholder credentials unless the user has some. */
export function clientSettings(endpoint: string | undefined, env: Env): ClientSettings {
  if (!endpoint) return {};
  const local = isLoopback(endpoint);
  const credentials = local && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  return { endpoint, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_REGION, ...(credentials ? { credentials } : {}) };
}

export function isLoopback(endpoint: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
