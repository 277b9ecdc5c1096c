/**
 * The one place the local stack's region, account and resource names live, and the ARN builders over them
 * (docs/architecture.md, "Local ARNs and names"). The translation of the template (cloudformation/definitions.ts)
 * resolves every token to these; the emulated services default to this region and account. State machine names are
 * not here: they come from the template (cloudformation/definitions.ts, `stateMachineNames`).
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_FUNCTION_NAME = 'prediction';
export const LOCAL_FUNCTION_ARN = lambdaFunctionArn(LOCAL_FUNCTION_NAME);
/** The API's function (same image, its own concurrency). */
export const LOCAL_API_FUNCTION_NAME = 'prediction-api';
export const LOCAL_API_FUNCTION_ARN = lambdaFunctionArn(LOCAL_API_FUNCTION_NAME);
export const LOCAL_BUCKETS = { input: 'input', output: 'output', models: 'models' } as const;
/** The API's default port (`npm start`; `--port` or $PORT change it). */
export const LOCAL_API_PORT = 3000;
/** The edge's default port (`npm start`; `--edge-port` or $EDGE_PORT change it). */
export const LOCAL_EDGE_PORT = 4566;
export const LOCAL_TABLES = { jobs: 'Jobs', probes: 'Probes' } as const;

export function lambdaFunctionArn(name: string, region = LOCAL_REGION, account = LOCAL_ACCOUNT): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

export function stateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
}

export function dynamoDbTableArn(name: string): string {
  return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
}

export function s3BucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

/** Queues have no local service: the ARN names one by its logical id. */
export function queueArn(name: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
}
