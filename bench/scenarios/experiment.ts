/**
 * The orchestration experiment: CHAIN and PARALLEL through `POST /experiment`, each run read twice — from
 * GetExecutionHistory (how the AWS reference figures were taken) and from the probe records keyed by the
 * execution ARN.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { BenchTimeoutError, ExperimentFailedError } from '../errors.ts';
import { chainOverheadFromHistory, chainOverheadFromProbes, fanOutFromHistory, parallelOverheadFromProbes } from '../lib/index.ts';
import type { ChainOverhead, ParallelOverhead } from '../lib/index.ts';
import type { ProgressSink, Target } from '../types.ts';
import { executionHistory, probeRecordsWhen } from './aws-reads.ts';

export type ExperimentType = 'CHAIN' | 'PARALLEL';

export const EXPERIMENT_STEPS: Record<ExperimentType, string[]> = { CHAIN: ['A', 'B', 'C'], PARALLEL: ['P1', 'P2', 'P3', 'P4', 'P5'] };

export interface ExperimentOutcome {
  chain: ChainOverhead[];
  parallel: ParallelOverhead[];
}

async function startExperiment(target: Target, type: ExperimentType): Promise<string> {
  const response = await fetch(`${target.apiUrl}/experiment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_type: type }),
  });
  const body = (await response.json()) as { execution_arn?: string };
  if (response.status !== 202 || !body.execution_arn)
    throw new Error(`POST /experiment ${type}: ${response.status} ${JSON.stringify(body)}`);
  return body.execution_arn;
}

async function waitForExecution(target: Target, executionArn: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await target.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') {
      if (status !== 'SUCCEEDED') throw new ExperimentFailedError(executionArn, status ?? 'unknown');
      return;
    }
    if (Date.now() > until) throw new BenchTimeoutError(`execution ${executionArn}`, timeoutMs);
    await sleep(50);
  }
}

async function runOnce(target: Target, type: ExperimentType, outcome: ExperimentOutcome): Promise<void> {
  const executionArn = await startExperiment(target, type);
  await waitForExecution(target, executionArn);
  const events = await executionHistory(target.sfn, executionArn);
  const steps = EXPERIMENT_STEPS[type];
  const records = await probeRecordsWhen(target, executionArn, (r) => steps.every((step) => r.some((p) => p.step === step)));
  if (type === 'CHAIN') outcome.chain.push(chainOverheadFromHistory(events), chainOverheadFromProbes(records));
  else outcome.parallel.push(fanOutFromHistory(events, { name: 'Parallel_Fan_Out' }), parallelOverheadFromProbes(records));
}

export async function runExperiments(target: Target, runs: number, progress: ProgressSink): Promise<ExperimentOutcome> {
  const outcome: ExperimentOutcome = { chain: [], parallel: [] };
  for (const type of ['CHAIN', 'PARALLEL'] as const) {
    for (let i = 0; i < runs; i++) {
      progress.update(`experiment: ${type} ${i + 1}/${runs}`);
      await runOnce(target, type, outcome);
    }
  }
  return outcome;
}
