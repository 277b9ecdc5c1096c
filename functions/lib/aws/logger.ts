import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logger for the batch handlers (Powertools for AWS Lambda). Stand-in until the shared
 * `functions/lib/logger.ts` exists; then this module should re-export that one.
 */
export const logger = new Logger({ serviceName: 'batch-scoring' });
