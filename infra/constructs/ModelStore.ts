import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MODELS_PREFIX } from '../../functions/lib/model-store/keys.ts';
import { abortUploadsRule, secureDefaults } from './DataBuckets.ts';

export interface ModelStoreProps {
  /** Dev stacks are disposable: the bucket is emptied and deleted with the stack. */
  dev: boolean;
  /** How long a replaced or deleted object (an alias moved, a version removed by hand) stays recoverable. */
  noncurrentExpiration?: Duration;
}

/**
 * The model store: immutable versions `models/<name>/<version>/{model.onnx,card.json}` and alias pointers
 * `models/<name>/aliases/<alias>.json` (functions/lib/model-store/keys.ts). The functions only read it; versions and
 * aliases are written by `npm run model` with the operator's own credentials. Versioned, so a moved alias or a
 * version deleted by hand can be recovered.
 */
export class ModelStore extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ModelStoreProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureDefaults(props.dev),
      versioned: true,
      lifecycleRules: [
        abortUploadsRule(),
        { id: 'expire-noncurrent-objects', noncurrentVersionExpiration: props.noncurrentExpiration ?? Duration.days(90) },
      ],
    });
  }

  /**
   * Read-only: GetObject under `models/` and ListBucket (the not-found messages list what exists, and without it S3
   * answers a missing key with 403 instead of the 404 the reader branches on).
   */
  grantRead(fn: lambda.IFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${MODELS_PREFIX}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
  }
}
