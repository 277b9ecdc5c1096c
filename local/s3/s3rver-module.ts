import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';

/** The parts of s3rver (an untyped CommonJS package) this module uses. */

export interface S3rverObjectLike {
  bucket: string;
  key: string;
  content: Readable | Buffer | null;
  metadata: Record<string, string | number>;
}

export interface FilesystemStoreLike {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, string | number>, md5?: string): Promise<void>;
}

export interface FilesystemStoreClass {
  new (rootDirectory: string): FilesystemStoreLike;
  prototype: FilesystemStoreLike;
}

/** The raw event s3rver emits (its own, not quite AWS, shape). */
export interface S3rverRawEvent {
  Records: {
    eventName: string;
    requestParameters: { sourceIPAddress: string };
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
  }[];
}

export interface S3rverInstance extends EventEmitter {
  store: FilesystemStoreLike;
  context: { store: FilesystemStoreLike };
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: import('node:http').Server;
}

export interface S3rverOptions {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
  allowMismatchedSignatures?: boolean;
  vhostBuckets?: boolean;
}

const require = createRequire(import.meta.url);

export const S3rver = require('s3rver') as new (options: S3rverOptions) => S3rverInstance;
export const FilesystemStore = require('s3rver/lib/stores/filesystem') as FilesystemStoreClass;

export interface S3ObjectModel {
  content: Readable | null;
  metadata: Record<string, string | number>;
  range?: { start: number; end: number };
}

export const S3Object = require('s3rver/lib/models/object') as new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: Record<string, string | number>,
) => S3ObjectModel;
