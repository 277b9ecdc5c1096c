import { clock, ms, pct, table } from './markdown.ts';
import { median } from './percentiles.ts';
import { REFERENCE_CHAIN, REFERENCE_PARALLEL } from './reference-figures.ts';
import type { ChainOverhead, ParallelOverhead } from './types.ts';

/** `Chain_Step_A` → `A`: the reference metric names (`T_A_start`, `Overhead_AB`) use the short step name. */
function short(name: string): string {
  return name.replace(/^Chain_Step_/, '');
}

/** The run whose headline figure is the median of all runs (a real run, not a mix of runs). */
export function medianRun<T>(runs: readonly T[], key: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function spreadLine(label: string, values: number[], unit: (n: number) => string): string {
  if (values.length < 2) return '';
  return `${label} over ${values.length} runs: median ${unit(median(values))}, min ${unit(Math.min(...values))}, max ${unit(Math.max(...values))}.`;
}

/** The CHAIN table: Metric / Event | Local | AWS reference | Notes. */
export function chainTable(runs: readonly ChainOverhead[]): string {
  const run = medianRun(runs, (r) => r.overheadPct);
  const startEvent = run.source === 'history' ? 'TaskStateEntered' : 'probe start';
  const endEvent = run.source === 'history' ? 'TaskSucceeded' : 'probe end';
  const rows: Array<Array<string | number>> = [];
  run.steps.forEach((step, i) => {
    const s = short(step.name);
    const last = i === run.steps.length - 1;
    rows.push([`\`T_${s}_start\` (raw)`, clock(step.enteredMs), REFERENCE_CHAIN.raw[`${s}_start`] ?? '–', `${startEvent} for ${s}`]);
    if (last)
      rows.push([
        `\`T_${s}_exit\` (raw)`,
        clock(step.exitedMs),
        REFERENCE_CHAIN.raw[`${s}_exit`] ?? '–',
        run.source === 'history' ? `TaskStateExited for ${s}` : `probe end for ${s}`,
      ]);
    else rows.push([`\`T_${s}_end\` (raw)`, clock(step.succeededMs), REFERENCE_CHAIN.raw[`${s}_end`] ?? '–', `${endEvent} for ${s}`]);
  });
  for (const t of run.transitions) {
    const key = `${short(t.from)}${short(t.to)}`;
    rows.push([
      `\`Overhead_${key}\``,
      `${ms(t.overheadMs)} ms`,
      referenceMs(REFERENCE_CHAIN.overheadMs[key]),
      `= T_${short(t.to)}_start − T_${short(t.from)}_end`,
    ]);
  }
  rows.push([
    '**Total Orchestration Overhead**',
    `${ms(run.totalOverheadMs)} ms`,
    referenceMs(REFERENCE_CHAIN.totalOverheadMs),
    '= Σ Overhead',
  ]);
  rows.push([
    '**Total Internal Processing Time**',
    `${ms(run.totalMs)} ms`,
    referenceMs(REFERENCE_CHAIN.totalMs),
    '= T_last_exit − T_first_start',
  ]);
  rows.push([
    '**Overhead Percentage (%)**',
    pct(run.overheadPct),
    pct(REFERENCE_CHAIN.overheadPct),
    '= Total Overhead / Total Internal × 100',
  ]);
  const spread = spreadLine(
    'Overhead %',
    runs.map((r) => r.overheadPct),
    pct,
  );
  return [table(['Metric / Event', 'Local', 'AWS reference', 'Notes'], rows), spread].filter(Boolean).join('\n\n');
}

function referenceMs(value: number | undefined): string {
  return value === undefined ? '–' : `${value} ms`;
}

/** The PARALLEL table, same columns. */
export function parallelTable(runs: readonly ParallelOverhead[]): string {
  const run = medianRun(runs, (r) => r.fanOutDelayMs);
  const history = run.source === 'history';
  const rows = [
    [
      '`T_parallel_start` (raw)',
      clock(run.parallelStartMs),
      REFERENCE_PARALLEL.raw.parallel_start,
      history ? 'ParallelStateEntered' : 'execution start / trigger time',
    ],
    ['`T_first_started` (raw)', clock(run.firstStartedMs), '–', history ? 'first branch TaskStarted' : 'first branch probe start'],
    [
      '`T_last_started` (raw)',
      clock(run.lastStartedMs),
      REFERENCE_PARALLEL.raw.last_started,
      history ? 'last branch TaskStarted' : 'last branch probe start',
    ],
    [
      '`T_parallel_exit` (raw)',
      clock(run.parallelStartMs + run.totalMs),
      REFERENCE_PARALLEL.raw.parallel_exit,
      history ? 'ParallelStateExited' : 'last branch probe end',
    ],
    [
      '**Fan-out Delay**',
      `${ms(run.fanOutDelayMs)} ms`,
      referenceMs(REFERENCE_PARALLEL.fanOutDelayMs),
      '= T_last_started − T_parallel_start',
    ],
    ['Branch start spread', `${ms(run.startSpreadMs)} ms`, '–', '= T_last_started − T_first_started'],
    [
      '**Total Parallel State Duration**',
      `${ms(run.totalMs)} ms`,
      referenceMs(REFERENCE_PARALLEL.totalMs),
      '= T_parallel_exit − T_parallel_start',
    ],
    ['**Overhead Percentage (%)**', pct(run.fanOutPct), pct(REFERENCE_PARALLEL.fanOutPct), '= Fan-out Delay / Total Duration × 100'],
  ];
  const spread = spreadLine(
    'Fan-out delay',
    runs.map((r) => r.fanOutDelayMs),
    (n) => `${ms(n)} ms`,
  );
  return [table(['Metric / Event', 'Local', 'AWS reference', 'Notes'], rows), spread].filter(Boolean).join('\n\n');
}
