/**
 * The 1M-row job beside the hand-built batch pattern it replaces (pandas + scikit-learn: read CSV, predict, write CSV;
 * bench/peers/pandas_batch.py), on the same generated file:
 *   node bench/pandas-peer.ts [--rows 1000000] [--runs 5] [--python /usr/bin/python3] [--ours-ms <median>]
 * Prints the peer's medians (its timed read + predict + write, and the whole process: interpreter, imports and the
 * untimed fit included), then the service's median PUT → summary from bench/batch-throughput.ts (run here unless
 * `--ours-ms` gives it) and both ratios. The peer needs pandas and scikit-learn (Debian: python3-pandas python3-sklearn).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { csvByteLength, csvChunks } from './csv-generator.ts';
import { median } from './lib/percentiles.ts';

interface PeerRun {
  totalMs: number;
  processMs: number;
}

function runPeer(python: string, input: string, output: string): PeerRun {
  const started = performance.now();
  const stdout = execFileSync(python, [join(import.meta.dirname, 'peers', 'pandas_batch.py'), input, output], { encoding: 'utf8' });
  const processMs = performance.now() - started;
  const { totalMs } = JSON.parse(stdout) as { totalMs: number };
  return { totalMs, processMs };
}

/** The service's median from bench/batch-throughput.ts's "median of N: X ms" line. */
function ourMedianMs(rows: number, runs: number): number {
  const script = join(import.meta.dirname, 'batch-throughput.ts');
  const stdout = execFileSync(process.execPath, [script, '--rows', String(rows), '--runs', String(runs)], { encoding: 'utf8' });
  const match = /median of \d+: (\d+) ms/.exec(stdout);
  if (!match) throw new Error(`bench/batch-throughput.ts printed no median:\n${stdout}`);
  return Number(match[1]);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
      python: { type: 'string', default: 'python3' },
      'ours-ms': { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'pandas-peer-'));
  try {
    const input = join(dir, 'input.csv');
    writeFileSync(input, Buffer.concat([...csvChunks(rows)], csvByteLength(rows)));
    const peer = Array.from({ length: runs }, () => runPeer(values.python, input, join(dir, 'output.csv')));
    const work = median(peer.map((r) => r.totalMs));
    const process = median(peer.map((r) => r.processMs));
    console.log(
      `pandas + scikit-learn, ${rows.toLocaleString('en')} rows, medians of ${runs}: read+predict+write ${work.toFixed(0)} ms; whole process ${process.toFixed(0)} ms`,
    );
    const ours = values['ours-ms'] === undefined ? ourMedianMs(rows, runs) : Number(values['ours-ms']);
    console.log(`service, PUT → summary (median): ${ours} ms`);
    console.log(`service is ${(work / ours).toFixed(2)}× the peer's read+predict+write, ${(process / ours).toFixed(2)}× its whole process`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
