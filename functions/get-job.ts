import { config } from './lib/config.ts';
import { jobStore } from './lib/jobs/lifecycle/JobStore.ts';
import { isJobId, jobView } from './lib/jobs/job-view.ts';
import type { JobRecord } from './lib/jobs/types.ts';
import { errorResponse, jsonResponse } from './lib/http/index.ts';
import type { ApiResponse } from './lib/http/index.ts';

/** v1 (`pathParameters.id`) and v2 proxy events; the raw path is the fallback for direct `/jobs/<id>` calls. */
export interface GetJobEvent {
  pathParameters?: Record<string, string | undefined> | null;
  path?: string;
  rawPath?: string;
}

export function jobIdFrom(event: GetJobEvent): string | undefined {
  const fromParams = event.pathParameters?.id;
  if (fromParams !== undefined) return fromParams;
  const path = event.rawPath ?? event.path ?? '';
  const match = /\/jobs\/([^/]+)\/?$/.exec(path);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** Pure response logic: validation, 404, 200 view. */
export function jobResponse(id: string | undefined, record: JobRecord | undefined, outputBucket: string): ApiResponse {
  if (!isJobId(id)) return errorResponse(400, 'INVALID_JOB_ID', 'job id must be 24 lowercase hex characters');
  if (!record) return errorResponse(404, 'JOB_NOT_FOUND', `no job with id ${id}`);
  return jsonResponse(200, jobView(record, outputBucket));
}

/** `GET /jobs/{id}`. */
export async function handler(event: GetJobEvent): Promise<ApiResponse> {
  const id = jobIdFrom(event);
  const record = isJobId(id) ? await jobStore().get(id) : undefined;
  return jobResponse(id, record, config().outputBucket);
}
