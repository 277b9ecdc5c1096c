import type { EventContext, IncomingRequest, ProxyEvent } from './types.ts';

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|x-ndjson)\b|[^;]*\+(json|xml)\b)/i;

/** API Gateway passes text bodies as strings and (with binary media types) others base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.trim() === '' || TEXT_TYPES.test(contentType.trim());
}

/**
 * Collected in Maps, then made plain objects with `Object.fromEntries` (own data properties): client-chosen names
 * like `__proto__` or `constructor` stay ordinary keys instead of reaching Object.prototype.
 */
function collect(pairs: Iterable<[string, string]>): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single = new Map<string, string>();
  const multi = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    single.set(name, value); // API Gateway keeps the last value in the single-value map
    multi.set(name, [...(multi.get(name) ?? []), value]);
  }
  return { single: Object.fromEntries(single), multi: Object.fromEntries(multi) };
}

function* headerPairs(rawHeaders: string[]): Generator<[string, string]> {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) yield [rawHeaders[i], rawHeaders[i + 1]];
}

function collectHeaders(rawHeaders: string[]) {
  const { single, multi } = collect(headerPairs(rawHeaders));
  return { headers: single, multiValueHeaders: multi };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function collectQuery(search: URLSearchParams) {
  const { single, multi } = collect(search);
  const empty = Object.keys(single).length === 0;
  return { single: empty ? null : single, multi: empty ? null : multi };
}

/** Builds the REST API (v1) Lambda proxy event API Gateway would send for this request. */
export function buildProxyEvent(
  request: IncomingRequest,
  route: { resource: string; pathParameters: Record<string, string> | null },
  context: EventContext,
): ProxyEvent {
  const url = new URL(request.url, 'http://localhost');
  const { headers, multiValueHeaders } = collectHeaders(request.rawHeaders);
  const query = collectQuery(url.searchParams);
  const text = isTextContentType(headerValue(headers, 'content-type'));
  const hasBody = request.body.length > 0;
  return {
    resource: route.resource,
    path: url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: route.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      authorizer: undefined,
      domainName: headerValue(headers, 'host') ?? 'localhost',
      domainPrefix: context.apiId,
      extendedRequestId: context.requestId,
      httpMethod: request.method,
      identity: identity(request.sourceIp, headerValue(headers, 'user-agent')),
      path: `/${context.stage}${url.pathname}`,
      protocol: 'HTTP/1.1',
      requestId: context.requestId,
      requestTime: formatRequestTime(context.now),
      requestTimeEpoch: context.now.getTime(),
      resourceId: 'local',
      resourcePath: route.resource,
      stage: context.stage,
    },
    body: hasBody ? request.body.toString(text ? 'utf8' : 'base64') : null,
    isBase64Encoded: hasBody && !text,
  };
}

function identity(sourceIp: string, userAgent: string | undefined): ProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent: userAgent ?? null,
    userArn: null,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime` format: `25/Nov/2026:02:50:33 +0000`. */
export function formatRequestTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`
  );
}
