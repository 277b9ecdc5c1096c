import type { Model } from '../model/types.ts';
import type { AliasPointer, ModelCard } from './card.ts';

/** Exactly which stored model answered, or which one a batch job is pinned to. */
export interface PinnedModel {
  name: string;
  version: string;
  sha256: string;
}

/** A stored version loaded in this container: its session, and what it is. */
export interface StoredModel {
  model: Model;
  pin: PinnedModel;
}

/** The store's reads (the S3 adapter, s3-store.ts); null = no such object. */
export interface ModelStoreReader {
  readAlias(name: string, alias: string): Promise<AliasPointer | null>;
  readCard(name: string, version: string): Promise<ModelCard | null>;
  /** Streams model.onnx to `path`, returning the sha256 of the bytes written. */
  download(name: string, version: string, path: string): Promise<string>;
  listNames(): Promise<string[]>;
  listVersions(name: string): Promise<string[]>;
  listAliases(name: string): Promise<string[]>;
}
