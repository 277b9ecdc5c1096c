import { Logger } from '@aws-lambda-powertools/logger';
import { METRICS_SERVICE } from './metrics/names.ts';

/**
 * The one structured JSON logger of the image (Powertools for AWS Lambda). The router adds the Lambda context per
 * invocation, so every line carries `function_request_id` and `cold_start`. Request bodies are never logged.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || METRICS_SERVICE });
