import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** Lambda's transient errors (throttling, service faults): safe to retry because every task is idempotent. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

export type LambdaTaskProps = Omit<tasks.LambdaInvokeProps, 'lambdaFunction' | 'retryOnServiceExceptions'>;

/** A LambdaInvoke with one explicit Retry (exponential backoff) instead of CDK's implicit one. */
export function lambdaTask(scope: Construct, id: string, fn: lambda.IFunction, props: LambdaTaskProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, { ...props, lambdaFunction: fn, retryOnServiceExceptions: false });
  task.addRetry({ errors: LAMBDA_TRANSIENT_ERRORS, interval: Duration.seconds(1), maxAttempts: 5, backoffRate: 2 });
  return task;
}
