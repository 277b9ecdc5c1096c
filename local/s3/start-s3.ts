import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildNotificationEvent } from './build-notification-event.ts';
import { FileSystemObjectStore } from './FileSystemObjectStore.ts';
import { NotificationDispatcher } from './NotificationDispatcher.ts';
import { DEFAULT_NOTIFICATION_RULES, findMatchingRule } from './notification-rules.ts';
import { createS3Handler } from './s3-handler.ts';
import type { ObjectCreated, S3Service, S3ServiceOptions } from './types.ts';
import { LOCAL_REGION } from '../local-names.ts';

export const DEFAULT_S3_DATA_DIR = '.data/s3';
export const DEFAULT_BUCKETS = ['input', 'output'];

/**
 * Starts the local S3: the file-system store in `dataDir` (kept across restarts), the configured buckets, and
 * ObjectCreated notifications delivered as AWS S3 events. It listens on no port: the edge serves `handle`.
 */
export async function startS3(options: S3ServiceOptions = {}): Promise<S3Service> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? DEFAULT_S3_DATA_DIR);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  const store = await FileSystemObjectStore.open(dataDir, log);
  for (const bucket of options.buckets ?? DEFAULT_BUCKETS) await store.createBucket(bucket);
  const dispatcher = new NotificationDispatcher({
    target: options.onEvent,
    retries: options.deliveryRetries,
    retryDelayMs: options.retryDelayMs,
    log,
  });
  const rules = options.notifications ?? DEFAULT_NOTIFICATION_RULES;
  const onCreated = (created: ObjectCreated): void => {
    const rule = findMatchingRule(rules, created.bucket, created.key, created.eventName);
    if (rule) dispatcher.dispatch(buildNotificationEvent(created, rule, options.region ?? LOCAL_REGION));
  };
  return {
    name: 's3',
    listener: createS3Handler({ store, onCreated, log, meter: options.meter }),
    store,
    drainNotifications: () => dispatcher.drain(),
    stop: async () => undefined,
  };
}
