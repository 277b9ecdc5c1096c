export { s3, dynamo, sfn } from './clients.ts';
export { isAwsError, awsStatusCode } from './errors.ts';
