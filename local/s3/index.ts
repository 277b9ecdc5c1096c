export { startS3, DEFAULT_S3_DATA_DIR, DEFAULT_BUCKETS } from './start-s3.ts';
export { createS3Handler, type S3HandlerOptions } from './s3-handler.ts';
export { FileSystemObjectStore } from './FileSystemObjectStore.ts';
export type { ObjectStore, ObjectRecord } from './object-store.ts';
export { encodeEventKey, decodeEventKey } from './encode-event-key.ts';
export { buildNotificationEvent, nextSequencer } from './build-notification-event.ts';
export { DEFAULT_NOTIFICATION_RULES, findMatchingRule } from './notification-rules.ts';
export { NotificationDispatcher, type NotificationDispatcherOptions } from './NotificationDispatcher.ts';
export { AwsChunkedDecoder, type AwsChunkedDecoderOptions } from './AwsChunkedDecoder.ts';
export { S3RequestError, AwsChunkedDecodeError } from './errors.ts';
export type {
  NotificationRule,
  NotificationTarget,
  ObjectCreated,
  ObjectCreatedEventName,
  S3EventRecord,
  S3NotificationEvent,
  S3Service,
  S3ServiceOptions,
} from './types.ts';
