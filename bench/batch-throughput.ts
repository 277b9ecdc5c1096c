/**
 * Issue 4's batch goals on the local stack, measured the same way each time:
 *   node bench/batch-throughput.ts [--rows 1000000] [--runs 5] [--instances 2] [--steps] [ENV=VALUE ...]
 * One warm-up job, then `runs` jobs of `rows` four-feature rows (PUT completing → summary written), then `runs`
 * one-row jobs. Prints each run, then medians: wall time, rows/s, and the CPU time the whole stack spent (this
 * process, which hosts the stack, plus every Lambda instance): CPU time barely moves with the machine's load,
 * wall time does (2 shared cores), so compare changes by CPU time and read rows/s on a quiet machine.
 * ENV=VALUE pairs go into the function's environment (e.g. CHUNK_TARGET_BYTES=8388608).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { startTestStack } from '../test/helpers/local-stack.ts';
import { csvByteLength, csvChunks } from './csv-generator.ts';

/** Summary polling interval: short, so the figure is the job's time rather than the poll's, yet a HEAD (~1.5 ms CPU) every 20 ms leaves the cores to the job. */
const POLL_MS = 20;
const TICK_MS = 10; // /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ = 100 on Linux)

/** CPU ms used so far by this process (the stack) and its direct children (the Lambda instances). */
function stackCpuMs(): { stack: number; instances: number } {
  const own = process.cpuUsage();
  const stack = (own.user + own.system) / 1000;
  let ms = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) ms += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch { /* ended while we looked */ }
  }
  return { stack, instances: ms };
}

function cpuSince(before: { stack: number; instances: number }): { stack: number; instances: number; total: number } {
  const now = stackCpuMs();
  const stack = now.stack - before.stack;
  const instances = now.instances - before.instances;
  return { stack, instances, total: stack + instances };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, instances: { type: 'string', default: '2' }, steps: { type: 'boolean', default: false } },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const environment = Object.fromEntries(positionals.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const body = Buffer.concat([...csvChunks(rows)], csvByteLength(rows));
  const stack = await startTestStack({ environment, concurrency: Number(values.instances) });
  const small = 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n';
  try {
    await stack.put('input', 'warm.csv', small);
    await stack.waitForSummary('warm.csv');
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const key = `bench/big-${run}.csv`;
      const cpuBefore = stackCpuMs();
      await stack.put('input', key, body);
      const put = Date.now();
      const summary = await stack.waitForSummary(key, 600_000, POLL_MS);
      const wall = Date.now() - put;
      const cpu = cpuSince(cpuBefore);
      walls.push(wall);
      cpus.push(cpu.total);
      console.log(`run ${run}: ${rows.toLocaleString()} rows (${(body.length / 1e6).toFixed(1)} MB) ${wall} ms PUT→summary, ${Math.round(rows / (wall / 1000)).toLocaleString()} rows/s, CPU ${Math.round(cpu.total)} ms (stack process ${Math.round(cpu.stack)}, Lambda instances ${Math.round(cpu.instances)}), ${summary.chunks} chunk(s), ${summary.status}`);
      if (values.steps) await printSteps(stack, summary.jobId, put);
    }
    const smalls: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const key = `bench/small-${run}.csv`;
      await stack.put('input', key, small);
      const put = Date.now();
      await stack.waitForSummary(key, 60_000, POLL_MS);
      smalls.push(Date.now() - put);
    }
    console.log(`median of ${runs}: ${median(walls)} ms, ${Math.round(rows / (median(walls) / 1000)).toLocaleString()} rows/s, CPU ${Math.round(median(cpus))} ms; one-row job PUT→summary ${median(smalls)} ms (runs ${smalls.join(', ')})`);
    console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await stack.stop();
  }
}

/** The job's probe records: when each step started after the PUT, and how long it took. */
async function printSteps(stack: Awaited<ReturnType<typeof startTestStack>>, jobId: string, put: number): Promise<void> {
  const out = await stack.dynamodb.send(new QueryCommand({ TableName: 'Probes', KeyConditionExpression: 'runId = :r', ExpressionAttributeValues: { ':r': { S: jobId } } }));
  const items = (out.Items ?? []).sort((a, b) => Number(a.startMs?.N) - Number(b.startMs?.N));
  for (const item of items) {
    console.log(`  ${item.step?.S}${item.chunk?.N === undefined ? '' : ` ${item.chunk.N}`}: +${Number(item.startMs?.N) - put} ms, ${Number(item.endMs?.N) - Number(item.startMs?.N)} ms`);
  }
}

await main();
