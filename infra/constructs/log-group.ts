import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface LogGroupProps {
  logRetention: logs.RetentionDays;
  /** Default RETAIN: logs outlive the stack unless the dev flag says otherwise. */
  removalPolicy?: RemovalPolicy;
}

/**
 * Step Functions delivers logs through CloudWatch Logs vended delivery. For a log group outside this prefix it adds
 * the group to the account's CloudWatch Logs resource policy, which is capped at 5,120 characters; in an account
 * where that policy is nearly full, creating the state machine fails with InvalidLoggingConfiguration.
 * Log groups under this prefix are covered without touching the policy.
 */
export const VENDED_LOGS_STATES_PREFIX = '/aws/vendedlogs/states/';

/** The log group every construct of the stack writes to, with the stack's one retention and removal policy. */
export function serviceLogGroup(scope: Construct, id: string, props: LogGroupProps & { logGroupName?: string }): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.logRetention,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}

/**
 * A state machine's log group name under the vended-logs prefix. It ends with the stack's own id (the UUID in
 * AWS::StackId): retained log groups outlive the stack, and a fixed name would make the next deploy of the same
 * stack name fail with "already exists".
 */
export function stateMachineLogGroupName(stateMachineName: string): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return `${VENDED_LOGS_STATES_PREFIX}${stateMachineName}-${stackUuid}`;
}
