import type { Meter } from './Meter.ts';
import { FULL_VCPU_MB, modelledDurationMs } from './units.ts';

/** The fields of a Lambda REPORT the meter reads (local/lambda's InvocationReport has them). */
export interface MeteredReport {
  requestId: string;
  traceId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  initDurationMs?: number;
  cpuMs: number;
}

/**
 * The bytes of the platform's lines Lambda writes to CloudWatch Logs for each invocation: START, END and REPORT
 * (`reportLine` is the REPORT line as the runtime formats it).
 */
export function platformLogBytes(requestId: string, reportLine: string): number {
  const start = `START RequestId: ${requestId} Version: $LATEST\n`;
  const end = `END RequestId: ${requestId}\n`;
  return Buffer.byteLength(start) + Buffer.byteLength(end) + Buffer.byteLength(reportLine) + 1;
}

/**
 * One invocation into the meter: the billed duration of its REPORT line, and the CPU-scaling model's duration at its
 * memory size (init is taken as all CPU: it is module loading and model set-up).
 */
export function meterInvocation(meter: Meter, report: MeteredReport, reportLine: string): void {
  const init = report.initDurationMs ?? 0;
  const modelledMs =
    modelledDurationMs(report.durationMs, report.cpuMs, report.memorySizeMB) + init * Math.max(1, FULL_VCPU_MB / report.memorySizeMB);
  meter.lambdaInvocation(report.traceId, {
    billedMs: report.billedDurationMs,
    memoryMB: report.memorySizeMB,
    coldStart: report.initDurationMs !== undefined,
    modelledMs,
  });
  meter.logBytes(report.traceId, platformLogBytes(report.requestId, reportLine));
}
