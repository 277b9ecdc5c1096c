import { num, table, usd } from './markdown.ts';
import { DISTRIBUTED_MAP_PLANNED, INLINE_MAP_CEILING, INLINE_MAP_TODAY, scaleTable, scoreRateFromResults } from './scale-model.ts';
import type { ScaleRow, ScaleTable, WorkflowParams } from './scale-model-types.ts';
import type { BenchResults } from './types.ts';

/** Decimal bytes with 3 significant digits: 33.6 MB, 200 MB, 1.00 TB. */
export function bytesText(n: number): string {
  const units: Array<[number, string]> = [
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  const [scale, unit] = units.find(([s]) => n >= s) ?? [1, 'B'];
  return `${Number((n / scale).toPrecision(3))} ${unit}`;
}

/** Binary sizes as the stack configures them (32 MiB, 5 MiB). */
function mibText(n: number): string {
  return `${Number((n / 2 ** 20).toFixed(1))} MiB`;
}

/** Seconds as s under 2 min, min under 2 h, else h. */
export function durationText(seconds: number): string {
  if (seconds < 120) return `${num(seconds, seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${num(seconds / 60, 1)} min`;
  return `${num(seconds / 3600, 1)} h`;
}

function paramsLine(p: WorkflowParams, t: ScaleTable): string {
  return (
    `Parameters: Map MaxConcurrency ${num(p.mapConcurrency)}, at most ${num(p.mapInFlightCap)} in flight on AWS, ` +
    `Lambda concurrency ${num(p.lambdaConcurrency)} → **${num(t.inFlight)} chunks at once**; at most ${num(p.maxChunks)} chunks ` +
    `(target ${mibText(p.chunkTargetBytes)}, minimum ${mibText(p.minChunkBytes)}); function timeout ${p.functionTimeoutSeconds} s, ` +
    `Plan task timeout ${p.planTimeoutSeconds} s; ${p.memoryMb} MB; each chunk billed as ` +
    `${p.iterationBilling === 'express-children' ? 'one Express child execution (which runs 5 min at most)' : 'one Standard state transition'}.`
  );
}

function worksCell(r: ScaleRow, p: WorkflowParams): string {
  if (r.works) return 'yes';
  const why = r.bounds.map((b) =>
    b === 'function timeout' ? `${durationText(r.chunkSeconds)} per chunk > ${p.functionTimeoutSeconds} s timeout` : b,
  );
  return `**no**: ${why.join('; ')}`;
}

function rows(t: ScaleTable): string {
  const p = t.params;
  return table(
    [
      'input',
      'chunks × size',
      's per chunk',
      'Lambda concurrency',
      'waves',
      'wall time',
      `exact-cut plan (≤ ${p.planTimeoutSeconds} s)`,
      'Lambda GB-s',
      'Lambda requests',
      'Step Functions',
      'S3 requests',
      'total (+ DynamoDB)',
      '$ / 1M rows',
      'works?',
    ],
    t.rows.map((r) => [
      bytesText(r.inputBytes),
      `${num(r.chunks)} × ${bytesText(r.chunkBytes)}`,
      durationText(r.chunkSeconds),
      num(r.concurrency),
      num(r.waves),
      durationText(r.wallSeconds),
      `${durationText(r.exactPlanSeconds)} ${r.exactPlanFits ? 'fits' : '**does not fit**'}`,
      usd(r.cost.lambdaComputeUsd),
      usd(r.cost.lambdaRequestsUsd),
      usd(r.cost.stepFunctionsUsd),
      usd(r.cost.s3Usd),
      usd(r.cost.totalUsd),
      usd(r.cost.usdPer1MPredictions),
      worksCell(r, p),
    ]),
  );
}

function largestLine(t: ScaleTable): string {
  const l = t.largest;
  return (
    `Largest input that works: **${bytesText(l.inputBytes)}** (${l.boundedBy.join(' and ') || 'search ceiling'} beyond it); ` +
    `with a quote near a cut (exact-cut plan): **${bytesText(l.exactPlanInputBytes)}** (Plan reads the whole object in one invocation).`
  );
}

function designTable(t: ScaleTable): string {
  return [`### ${t.params.label}`, paramsLine(t.params, t), rows(t), largestLine(t)].join('\n\n');
}

function assumptionsText(t: ScaleTable): string[] {
  const a = t.assumptions;
  const r = t.rate;
  return [
    `Score rate (${r.source}): ${bytesText(r.bytesPerSecond)}/s per chunk on one local core, taken as one vCPU. Lambda gives one full vCPU ` +
      `at ${num(a.fullVcpuMemoryMb)} MB and a proportional share below, so at ${t.params.memoryMb} MB one chunk scores ` +
      `${bytesText(t.laneBytesPerSecond)}/s (scoring a chunk is one thread: more memory than ${num(a.fullVcpuMemoryMb)} MB is not counted). ` +
      `Wall time = ${Math.round(r.overheadMs)} ms of job overhead (${r.measured ? 'measured' : 'default'}: ingest, workflow start, plan, fan-in, finalize) + waves × s per chunk.`,
    `Assumed, not measured: an exact-cut plan reads the object at ${bytesText(a.planScanBytesPerSecond)}/s (S3 into one Lambda; its quote ` +
      `scan runs at GB/s); scored output is ${a.outputBytesPerInputByte}× the input (Iris rows gain prediction, label and three probabilities), which is the part Finalize copies. ` +
      'Not modelled: Finalize’s server-side part copies, retries, Lambda’s scaling rate (1,000 new environments per 10 s per function), ' +
      'a Distributed Map’s ItemReader/ResultWriter requests. Costs: bench/lib/prices.json (us-east-1), free tiers ignored.',
  ];
}

/**
 * Where the batch workflow stops, from this run's per-chunk rate (the default rate when no batch job measured one):
 * today's inline Map, the same at its largest mapConcurrency, and the planned Distributed Map. Only in reports of runs with batch jobs.
 */
export function scaleSection(r: BenchResults): string {
  if (!r.batch?.length) return '';
  const rate = scoreRateFromResults(r.batch);
  const [today, ...others] = [INLINE_MAP_TODAY, INLINE_MAP_CEILING, DISTRIBUTED_MAP_PLANNED].map((p) => scaleTable(p, rate));
  return ['## Scale: where the batch workflow stops', ...assumptionsText(today), ...[today, ...others].map(designTable)].join('\n\n');
}
