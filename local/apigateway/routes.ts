import type { Route, RouteMatch } from './types.ts';

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Matches one resource template against path segments; `{name}` takes one segment, `{name+}` the rest. */
export function matchResource(resource: string, path: string): Record<string, string> | undefined {
  const template = splitPath(resource);
  const segments = splitPath(path);
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i];
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy !== null) {
      if (i >= segments.length) return undefined;
      params[greedy[1]] = segments.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (i >= segments.length) return undefined;
    const param = /^\{(.+)\}$/.exec(part);
    if (param !== null) params[param[1]] = safeDecode(segments[i]);
    else if (part !== segments[i]) return undefined;
  }
  return template.length === segments.length ? params : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function specificity(resource: string): number {
  // Literal segments beat `{param}`, which beats `{proxy+}` (API Gateway prefers the most specific resource).
  return splitPath(resource).reduce((score, part) => score * 3 + (part.endsWith('+}') ? 0 : part.startsWith('{') ? 1 : 2), 1);
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const candidates = routes
    .map((route) => ({ route, params: matchResource(route.resource, path) }))
    .filter((c): c is { route: Route; params: Record<string, string> } => c.params !== undefined)
    .sort((a, b) => specificity(b.route.resource) - specificity(a.route.resource));
  if (candidates.length === 0) return { kind: 'not-found' };
  const best = candidates.filter((c) => c.route.resource === candidates[0].route.resource);
  const hit = best.find((c) => c.route.method === method || c.route.method === 'ANY');
  if (hit === undefined) return { kind: 'method-not-allowed', allow: [...new Set(best.map((c) => c.route.method))].sort() };
  const params = Object.keys(hit.params).length === 0 ? null : hit.params;
  return { kind: 'found', resource: hit.route.resource, pathParameters: params, route: hit.route };
}
