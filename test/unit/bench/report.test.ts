import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decomposeBatch } from '../../../bench/lib/batch-decomposition.ts';
import { crossover, usageCost } from '../../../bench/lib/cost.ts';
import { emptyUsage } from '../../../local/meter/index.ts';
import { chainOverheadFromHistory, fanOutFromHistory } from '../../../bench/lib/execution-overhead.ts';
import { summarize } from '../../../bench/lib/percentiles.ts';
import { renderReport } from '../../../bench/lib/report.ts';
import { chartFile, timestampDir, writeResults } from '../../../bench/lib/write-results.ts';
import type { BatchTimes, BenchResults } from '../../../bench/lib/types.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/bench/${name}`, import.meta.url), 'utf8'));

function results(): BenchResults {
  const batchTimes = fixture('batch-job-probes.json') as BatchTimes;
  const samples = [10, 11, 12, 13, 40].map((ms, i) => ({ startMs: i * 10, ms, ok: true }));
  const sync = { latencyMs: 12, rowsPerRequest: 1, concurrency: 8, usdPerRequest: 3.9e-6 };
  const batch = { fixedMs: 1500, msPerRow: 0.02, fixedUsd: 0.0004, usdPerRow: 2e-9 };
  return {
    title: 'Fixture bench',
    startedAt: '2026-11-26T10:00:00.000Z',
    sync: [{ name: 'sequential (c=1)', concurrency: 1, rowsPerRequest: 1, summary: summarize(samples) }],
    coldStarts: [{ scenario: 'fresh process', runs: 5, medianMs: 180, minMs: 170, maxMs: 230, cold: true }],
    batch: [{ name: 'fixture 2.5k rows', rows: 2500, bytes: 50_000, decomposition: decomposeBatch(batchTimes) }],
    experiments: {
      chain: [chainOverheadFromHistory(fixture('reference-chain-history.json'))],
      parallel: [fanOutFromHistory(fixture('reference-parallel-history.json'))],
    },
    cost: {
      sync: [
        {
          label: 'sync, 1 row/request',
          breakdown: usageCost(
            {
              ...emptyUsage(),
              apiGateway: { requests: 1 },
              lambda: { requests: 1, coldStarts: 0, billedMs: 9, gbSeconds: 0.009, modelledGbSeconds: 0.009 },
            },
            1,
          ),
        },
      ],
      batch: [
        {
          label: 'batch, 2.5k rows',
          breakdown: usageCost(
            { ...emptyUsage(), lambda: { requests: 6, coldStarts: 0, billedMs: 3040, gbSeconds: 6.08, modelledGbSeconds: 6.08 } },
            2500,
          ),
        },
      ],
    },
    crossover: { ...crossover(sync, batch), sync, batch },
  };
}

test('the report has the sync, cold-start, batch, decomposition, cost and crossover tables', () => {
  // act
  const md = renderReport(results());
  // assert
  assert.ok(md.startsWith('# Fixture bench\n'));
  assert.ok(
    md.includes(
      '| scenario | concurrency | rows/request | memory MB | requests | errors | mean ms | p50 ms | p95 ms | p99 ms | max ms | req/s |',
    ),
  );
  assert.ok(md.includes('| sequential (c=1) | 1 | 1 | – | 5 | 0 | 17.2 | 12.0 | 40.0 | 40.0 | 40.0 |'));
  assert.ok(md.includes('| AWS reference (Locust, 10 users, 60 s) |'));
  assert.ok(md.includes('| fresh process | – | 5 | 180 | 170 | 230 | yes | – |'));
  assert.ok(md.includes('| fixture 2.5k rows | 2,500 | 0.1 | 3 | 1690 | 1,479 | 2 | 1 |'));
  assert.ok(md.includes('| fan-out delay (plan end → last chunk start) | 300 |'));
  assert.ok(md.includes('| **orchestration overhead** (no task running) | 300 (17.8 %) |'));
  assert.ok(
    md.includes(
      '| sync, 1 row/request | 1 | $0.00000385 | $3.85 | Lambda requests $2.00e-7; Lambda compute (billed) $1.50e-7; API Gateway REST $0.00000350 |',
    ),
  );
  assert.match(md, /Batch is cheaper from [\d,]+ rows; batch is faster from [\d,]+ rows\./);
});

test('the experiment tables have the CHAIN and PARALLEL form with the AWS reference figures beside the local ones', () => {
  // act
  const md = renderReport(results());
  // assert
  assert.ok(md.includes('### 1. Chain experiment (execution history)'));
  assert.ok(md.includes('| Metric / Event | Local | AWS reference | Notes |'));
  assert.ok(md.includes('| `T_A_start` (raw) | 16:42:47.330 | 16:42:47.330 | TaskStateEntered for A |'));
  assert.ok(md.includes('| `Overhead_AB` | 23.0 ms | 23 ms | = T_B_start − T_A_end |'));
  assert.ok(md.includes('| `Overhead_BC` | 27.0 ms | 27 ms |'));
  assert.ok(md.includes('| **Overhead Percentage (%)** | 10.3 % | 10.3 % |'));
  assert.ok(md.includes('### 2. Parallel experiment (execution history)'));
  assert.ok(md.includes('| **Fan-out Delay** | 102 ms | 102 ms |'));
  assert.ok(md.includes('| **Overhead Percentage (%)** | 27.6 % | 27.6 % |'));
});

