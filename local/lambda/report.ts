import type { InvocationReport } from './types.ts';

/** Lambda bills duration (init included) rounded up to the next millisecond, at least 1 ms: the meter's rule. */
export { lambdaBilledMs as billedDuration } from '../meter/units.ts';

/** The line Lambda writes to the log stream as an invocation starts (after the init's own output, on a cold start). */
export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

/** The line Lambda writes as an invocation ends, just before its REPORT line. */
export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** The CloudWatch `REPORT` line Lambda writes after each invocation. */
export function formatReportLine(report: InvocationReport): string {
  const parts = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${report.billedDurationMs} ms`,
    `Memory Size: ${report.memorySizeMB} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMB} MB`,
  ];
  if (report.initDurationMs !== undefined) parts.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  // As Lambda writes it for a function with active tracing: which trace (job) the invocation belongs to.
  parts.push(`XRAY TraceId: ${report.traceId}`);
  return parts.join('\t');
}

/** Lambda's message for a timed-out invocation, e.g. `2026-01-01T00:00:00.000Z <id> Task timed out after 3.00 seconds`. */
export function timeoutMessage(requestId: string, timeoutMs: number, now = new Date()): string {
  return `${now.toISOString()} ${requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`;
}
