/**
 * The AWS reference idle-gap scenario, scaled down: single requests after growing idle gaps. Locally the gaps
 * straddle the runtime's idle timeout, so the table shows where an instance is reclaimed; whether a request met a
 * fresh instance (and its Init Duration) comes from the REPORT lines. Deployed: the reference's own minutes
 * (IDLE_GAP_MINUTES), only with --full-idle-gaps.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { predictBody } from '../csv-generator.ts';
import { afterIdleGaps, httpPostSender, median, realClock, timed, IDLE_GAP_MINUTES } from '../lib/index.ts';
import type { ColdStartRow, Sample } from '../lib/index.ts';
import type { ReportLog } from '../report-log.ts';
import type { BenchPlan, ProgressSink, Target } from '../types.ts';

export interface GapSample extends Sample {
  gapS: number;
  initDurationMs?: number;
}

export interface ColdStartOutcome {
  rows: ColdStartRow[];
  samples: GapSample[];
}

function fmt(n: number): string {
  return n.toFixed(1);
}

/** One table row per gap: latency spread, and how many of its requests met a fresh instance. */
export function gapRows(samples: readonly GapSample[], reportsKnown: boolean): ColdStartRow[] {
  const gaps = [...new Set(samples.map((s) => s.gapS))];
  return gaps.map((gapS) => {
    const runs = samples.filter((s) => s.gapS === gapS && s.ok);
    const latencies = runs.map((s) => s.ms);
    const fresh = runs.filter((s) => s.cold).length;
    const inits = runs.flatMap((s) => (s.initDurationMs === undefined ? [] : [s.initDurationMs]));
    const note = !reportsKnown
      ? 'no REPORT lines on this target'
      : `${fresh}/${runs.length} on a fresh instance${inits.length ? `; Init Duration median ${fmt(median(inits))} ms` : ''}`;
    return {
      // the report's minutes column suits the reference's whole-minute gaps; the scaled local gaps are named in seconds
      scenario: `request after ${gapS} s idle`,
      runs: runs.length,
      idleMinutes: gapS % 60 === 0 && gapS > 0 ? gapS / 60 : undefined,
      medianMs: median(latencies),
      minMs: Math.min(...latencies),
      maxMs: Math.max(...latencies),
      cold: !reportsKnown ? undefined : fresh === runs.length ? true : fresh === 0 ? false : undefined,
      note,
    };
  });
}

async function localGaps(target: Target, plan: BenchPlan, reports: ReportLog, progress: ProgressSink): Promise<GapSample[]> {
  const { send, close } = httpPostSender(`${target.apiUrl}/predict`, predictBody(1), 1);
  const samples: GapSample[] = [];
  try {
    await send(); // an instance the first gap can find warm
    for (let round = 0; round < plan.coldRepeats; round++) {
      for (const gapS of plan.coldGapsS) {
        progress.update(
          `cold starts: round ${round + 1}/${plan.coldRepeats}, idle ${gapS} s (idle timeout ${(target.idleTimeoutMs ?? 0) / 1000} s)`,
        );
        await sleep(gapS * 1000);
        const fromMs = Date.now();
        const sample = await timed(send, realClock);
        const init = reports.between(fromMs, Date.now()).find((r) => r.initDurationMs !== undefined);
        samples.push({ ...sample, gapS, cold: init !== undefined, initDurationMs: init?.initDurationMs });
      }
    }
  } finally {
    close();
  }
  return samples;
}

async function deployedGaps(target: Target, progress: ProgressSink): Promise<GapSample[]> {
  const { send, close } = httpPostSender(`${target.apiUrl}/predict`, predictBody(1), 1);
  progress.update(`cold starts: AWS reference gaps (${IDLE_GAP_MINUTES.join('/')} min), about an hour`);
  try {
    const samples = await afterIdleGaps(send, IDLE_GAP_MINUTES);
    return samples.map((s) => ({ ...s, gapS: s.idleMinutes * 60 }));
  } finally {
    close();
  }
}

export async function runColdStarts(
  target: Target,
  plan: BenchPlan,
  reports: ReportLog,
  progress: ProgressSink,
  useFullIdleGaps: boolean,
): Promise<ColdStartOutcome | undefined> {
  const samples =
    target.idleTimeoutMs !== undefined
      ? await localGaps(target, plan, reports, progress)
      : useFullIdleGaps
        ? await deployedGaps(target, progress)
        : undefined;
  return samples && { rows: gapRows(samples, reports.available), samples };
}

/** The cold wave of the sync scenario as a cold-start row, plus the Init Durations of its REPORT lines. */
export function coldWaveRows(
  name: string,
  samples: readonly Sample[],
  initDurationsMs: readonly number[],
  reportsKnown: boolean,
): ColdStartRow[] {
  const latencies = samples.filter((s) => s.ok).map((s) => s.ms);
  if (!latencies.length) return [];
  const rows: ColdStartRow[] = [
    {
      scenario: name,
      runs: latencies.length,
      medianMs: median(latencies),
      minMs: Math.min(...latencies),
      maxMs: Math.max(...latencies),
      cold: reportsKnown ? initDurationsMs.length > 0 : undefined,
      note: 'client round trip',
    },
  ];
  if (initDurationsMs.length) {
    rows.push({
      scenario: 'Init Duration (REPORT lines of the cold wave)',
      runs: initDurationsMs.length,
      medianMs: median(initDurationsMs),
      minMs: Math.min(...initDurationsMs),
      maxMs: Math.max(...initDurationsMs),
      cold: true,
      note: 'process start + handler module import + model session',
    });
  }
  return rows;
}
