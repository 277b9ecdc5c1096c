import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createAtomicStore } from './atomic-store.ts';
import { buildNotificationEvent } from './build-notification-event.ts';
import { MultipartCompletions } from './MultipartCompletions.ts';
import { NotificationDispatcher } from './NotificationDispatcher.ts';
import { DEFAULT_NOTIFICATION_RULES, findMatchingRule } from './notification-rules.ts';
import { createS3Front } from './s3-front.ts';
import { S3rver, type FilesystemStoreLike, type S3rverRawEvent } from './s3rver-module.ts';
import { toObjectCreated } from './s3rver-events.ts';
import type { S3Service, S3ServiceOptions } from './types.ts';
import { listenLocal } from '../listen.ts';

export const DEFAULT_S3_DATA_DIR = '.data/s3';
export const DEFAULT_BUCKETS = ['input', 'output'];

/** Objects live in `<dataDir>/buckets`; uploads in progress in `<dataDir>/tmp` (outside every bucket's listing). */
async function prepareDataDir(options: S3ServiceOptions): Promise<{ buckets: string; temp: string }> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_S3_DATA_DIR);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  const buckets = join(dataDir, 'buckets');
  const temp = join(dataDir, 'tmp');
  await rm(temp, { recursive: true, force: true }); // leftovers of uploads cut short by a crash
  await mkdir(buckets, { recursive: true });
  await mkdir(temp, { recursive: true });
  return { buckets, temp };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

interface EventPipeline {
  completions: MultipartCompletions;
  dispatcher: NotificationDispatcher;
  store: FilesystemStoreLike;
  options: S3ServiceOptions;
  log: (line: string) => void;
}

/** s3rver event → AWS notification (when a rule selects it) → asynchronous delivery. Never throws. */
async function onRawEvent(raw: S3rverRawEvent, pipeline: EventPipeline): Promise<void> {
  try {
    const created = await toObjectCreated(raw, pipeline.completions, pipeline.store);
    if (!created) return;
    const rule = findMatchingRule(pipeline.options.notifications ?? DEFAULT_NOTIFICATION_RULES, created.bucket, created.key, created.eventName);
    if (!rule) return;
    pipeline.dispatcher.dispatch(buildNotificationEvent(created, rule, pipeline.options.region ?? 'us-east-1'));
  } catch (error) {
    pipeline.log(`[s3] could not build a notification: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Starts s3rver (objects on disk, kept across restarts) behind the S3 front, with the buckets created and
 * ObjectCreated notifications delivered as AWS S3 events.
 */
export async function startS3(options: S3ServiceOptions = {}): Promise<S3Service> {
  const log = options.log ?? (() => undefined);
  const dirs = await prepareDataDir(options);
  const s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: dirs.buckets,
    silent: true,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? DEFAULT_BUCKETS).map((name) => ({ name })),
  });
  const store = createAtomicStore(dirs.buckets, dirs.temp);
  s3rver.store = store;
  s3rver.context.store = store;
  const completions = new MultipartCompletions();
  const dispatcher = new NotificationDispatcher({
    target: options.onEvent,
    retries: options.deliveryRetries,
    retryDelayMs: options.retryDelayMs,
    log,
  });
  const pipeline: EventPipeline = { completions, dispatcher, store, options, log };
  s3rver.on('event', (raw: S3rverRawEvent) => void onRawEvent(raw, pipeline));
  const backendAddress = await s3rver.run();
  // Longer than the front's idle keep-alive sockets live, so a reused socket is never one s3rver just closed.
  if (s3rver.httpServer) s3rver.httpServer.keepAliveTimeout = 65_000;
  const backend = new URL(`http://127.0.0.1:${backendAddress.port}`);
  const front = createS3Front({
    backend,
    completions,
    log,
    store,
    uploadExists: (bucket, uploadId) => existsSync(join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId)),
    abortUpload: (bucket, uploadId) => rm(join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId), { recursive: true, force: true }),
    objectSize: async (bucket, key) => {
      try {
        return Number((await store.getMetadata(bucket, key))['content-length']);
      } catch {
        return undefined;
      }
    },
  });
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, front.handle);
  const port = await listenLocal(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    backendUrl: backend.origin,
    handle: front.handle,
    drainNotifications: () => dispatcher.drain(),
    stop: async () => {
      await closeServer(server);
      front.close();
      s3rver.httpServer?.closeAllConnections();
      await s3rver.close();
    },
  };
}
