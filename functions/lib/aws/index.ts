export { s3, dynamo, sfn } from './clients.ts';
export { isAwsError } from './errors.ts';
