import type { CostBreakdown } from '../../bench/lib/cost-types.ts';
import type { TraceUsage, Usage } from '../../local/meter/index.ts';

const usd = (value: number): string => (value === 0 ? '$0' : value >= 0.01 ? `$${value.toFixed(4)}` : `$${value.toExponential(2)}`);
const num = (value: number): string => {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) < 0.001 ? value.toExponential(2) : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
};

/** Columns of words (names, units) read left-aligned; counts and money right-aligned. */
const TEXT_COLUMNS = new Set(['service', 'unit', 'item', 'trace', 'started by']);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (TEXT_COLUMNS.has(header[i]!) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Every counted unit, one line each (bytes and durations beside the billed ones: they explain them). */
export function unitLines(usage: Usage): string[] {
  const { s3, lambda, stepFunctions: sfn, dynamodb } = usage;
  return table(
    ['service', 'unit', 'count'],
    [
      ['S3', 'PUT/COPY/POST/LIST requests', num(s3.putCopyPostList)],
      ['S3', 'GET/SELECT/other requests', num(s3.getSelectOther)],
      ['S3', 'DELETE requests (free)', num(s3.free)],
      ['S3', 'bytes in / out / stored', `${num(s3.bytesIn)} / ${num(s3.bytesOut)} / ${num(s3.bytesStored)}`],
      ['Lambda', 'requests (cold starts)', `${num(lambda.requests)} (${num(lambda.coldStarts)})`],
      ['Lambda', 'billed ms (REPORT: init + duration)', num(lambda.billedMs)],
      ['Lambda', 'GB-s billed / CPU-scaling model', `${num(lambda.gbSeconds)} / ${num(lambda.modelledGbSeconds)}`],
      ['Step Functions', 'Standard state transitions', num(sfn.standardTransitions)],
      ['Step Functions', 'Express requests', num(sfn.expressRequests)],
      ['Step Functions', 'Express GB-s (100 ms steps, 64 MB)', num(sfn.expressGbSeconds)],
      ['DynamoDB', 'requests', num(dynamodb.requests)],
      ['DynamoDB', 'write request units', num(dynamodb.writeRequestUnits)],
      ['DynamoDB', 'read request units', num(dynamodb.readRequestUnits)],
      ['API Gateway', 'requests', num(usage.apiGateway.requests)],
      ['CloudWatch Logs', 'bytes ingested', num(usage.logs.bytes)],
    ],
  );
}

/** The cost items, then the total and what it means per 1M predictions when the rows are known. */
export function costLines(cost: CostBreakdown, rowsKnown: boolean): string[] {
  const lines = table(
    ['item', 'quantity', 'unit', 'USD'],
    cost.items.map((i) => [i.service, num(i.quantity), i.unit, usd(i.usd)]),
  );
  lines.push(
    `total ${usd(cost.totalUsd)}${rowsKnown ? `, ${usd(cost.usdPer1MPredictions)} per 1M predictions (${num(cost.rows)} rows)` : ''}`,
  );
  return lines;
}

/** The newest traces: which executions ran under each, and their main units and cost. */
export function traceLines(traces: TraceUsage[], costOf: (usage: Usage) => number): string[] {
  return table(
    ['trace', 'started by', 'Lambda req', 'S3 PUT-class', 'S3 GET-class', 'transitions', 'DynamoDB WRU/RRU', 'USD'],
    traces.map((t) => [
      t.traceId,
      t.executions.length > 0 ? (t.executions[0]!.split(':').pop() ?? '') : t.usage.apiGateway.requests > 0 ? 'API request' : 'invocation',
      num(t.usage.lambda.requests),
      num(t.usage.s3.putCopyPostList),
      num(t.usage.s3.getSelectOther),
      num(t.usage.stepFunctions.standardTransitions),
      `${num(t.usage.dynamodb.writeRequestUnits)}/${num(t.usage.dynamodb.readRequestUnits)}`,
      usd(costOf(t.usage)),
    ]),
  );
}
