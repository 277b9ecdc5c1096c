/**
 * The local Step Functions' orchestration overhead per child of a Distributed Map, beside the inline Map's:
 *   node bench/map-overhead.ts [--items 200] [--runs 5] [--concurrency 1,8] [--out bench/results]
 * Two state machines over the same items `{ index: i }`, with the same child (one Lambda task; a JS function that
 * returns its payload at once stands in for the function) and the same MaxConcurrency: an inline Map over `ItemsPath`,
 * and a Distributed Map reading a JSON manifest from S3 (ItemReader), EXPRESS children, results written to S3
 * (ResultWriter). Each MaxConcurrency gets one warm-up run of each (not counted), then `--runs` runs of each in turn.
 * Every figure comes from the execution histories (the parent's; a Distributed Map's children's for their tasks),
 * never from a clock around API calls: bench/lib/map-overhead.ts defines them (overhead per child = (slots × span −
 * Σ task) / N, wall per child, start latency, setup, close). Prints a markdown table of medians and p90 over the
 * runs and writes every run's figures to `<out>/<timestamp>/map-overhead.json`.
 * Services as test/integration/local-distributed-map.test.ts starts them: the local S3, Step Functions and the edge in
 * this process, driven over HTTP by the AWS SDK.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeMapRunCommand, ListExecutionsCommand, ListMapRunsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startEdge } from '../local/edge/index.ts';
import { lambdaFunctionArn, LOCAL_REGION, stateMachineArn } from '../local/local-names.ts';
import { startS3 } from '../local/s3/index.ts';
import { s3MapRunStorage, startStepFunctions, type AslDefinition, type StateMachineSpec } from '../local/stepfunctions/index.ts';
import { BenchArgumentError } from './errors.ts';
import { distributedMapTimes, inlineMapTimes, mapOverhead, summarizeMapRuns, type MapOverhead } from './lib/map-overhead.ts';
import { ms, num, table } from './lib/markdown.ts';
import { machineInfo, timestampDir } from './lib/write-results.ts';
import { positiveInt } from './options.ts';
import { progressLine } from './progress.ts';
import { executionHistory } from './scenarios/aws-reads.ts';

const BUCKET = 'map-overhead';
const MANIFEST_KEY = 'manifest.json';
const FUNCTION_ARN = lambdaFunctionArn('map-overhead-child');
const MAP_KINDS = ['inline', 'distributed'] as const;
type MapKind = (typeof MAP_KINDS)[number];

interface Options {
  items: number;
  runs: number;
  concurrencies: number[];
  out: string;
}

/** The Map's child: one Lambda task, the item as the payload, the function's answer as the output. */
const CHILD = {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

function definition(kind: MapKind, maxConcurrency: number): AslDefinition {
  const fields =
    kind === 'inline'
      ? { ItemsPath: '$.items', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...CHILD } }
      : {
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: BUCKET, 'Key.$': '$.manifestKey' },
          },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...CHILD },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, 'Prefix.$': '$.resultPrefix' } },
        };
  return { StartAt: 'Children', States: { Children: { Type: 'Map', MaxConcurrency: maxConcurrency, End: true, ...fields } } };
}

const machineName = (kind: MapKind, maxConcurrency: number): string => `${kind}-c${maxConcurrency}`;

function parseOptions(repoRoot: string): Options {
  const { values } = parseArgs({
    options: {
      items: { type: 'string' },
      runs: { type: 'string' },
      concurrency: { type: 'string', default: '1,8' },
      out: { type: 'string', default: join(repoRoot, 'bench', 'results') },
    },
    strict: true,
  });
  const concurrencies = [...new Set(values.concurrency.split(',').map((c) => positiveInt('concurrency', c.trim(), 0)))];
  if (concurrencies.some((c) => c > 40)) throw new BenchArgumentError('--concurrency: an inline Map runs at most 40 iterations at once');
  return { items: positiveInt('items', values.items, 200), runs: positiveInt('runs', values.runs, 5), concurrencies, out: values.out };
}

interface Services {
  sfnClient: SFNClient;
  s3Client: S3Client;
  waitForExecution(executionArn: string): Promise<unknown>;
  stop(): Promise<void>;
}

async function startServices(dataDir: string, machines: StateMachineSpec[]): Promise<Services> {
  const s3 = await startS3({ dataDir, buckets: [BUCKET] });
  let edgeUrl = '';
  const sfn = await startStepFunctions({
    stateMachines: machines,
    invokeLambda: async (_arn, payload) => payload,
    mapRunStorage: s3MapRunStorage(() => edgeUrl, LOCAL_REGION),
  });
  const edge = await startEdge({ port: 0, routes: { s3: s3.listener, stepfunctions: sfn.listener } });
  edgeUrl = edge.url;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sfnClient = new SFNClient({ endpoint: edge.url, region: LOCAL_REGION, credentials });
  const s3Client = new S3Client({ endpoint: edge.url, region: LOCAL_REGION, forcePathStyle: true, credentials });
  return {
    sfnClient,
    s3Client,
    waitForExecution: (arn) => sfn.waitForExecution(arn),
    stop: async () => {
      sfnClient.destroy();
      s3Client.destroy();
      await edge.stop();
      await sfn.stop();
      await s3.stop();
    },
  };
}

