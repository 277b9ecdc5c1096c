import type { ApiHandlerName } from './api-routes.ts';

/** Which handler of the image an event belongs to (docs/architecture.md, "Event routing"). */
export type RouteName =
  | ApiHandlerName
  | 'unknown-api-route'
  | 'on-object-created'
  | 'on-execution-ended'
  | 'on-ingest-failed'
  | 'reconcile-jobs'
  | 'plan'
  | 'score-chunk'
  | 'renumber-errors'
  | 'finalize'
  | 'mark-failed'
  | 'probe'
  | 'unrecognised';

export interface ApiRoute {
  method: string;
  /** API Gateway resource path, e.g. `/jobs/{id}`. */
  resource: string;
}
