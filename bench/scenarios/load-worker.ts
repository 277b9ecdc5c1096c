/**
 * Closed-loop load in a worker thread: the local stack's API adapter runs on the main thread, and a client on the
 * same event loop would roughly halve what the server can show (measured by the older bench/sync-local.ts).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
// load-generator.ts directly: the lib's index pulls in vega, seconds of import in every worker
import { closedLoop, httpPostSender } from '../lib/load-generator.ts';
import type { LoadPlan } from '../lib/load-generator.ts';
import type { Sample } from '../lib/types.ts';

export interface LoadJob extends LoadPlan {
  url: string;
  body: string;
}

export interface LoadResult {
  samples: Sample[];
  elapsedS: number;
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  const { send, close } = httpPostSender(job.url, job.body, job.concurrency);
  try {
    return await closedLoop(send, job);
  } finally {
    close();
  }
}

export function loadInWorker(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

if (!isMainThread && (workerData as LoadJob | undefined)?.url) parentPort?.postMessage(await runJob(workerData as LoadJob));
