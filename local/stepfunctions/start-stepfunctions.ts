import { createServer } from 'node:http';
import { compileMachine, Executions, summaryOf, type CompiledMachine } from './Executions.ts';
import { createOperations } from './operations.ts';
import { createListener } from './protocol.ts';
import type { ExecutionSummary, StepFunctionsOptions, StepFunctionsService } from './types.ts';
import { listenLocal } from '../http/listen.ts';
import { LOCAL_REGION } from '../local-names.ts';

/**
 * Starts the local Step Functions endpoint (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.*`): the given state
 * machines, run by aws-local-stepfunctions, Task states calling `invokeLambda`. Executions live in memory only.
 * Distributed Maps run as map runs (`distributed-map.ts`). Throws `UnsupportedDefinitionError` when a definition
 * needs what the local Step Functions lacks.
 */
export async function startStepFunctions(options: StepFunctionsOptions): Promise<StepFunctionsService> {
  const log = options.log ?? (() => undefined);
  const machines = new Map<string, CompiledMachine>(options.stateMachines.map((spec) => [spec.arn, compileMachine(spec)]));
  const region = options.stateMachines[0]?.arn.split(':')[3] ?? LOCAL_REGION;
  const executions = new Executions({
    invokeLambda: options.invokeLambda,
    maxExecutions: options.maxExecutions ?? 1000,
    region,
    onStatusChange: options.onStatusChange,
    mapRunStorage: options.mapRunStorage,
    mapRunConcurrencyCap: options.mapRunConcurrencyCap,
    meter: options.meter,
    onChange: (summary) => {
      if (!options.onExecutionChange && summary.status !== 'RUNNING')
        log(`[stepfunctions] ${summary.name} ${summary.status} in ${(summary.stopDate ?? 0) - summary.startDate} ms`);
      options.onExecutionChange?.(summary);
    },
  });
  const listener = createListener(createOperations(machines, executions), log);
  const server = createServer({ keepAliveTimeout: 65_000 }, listener);
  const port = await listenLocal(server, options.port ?? 0);
  return {
    name: 'stepfunctions',
    url: `http://127.0.0.1:${port}`,
    listener,
    waitForExecution: async (executionArn): Promise<ExecutionSummary> => {
      const record = executions.get(executionArn);
      await record.done;
      return summaryOf(record);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        executions.abortAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
