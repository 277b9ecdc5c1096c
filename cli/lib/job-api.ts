import { setTimeout as sleep } from 'node:timers/promises';
import type { JobView } from '../../functions/lib/jobs/job-view.ts';
import { isTerminal } from '../../functions/lib/jobs/lifecycle/transitions.ts';
import type { JobsTarget } from './jobs-target.ts';
import { signedHeaders } from './sign-request.ts';

/** What calling the API needs: where it is, and how it authenticates the caller. */
export type ApiTarget = Pick<JobsTarget, 'apiUrl' | 'apiKey'> & Partial<Pick<JobsTarget, 'sign' | 's3'>>;

/** `GET /jobs/{id}`: the job's view, or undefined while no record exists (404: not ingested yet, or no such job). */
export async function getJob(target: ApiTarget, jobId: string): Promise<JobView | undefined> {
  const url = `${target.apiUrl}jobs/${encodeURIComponent(jobId)}`;
  const response = await fetch(url, { headers: await authHeaders(target, 'GET', url) });
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /jobs/${jobId} answered ${response.status}: ${apiMessage(text)}`);
  return JSON.parse(text) as JobView;
}

/** An API key's header, or SigV4 headers signed with the S3 client's credentials and region. */
async function authHeaders(target: ApiTarget, method: string, url: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = target.apiKey ? { 'x-api-key': target.apiKey } : {};
  if (!target.sign || !target.s3) return headers;
  const credentials = await target.s3.config.credentials();
  const region = await target.s3.config.region();
  return signedHeaders({ method, url, headers }, { credentials, region, service: 'execute-api' });
}

/** The API's `{"error": {"message"}}` (API Gateway's own 403s carry `{"message"}`), else the body as is. */
function apiMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string }; message?: string };
    return body.error?.message ?? body.message ?? text;
  } catch {
    return text;
  }
}

export interface FollowOptions {
  /** Called with every view read, the last one terminal. */
  onView?: (view: JobView) => void;
  intervalMs?: number;
  /** How long to wait for the record to appear (the upload's event reaching the ingest). */
  appearTimeoutMs?: number;
}

/** Polls the job until it ends (SUCCEEDED, FAILED or SUPERSEDED) and returns its last view. */
export async function followJob(target: ApiTarget, jobId: string, options: FollowOptions = {}): Promise<JobView> {
  const { onView, intervalMs = 500, appearTimeoutMs = 60_000 } = options;
  const appearBy = Date.now() + appearTimeoutMs;
  for (;;) {
    const view = await getJob(target, jobId);
    if (view === undefined && Date.now() > appearBy) {
      throw new Error(
        `no job ${jobId} after ${Math.round(appearTimeoutMs / 1000)} s (does its key end in an accepted suffix, .csv, .jsonl, ...?)`,
      );
    }
    if (view !== undefined) {
      onView?.(view);
      if (isTerminal(view.status)) return view;
    }
    await sleep(intervalMs);
  }
}
