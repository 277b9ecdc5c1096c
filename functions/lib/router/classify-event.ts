import type { ApiRoute, RouteName } from './types.ts';
import { EXECUTION_STATUS_CHANGE, INVOCATION_FAILURE, SCHEDULED_EVENT, isEventOf } from '../safety-net/events.ts';

type Json = Record<string, unknown>;

const API_ROUTES: Record<string, RouteName> = {
  'POST /predict': 'predict',
  'POST /experiment': 'start-experiment',
  'GET /jobs/{id}': 'get-job',
};

const TASKS: Record<string, RouteName> = {
  plan: 'plan', 'score-chunk': 'score-chunk', finalize: 'finalize', 'mark-failed': 'mark-failed',
};

/** Dispatches on the event's shape, the way one image serves API Gateway, S3, the workflows and direct invokes. */
export function classifyEvent(event: unknown): RouteName {
  if (!isObject(event)) return 'unrecognised';
  if (isS3Notification(event)) return 'on-object-created';
  if (isEventOf(event, EXECUTION_STATUS_CHANGE)) return 'on-execution-ended';
  if (isEventOf(event, INVOCATION_FAILURE)) return 'on-ingest-failed';
  if (isEventOf(event, SCHEDULED_EVENT)) return 'reconcile-jobs';
  const api = apiRoute(event);
  if (api) return API_ROUTES[`${api.method} ${api.resource}`] ?? 'unknown-api-route';
  if (typeof event.task === 'string') return TASKS[event.task] ?? 'unrecognised';
  if (typeof event.step_name === 'string') return 'probe';
  // The seeds' direct invokes: `{"values": ...}` or a bare `{"body": "<json>"}`.
  if ('values' in event || 'instances' in event || typeof event.body === 'string') return 'predict';
  return 'unrecognised';
}

function isS3Notification(event: Json): boolean {
  const records = event.Records;
  return Array.isArray(records) && records.length > 0 && isObject(records[0]) && records[0].eventSource === 'aws:s3';
}

/** REST API (v1: `httpMethod` + `resource`) or HTTP API (v2: `routeKey`, `requestContext.http`). */
export function apiRoute(event: Json): ApiRoute | undefined {
  if (typeof event.httpMethod === 'string') {
    const resource = typeof event.resource === 'string' ? event.resource : String(event.path ?? '');
    return { method: event.httpMethod.toUpperCase(), resource: normaliseResource(resource) };
  }
  const http = isObject(event.requestContext) ? event.requestContext.http : undefined;
  if (isObject(http) && typeof http.method === 'string') {
    const routeKey = typeof event.routeKey === 'string' && event.routeKey !== '$default' ? event.routeKey.split(' ')[1] : undefined;
    return { method: http.method.toUpperCase(), resource: normaliseResource(routeKey ?? String(http.path ?? event.rawPath ?? '')) };
  }
  return undefined;
}

/** A raw path (`/jobs/abc`, or with a stage prefix) maps onto the resource it would match. */
function normaliseResource(path: string): string {
  const trimmed = path.replace(/\/+$/, '') || '/';
  if (/\/jobs\/(\{id\}|[^/]+)$/.test(trimmed)) return '/jobs/{id}';
  const match = /\/(predict|experiment)$/.exec(trimmed);
  return match ? `/${match[1]}` : trimmed;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
