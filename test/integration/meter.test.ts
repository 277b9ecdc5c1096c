/**
 * Every unit the meter counts for a job equals an independent count of what the handlers did: the edge's access log
 * (one line per S3 / DynamoDB request, with its trace and body bytes), S3's answer on the size of each object the job
 * created, the function's log streams (START, REPORT with its trace, billed duration and memory, END, and every
 * line between), the API's access log, the execution's history (states entered, retries) and map run children
 * (Express requests and durations), and the DynamoDB requests as a recording endpoint saw them, with the items they
 * read and wrote, priced in request units by AWS's published rules (helpers/dynamodb-units-oracle.ts). Byte and
 * duration rules: helpers/independent-count.ts. Only `lambda.modelledGbSeconds` is left out: a model of the duration
 * on Lambda's CPU share, not a count.
 */
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { startTestStackWithFaults, type TestStack } from '../helpers/local-stack.ts';
import { onFreePort, startDynamoRecorder, type DynamoRecorder } from '../helpers/dynamodb-recorder.ts';
import { traceUnits } from '../helpers/dynamodb-units-oracle.ts';
import { LOCAL_REGION } from '../../local/local-names.ts';
import { SMALL_CHUNKS, irisCsv, jobsFor } from './reliability/support.ts';
import type { MeterPage } from '../../local/meter/index.ts';
import { csvByteLength, csvChunks } from '../../bench/csv-generator.ts';
import type { Usage } from '../../local/meter/usage.ts';
import { EXPRESS_MEMORY_MB } from '../../functions/lib/billing/express-units.ts';
import {
  bodyBytesOf,
  createdObject,
  createdObjectPath,
  expressBilled,
  gbSecondsOf,
  logBytesByTrace,
  nano,
  traceOf,
  type CreatedObject,
  type LogLine,
} from '../helpers/independent-count.ts';

/** S3's price classes by operation, written out here as the pricing page lists them (not the meter's rule). */
function s3ClassOf(line: string): 'putCopyPostList' | 'getSelectOther' | 'free' {
  const [, , method, path, maybeQuery] = line.split(' ');
  const query = maybeQuery?.startsWith('?') ? maybeQuery.slice(1).split('&') : [];
  const bucketOnly = path!.split('/').filter(Boolean).length === 1;
  if (method === 'DELETE' || (method === 'POST' && query.includes('delete'))) return 'free';
  if (method === 'PUT' || method === 'POST') return 'putCopyPostList';
  if (method === 'GET' && bucketOnly && (query.includes('list-type') || query.length === 0)) return 'putCopyPostList';
  return 'getSelectOther';
}

interface Captured {
  /** The edge's access lines. */
  access: string[];
  /** The API's access lines. */
  api: string[];
  reports: string[];
  /** Every line of the function's log streams. */
  lambda: LogLine[];
  /** Each object a traced request created, its size looked up as the request was logged. */
  created: Promise<CreatedObject>[];
}

/** A usage as counted: every field but the model, GB-seconds to the nano-GB-second. */
type CountedUsage = Omit<Usage, 'lambda'> & { lambda: Omit<Usage['lambda'], 'modelledGbSeconds'> };

