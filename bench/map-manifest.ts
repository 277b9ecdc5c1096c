/**
 * The local Distributed Map over a large manifest: one map run over `--items` chunk entries (default 100,000, ten
 * times what Plan ever writes, MAX_CHUNKS) read from a JSON manifest in the local S3, EXPRESS children of one Lambda
 * task (a JS function that answers at once stands in for the function), MaxConcurrency `--concurrency`, results
 * written by ResultWriter. Checks that every item has a result (DescribeMapRun's counts and the SUCCEEDED files'
 * records) and prints wall time, time per item and the process's peak RSS:
 *   node bench/map-manifest.ts [--items 100000] [--concurrency 1000]
 * Services as bench/map-overhead.ts starts them: the local S3, Step Functions and the edge in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, DescribeMapRunCommand, ListMapRunsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startEdge } from '../local/edge/index.ts';
import { lambdaFunctionArn, LOCAL_REGION, stateMachineArn } from '../local/local-names.ts';
import { startS3 } from '../local/s3/index.ts';
import { s3MapRunStorage, startStepFunctions } from '../local/stepfunctions/index.ts';
import { positiveInt } from './options.ts';

const BUCKET = 'map-manifest';
const MACHINE = 'map-manifest';

function definition(concurrency: number): Record<string, unknown> {
  const work = {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: lambdaFunctionArn('map-manifest-child'), 'Payload.$': '$' },
    OutputPath: '$.Payload',
    End: true,
  };
  return {
    StartAt: 'Chunks',
    States: {
      Chunks: {
        Type: 'Map',
        End: true,
        MaxConcurrency: concurrency,
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: BUCKET, Key: 'chunks.json' },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: 'map-runs' } },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Work', States: { Work: work } },
      },
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { items: { type: 'string' }, concurrency: { type: 'string' } } });
  const items = positiveInt('items', values.items, 100_000);
  const concurrency = positiveInt('concurrency', values.concurrency, 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'map-manifest-'));
  const s3Service = await startS3({ dataDir, buckets: [BUCKET] });
  let edgeUrl = '';
  const sfn = await startStepFunctions({
    stateMachines: [{ name: MACHINE, arn: stateMachineArn(MACHINE), definition: definition(concurrency) as never }],
    invokeLambda: async (_arn, payload) => ({ scored: (payload as { index: number }).index }),
    mapRunStorage: s3MapRunStorage(() => edgeUrl, LOCAL_REGION),
  });
  const edge = await startEdge({ port: 0, routes: { s3: s3Service.listener, stepfunctions: sfn.listener } });
  edgeUrl = edge.url;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sfnClient = new SFNClient({ endpoint: edge.url, region: LOCAL_REGION, credentials });
  const s3 = new S3Client({ endpoint: edge.url, region: LOCAL_REGION, forcePathStyle: true, credentials });
  try {
    const manifest = Array.from({ length: items }, (_, index) => ({ index, start: index * 33_554_432, end: (index + 1) * 33_554_432 }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'chunks.json', Body: JSON.stringify(manifest) }));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const started = performance.now();
    const { executionArn } = await sfnClient.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn(MACHINE), input: '{}' }));
    await sfn.waitForExecution(executionArn!);
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const execution = await sfnClient.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'SUCCEEDED') throw new Error(`execution ${execution.status}: ${execution.cause}`);
    const { mapRuns } = await sfnClient.send(new ListMapRunsCommand({ executionArn }));
    const run = await sfnClient.send(new DescribeMapRunCommand({ mapRunArn: mapRuns![0]!.mapRunArn }));
    const results = await resultRecords(s3, JSON.parse(execution.output!).ResultWriterDetails.Key);
    if (run.itemCounts?.succeeded !== items || results !== items)
      throw new Error(`${items} items: ${run.itemCounts?.succeeded} succeeded, ${results} result records`);
    console.log(
      `${items.toLocaleString('en-US')} items, MaxConcurrency ${concurrency}: SUCCEEDED in ${(wallMs / 1000).toFixed(1)} s ` +
        `(${(wallMs / items).toFixed(3)} ms per item), every item has its result, peak RSS ${Math.round(peakRss / 1e6)} MB`,
    );
  } finally {
    sfnClient.destroy();
    s3.destroy();
    await edge.stop();
    await sfn.stop();
    await s3Service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The number of child records in the SUCCEEDED result files the manifest lists. */
async function resultRecords(s3: S3Client, manifestKey: string): Promise<number> {
  const read = async (key: string) =>
    JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString());
  const manifest = await read(manifestKey);
  let records = 0;
  for (const file of manifest.ResultFiles.SUCCEEDED as { Key: string }[]) records += (await read(file.Key)).length;
  return records;
}

await main();
