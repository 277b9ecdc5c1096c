import type { ApiRoute, RouteName } from './types.ts';
import { API_ROUTES, pathParameterName, resourceSegments } from './api-routes.ts';
import { EXECUTION_STATUS_CHANGE, INVOCATION_FAILURE, SCHEDULED_EVENT, isEventOf } from '../safety-net/events.ts';

type Json = Record<string, unknown>;

const TASKS: Record<string, RouteName> = {
  plan: 'plan',
  'score-chunk': 'score-chunk',
  'renumber-errors': 'renumber-errors',
  finalize: 'finalize',
  'mark-failed': 'mark-failed',
};

/** Dispatches on the event's shape, the way one image serves API Gateway, S3, the workflows and direct invokes. */
export function classifyEvent(event: unknown): RouteName {
  if (!isObject(event)) return 'unrecognised';
  if (isS3Notification(event)) return 'on-object-created';
  if (isEventOf(event, EXECUTION_STATUS_CHANGE)) return 'on-execution-ended';
  if (isEventOf(event, INVOCATION_FAILURE)) return 'on-ingest-failed';
  if (isEventOf(event, SCHEDULED_EVENT)) return 'reconcile-jobs';
  const api = apiRoute(event);
  if (api) return API_ROUTES.find((r) => r.method === api.method && r.resource === api.resource)?.handler ?? 'unknown-api-route';
  if (typeof event.task === 'string') return TASKS[event.task] ?? 'unrecognised';
  if (typeof event.step_name === 'string') return 'probe';
  // Direct invokes: `{"values": ...}` or a bare `{"body": "<json>"}`.
  if ('values' in event || 'instances' in event || typeof event.body === 'string') return 'predict';
  return 'unrecognised';
}

function isS3Notification(event: Json): boolean {
  const records = event.Records;
  return Array.isArray(records) && records.length > 0 && isObject(records[0]) && records[0].eventSource === 'aws:s3';
}

/** REST API (v1: `httpMethod` + `resource`) or HTTP API (v2: `routeKey`, `requestContext.http`). */
function apiRoute(event: Json): ApiRoute | undefined {
  if (typeof event.httpMethod === 'string') {
    const resource = typeof event.resource === 'string' ? event.resource : String(event.path ?? '');
    return { method: event.httpMethod.toUpperCase(), resource: tableResourceFor(resource) };
  }
  const http = isObject(event.requestContext) ? event.requestContext.http : undefined;
  if (isObject(http) && typeof http.method === 'string') {
    const routeKey = typeof event.routeKey === 'string' && event.routeKey !== '$default' ? event.routeKey.split(' ')[1] : undefined;
    return { method: http.method.toUpperCase(), resource: tableResourceFor(routeKey ?? String(http.path ?? event.rawPath ?? '')) };
  }
  return undefined;
}

/**
 * The table's resource a path names, so an event without a resource (a raw path such as `/jobs/abc`, perhaps after a
 * stage prefix such as `/prod`) dispatches as its resource would: the template that matches the path's last segments,
 * a `{param}` segment matching any one segment. The template spanning more segments, then the one with more literal
 * segments, wins. A path no template matches is returned trimmed (an unknown route).
 */
function tableResourceFor(path: string): string {
  const segments = resourceSegments(path);
  const match = RESOURCE_TEMPLATES.find((template) => matchesTail(template.segments, segments));
  return match?.resource ?? (path.replace(/\/+$/, '') || '/');
}

const RESOURCE_TEMPLATES = [...new Set(API_ROUTES.map((r) => r.resource))]
  .map((resource) => ({ resource, segments: resourceSegments(resource) }))
  .sort((a, b) => b.segments.length - a.segments.length || literalCount(b.segments) - literalCount(a.segments));

function literalCount(segments: string[]): number {
  return segments.filter((segment) => pathParameterName(segment) === undefined).length;
}

function matchesTail(template: string[], segments: string[]): boolean {
  if (template.length === 0 || template.length > segments.length) return false;
  const tail = segments.slice(segments.length - template.length);
  return template.every((part, i) => pathParameterName(part) !== undefined || part === tail[i]);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
