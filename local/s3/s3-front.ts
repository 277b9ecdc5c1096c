import { Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { endToEndHeaders, proxyRequest } from '../edge/proxy-request.ts';
import { AwsChunkedDecoder } from './AwsChunkedDecoder.ts';
import { S3RequestError } from './errors.ts';
import type { MultipartCompletions } from './MultipartCompletions.ts';
import { classifyRangeHeader, isAwsChunked, parseCopySource, parseS3Target, validateTarget, type S3RequestTarget } from './parse-request.ts';
import { sendS3Error } from './s3-error-response.ts';
import type { ObjectReader, PartStore } from './atomic-store.ts';
import { copyPartInStore, uploadPartInStore } from './store-parts.ts';
import { getFromStore, isPlainGet } from './store-get.ts';

export interface S3FrontOptions {
  /** The raw s3rver. */
  backend: URL;
  completions: MultipartCompletions;
  /** Size of a stored object, if it exists (for suffix ranges). */
  objectSize(bucket: string, key: string): Promise<number | undefined>;
  /** Is there a multipart upload in progress with this id? */
  uploadExists(bucket: string, uploadId: string): boolean;
  /** Parts are written straight into the store (UploadPart, UploadPartCopy): the bulk of a multipart upload. */
  store: PartStore & ObjectReader;
  /** Drops a multipart upload's parts. */
  abortUpload(bucket: string, uploadId: string): Promise<void>;
  log?: (line: string) => void;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

function answerError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (error instanceof S3RequestError) {
    sendS3Error(res, error.status, error.code, error.message);
    return;
  }
  log(`[s3] front error: ${error instanceof Error ? error.message : String(error)}`);
  sendS3Error(res, 503, 'ServiceUnavailable', 'The local S3 backend is not reachable.');
}

/**
 * Headers for s3rver: no Authorization (s3rver knows one hard-coded key and cannot check SigV4 anyway; the
 * local stack accepts any credentials), its own Host (so it never guesses virtual-host addressing), and
 * an `x-amz-copy-source` it can read (it only `decodeURI`s, so keys with `+`, `?`, `#`, `&`... broke).
 */
function backendHeaders(req: IncomingMessage, backend: URL): OutgoingHttpHeaders {
  const headers = endToEndHeaders(req.headers);
  delete headers.authorization;
  headers.host = backend.host;
  const copySource = req.headers['x-amz-copy-source'];
  if (typeof copySource === 'string') {
    const source = parseCopySource(copySource);
    headers['x-amz-copy-source'] = encodeURI(`${source.bucket}/${source.key}`);
  }
  return headers;
}

/** Turns an aws-chunked upload into a plain body of the decoded length. */
function decodeAwsChunked(req: IncomingMessage, headers: OutgoingHttpHeaders): AwsChunkedDecoder {
  const decodedHeader = req.headers['x-amz-decoded-content-length'];
  const decodedLength = typeof decodedHeader === 'string' ? decodedHeader : undefined;
  const decoder = new AwsChunkedDecoder({
    decodedLength: decodedLength === undefined ? undefined : Number(decodedLength),
    trailer: typeof req.headers['x-amz-trailer'] === 'string' ? req.headers['x-amz-trailer'] : undefined,
  });
  const encodings = (req.headers['content-encoding'] ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '' && token !== 'aws-chunked');
  if (encodings.length > 0) headers['content-encoding'] = encodings.join(',');
  else delete headers['content-encoding'];
  if (decodedLength !== undefined) headers['content-length'] = decodedLength;
  else delete headers['content-length'];
  delete headers['x-amz-decoded-content-length'];
  delete headers['x-amz-trailer'];
  headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  return req.pipe(decoder);
}

/** Rewrites a GET's Range header into one s3rver answers correctly (see classifyRangeHeader). */
async function fixRange(target: S3RequestTarget, headers: OutgoingHttpHeaders, options: S3FrontOptions): Promise<void> {
  const fix = classifyRangeHeader(typeof headers.range === 'string' ? headers.range : undefined);
  if (fix.kind === 'drop') delete headers.range;
  if (fix.kind !== 'suffix' || !target.bucket || !target.key) return;
  const size = await options.objectSize(target.bucket, target.key);
  if (size === undefined) return; // s3rver answers NoSuchKey
  if (fix.length === 0 || size === 0) throw new S3RequestError('InvalidRange', 'The requested range is not satisfiable', 416);
  headers.range = `bytes=${Math.max(0, size - fix.length)}-`;
}

function isCompleteMultipart(req: IncomingMessage, target: S3RequestTarget): boolean {
  return req.method === 'POST' && target.query.has('uploadId') && target.key !== undefined;
}

function isAbortMultipart(req: IncomingMessage, target: S3RequestTarget): boolean {
  return req.method === 'DELETE' && target.query.has('uploadId') && target.key !== undefined;
}

/** AbortMultipartUpload, which s3rver lacks (lib-storage calls it when an upload fails). */
async function abortMultipart(res: ServerResponse, target: S3RequestTarget, options: S3FrontOptions): Promise<void> {
  await options.abortUpload(target.bucket ?? '', target.query.get('uploadId') ?? '');
  res.writeHead(204);
  res.end();
}

function isUploadPartCopy(req: IncomingMessage, target: S3RequestTarget): boolean {
  return req.method === 'PUT' && target.query.has('uploadId') && target.query.has('partNumber') && 'x-amz-copy-source' in req.headers;
}

/** A plain UploadPart (a Content-MD5 to check is left to s3rver, which checks it). */
function isUploadPart(req: IncomingMessage, target: S3RequestTarget): boolean {
  return req.method === 'PUT' && target.key !== undefined && target.query.has('uploadId') && target.query.has('partNumber')
    && !('x-amz-copy-source' in req.headers) && !('content-md5' in req.headers);
}

async function forward(req: IncomingMessage, res: ServerResponse, options: S3FrontOptions, agent: Agent): Promise<void> {
  const log = options.log ?? (() => undefined);
  const target = parseS3Target(req.url ?? '/', req.headers.host);
  validateTarget(target);
  const uploadId = target.query.get('uploadId');
  if (uploadId !== null && target.bucket !== undefined && !options.uploadExists(target.bucket, uploadId)) {
    // s3rver would answer 500 (complete) or silently create the upload (part)
    throw new S3RequestError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404);
  }
  if (isAbortMultipart(req, target)) {
    req.resume();
    await abortMultipart(res, target, options);
    return;
  }
  if (isUploadPartCopy(req, target)) {
    await copyPartInStore(req, res, target, options.store);
    return;
  }
  const headers = backendHeaders(req, options.backend);
  const body = isAwsChunked(req.headers) ? decodeAwsChunked(req, headers) : req;
  if (isUploadPart(req, target)) {
    await uploadPartInStore(body, res, target, options.store);
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') await fixRange(target, headers, options);
  if (isPlainGet(req, target, headers) && await getFromStore(req, res, target, headers, options.store)) return;
  const completing = isCompleteMultipart(req, target) && target.bucket !== undefined && target.key !== undefined;
  if (completing) options.completions.begin(target.bucket!, target.key!);
  try {
    await proxyRequest(req, res, {
      target: options.backend,
      agent,
      path: target.backendPath,
      headers,
      body,
      onError: (error, response) => answerError(response, error, log),
    });
  } finally {
    if (completing) options.completions.end(target.bucket!, target.key!);
  }
}

/**
 * The S3 front: what clients talk to. Passes requests on to s3rver, streaming, after fixing what s3rver gets
 * wrong or lacks: aws-chunked bodies (the AWS SDK's default streaming uploads with trailing checksums),
 * UploadPartCopy, suffix/invalid ranges, copy-source encoding, any credentials.
 */
export function createS3Front(options: S3FrontOptions): { handle: RequestListener; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const log = options.log ?? (() => undefined);
  const handle: RequestListener = (req, res) => {
    forward(req, res, options, agent).catch((error: unknown) => {
      if (!res.headersSent) answerError(res, error, log);
      else res.destroy();
      req.resume();
    });
  };
  return { handle, close: () => agent.destroy() };
}