/** The child executions' ARNs of the execution's only map run, after checking each item got its child. */
async function childExecutions(sfn: SFNClient, executionArn: string, items: number): Promise<string[]> {
  const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
  const mapRunArn = mapRuns?.[0]?.mapRunArn;
  const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  if (run.itemCounts?.succeeded !== items)
    throw new Error(`map run ${mapRunArn}: ${run.itemCounts?.succeeded} of ${items} items succeeded`);
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000, nextToken }));
    arns.push(...(page.executions ?? []).map((e) => e.executionArn!));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

/** One execution of the Map, measured from its history (and its children's). */
async function measure(services: Services, kind: MapKind, maxConcurrency: number, items: number, run: string): Promise<MapOverhead> {
  const { sfnClient: sfn } = services;
  const input =
    kind === 'inline'
      ? { items: Array.from({ length: items }, (_, index) => ({ index })) }
      : { manifestKey: MANIFEST_KEY, resultPrefix: `results/${run}` };
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: stateMachineArn(machineName(kind, maxConcurrency)),
      name: run,
      input: JSON.stringify(input),
    }),
  );
  await services.waitForExecution(executionArn!);
  const parent = await executionHistory(sfn, executionArn!);
  if (kind === 'inline') return checked(mapOverhead(inlineMapTimes(parent), maxConcurrency), items);
  const children = [];
  for (const child of await childExecutions(sfn, executionArn!, items)) children.push(await executionHistory(sfn, child));
  return checked(mapOverhead(distributedMapTimes(parent, children), maxConcurrency), items);
}

function checked(overhead: MapOverhead, items: number): MapOverhead {
  if (overhead.children !== items) throw new Error(`the history shows ${overhead.children} children for ${items} items`);
  return overhead;
}

interface Measured {
  map: MapKind;
  maxConcurrency: number;
  runs: MapOverhead[];
}

async function measureAll(services: Services, options: Options): Promise<Measured[]> {
  const progress = progressLine();
  const measured: Measured[] = [];
  for (const maxConcurrency of options.concurrencies) {
    const byKind = MAP_KINDS.map((map) => ({ map, maxConcurrency, runs: [] as MapOverhead[] }));
    for (let run = 0; run <= options.runs; run++) {
      for (const entry of byKind) {
        const label = run === 0 ? 'warm-up' : `run ${run}/${options.runs}`;
        progress.update(`MaxConcurrency ${maxConcurrency}, ${entry.map} Map, ${options.items} items: ${label}`);
        const overhead = await measure(services, entry.map, maxConcurrency, options.items, `${entry.map}-c${maxConcurrency}-${run}`);
        progress.update(`MaxConcurrency ${maxConcurrency}, ${entry.map} Map: ${label}: ${overhead.overheadPerChildMs.toFixed(2)} ms/child`);
        if (run > 0) entry.runs.push(overhead);
      }
    }
    measured.push(...byKind);
  }
  progress.done();
  return measured;
}

function report(measured: Measured[], options: Options): string {
  const rows = measured.map(({ map, maxConcurrency, runs }) => {
    const s = summarizeMapRuns(runs);
    return [
      map,
      maxConcurrency,
      options.items,
      num(s.overheadPerChildMs.median, 2),
      num(s.overheadPerChildMs.p90, 2),
      num(s.wallPerChildMs.median, 2),
      num(s.startLatencyMs.median, 2),
      num(s.startLatencyMs.p90, 2),
      num(s.startLatencyMs.mean, 2),
      ms(s.setupMs.median),
      ms(s.closeMs.median),
    ];
  });
  const headers = [
    'Map',
    'MaxConcurrency',
    'items',
    'overhead/child ms (median)',
    'p90',
    'wall/child ms (median)',
    'start latency ms (median)',
    'p90',
    'mean',
    'setup ms (median)',
    'close ms (median)',
  ];
  return `Per-child orchestration overhead, local Step Functions, medians and p90 over ${options.runs} runs (start latency: over every child of every run)\n\n${table(headers, rows)}`;
}

async function main(): Promise<void> {
  const repoRoot = join(import.meta.dirname, '..');
  const options = parseOptions(repoRoot);
  const startedAt = new Date();
  const machines = options.concurrencies.flatMap((c) =>
    MAP_KINDS.map((kind) => ({ name: machineName(kind, c), arn: stateMachineArn(machineName(kind, c)), definition: definition(kind, c) })),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'map-overhead-'));
  const services = await startServices(dataDir, machines);
  try {
    const manifest = JSON.stringify(Array.from({ length: options.items }, (_, index) => ({ index })));
    await services.s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: MANIFEST_KEY, Body: manifest }));
    const measured = await measureAll(services, options);
    console.log(report(measured, options));
    const dir = join(options.out, timestampDir(startedAt));
    mkdirSync(dir, { recursive: true });
    const results = measured.map((m) => ({ ...m, summary: summarizeMapRuns(m.runs) }));
    const file = join(dir, 'map-overhead.json');
    writeFileSync(
      file,
      `${JSON.stringify({ startedAt: startedAt.toISOString(), machine: machineInfo(repoRoot), options, results }, null, 2)}\n`,
    );
    console.log(`\nwrote ${file}`);
  } finally {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
