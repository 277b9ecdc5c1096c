import type { IncomingMessage, ServerResponse } from 'node:http';
import { SfnApiError } from './errors.ts';
import type { Operation } from './operations.ts';
import { traceRootOf, withTrace } from '../meter/trace.ts';

export const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 1_048_576;

export interface ProtocolError {
  status: number;
  body: { __type: string; message: string };
}

/** Any failure as the AWS JSON protocol answers it; an unexpected one is a 500 `InternalFailure` (not the client's fault). */
export function protocolError(error: unknown): ProtocolError {
  if (error instanceof SfnApiError) return { status: error.status, body: { __type: error.type, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { __type: 'InternalFailure', message } };
}

/** The operation named by `X-Amz-Target: AWSStepFunctions.<Op>`. */
export function operationFor(target: string | undefined, operations: Record<string, Operation>): Operation {
  if (!target?.startsWith(TARGET_PREFIX))
    throw new SfnApiError('UnknownOperationException', `Missing or unknown X-Amz-Target: ${target ?? '(none)'}`);
  const name = target.slice(TARGET_PREFIX.length);
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw new SfnApiError('UnknownOperationException', `The local Step Functions does not implement ${name}.`);
  return operation;
}

export function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SfnApiError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SfnApiError('SerializationException', 'Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new SfnApiError('ValidationException', 'Request body too large', 413));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client went away before its request was complete'));
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return; // answered already (the edge's idle-client timeout) or nobody listening
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  res.end(text);
}

/** One request: route by target, run the operation, answer JSON (errors as `{__type, message}`). */
export function createListener(operations: Record<string, Operation>, log: (line: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      try {
        const operation = operationFor(req.headers['x-amz-target'] as string | undefined, operations);
        const body = parseBody(await readBody(req));
        // The caller's trace (the AWS SDK sends it from inside a Lambda invocation): an execution it starts joins it.
        const traceId = traceRootOf(req.headers['x-amzn-trace-id']);
        send(res, 200, traceId === undefined ? operation(body) : withTrace(traceId, () => operation(body)));
      } catch (error) {
        const { status, body } = protocolError(error);
        if (status >= 500) log(`[stepfunctions] ${req.headers['x-amz-target']}: ${body.message}`);
        req.resume();
        send(res, status, body);
      }
    })();
  };
}
