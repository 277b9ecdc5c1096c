import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';

/** An output object's size and the SHA-256 of its bytes (hex), as the summary reports them; null when not computed. */
export interface ObjectDigest {
  bytes: number;
  sha256: string | null;
}

/** The object's size and, unless `hash` is false, its SHA-256 (digestObject); without the hash, one HEAD. */
export async function describeObject(bucket: string, key: string, hash: boolean): Promise<ObjectDigest> {
  if (hash) return digestObject(bucket, key);
  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return { bytes: head.ContentLength ?? 0, sha256: null };
}

/**
 * Streams the object once through SHA-256: memory bounded, one GET. A SHA-256 of a concatenation cannot be derived
 * from its parts' digests (the hash state after the first part is not its digest), and the outputs are assembled
 * by server-side copies that never pass through the function, so reading the assembled object back is the one way
 * to state its SHA-256 (cost: README, "Knowing when a job ends").
 */
export async function digestObject(bucket: string, key: string): Promise<{ bytes: number; sha256: string }> {
  return digestParts(bucket, [{ key }]);
}

/**
 * The size and SHA-256 of the concatenation of the objects, in order, streamed once through one hash: what an object
 * assembled from those parts (assemble-object.ts) holds, so the digest can be taken while the assembly runs.
 */
export async function digestParts(bucket: string, parts: readonly { key: string }[]): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const { key } of parts) {
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    for await (const piece of out.Body as Readable) {
      hash.update(piece as Buffer);
      bytes += (piece as Buffer).length;
    }
  }
  return { bytes, sha256: hash.digest('hex') };
}
