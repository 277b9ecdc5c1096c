import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectRecord, ObjectStore } from './object-store.ts';
import type { S3RequestTarget } from './parse-request.ts';
import type { ObjectCreatedEventName } from './types.ts';

/** What every S3 operation's handler gets: the request, its parsed target, the store, and where object events go. */
export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  target: S3RequestTarget;
  store: ObjectStore;
  /** Reports a created object (after it is stored) for notifications. */
  created(bucket: string, record: ObjectRecord, eventName: ObjectCreatedEventName): void;
}

/** A context whose target names a bucket (and, for object operations, a key): checked by the router. */
export interface BucketContext extends S3Context {
  bucket: string;
}

export interface ObjectContext extends BucketContext {
  key: string;
}

export type Handler<C extends S3Context = S3Context> = (context: C) => Promise<void>;
