import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { renderReport } from './report.ts';
import type { BenchResults, MachineInfo } from './types.ts';

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null; // not a checkout, or git missing: the results stay valid without it
  }
}

/** Where the figures were measured: they mean little without the machine and the commit. */
export function machineInfo(repoRoot = process.cwd()): MachineInfo {
  const cpuList = cpus();
  const status = git(['status', '--porcelain'], repoRoot);
  return {
    os: type(),
    release: release(),
    arch: arch(),
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    gitCommit: git(['rev-parse', 'HEAD'], repoRoot),
    gitDirty: status === null ? null : status.length > 0,
  };
}

/** `2026-11-26T10:58:03.123Z` → `2026-11-26T10-58-03Z`: sortable and valid on every file system. */
export function timestampDir(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
}

/** `latencyOverTime` → `latency-over-time.svg`. */
export function chartFile(key: string): string {
  return `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.svg`;
}

export interface WrittenResults {
  dir: string;
  files: string[];
}

/**
 * Writes `<resultsRoot>/<timestamp>/{results.json, report.md, <chart>.svg}`. The machine info is added when the
 * results carry none; chart files are linked from the report.
 */
export function writeResults(
  results: BenchResults,
  charts: Record<string, string>,
  options: { resultsRoot: string; date?: Date; repoRoot?: string },
): WrittenResults {
  const dir = join(options.resultsRoot, timestampDir(options.date ?? new Date()));
  mkdirSync(dir, { recursive: true });
  const chartFiles = Object.fromEntries(Object.keys(charts).map((key) => [key, chartFile(key)]));
  const full: BenchResults = {
    ...results,
    machine: results.machine ?? machineInfo(options.repoRoot),
    charts: { ...results.charts, ...chartFiles },
  };
  const files = ['results.json', 'report.md', ...Object.values(chartFiles)];
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(full, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), renderReport(full));
  for (const [key, svg] of Object.entries(charts)) writeFileSync(join(dir, chartFiles[key]), svg);
  return { dir, files };
}
