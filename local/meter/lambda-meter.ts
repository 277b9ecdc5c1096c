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
 * The bytes of the REPORT line Lambda writes to CloudWatch Logs after each invocation (`reportLine` as the runtime
 * formats it), with its line end. START and END reach the meter as the runtime's output, with the function's own.
 */
export function reportLogBytes(reportLine: string): number {
  return Buffer.byteLength(reportLine) + 1;
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
  meter.logBytes(report.traceId, reportLogBytes(reportLine));
}
