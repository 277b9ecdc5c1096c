import { request, type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { S3RequestError } from './errors.ts';
import { encodeKeyPath, parseCopySource, parseCopySourceRange, type S3RequestTarget } from './parse-request.ts';
import { sendXml } from './s3-error-response.ts';

export interface UploadPartCopyContext {
  target: S3RequestTarget;
  backend: URL;
  agent: Agent;
}

function backendRequest(
  context: UploadPartCopyContext,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders,
  body?: Readable,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = request(context.backend, {
      method,
      path,
      headers: { ...headers, host: context.backend.host },
      agent: context.agent,
    });
    outgoing.on('response', resolve).on('error', reject);
    if (body) {
      body.on('error', (error) => outgoing.destroy(error));
      body.pipe(outgoing);
    } else outgoing.end();
  });
}

/** Passes an s3rver error answer (status + XML body) through unchanged. */
function relay(answer: IncomingMessage, res: ServerResponse): void {
  res.writeHead(answer.statusCode ?? 500, { 'content-type': answer.headers['content-type'] ?? 'application/xml' });
  answer.pipe(res);
}

function totalSize(contentRange: string | undefined, fallback: number): number {
  const total = contentRange?.split('/')[1];
  return total === undefined ? fallback : Number(total);
}

/** GETs the copy source (or its range), checking the range against the source size as S3 does. */
async function openSource(req: IncomingMessage, context: UploadPartCopyContext, res: ServerResponse): Promise<IncomingMessage | undefined> {
  const source = parseCopySource(String(req.headers['x-amz-copy-source']));
  const range = parseCopySourceRange(req.headers['x-amz-copy-source-range'] as string | undefined);
  const headers: OutgoingHttpHeaders = range ? { range: `bytes=${range.start}-${range.end}` } : {};
  const answer = await backendRequest(context, 'GET', `/${encodeURIComponent(source.bucket)}/${encodeKeyPath(source.key)}`, headers);
  const status = answer.statusCode ?? 500;
  if (status === 416 || (range && status === 206 && range.end >= totalSize(answer.headers['content-range'], 0))) {
    answer.destroy();
    throw new S3RequestError('InvalidArgument', 'Range specified is not valid for source object.');
  }
  if (status !== 200 && status !== 206) {
    relay(answer, res);
    return undefined;
  }
  return answer;
}

/**
 * UploadPartCopy, which s3rver lacks: GET the source range from s3rver and upload it as the part, streaming,
 * then answer with the CopyPartResult document S3 returns.
 */
export async function uploadPartCopy(req: IncomingMessage, res: ServerResponse, context: UploadPartCopyContext): Promise<void> {
  req.resume(); // an UploadPartCopy has no body of its own
  const source = await openSource(req, context, res);
  if (!source) return;
  const { target } = context;
  const partPath =
    `/${encodeURIComponent(target.bucket ?? '')}/${encodeKeyPath(target.key ?? '')}` +
    `?partNumber=${encodeURIComponent(target.query.get('partNumber') ?? '')}&uploadId=${encodeURIComponent(target.query.get('uploadId') ?? '')}`;
  const lengthHeader: OutgoingHttpHeaders = { 'content-length': source.headers['content-length'] ?? '0' };
  const answer = await backendRequest(context, 'PUT', partPath, lengthHeader, source);
  if (answer.statusCode !== 200) {
    relay(answer, res);
    return;
  }
  answer.resume();
  const etag = answer.headers.etag ?? '""';
  const escaped = etag.replace(/"/g, '&quot;');
  sendXml(res, 200, `<CopyPartResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LastModified>${new Date().toISOString()}</LastModified><ETag>${escaped}</ETag></CopyPartResult>`);
}
