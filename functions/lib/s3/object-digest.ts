import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';

/** An output object's size and the SHA-256 of its bytes (hex), as the summary reports them. */
export interface ObjectDigest {
  bytes: number;
  sha256: string;
}

/**
 * Streams the object once through SHA-256: memory bounded, one GET. A SHA-256 of a concatenation cannot be derived
 * from its parts' digests (the hash state after the first part is not its digest), and the outputs are assembled
 * by server-side copies that never pass through the function, so reading the assembled object back is the one way
 * to state its SHA-256 (cost: README, "Knowing when a job ends").
 */
export async function digestObject(bucket: string, key: string): Promise<ObjectDigest> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const piece of out.Body as Readable) {
    hash.update(piece as Buffer);
    bytes += (piece as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
