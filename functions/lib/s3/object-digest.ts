import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { s3 } from '../aws/clients.ts';
import { headWithChecksum } from './output-checksum.ts';

/**
 * An output object as the summary states it: its size, S3's full-object CRC-32 of its bytes (base64), and the
 * SHA-256 of its bytes (hex) when it was read for it; null when not computed.
 */
export interface ObjectDigest {
  bytes: number;
  crc32: string | null;
  sha256: string | null;
}

/** Size and CRC-32 from one HEAD (output-checksum.ts); the SHA-256 from `digest`, a read of the bytes, if given. */
export async function describeObject(bucket: string, key: string, digest?: Promise<{ sha256: string }>): Promise<ObjectDigest> {
  const [head, hashed] = await Promise.all([headWithChecksum(bucket, key), digest]);
  return { ...head, sha256: hashed?.sha256 ?? null };
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

/** How close to a part's end the next part's GET is sent: its answer then waits unread for at most this many bytes. */
const AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * The size and SHA-256 of the concatenation of the objects, in order, streamed once through one hash: what an object
 * assembled from those parts (assemble-object.ts) holds, so the digest can be taken while the assembly runs. A
 * part's GET is sent before the previous part's last `AHEAD_BYTES` are read (when its size is given), so no first
 * byte is waited for between parts (S3's, 20–50 ms each); its body waits unread until then, held back by TCP.
 */
export async function digestParts(
  bucket: string,
  parts: readonly { key: string; bytes?: number }[],
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const get = (index: number) => {
    const sent = s3().send(new GetObjectCommand({ Bucket: bucket, Key: parts[index]!.key }));
    sent.catch(() => undefined); // awaited in its turn; a failure before then is not an unhandled rejection
    return sent;
  };
  let next = parts.length > 0 ? get(0) : undefined;
  try {
    for (let index = 0; index < parts.length; index++) {
      const out = await next!;
      next = undefined;
      const sendNextAt = index + 1 < parts.length ? (parts[index]!.bytes ?? Number.POSITIVE_INFINITY) - AHEAD_BYTES : Number.NaN;
      let read = 0;
      for await (const piece of out.Body as Readable) {
        hash.update(piece as Buffer);
        read += (piece as Buffer).length;
        if (next === undefined && read >= sendNextAt) next = get(index + 1);
      }
      bytes += read;
      if (next === undefined && index + 1 < parts.length) next = get(index + 1);
    }
  } finally {
    // After a part failed, a GET sent ahead goes unread: its body is let go.
    const ahead = await next?.catch(() => undefined);
    (ahead?.Body as Readable | undefined)?.destroy();
  }
  return { bytes, sha256: hash.digest('hex') };
}
