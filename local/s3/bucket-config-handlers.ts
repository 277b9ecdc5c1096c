import { corsHeaders, findCorsRule, parseCorsRules, requestedHeaders } from './cors.ts';
import { S3RequestError } from './errors.ts';
import type { BucketConfigName } from './object-store.ts';
import { readSmallBody } from './request-body.ts';
import { sendEmpty, sendXml } from './s3-error-response.ts';
import type { BucketContext } from './s3-context.ts';
import { rootContent } from './xml.ts';

/** Bucket CORS and website configuration (Put/Get/DeleteBucketCors, …Website), and CORS preflights. */

const MISSING: Record<BucketConfigName, [code: string, message: string]> = {
  cors: ['NoSuchCORSConfiguration', 'The CORS configuration does not exist'],
  website: ['NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'],
};

function configName(context: BucketContext): BucketConfigName {
  return context.target.query.has('cors') ? 'cors' : 'website';
}

export async function getBucketConfig(context: BucketContext): Promise<void> {
  context.req.resume();
  const name = configName(context);
  const document = context.store.getBucketConfig(context.bucket, name);
  if (document === undefined) throw new S3RequestError(...MISSING[name], 404);
  sendXml(context.res, 200, document.replace(/^<\?xml[^>]*>\s*/, ''));
}

export async function putBucketConfig(context: BucketContext): Promise<void> {
  const name = configName(context);
  const document = await readSmallBody(context.req, 64 * 1024);
  if (name === 'cors') parseCorsRules(document);
  else rootContent(document, 'WebsiteConfiguration');
  await context.store.putBucketConfig(context.bucket, name, document);
  sendEmpty(context.res, 200);
}

export async function deleteBucketConfig(context: BucketContext): Promise<void> {
  context.req.resume();
  await context.store.putBucketConfig(context.bucket, configName(context), undefined);
  sendEmpty(context.res, 204);
}

function forbidden(message: string): S3RequestError {
  return new S3RequestError('AccessForbidden', message, 403);
}

/** OPTIONS: a browser's CORS preflight, answered from the bucket's CORS rules (403 when none allows it, as S3). */
export async function preflight(context: BucketContext): Promise<void> {
  context.req.resume();
  const origin = context.req.headers.origin;
  const method = context.req.headers['access-control-request-method'];
  if (typeof origin !== 'string' || typeof method !== 'string') {
    throw new S3RequestError('BadRequest', 'Insufficient information. Origin request header needed.');
  }
  const document = context.store.getBucketConfig(context.bucket, 'cors');
  if (document === undefined) throw forbidden('CORSResponse: CORS is not enabled for this bucket.');
  const headers = requestedHeaders(context.req);
  const rule = findCorsRule(parseCorsRules(document), origin, method, headers);
  if (!rule)
    throw forbidden(
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    );
  sendEmpty(context.res, 200, corsHeaders(rule, origin, { method, headers }));
}

/** A browser's actual request (with `Origin`): the matching rule's headers go on whatever the operation answers. */
export function applyCors(context: BucketContext): void {
  const origin = context.req.headers.origin;
  if (typeof origin !== 'string' || context.req.method === 'OPTIONS' || !context.store.hasBucket(context.bucket)) return;
  const document = context.store.getBucketConfig(context.bucket, 'cors');
  if (document === undefined) return;
  const rule = findCorsRule(parseCorsRules(document), origin, context.req.method ?? 'GET', []);
  if (!rule) return;
  for (const [name, value] of Object.entries(corsHeaders(rule, origin, undefined))) context.res.setHeader(name, value!);
}
