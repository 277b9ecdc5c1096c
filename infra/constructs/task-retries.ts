import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import {
  AccountingError,
  ChunksMisplacedError,
  ErrorsNeedGroupsError,
  InvalidGzipError,
  InvalidTaskPayloadError,
} from '../../functions/lib/batch/errors.ts';
import { InvalidPlanOptionsError } from '../../functions/lib/chunks/errors.ts';
import { InvalidColumnMappingError, ModelMismatchError } from '../../functions/lib/csv/errors.ts';
import { UnsafeKeyError } from '../../functions/lib/jobs/errors.ts';
import { ModelFormatError, UnsupportedModelError } from '../../functions/lib/model/errors.ts';
import {
  InvalidModelRefError,
  ModelIntegrityError,
  ModelNotFoundError,
  ModelStoreNotConfiguredError,
} from '../../functions/lib/model-store/errors.ts';
import { MalformedEventKeyError, ObjectChangedError, OutputTooLargeError } from '../../functions/lib/s3/errors.ts';
import { ParquetInputError } from '../../functions/lib/parquet/errors.ts';

/** Lambda's transient errors (throttling, service faults): safe to retry because every task is idempotent. */
const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/**
 * Errors a second attempt cannot fix: the handlers' own error types (bad payload, bad data, a changed object, a model
 * that does not fit) by the names Lambda reports, and S3's definitive answers about the object.
 */
export const PERMANENT_TASK_ERRORS = [
  ...[
    AccountingError,
    InvalidGzipError,
    InvalidTaskPayloadError,
    InvalidPlanOptionsError,
    InvalidColumnMappingError,
    ModelMismatchError,
    UnsafeKeyError,
    ModelFormatError,
    UnsupportedModelError,
    MalformedEventKeyError,
    ObjectChangedError,
    ChunksMisplacedError,
    ErrorsNeedGroupsError,
    OutputTooLargeError,
    InvalidModelRefError,
    ModelNotFoundError,
    ModelIntegrityError,
    ModelStoreNotConfiguredError,
    ParquetInputError,
  ].map((type) => new type('').name),
  'NoSuchKey',
  'NoSuchVersion',
  'NoSuchBucket',
  'AccessDenied',
];

export type LambdaTaskProps = Omit<tasks.LambdaInvokeProps, 'lambdaFunction' | 'retryOnServiceExceptions'>;

/** A LambdaInvoke with one explicit Retry (exponential backoff) instead of CDK's implicit one. */
export function lambdaTask(scope: Construct, id: string, fn: lambda.IFunction, props: LambdaTaskProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, { ...props, lambdaFunction: fn, retryOnServiceExceptions: false });
  task.addRetry({ errors: LAMBDA_TRANSIENT_ERRORS, interval: Duration.seconds(1), maxAttempts: 5, backoffRate: 2 });
  return task;
}

/**
 * For tasks whose retry is safe (read-only, or writing only deterministic keys): everything but a permanent error
 * is retried — a timeout, a connection reset mid-stream (Lambda reports it as a plain `Error`), S3's 503 SlowDown
 * after the SDK's own retries, a crashed runtime — with exponential backoff and full jitter, so the chunks of a
 * throttled job do not come back in lockstep. Retriers match in order: the permanent list (no retry) comes first.
 */
export function retryTransientFailures(task: tasks.LambdaInvoke): tasks.LambdaInvoke {
  task.addRetry({ errors: PERMANENT_TASK_ERRORS, maxAttempts: 0 });
  task.addRetry({
    errors: [sfn.Errors.TIMEOUT, sfn.Errors.TASKS_FAILED],
    interval: Duration.seconds(2),
    maxAttempts: 3,
    backoffRate: 2,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}
