import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface LogGroupProps {
  logRetention: logs.RetentionDays;
  /** Default RETAIN: logs outlive the stack unless the dev flag says otherwise. */
  removalPolicy?: RemovalPolicy;
}

/** The log group every construct of the stack writes to, with the stack's one retention and removal policy. */
export function serviceLogGroup(scope: Construct, id: string, props: LogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    retention: props.logRetention,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}
