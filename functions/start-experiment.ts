import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sfn } from './lib/aws/clients.ts';
import { config } from './lib/config.ts';
import { logger } from './lib/logger.ts';
import { parseExperimentRequest } from './lib/probes/experiment.ts';
import { errorResponse, jsonResponse, requestBody } from './lib/http/index.ts';
import type { ApiResponse } from './lib/http/index.ts';

/**
 * `POST /experiment` (the CHAIN/PARALLEL orchestration experiment's trigger): starts the orchestration experiment with
 * `{experiment_type, last_step_time}` (epoch seconds, as the Python probes' `time.time()`) → 202 with the execution ARN.
 */
export async function handler(event: { body?: string | null; isBase64Encoded?: boolean }): Promise<ApiResponse> {
  const request = parseExperimentRequest(requestBody(event));
  if (!request.ok) return errorResponse(400, request.code, request.message);
  const stateMachineArn = config().experimentStateMachineArn;
  if (!stateMachineArn) {
    return errorResponse(500, 'NOT_CONFIGURED', 'the experiment state machine is not configured (EXPERIMENT_STATE_MACHINE_ARN)');
  }
  const input = { experiment_type: request.experimentType, last_step_time: Date.now() / 1000 };
  const started = await sfn().send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  logger.info('experiment started', { experimentType: request.experimentType, executionArn: started.executionArn });
  return jsonResponse(202, {
    message: `Experiment '${request.experimentType}' started.`,
    execution_arn: started.executionArn,
    experiment_type: request.experimentType,
    start_date: (started.startDate ?? new Date()).toISOString(),
  });
}
