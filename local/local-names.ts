/** The fixed local forms of every resource name/ARN (docs/architecture.md, "Local ARNs and names"). */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_FUNCTION_NAME = 'prediction';
export const LOCAL_FUNCTION_ARN = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${LOCAL_FUNCTION_NAME}`;
/** The API's function (same image, its own concurrency). */
export const LOCAL_API_FUNCTION_NAME = 'prediction-api';
export const LOCAL_API_FUNCTION_ARN = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${LOCAL_API_FUNCTION_NAME}`;
export const LOCAL_STATE_MACHINE_NAMES = { batch: 'batch-scoring', experiment: 'orchestration-experiment' } as const;
export const LOCAL_BUCKETS = { input: 'input', output: 'output' } as const;
export const LOCAL_TABLES = { jobs: 'Jobs', probes: 'Probes' } as const;

export function localStateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
}
