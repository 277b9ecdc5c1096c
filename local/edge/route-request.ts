import type { IncomingHttpHeaders } from 'node:http';
import type { EdgeDecision } from './types.ts';
import { METER_PATH } from '../meter/meter-endpoint.ts';

const TARGET_PREFIXES: [prefix: string, service: 'dynamodb' | 'stepfunctions'][] = [
  ['DynamoDB_20120810.', 'dynamodb'],
  ['AWSStepFunctions.', 'stepfunctions'],
];

const HEALTH_PATHS = new Set(['/_localstack/health', '/health']);

/**
 * Which service a request is for. JSON-protocol services name themselves in `X-Amz-Target`; everything else
 * is S3 (REST, path-style). `GET /health` is only the health page when unsigned: a signed request for it is
 * S3's ListObjects on a bucket named `health`. (`_localstack` cannot be a bucket name, so that path is always health.)
 */
export function routeRequest(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): EdgeDecision {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target !== '') {
    const match = TARGET_PREFIXES.find(([prefix]) => target.startsWith(prefix));
    return match ? { kind: 'service', service: match[1] } : { kind: 'unknown-target', target };
  }
  const path = (url ?? '/').split('?', 1)[0];
  if (path === METER_PATH) return { kind: 'meter' };
  if ((method === 'GET' || method === 'HEAD') && HEALTH_PATHS.has(path.replace(/\/$/, ''))) {
    if (path.startsWith('/_localstack') || headers.authorization === undefined) return { kind: 'health' };
  }
  return { kind: 'service', service: 's3' };
}
