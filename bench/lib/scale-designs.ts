import { MIN_PART_BYTES } from '../../functions/lib/s3/limits.ts';
import { MAX_CHUNKS } from '../../functions/plan.ts';
import { DEFAULT_CONFIG, DISTRIBUTED_MAP_MAX_CONCURRENCY, INLINE_MAP_MAX_CONCURRENCY, readStackConfig } from '../../infra/config.ts';
import { scoreChunkTimeoutSeconds, workflowTimeoutSeconds } from '../../infra/constructs/BatchWorkflow.ts';
import type { WorkflowParams } from './scale-model-types.ts';

/**
 * The batch workflow designs the scale model (scale-model.ts) is run on: the Distributed Map as the stack deploys it,
 * by default and sized for an AWS account, each read through the stack's own config reader, and the former inline Map.
 */

/** Lambda's default concurrency quota per account and Region: what an unreserved task function can get at most. */
const ACCOUNT_DEFAULT_CONCURRENCY = 1_000;

/** Concurrency Lambda keeps unreserved in every account: reservations may take only the rest. */
const LAMBDA_UNRESERVED_MIN = 100;

/**
 * The batch workflow as the stack deploys it with `context` (CDK context keys → values), read and validated by the
 * stack's own readStackConfig: a Distributed Map over Plan's chunk manifest, each chunk an Express child whose
 * ScoreChunk task ends within scoreChunkTimeoutSeconds.
 */
export function distributedMapParams(label: string, deploy: string, context: Record<string, unknown> = {}): WorkflowParams {
  const config = readStackConfig({ tryGetContext: (key: string) => context[key] });
  return {
    label,
    deploy,
    mapConcurrency: config.mapConcurrency,
    mapInFlightCap: DISTRIBUTED_MAP_MAX_CONCURRENCY,
    lambdaConcurrency: config.taskReservedConcurrency ?? ACCOUNT_DEFAULT_CONCURRENCY,
    maxChunks: MAX_CHUNKS,
    chunkTargetBytes: config.chunkTargetBytes,
    minChunkBytes: MIN_PART_BYTES,
    functionTimeoutSeconds: config.timeoutSeconds,
    chunkTimeoutSeconds: scoreChunkTimeoutSeconds(config.timeoutSeconds),
    workflowTimeoutSeconds: config.batchTimeoutSeconds ?? workflowTimeoutSeconds(config.timeoutSeconds, config.mapConcurrency),
    memoryMb: config.memorySize,
    iterationBilling: 'express-children',
  };
}

/** The batch workflow as the stack deploys it without context. */
export const DISTRIBUTED_MAP_DEFAULTS = distributedMapParams(
  `Distributed Map (stack defaults: mapConcurrency ${DEFAULT_CONFIG.mapConcurrency}, reservation ${DEFAULT_CONFIG.taskReservedConcurrency})`,
  'the stack defaults (no context)',
);

/**
 * The task function's share of a default account: its quota less the API function's reservation and what Lambda keeps
 * unreserved (the stack accepts reservations up to 900; more needs a raised account quota).
 */
const TASK_SHARE_OF_DEFAULT_ACCOUNT = ACCOUNT_DEFAULT_CONCURRENCY - (DEFAULT_CONFIG.apiReservedConcurrency ?? 0) - LAMBDA_UNRESERVED_MIN;

/**
 * CDK context that sizes the batch workflow for an AWS account: the Map's concurrency raised with the task function's
 * reservation (the stack refuses a Map wider than the reservation), to the task function's share of a default account.
 */
export const AWS_SIZED_CONTEXT = { mapConcurrency: TASK_SHARE_OF_DEFAULT_ACCOUNT, taskReservedConcurrency: TASK_SHARE_OF_DEFAULT_ACCOUNT };

export const DISTRIBUTED_MAP_SIZED_FOR_AWS = distributedMapParams(
  `Distributed Map sized for AWS (mapConcurrency = taskReservedConcurrency = ${TASK_SHARE_OF_DEFAULT_ACCOUNT})`,
  `\`npx cdk deploy ${Object.entries(AWS_SIZED_CONTEXT)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ')}\` (${TASK_SHARE_OF_DEFAULT_ACCOUNT} + the API function's ${DEFAULT_CONFIG.apiReservedConcurrency} + the ` +
    `${LAMBDA_UNRESERVED_MIN} Lambda keeps unreserved = an account's default quota of ${ACCOUNT_DEFAULT_CONCURRENCY.toLocaleString('en-US')}; ` +
    'reservations above that need a raised quota)',
  AWS_SIZED_CONTEXT,
);

/**
 * The Map's chunk cap before the Distributed Map: an inline Map carried the chunk list and results in the 256 KiB
 * state, which held 500 chunk descriptors. Not in the code any more; kept here only for the comparison row.
 */
const FORMER_INLINE_MAP_MAX_CHUNKS = 500;

/**
 * The former design, not deployed: an inline Map at the most the stack allowed (40 iterations at once, AWS's cap),
 * at most 500 chunks, each chunk's ScoreChunk a Standard state bounded by the function timeout alone.
 */
export const FORMER_INLINE_MAP: WorkflowParams = {
  ...DISTRIBUTED_MAP_DEFAULTS,
  label: `Inline Map at ${INLINE_MAP_MAX_CONCURRENCY} at once (former design, not deployed)`,
  deploy: 'not deployed: the batch workflow before its Distributed Map, for comparison',
  mapConcurrency: INLINE_MAP_MAX_CONCURRENCY,
  mapInFlightCap: INLINE_MAP_MAX_CONCURRENCY,
  maxChunks: FORMER_INLINE_MAP_MAX_CHUNKS,
  chunkTimeoutSeconds: DEFAULT_CONFIG.timeoutSeconds,
  workflowTimeoutSeconds: undefined,
  iterationBilling: 'standard-transitions',
};

/** The report's designs, in its order. */
export const SCALE_DESIGNS: readonly WorkflowParams[] = [DISTRIBUTED_MAP_DEFAULTS, DISTRIBUTED_MAP_SIZED_FOR_AWS, FORMER_INLINE_MAP];
