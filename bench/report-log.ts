/** Keeps the target's REPORT figures with the time they arrived, so a scenario can take the ones of its window. */
import type { ReportFigures, Target } from './types.ts';

export interface ReportLog {
  /** Reports that arrived in [fromMs, toMs] (epoch ms). Empty when the target shows none (deployed). */
  between(fromMs: number, toMs: number): ReportFigures[];
  readonly available: boolean;
  stop(): void;
}

export function reportLog(target: Pick<Target, 'onReport'>, clock: () => number = Date.now): ReportLog {
  const entries: Array<{ atMs: number; report: ReportFigures }> = [];
  const unsubscribe = target.onReport?.((report) => entries.push({ atMs: clock(), report })) ?? (() => undefined);
  return {
    available: target.onReport !== undefined,
    between: (fromMs, toMs) => entries.filter((e) => e.atMs >= fromMs && e.atMs <= toMs).map((e) => e.report),
    stop: unsubscribe,
  };
}
