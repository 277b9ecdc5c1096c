import { crc32 } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter } from '../meter/Meter.ts';
import { traceRootOf } from '../meter/trace.ts';

/** Operations that consume capacity, and whether they read (RRU) or write (WRU). */
const CAPACITY_OPERATIONS: Record<string, 'read' | 'write'> = {
  GetItem: 'read',
  BatchGetItem: 'read',
  Query: 'read',
  Scan: 'read',
  PutItem: 'write',
  UpdateItem: 'write',
  DeleteItem: 'write',
  BatchWriteItem: 'write',
};

interface Capacity {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
}

/**
 * Meters one DynamoDB request by the request units DynamoDB charges, as dynalite computes them under AWS's rules
 * (aws-capacity.ts: item size rounded up to 1 KB per write unit, 4 KB per read unit, half for an eventually
 * consistent read; a write that replaces an item costs the larger of the two; a conditional write that fails costs
 * the existing item's size, 1 at least; a strongly consistent Scan the whole, not dynalite's half: `fullReadUnits`).
 * dynalite only computes them when asked, so the request asks
 * (`ReturnConsumedCapacity: TOTAL`) and the answer is given back to the client as it would have been: without them
 * unless it asked itself (and never on an error), its CRC32 recomputed. Returns the body to hand dynalite.
 */
export function meterCapacity(meter: Meter, req: IncomingMessage, res: ServerResponse, body: Buffer): Buffer {
  const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  const traceId = traceRootOf(req.headers['x-amzn-trace-id']);
  const kind = CAPACITY_OPERATIONS[operation];
  if (kind === undefined) {
    meter.dynamoRequest(traceId, { read: 0, write: 0 });
    return body;
  }
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    meter.dynamoRequest(traceId, { read: 0, write: 0 });
    return body; // dynalite answers the malformed body itself
  }
  const asked = request.ReturnConsumedCapacity === 'TOTAL' || request.ReturnConsumedCapacity === 'INDEXES';
  if (!asked) request.ReturnConsumedCapacity = 'TOTAL';
  const consistentScan = operation === 'Scan' && request.ConsistentRead === true;
  interceptAnswer(res, (status, answer) => {
    const corrected = status === 200 && consistentScan && answer !== undefined && fullReadUnits(answer);
    const failedWrite = conditionFailed(answer) && kind === 'write';
    const units =
      status === 200 ? totalUnits(answer?.ConsumedCapacity) : failedWrite ? Math.max(1, totalUnits(answer?.ConsumedCapacity)) : 0;
    meter.dynamoRequest(traceId, { read: kind === 'read' ? units : 0, write: kind === 'write' ? units : 0 });
    if (asked && status === 200) return corrected ? answer : undefined;
    if (answer?.ConsumedCapacity === undefined) return undefined;
    delete answer.ConsumedCapacity;
    return answer;
  });
  return asked ? body : Buffer.from(JSON.stringify(request));
}

/**
 * dynalite drops a Scan's ConsistentRead (its Scan takes no such parameter) and bills every Scan eventually
 * consistent: half of ceil(size / 4 KB). A strongly consistent Scan costs the whole of it on AWS, as a Query does.
 */
function fullReadUnits(answer: Record<string, unknown>): boolean {
  const capacity = answer.ConsumedCapacity as Capacity | undefined;
  if (capacity?.CapacityUnits === undefined) return false;
  capacity.CapacityUnits *= 2;
  if (capacity.Table?.CapacityUnits !== undefined) capacity.Table.CapacityUnits *= 2;
  return true;
}

function conditionFailed(answer: Record<string, unknown> | undefined): boolean {
  return String(answer?.__type ?? '').endsWith('#ConditionalCheckFailedException');
}

function totalUnits(consumed: unknown): number {
  const list = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) as Capacity[];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

/**
 * Lets `edit` see dynalite's status and JSON answer (undefined for an empty body) before it is sent, and replace it;
 * dynalite sends every answer with one `res.end(body)` after setting its headers.
 */
function interceptAnswer(
  res: ServerResponse,
  edit: (status: number, answer: Record<string, unknown> | undefined) => Record<string, unknown> | undefined,
): void {
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    let answer: Record<string, unknown> | undefined;
    try {
      answer = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      answer = undefined;
    }
    const replaced = edit(res.statusCode, answer);
    if (replaced === undefined || res.headersSent) return end(chunk);
    const out = Buffer.from(JSON.stringify(replaced));
    res.setHeader('x-amz-crc32', crc32(out));
    res.setHeader('content-length', out.length);
    return end(out);
  }) as ServerResponse['end'];
}
