/** One version of one object: reads pin it so a job never mixes the bytes of two uploads. */
export interface ObjectVersion {
  bucket: string;
  key: string;
  /** Bare ETag (no quotes). Used as `If-Match` when the bucket is unversioned. */
  etag: string;
  versionId: string | null;
}

/** A temp object to assemble, with its size in bytes. */
export interface PartObject {
  key: string;
  bytes: number;
}

/** How Finalize assembled an output (its log line's `assembly`); see assemblyMethod in assembly-plan.ts. */
export type AssemblyMethod = 'copy-object' | 'copy' | 'mixed' | 'stream';
