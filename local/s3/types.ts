import type { Meter } from '../meter/Meter.ts';
import type { RequestListener } from '../http/types.ts';
import type { LocalService } from '../types.ts';
/** Shapes of the local S3 service: S3's REST API over an ObjectStore, served in-process by the edge. */

/** One notification rule, as the CDK stack's `addEventNotification(..., {suffix, prefix})` defines it. */
export interface NotificationRule {
  bucket: string;
  /** AWS event names or wildcards: `s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, ... (`s3:` prefix optional). */
  events: string[];
  prefix?: string;
  suffix?: string;
  /** Ends up in `s3.configurationId`. */
  id?: string;
}

export type ObjectCreatedEventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload';

/** One record of an S3 event notification, field for field as AWS sends it (event version 2.1). */
export interface S3EventRecord {
  eventVersion: '2.1';
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: ObjectCreatedEventName;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; versionId?: string; sequencer: string };
  };
}

export interface S3NotificationEvent {
  Records: S3EventRecord[];
}

/** Where notifications go; the stack passes the Lambda runtime's asynchronous invoke. */
export type NotificationTarget = (event: S3NotificationEvent) => Promise<void>;

/** A stored object, before it becomes an AWS event. */
export interface ObjectCreated {
  bucket: string;
  /** The raw (decoded) key. */
  key: string;
  size: number;
  /** Without quotes. */
  eTag: string;
  eventName: ObjectCreatedEventName;
  sourceIp: string;
}

export interface S3ServiceOptions {
  /** Where objects live; default `<cwd>/.data/s3`. Kept across restarts. */
  dataDir?: string;
  /** Wipe `dataDir` before start. */
  fresh?: boolean;
  /** Buckets that exist after start; default `['input', 'output']`. */
  buckets?: string[];
  /** Default: ObjectCreated for `*.csv` in `input` (the CDK stack's filter). */
  notifications?: NotificationRule[];
  /** Receives notification events; none = events are dropped. */
  onEvent?: NotificationTarget;
  region?: string;
  /** Delivery retries after the first failed attempt (AWS async invoke: 2). */
  deliveryRetries?: number;
  /** Delay before the first retry; doubles each time. */
  retryDelayMs?: number;
  /** Lifecycle and delivery-failure lines. */
  log?: (line: string) => void;
  /** The stack's billing meter (requests by price class, bytes). */
  meter?: Meter;
}

export interface S3Service extends LocalService {
  /** The local S3 as a request listener: the edge serves it (the service has no port of its own). */
  listener: RequestListener;
  /** Where the objects are (tests and tools may inspect it; clients go through `handle`). */
  store: import('./object-store.ts').ObjectStore;
  /** Resolves when every notification accepted so far was delivered or given up on. */
  drainNotifications(): Promise<void>;
  stop(): Promise<void>;
}