test('the scale section shows the Distributed Map at the defaults and sized for AWS, and the former inline Map', () => {
  // prepare: the fixture's chunks (50 kB over 3) are too small to give a bytes/s rate
  const withMeasuredJob = results();
  withMeasuredJob.batch![0] = { ...withMeasuredJob.batch![0], rows: 1_000_000, bytes: 16_000_000 };

  // act
  const md = renderReport(results());
  const measured = renderReport(withMeasuredJob);

  // assert
  assert.ok(md.includes('## Scale: where the batch workflow stops'));
  assert.ok(md.includes('Score rate (default: the 1M-row 16 MB job of bench/results/example'));
  assert.ok(md.includes('| design | chunks at once | largest input that works | bounded by | wall time at it |'));
  assert.ok(
    md.includes(
      '| Distributed Map (stack defaults: mapConcurrency 8, reservation 50) | 8 | 3.94 TB | chunk task timeout (71 s) | 24.7 h |',
    ),
  );
  assert.ok(
    md.includes('| Inline Map at 40 at once (former design, not deployed) | 40 | 832 GB | chunk function timeout (300 s) | 65.0 min |'),
  );
  assert.match(
    md,
    /only a faster chunk does\. At `-c memorySize=1769` \(one full vCPU\) a chunk scores 9\.59 MB\/s and the Distributed Map goes to \*\*6\.81 TB\*\*/,
  );
  assert.ok(md.includes('### Distributed Map (stack defaults: mapConcurrency 8, reservation 50)'));
  assert.ok(
    md.includes(
      "Lambda concurrency 50 → **8 chunks at once**; at most 10,000 chunks (target 32 MiB, minimum 5 MiB); ScoreChunk's task timeout 71 s",
    ),
  );
  assert.ok(md.includes('| 100 GB | 2,981 × 33.6 MB | 6.0 s | 8 | 373 | 37.6 min |'));
  assert.match(md, /\| 1 TB \| 10,000 × 100 MB \| 18 s \| 8 \| 1,250 \| 6\.3 h \| .* \| yes \|/);
  assert.ok(md.includes('### Distributed Map sized for AWS (mapConcurrency = taskReservedConcurrency = 800)'));
  assert.ok(md.includes('Deploy: `npx cdk deploy -c mapConcurrency=800 -c taskReservedConcurrency=800`'));
  assert.match(md, /\| 1 TB \| 10,000 × 100 MB \| 18 s \| 800 \| 13 \| 3\.9 min \| .* \| yes \|/);
  assert.match(
    md,
    /Largest input that works: \*\*3\.94 TB\*\* \(chunk task timeout \(71 s\) beyond it\): 10,000 chunks of 394 MB, 71 s each, 15\.4 min wall time/,
  );
  assert.ok(md.includes('### Inline Map at 40 at once (former design, not deployed)'));
  assert.match(md, /\| 1 TB \| 500 × 2 GB \| 6\.0 min \| .* \| \*\*no\*\*: 6\.0 min per chunk > 300 s function timeout \|/);
  assert.ok(!md.includes('exact-cut'));
  assert.match(measured, /Score rate \(measured: job "fixture 2\.5k rows" of this run \(3 chunks of 5\.3 MB/);
});

test('sections without results are left out', () => {
  const md = renderReport({ startedAt: '2026-11-26T10:00:00.000Z' });
  assert.equal(md, '# Benchmark report\n\nStarted 2026-11-26T10:00:00.000Z.\n');
});

test('writeResults writes results.json with machine info, report.md linking the charts, and the SVGs', () => {
  // prepare
  const root = mkdtempSync(join(tmpdir(), 'bench-results-'));
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  try {
    // act
    const written = writeResults(results(), { batchDecomposition: svg }, { resultsRoot: root, date: new Date('2026-11-26T10:58:03.123Z') });
    // assert
    assert.equal(written.dir, join(root, '2026-11-26T10-58-03Z'));
    for (const file of written.files) assert.ok(existsSync(join(written.dir, file)), file);
    const json = JSON.parse(readFileSync(join(written.dir, 'results.json'), 'utf8')) as BenchResults;
    assert.equal(json.machine?.node, process.version);
    assert.ok((json.machine?.cpus ?? 0) > 0);
    assert.ok(json.machine?.gitCommit === null || /^[0-9a-f]{40}$/.test(json.machine?.gitCommit ?? ''));
    assert.deepEqual(json.charts, { batchDecomposition: 'batch-decomposition.svg' });
    assert.ok(readFileSync(join(written.dir, 'report.md'), 'utf8').includes('![Batch latency decomposition](batch-decomposition.svg)'));
    assert.equal(readFileSync(join(written.dir, 'batch-decomposition.svg'), 'utf8'), svg);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('timestamp directories and chart file names are file-system safe', () => {
  assert.equal(timestampDir(new Date('2026-01-02T03:04:05.678Z')), '2026-01-02T03-04-05Z');
  assert.equal(chartFile('latencyOverTime'), 'latency-over-time.svg');
});
