/**
 * Which job a billable unit belongs to, without knowing the product: the X-Ray trace a request or invocation runs in.
 * On AWS, Lambda gives every invocation a trace id (`_X_AMZN_TRACE_ID`), the AWS SDK sends it as `X-Amzn-Trace-Id`
 * on every call an invocation makes, and Step Functions passes its execution's trace on to the tasks it invokes.
 * The local stack does the same: the runtime sets the variable per invocation, services read the header, and the
 * emulator's own chains (an execution, its tasks, its map runs, its status-change events) carry the trace in an
 * AsyncLocalStorage, so whatever an execution causes is counted under the trace that started it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const store = new AsyncLocalStorage<string>();

/** A new X-Ray trace id: `1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>`. */
export function newTraceId(now = Date.now()): string {
  return `1-${Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

/** The `Root=` of an `X-Amzn-Trace-Id` header (`Root=1-…;Parent=…;Sampled=1`), or undefined without one. */
export function traceRootOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  for (const part of value.split(';')) {
    const [key, id] = part.trim().split('=', 2);
    if (key === 'Root' && id) return id;
  }
  return undefined;
}

/** The header value for a trace, as Lambda puts it in `_X_AMZN_TRACE_ID`. */
export function traceHeader(traceId: string): string {
  return `Root=${traceId};Sampled=0`;
}

/** The trace of the chain the caller runs in (an execution, an asynchronous invoke), if any. */
export function currentTrace(): string | undefined {
  return store.getStore();
}

/** Runs `fn` (and everything it starts) under `traceId`. */
export function withTrace<T>(traceId: string, fn: () => T): T {
  return store.run(traceId, fn);
}
