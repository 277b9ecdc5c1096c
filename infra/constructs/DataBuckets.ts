import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TEMP_PREFIX } from '../../functions/lib/jobs/output-keys.ts';

export interface DataBucketsProps {
  /** Dev stacks are disposable: buckets are emptied and deleted with the stack. */
  dev: boolean;
  tempObjectExpiration?: Duration;
}

/** Input bucket (CSV drops) and output bucket (scored results). */
export class DataBuckets extends Construct {
  readonly input: s3.Bucket;
  readonly output: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataBucketsProps) {
    super(scope, id);
    const expiration = props.tempObjectExpiration ?? Duration.days(1);
    // Versioning on input: the version id makes the job key unique per upload of the same key.
    this.input = new s3.Bucket(this, 'Input', {
      ...secureDefaults(props.dev),
      versioned: true,
      lifecycleRules: [abortUploadsRule(), { id: 'expire-noncurrent-inputs', noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.output = new s3.Bucket(this, 'Output', {
      ...secureDefaults(props.dev),
      lifecycleRules: [abortUploadsRule(), { id: 'expire-temp-chunks', prefix: TEMP_PREFIX, expiration }],
    });
  }
}

/** What every bucket of the stack has: no public access, TLS only, SSE-S3, owner-enforced, kept unless dev. */
export function secureDefaults(dev: boolean): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    autoDeleteObjects: dev,
  };
}

export function abortUploadsRule(): s3.LifecycleRule {
  return { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) };
}