function counted(usage: Usage): CountedUsage {
  const { modelledGbSeconds: _model, ...lambda } = usage.lambda;
  const { expressGbSeconds } = usage.stepFunctions;
  return {
    ...usage,
    lambda: { ...lambda, gbSeconds: nano(lambda.gbSeconds) },
    stepFunctions: { ...usage.stepFunctions, expressGbSeconds: nano(expressGbSeconds) },
  };
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
const billedMsOf = (report: string): number => Number(/Billed Duration: (\d+) ms/.exec(report)![1]);
const memoryMBOf = (report: string): number => Number(/Memory Size: (\d+) MB/.exec(report)![1]);

/** Transitions as the history shows them: every state entered, plus every attempt of a Task or map run beyond its entry's first. */
function transitionsOf(events: HistoryEvent[]): number {
  const count = (predicate: (type: string) => boolean) => events.filter((e) => predicate(String(e.type))).length;
  const entered = count((type) => type.endsWith('StateEntered'));
  const taskEntries = count((type) => type === 'TaskStateEntered');
  const mapEntries = count((type) => type === 'MapStateEntered');
  const attempts = count((type) => type === 'TaskScheduled' || type === 'LambdaFunctionScheduled');
  const mapRuns = count((type) => type === 'MapRunStarted');
  return entered + Math.max(0, attempts - taskEntries) + Math.max(0, mapRuns - mapEntries);
}

interface MeteredJob {
  name: string;
  key: string;
  body: () => string | Buffer;
  minChunks: number;
  /** ScoreChunk invocations run again (an injected lost response: Step Functions retries a chunk that was done). */
  retries?: number;
}

/** A stack with the function environment given, whose jobs' metered units must equal the independent count. */
function meterSuite(
  title: string,
  environment: Record<string, string>,
  jobs: MeteredJob[],
  runTotals: boolean,
  faults: unknown[] = [],
): void {
  describe(title, () => {
    let t: TestStack;
    let recorder: DynamoRecorder;
    const captured: Captured = { access: [], api: [], reports: [], lambda: [], created: [] };
    const capture = (edgeUrl: string) => ({
      access: (line: string) => {
        if (!line.startsWith('[edge] ')) return void captured.api.push(line);
        captured.access.push(line);
        const [path, traceId] = [createdObjectPath(line), traceOf(line)];
        if (path !== undefined && traceId !== undefined) captured.created.push(createdObject(edgeUrl, traceId, path));
      },
      lambda: (line: string, stream = '-') => {
        captured.lambda.push({ line, stream });
        if (line.startsWith('REPORT ')) captured.reports.push(line);
      },
    });
    before(async () => {
      ({ recorder, t } = await onFreePort(async (edgePort) => {
        const started = await startDynamoRecorder(`http://127.0.0.1:${edgePort}`, LOCAL_REGION);
        try {
          const stack = await startTestStackWithFaults(faults, {
            aws: { edgePort },
            // The functions' DynamoDB requests pass the recorder on their way to the edge; everything else goes direct.
            environment: { ...environment, AWS_ENDPOINT_URL_DYNAMODB: started.url },
            accessLog: true,
            lambdaLogs: true,
            log: { info: () => undefined, ...capture(`http://127.0.0.1:${edgePort}`) },
          });
          return { recorder: started, t: stack };
        } catch (error) {
          await started.stop();
          throw error;
        }
      }));
    });
    after(async () => {
      await t.stop();
      await recorder.stop();
    });

    const meteredJob = async (key: string, body: string | Buffer) => {
      const apiLinesBefore = captured.api.length;
      await t.put('input', key, body);
      const summary = await t.waitForSummary(key, 600_000);
      assert.equal(summary.status, 'SUCCEEDED', summary.reason);
      const [job] = await jobsFor(t.dynamodb, key);
      const read = async () =>
        ((await (await fetch(`${t.edgeUrl}/_local/meter?execution=${encodeURIComponent(job!.executionArn!)}`)).json()) as MeterPage)
          .traces[0]!;
      // The summary is written by Finalize, a moment before its REPORT and the execution's close.
      const until = Date.now() + 10_000;
      const running = async () =>
        (await t.sfn.send(new DescribeExecutionCommand({ executionArn: job!.executionArn! }))).status === 'RUNNING';
      while ((await running()) && Date.now() < until) await sleep(50);
      await sleep(100);
      await t.stack.aws!.drainNotifications();
      // No API request is made while a job runs: any API line of its time would be the job's.
      const apiRequests = captured.api.length - apiLinesBefore;
      return { summary, trace: await read(), executionArn: job!.executionArn!, apiRequests };
    };

    /** The map runs' children: one Express request each, billed for its duration. */
    const mapRunChildren = async (executionArn: string) => {
      const mapRuns = await t.sfn.send(new ListMapRunsCommand({ executionArn }));
      const children = [];
      for (const run of mapRuns.mapRuns ?? []) {
        const page = await t.sfn.send(new ListExecutionsCommand({ mapRunArn: run.mapRunArn, maxResults: 1000 }));
        children.push(...(page.executions ?? []));
      }
      return children;
    };

    const independentCount = async (traceId: string, executionArn: string, apiRequests: number): Promise<CountedUsage> => {
      const access = captured.access.filter((line) => traceOf(line) === traceId);
      const s3Lines = access.filter((line) => line.startsWith('[edge] s3 '));
      const s3 = s3Lines.map(s3ClassOf);
      const created = (await Promise.all(captured.created)).filter((object) => object.traceId === traceId);
      assert.deepEqual(
        created.filter((object) => object.size === undefined),
        [],
        'objects gone before S3 was asked their size',
      );
      const reports = captured.reports.filter((line) => line.endsWith(`XRAY TraceId: ${traceId}`));
      const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
      const children = await mapRunChildren(executionArn);
      const expressBilledMs = sum(children.map((child) => expressBilled(child.startDate!, child.stopDate!)));
      const dynamodbUnits = traceUnits(recorder.exchanges, traceId);
      return {
        s3: {
          putCopyPostList: s3.filter((c) => c === 'putCopyPostList').length,
          getSelectOther: s3.filter((c) => c === 'getSelectOther').length,
          free: s3.filter((c) => c === 'free').length,
          bytesIn: sum(s3Lines.map((line) => bodyBytesOf(line).in)),
          bytesOut: sum(s3Lines.map((line) => bodyBytesOf(line).out)),
          bytesStored: sum(created.map((object) => object.size!)),
        },
        lambda: {
          requests: reports.length,
          coldStarts: reports.filter((line) => line.includes('Init Duration')).length,
          billedMs: sum(reports.map(billedMsOf)),
          gbSeconds: nano(sum(reports.map((line) => gbSecondsOf(billedMsOf(line), memoryMBOf(line))))),
        },
        stepFunctions: {
          // A Distributed Map bills its parent one transition per child execution it starts.
          standardTransitions: transitionsOf(history.events ?? []) + children.length,
          expressRequests: children.length,
          expressBilledMs,
          expressGbSeconds: nano(gbSecondsOf(expressBilledMs, EXPRESS_MEMORY_MB)),
        },
        dynamodb: {
          requests: access.filter((line) => line.startsWith('[edge] dynamodb ')).length,
          readRequestUnits: dynamodbUnits.read,
          writeRequestUnits: dynamodbUnits.write,
        },
        apiGateway: { requests: apiRequests },
        logs: { bytes: logBytesByTrace(captured.lambda).get(traceId) ?? 0 },
      };
    };

    const assertMeterEqualsCount = async (key: string, body: string | Buffer, minChunks: number, retries = 0) => {
      const { summary, trace, executionArn, apiRequests } = await meteredJob(key, body);
      assert.ok(summary.chunks >= minChunks, `expected at least ${minChunks} chunks, got ${summary.chunks}`);
      const { usage } = trace;
      assert.deepEqual(counted(usage), await independentCount(trace.traceId, executionArn, apiRequests));
      // The recorder priced every DynamoDB request of the job, not some: it saw as many as the edge logged.
      const recorded = recorder.exchanges.filter((exchange) => exchange.traceId === trace.traceId);
      assert.equal(recorded.length, usage.dynamodb.requests);
      // Every chunk is one Express child, one ScoreChunk invocation; ingest, Plan and Finalize add three (a SUCCEEDED
      // execution's status change invokes nothing).
      assert.equal(usage.stepFunctions.expressRequests, summary.chunks);
      // A retried chunk runs its ScoreChunk again: one more invocation, billed as well.
      assert.equal(usage.lambda.requests, summary.chunks + 3 + retries);
      assert.ok(usage.dynamodb.writeRequestUnits >= 1 && usage.dynamodb.readRequestUnits >= 1);
      assert.ok(usage.logs.bytes > 0 && usage.s3.bytesStored > 0 && usage.stepFunctions.expressBilledMs > 0);
      return usage;
    };

    for (const job of jobs) {
      test(job.name, async (context) => {
        const usage = await assertMeterEqualsCount(job.key, job.body(), job.minChunks, job.retries);
        context.diagnostic(JSON.stringify(counted(usage)));
      });
    }

    if (runTotals) {
      test('a sync request is its own trace: one API Gateway request, one invocation, billed as its REPORT line says', async () => {
        for (let i = 0; i < 3; i++) {
          const answer = await fetch(`${t.stack.apiUrl}/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ values: [[5.9, 3.0, 5.1, 2.3]] }),
          });
          assert.equal(answer.status, 200);
        }
        const page = (await (await fetch(`${t.edgeUrl}/_local/meter?limit=100`)).json()) as MeterPage;
        const sync = page.traces.filter((trace) => trace.usage.apiGateway.requests > 0);
        assert.equal(sync.length, 3);
        for (const trace of sync) {
          const reports = captured.reports.filter((line) => line.endsWith(`XRAY TraceId: ${trace.traceId}`));
          assert.equal(reports.length, 1);
          assert.deepEqual(
            [trace.usage.apiGateway.requests, trace.usage.lambda.requests, trace.usage.lambda.billedMs],
            [1, 1, Number(/Billed Duration: (\d+) ms/.exec(reports[0]!)![1])],
          );
        }
        assert.equal(page.run.apiGateway.requests, 3);
      });

      test('the run counts every unit, traced or not: the client’s own requests count only there', async () => {
        const page = (await (await fetch(`${t.edgeUrl}/_local/meter`)).json()) as MeterPage;
        const s3Lines = captured.access.filter((line) => line.startsWith('[edge] s3 '));
        const run = page.run.s3;
        // The page's own request is answered after its counters were read.
        assert.equal(run.putCopyPostList + run.getSelectOther + run.free, s3Lines.length);
        assert.equal(page.run.lambda.requests, captured.reports.length);
      });
    }
  });
}

meterSuite(
  'the meter counts what the handlers do (small chunks)',
  SMALL_CHUNKS,
  [
    { name: 'a 1-row job', key: 'meter/one.csv', body: () => irisCsv(1), minChunks: 1 },
    {
      // The job's record carries its key several times: counted in UTF-8 bytes (2 per é) it grows past 1 KB, and
      // past 2 KB with its last writes, some 50 bytes clear of either boundary (the oracle refuses an item too near one).
      name: 'a 1-row job under a long non-ASCII key (records over 1 KB)',
      key: `meter/${'é'.repeat(135)}.csv`,
      body: () => irisCsv(1),
      minChunks: 1,
    },
    { name: 'a multi-chunk job', key: 'meter/many.csv', body: () => irisCsv(300), minChunks: 3 },
    { name: 'a multi-chunk job with a chunk retried', key: 'meter/retried.csv', body: () => irisCsv(300), minChunks: 3, retries: 1 },
  ],
  true,
  [{ match: { task: 'score-chunk', 'chunk.index': 1, 'job.key': 'meter/retried.csv' }, fail: 'lost-response', times: 1 }],
);

meterSuite(
  'the meter counts what the handlers do (the stack’s chunking)',
  {},
  [
    {
      name: 'a 1M-row, 16 MB job (chunk outputs over 8 MiB go up in parts)',
      key: 'meter/million.csv',
      body: () => Buffer.concat([...csvChunks(1_000_000)], csvByteLength(1_000_000)),
      minChunks: 2,
    },
  ],
  false,
);
