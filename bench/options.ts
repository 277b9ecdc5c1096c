/** Command line of `npm run bench` → BenchOptions, and the scenario plan of a quick or a full run. */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { BenchArgumentError } from './errors.ts';
import { SCENARIOS } from './types.ts';
import type { BenchOptions, BenchPlan, ScenarioName, TargetConfig } from './types.ts';

export const USAGE = `npm run bench -- [--quick] [--memory-mb N] [--out DIR] [--only sync,cold,batch,experiments]
  local (default): starts its own stack on free ports  [--instances 10] [--idle-timeout-ms 2000]
  deployed:        --api-url URL --input-bucket B --output-bucket B --table PROBES_TABLE --region R [--full-idle-gaps]`;

const DEPLOYED_FLAGS = ['api-url', 'input-bucket', 'output-bucket', 'table', 'region'] as const;

/** `ENV=VALUE` arguments → the environment they set (the value is all after the first `=`). */
export function environmentPairs(args: readonly string[]): Record<string, string> {
  return Object.fromEntries(args.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

export function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new BenchArgumentError(`--${name} must be a positive integer, got ${raw}`);
  return value;
}

function targetFrom(values: Record<string, string | boolean | undefined>): TargetConfig {
  const given = DEPLOYED_FLAGS.filter((flag) => values[flag] !== undefined);
  if (given.length === 0) {
    return {
      kind: 'local',
      instances: positiveInt('instances', values.instances as string | undefined, 10),
      idleTimeoutMs: positiveInt('idle-timeout-ms', values['idle-timeout-ms'] as string | undefined, 2000),
    };
  }
  const missing = DEPLOYED_FLAGS.filter((flag) => values[flag] === undefined);
  // half a deployed target would silently measure something else: refuse it
  if (missing.length) throw new BenchArgumentError(`a deployed target needs ${missing.map((f) => `--${f}`).join(', ')} too`);
  const apiUrl = String(values['api-url']).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new BenchArgumentError(`--api-url must be an http(s) URL, got ${apiUrl}`);
  return {
    kind: 'deployed',
    apiUrl,
    inputBucket: String(values['input-bucket']),
    outputBucket: String(values['output-bucket']),
    table: String(values.table),
    region: String(values.region),
  };
}

function scenarioList(raw: string | undefined): ScenarioName[] {
  if (raw === undefined) return [...SCENARIOS];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length || !names.length) throw new BenchArgumentError(`--only takes ${SCENARIOS.join(', ')}; got ${raw}`);
  return names as ScenarioName[];
}

export function parseBenchArgs(argv: readonly string[], repoRoot: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      'full-idle-gaps': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      'memory-mb': { type: 'string' },
      out: { type: 'string' },
      only: { type: 'string' },
      instances: { type: 'string' },
      'idle-timeout-ms': { type: 'string' },
      ...Object.fromEntries(DEPLOYED_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
    },
    strict: true,
  });
  const target = targetFrom(values);
  if (target.kind === 'local' && values['full-idle-gaps'])
    throw new BenchArgumentError('--full-idle-gaps is for a deployed target (the local run scales the gaps to its idle timeout)');
  return {
    quick: Boolean(values.quick),
    target,
    memoryMb: values['memory-mb'] === undefined ? undefined : positiveInt('memory-mb', values['memory-mb'], 0),
    fullIdleGaps: Boolean(values['full-idle-gaps']),
    out: values.out ?? join(repoRoot, 'bench', 'results'),
    help: Boolean(values.help),
    only: scenarioList(values.only),
  };
}

/**
 * Idle gaps scaled to the runtime's idle timeout: well inside it, just inside, just past it, far past it — so the
 * table shows where an instance is reclaimed (the AWS reference idle-gap run found that point at minutes).
 */
export function scaledGapsS(idleTimeoutMs: number, quick: boolean): number[] {
  const t = idleTimeoutMs / 1000;
  const round = (s: number) => Math.round(s * 100) / 100;
  return quick ? [0, round(t * 0.25), round(t * 1.5)] : [0, round(t * 0.25), round(t * 0.75), round(t * 1.25), round(t * 2)];
}

export function benchPlan(quick: boolean, idleTimeoutMs = 2000): BenchPlan {
  return quick
    ? {
        coldWave: 4,
        syncConcurrencies: [1, 10, 32],
        syncWarmMs: 2_000,
        rowsPerRequest: [10, 100, 1000],
        rowsWarmMs: 1_500,
        batchRows: [1, 100, 10_000],
        experimentRuns: 3,
        coldGapsS: scaledGapsS(idleTimeoutMs, true),
        coldRepeats: 1,
        crossoverConcurrency: 32,
      }
    : {
        coldWave: 10,
        syncConcurrencies: [1, 10, 32],
        syncWarmMs: 20_000,
        rowsPerRequest: [10, 100, 1000],
        rowsWarmMs: 10_000,
        batchRows: [1, 100, 10_000, 1_000_000],
        experimentRuns: 10,
        coldGapsS: scaledGapsS(idleTimeoutMs, false),
        coldRepeats: 3,
        crossoverConcurrency: 32,
      };
}
