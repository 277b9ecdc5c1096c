import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.ts';
import { config } from '../config.ts';
import { logger } from '../logger.ts';
import { buildProbeRecord } from './build-probe-record.ts';
import type { ProbeInput, ProbeRecord } from './types.ts';

/**
 * Writes one probe record. Probes are measurements, not the job: a failed write is logged and swallowed so it can
 * never fail a chunk or a job.
 */
export async function recordProbe(input: ProbeInput): Promise<ProbeRecord> {
  const cfg = config();
  const record = buildProbeRecord(input, cfg.probeTtlDays);
  try {
    await dynamo().send(new PutCommand({ TableName: cfg.probesTable, Item: record }));
  } catch (error) {
    logger.warn('probe record not written', { runId: record.runId, probeId: record.probeId, error: String(error) });
  }
  return record;
}
