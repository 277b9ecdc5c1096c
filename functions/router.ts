import type { Context } from 'aws-lambda';
import { logger } from './lib/logger.ts';
import { classifyEvent, type RouteName } from './lib/router/index.ts';
import { errorResponse } from './lib/http/index.ts';
import { billedInvocation } from './lib/jobs/lifecycle/invocation-billing.ts';

/**
 * The image's entry point (`CMD ["router.handler"]`): one function serves every trigger and dispatches on the event's
 * shape. Handlers are imported lazily so an API-only container never loads the batch path's SDK clients and a
 * batch-only one never opens the ONNX session before it needs it.
 */
type Handler = (event: never, context: Context) => Promise<unknown>;

const HANDLERS: Record<Exclude<RouteName, 'unknown-api-route' | 'unrecognised'>, () => Promise<{ handler: Handler }>> = {
  predict: () => import('./predict.ts'),
  'start-experiment': () => import('./start-experiment.ts'),
  'get-job': () => import('./get-job.ts'),
  'get-model': () => import('./get-model.ts'),
  'on-object-created': () => import('./on-object-created.ts'),
  'on-execution-ended': () => import('./on-execution-ended.ts'),
  'on-ingest-failed': () => import('./on-ingest-failed.ts'),
  'reconcile-jobs': () => import('./reconcile-jobs.ts'),
  plan: () => import('./plan.ts'),
  'score-chunk': () => import('./score-chunk.ts'),
  'renumber-errors': () => import('./renumber-errors.ts'),
  finalize: () => import('./finalize.ts'),
  'mark-failed': () => import('./mark-failed.ts'),
  probe: () => import('./probe.ts'),
};

export async function handler(event: unknown, context: Context): Promise<unknown> {
  if (context) logger.addContext(context);
  const route = classifyEvent(event);
  logger.appendKeys({ route });
  if (route === 'unknown-api-route') return errorResponse(404, 'NOT_FOUND', 'no such route; see README "API"');
  if (route === 'unrecognised') {
    logger.warn('unrecognised event');
    return errorResponse(
      400,
      'UNRECOGNISED_EVENT',
      'the event matches no trigger of this function (API Gateway, S3, workflow task, probe, or {"values": ...})',
    );
  }
  const module = await HANDLERS[route]();
  // A handler working for a job names it (billTo); its units then go to the job's record (README "Job status").
  return billedInvocation(() => module.handler(event as never, context));
}
