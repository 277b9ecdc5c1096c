import type { ContextSeed } from './types.ts';
import { lambdaFunctionArn } from '../local-names.ts';

export interface FunctionIdentity {
  functionName: string;
  memorySizeMB: number;
  region: string;
  accountId: string;
  taskRoot: string;
  handler: string;
}

export function functionArn(id: FunctionIdentity): string {
  return lambdaFunctionArn(id.functionName, id.region, id.accountId);
}

export function logStreamName(instanceId: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${instanceId}`;
}

export function contextSeed(id: FunctionIdentity, instanceId: string): ContextSeed {
  return {
    functionName: id.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(id),
    memoryLimitInMB: String(id.memorySizeMB),
    logGroupName: `/aws/lambda/${id.functionName}`,
    logStreamName: logStreamName(instanceId),
  };
}

/**
 * The instance's environment: Lambda's reserved variables, then the function's own `environment`.
 * Like Lambda, the parent's environment is NOT inherited (only PATH/LANG so the process can run); the
 * credentials are dummies for the local stack.
 */
export function instanceEnvironment(
  id: FunctionIdentity,
  instanceId: string,
  functionEnv: Record<string, string>,
  parentEnv: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const seed = contextSeed(id, instanceId);
  const base: Record<string, string> = {
    PATH: parentEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: parentEnv.LANG ?? 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: id.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(id.memorySizeMB),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: seed.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: seed.logStreamName,
    AWS_REGION: id.region,
    AWS_DEFAULT_REGION: id.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    LAMBDA_TASK_ROOT: id.taskRoot,
    LAMBDA_RUNTIME_DIR: id.taskRoot,
    _HANDLER: id.handler,
    LOCAL_LAMBDA_CONTEXT: JSON.stringify(seed),
  };
  return { ...base, ...functionEnv };
}
