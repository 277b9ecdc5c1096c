import type { ProbeInput, ProbeRecord } from './types.ts';

const DAY_SECONDS = 86_400;

export function probeId(step: string, chunk: number | undefined, startMs: number, instanceId: string): string {
  return `${step}#${chunk ?? '-'}#${startMs}#${instanceId}`;
}

/** The stored record: key fields plus the TTL (`expiresAt`, epoch seconds, as DynamoDB TTL requires). */
export function buildProbeRecord(input: ProbeInput, ttlDays: number): ProbeRecord {
  return {
    ...input,
    probeId: probeId(input.step, input.chunk, input.startMs, input.instanceId),
    expiresAt: Math.floor(input.endMs / 1000) + ttlDays * DAY_SECONDS,
  };
}
