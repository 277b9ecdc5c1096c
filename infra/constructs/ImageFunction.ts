import path from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { serviceLogGroup, type LogGroupProps } from './log-group.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Paths kept out of the image's build context. CDK stages (copies and hashes) the asset folder at synth time,
 * so this list is also what keeps `cdk synth` fast: only functions/, model/ and the package files remain.
 */
export const IMAGE_ASSET_EXCLUDE = [
  '*',
  '!functions',
  '!functions/**',
  '!model',
  'model/*',
  '!model/iris.onnx',
  '!package.json',
  '!package-lock.json',
  '!.npmrc',
];

export interface ImageFunctionProps extends LogGroupProps {
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  tracing?: boolean;
  /** Concurrency set aside for this function alone (and its ceiling); undefined = the account's unreserved pool. */
  reservedConcurrency?: number;
  /** Override for tests: an already-built image code. */
  code?: lambda.DockerImageCode;
}

/** A Lambda function running the one container image (every handler; router.ts dispatches on the event). */
export class ImageFunction extends Construct {
  readonly function: lambda.DockerImageFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ImageFunctionProps) {
    super(scope, id);
    this.logGroup = serviceLogGroup(this, 'Logs', props);
    // Own role without the AWSLambdaBasicExecutionRole managed policy: logging is granted on this log group only.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    this.function = new lambda.DockerImageFunction(this, 'Function', {
      code: props.code ?? imageCode(),
      architecture: lambda.Architecture.X86_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrency,
    });
  }
}

function imageCode(): lambda.DockerImageCode {
  return lambda.DockerImageCode.fromImageAsset(REPO_ROOT, {
    file: 'functions/Dockerfile',
    exclude: IMAGE_ASSET_EXCLUDE,
  });
}
