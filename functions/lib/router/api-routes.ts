/**
 * The API's routes, written once: the CDK stack builds its REST API resources and methods from this table
 * (infra/constructs/PredictionApi.ts), the router dispatches API Gateway events by it (classify-event.ts), and the
 * local API adapter serves the routes the stack synthesizes from it.
 */
export type ApiHandlerName = 'predict' | 'start-experiment' | 'get-job' | 'get-model';

export interface ApiRouteSpec {
  method: 'GET' | 'POST';
  /** API Gateway resource path; `{name}` is a path parameter, which API Gateway then requires (validated). */
  resource: string;
  handler: ApiHandlerName;
  /**
   * Each request starts a Standard workflow execution, so the stage gives the method its own, much lower throttle:
   * at the stage's rate it could use up the account's StartExecution quota (shared with batch job starts).
   */
  startsExecution?: true;
}

/** In the order the stack adds them: the order is part of the API deployment's logical id. */
export const API_ROUTES: readonly ApiRouteSpec[] = [
  { method: 'POST', resource: '/predict', handler: 'predict' },
  { method: 'POST', resource: '/experiment', handler: 'start-experiment', startsExecution: true },
  { method: 'GET', resource: '/jobs/{id}', handler: 'get-job' },
  { method: 'GET', resource: '/model', handler: 'get-model' },
];

/** The path segments of a resource template: `/jobs/{id}` → `['jobs', '{id}']`. */
export function resourceSegments(resource: string): string[] {
  return resource.split('/').filter((segment) => segment !== '');
}

/** The path parameter a template segment names (`{id}` → `id`), else undefined. */
export function pathParameterName(segment: string): string | undefined {
  return /^\{([^}+]+)\}$/.exec(segment)?.[1];
}
