/**
 * `npm run bill -- [--job <id>]`: what the local stack's billing meter counted (local/meter, served at
 * `<edge>/_local/meter`) and what it would cost on AWS (functions/lib/billing/prices.json, us-east-1 list prices).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { PRICES, usageCost } from '../bench/lib/cost.ts';
import type { MeterPage } from '../local/meter/index.ts';
import { LOCAL_EDGE_PORT, LOCAL_REGION, LOCAL_TABLES } from '../local/local-names.ts';
import { costLines, traceLines, unitLines } from './lib/bill-table.ts';

const HELP = `Usage: npm run bill -- [--job <jobId>] [options]

What the local stack's billing meter counted and what it would cost on AWS (us-east-1 list prices of
functions/lib/billing/prices.json, read ${PRICES.read}; free tiers ignored). The stack must run with its meter (the default; not --no-meter).

  (no --job)           the run's totals (every unit since the stack started) and the newest traces
  --job <jobId>        one job: every unit its trace counted (ingest, workflow, chunks, finalize) and its cost
  --rows <n>           rows of the job, for the cost per 1M predictions (default: the job record's rowsIn)
  --compute <billed|modelled>
                       Lambda GB-s as billed (REPORT lines, default) or by the CPU-scaling model
  --limit <n>          traces listed without --job (default 10)
  --json               the meter's page as JSON instead of tables
  --endpoint <url>     the edge (default $AWS_ENDPOINT_URL, else http://127.0.0.1:${LOCAL_EDGE_PORT})
  --table <name>       the jobs table (default $JOBS_TABLE, else ${LOCAL_TABLES.jobs})
  -h, --help
`;

class UsageError extends Error {
  override name = 'UsageError';
}

interface BillOptions {
  job?: string;
  rows?: number;
  compute: 'billed' | 'modelled';
  limit: number;
  json: boolean;
  endpoint: string;
  table: string;
}

export function parseBillArgs(argv: string[], env: Record<string, string | undefined> = process.env): BillOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      job: { type: 'string' },
      rows: { type: 'string' },
      compute: { type: 'string', default: 'billed' },
      limit: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      endpoint: { type: 'string' },
      table: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.compute !== 'billed' && values.compute !== 'modelled')
    throw new UsageError(`--compute takes billed or modelled, got "${values.compute}"`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
  const rows = values.rows === undefined ? undefined : Number(values.rows);
  if (rows !== undefined && !(Number.isInteger(rows) && rows > 0))
    throw new UsageError(`--rows must be a positive integer, got "${values.rows}"`);
  return {
    ...(values.job === undefined ? {} : { job: values.job }),
    ...(rows === undefined ? {} : { rows }),
    compute: values.compute,
    limit,
    json: values.json,
    endpoint: (values.endpoint ?? env.AWS_ENDPOINT_URL ?? `http://127.0.0.1:${LOCAL_EDGE_PORT}`).replace(/\/+$/, ''),
    table: values.table ?? env.JOBS_TABLE ?? LOCAL_TABLES.jobs,
  };
}

async function meterPage(endpoint: string, query: string): Promise<MeterPage> {
  let answer: Response;
  try {
    answer = await fetch(`${endpoint}/_local/meter${query}`);
  } catch (error) {
    throw new UsageError(`no local stack at ${endpoint} (${(error as Error).message}): start it with npm start`);
  }
  const body = (await answer.json()) as MeterPage & { message?: string };
  if (!answer.ok) throw new UsageError(`${endpoint}/_local/meter answered ${answer.status}: ${body.message ?? ''}`);
  return body;
}

/** The job's execution (its trace is found by it) and its row count, from the job record. */
async function jobRecord(options: BillOptions, jobId: string): Promise<{ executionArn: string; rows?: number }> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: options.endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const out = await client.send(new GetCommand({ TableName: options.table, Key: { jobId } }));
    const item = out.Item as { executionArn?: string; rowsIn?: number; summary?: { rowsIn?: number } } | undefined;
    if (!item) throw new UsageError(`no job ${jobId} in table ${options.table}`);
    if (!item.executionArn) throw new UsageError(`job ${jobId} has no execution yet (still being ingested, or failed before its workflow)`);
    const rows = item.rowsIn ?? item.summary?.rowsIn;
    return { executionArn: item.executionArn, ...(rows === undefined ? {} : { rows }) };
  } finally {
    client.destroy();
  }
}

async function run(options: BillOptions, out: (line: string) => void): Promise<void> {
  const costOptions = { compute: options.compute };
  if (options.job === undefined) {
    const page = await meterPage(options.endpoint, `?limit=${options.limit}`);
    if (options.json) return out(JSON.stringify(page, null, 2));
    out(`Run since ${page.startedAt} (every unit, traced or not)`);
    for (const line of unitLines(page.run)) out(`  ${line}`);
    out('');
    for (const line of costLines(usageCost(page.run, 1, costOptions), false)) out(`  ${line}`);
    out('');
    out(`Newest ${page.traces.length} traces (a job is the trace its execution ran under; npm run bill -- --job <id>)`);
    for (const line of traceLines(page.traces, (usage) => usageCost(usage, 1, costOptions).totalUsd)) out(`  ${line}`);
    return;
  }
  const job = await jobRecord(options, options.job);
  const page = await meterPage(options.endpoint, `?execution=${encodeURIComponent(job.executionArn)}`);
  if (options.json) return out(JSON.stringify(page.traces[0], null, 2));
  const trace = page.traces[0]!;
  const rows = options.rows ?? job.rows;
  out(`Job ${options.job}: trace ${trace.traceId}, execution ${job.executionArn.split(':').pop()}`);
  for (const line of unitLines(trace.usage)) out(`  ${line}`);
  out('');
  for (const line of costLines(usageCost(trace.usage, rows ?? 1, costOptions), rows !== undefined)) out(`  ${line}`);
  out('');
  out(
    `Assumptions: us-east-1 list prices (functions/lib/billing/prices.json, read ${PRICES.read}); Lambda ${options.compute === 'billed' ? 'GB-s are the REPORT lines’ billed durations (init included) at the configured memory, measured on local CPUs' : 'GB-s by the CPU-scaling model: local CPU time stretched by 1769 MB / memory (one vCPU at 1,769 MB), I/O time as measured'}; Express at 64 MB.`,
  );
}

async function main(): Promise<void> {
  let options: BillOptions | 'help';
  try {
    options = parseBillArgs(process.argv.slice(2));
    if (options === 'help') {
      process.stdout.write(HELP);
      return;
    }
    await run(options, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof UsageError) && !String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) throw error;
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
  }
}

if (import.meta.main) await main();
