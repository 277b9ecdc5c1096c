import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients.ts';

/**
 * Every object the service writes carries S3's full-object CRC-32 (ChecksumType FULL_OBJECT): S3 verifies each part's
 * CRC32 as it arrives, computes copied parts' itself, and combines them into the object's CRC-32 at completion (CRCs
 * compose over concatenation; a SHA-256 does not), so an output assembled by server-side copies has a checksum of its
 * bytes without any function reading them. CRC32 rather than CRC64NVME: the SDK computes it natively in Node (zlib).
 * Every part, and a single-part PutObject, names the algorithm too: a part's must be its upload's.
 */
export const OUTPUT_CHECKSUM = { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' } as const;

/** An object's size and its FULL_OBJECT CRC-32 as S3 states it (base64; null when it has none), from one HEAD. */
export async function headWithChecksum(bucket: string, key: string): Promise<{ bytes: number; crc32: string | null }> {
  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
  // A COMPOSITE checksum (`…-<parts>`) is of the parts' checksums, not of the bytes: not stated.
  const value = head.ChecksumCRC32;
  const crc32 = value !== undefined && head.ChecksumType !== 'COMPOSITE' && !value.includes('-') ? value : null;
  return { bytes: head.ContentLength ?? 0, crc32 };
}
