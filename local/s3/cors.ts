import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { S3RequestError } from './errors.ts';
import { childElements, childText, childTexts, rootContent } from './xml.ts';

/** A bucket's CORS rules (PutBucketCors) and how S3 applies them to a browser's requests. */

export interface CorsRule {
  origins: string[];
  methods: string[];
  headers: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);

function malformed(message: string): S3RequestError {
  return new S3RequestError('MalformedXML', message);
}

/** The `<CORSConfiguration>` document, checked as S3 checks it (1–100 rules, each with origins and known methods). */
export function parseCorsRules(xml: string): CorsRule[] {
  const rules = childElements(rootContent(xml, 'CORSConfiguration'), 'CORSRule').map((rule) => {
    const texts = (tag: string): string[] => childTexts(rule, tag);
    const maxAge = childText(rule, 'MaxAgeSeconds');
    const parsed: CorsRule = {
      origins: texts('AllowedOrigin'),
      methods: texts('AllowedMethod'),
      headers: texts('AllowedHeader'),
      exposeHeaders: texts('ExposeHeader'),
      ...(maxAge ? { maxAgeSeconds: Number(maxAge) } : {}),
    };
    if (parsed.origins.length === 0 || parsed.methods.length === 0)
      throw malformed('A CORSRule needs an AllowedOrigin and an AllowedMethod.');
    const unknown = parsed.methods.find((method) => !METHODS.has(method));
    if (unknown !== undefined)
      throw new S3RequestError('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${unknown}`);
    return parsed;
  });
  if (rules.length === 0 || rules.length > 100) throw malformed('A CORS configuration holds 1 to 100 CORSRules.');
  return rules;
}

/** An AllowedOrigin / AllowedHeader pattern: at most one `*`, matching any run of characters (headers case-insensitively). */
function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const [p, v] = ignoreCase ? [pattern.toLowerCase(), value.toLowerCase()] : [pattern, value];
  const star = p.indexOf('*');
  if (star === -1) return p === v;
  return v.length >= p.length - 1 && v.startsWith(p.slice(0, star)) && v.endsWith(p.slice(star + 1));
}

/** The first rule that allows this origin, method and (for a preflight) every requested header. */
export function findCorsRule(
  rules: readonly CorsRule[],
  origin: string,
  method: string,
  requestHeaders: readonly string[],
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.origins.some((pattern) => wildcardMatch(pattern, origin)) &&
      rule.methods.includes(method) &&
      requestHeaders.every((header) => rule.headers.some((pattern) => wildcardMatch(pattern, header, true))),
  );
}

/** The `Access-Control-*` headers S3 answers a matched request (or preflight) with. */
export function corsHeaders(
  rule: CorsRule,
  origin: string,
  preflight: { method: string; headers: string[] } | undefined,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'access-control-allow-origin': rule.origins.includes('*') ? '*' : origin,
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!rule.origins.includes('*')) headers['access-control-allow-credentials'] = 'true';
  if (rule.exposeHeaders.length > 0) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (preflight) {
    headers['access-control-allow-methods'] = rule.methods.join(', ');
    if (preflight.headers.length > 0) headers['access-control-allow-headers'] = preflight.headers.join(', ');
    if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  }
  return headers;
}

/** A preflight's `Access-Control-Request-Headers`, as a list. */
export function requestedHeaders(req: IncomingMessage): string[] {
  const header = req.headers['access-control-request-headers'];
  return typeof header === 'string'
    ? header
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
    : [];
}
