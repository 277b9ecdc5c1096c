import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AwsChunkedDecoder } from './AwsChunkedDecoder.ts';
import { crc32Base64, crc32OfPieces } from './crc32-combine.ts';
import { S3RequestError } from './errors.ts';
import { element } from './xml.ts';

/**
 * S3's additional checksums (x-amz-checksum-*), as the local S3 keeps and reports them. The store measures every
 * version's CRC-32 as its bytes arrive (zlib, a few GB/s), so CRC32 checksums are verified and stated for any object,
 * multipart and copies included, without reading anything again. Values of the other algorithms are kept as sent.
 */

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
/** FULL_OBJECT: the checksum of the object's bytes; COMPOSITE: of its parts' checksums, with a `-<parts>` suffix. */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface ObjectChecksum {
  algorithm: ChecksumAlgorithm;
  type: ChecksumType;
  /** Base64, as S3 answers it. */
  value: string;
}

/** A checksum a request states for its body. */
export interface StatedChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
}

/** A body's stated checksum: read once the body has ended (an aws-chunked body states it in a trailer). */
export type ClaimedChecksum = () => StatedChecksum | undefined;

/** The algorithm and type a multipart upload was created with. */
export interface UploadChecksum {
  algorithm: ChecksumAlgorithm;
  type: ChecksumType;
}

function headerName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The XML element that carries a checksum of `algorithm` (`ChecksumCRC32`, …) in S3's documents. */
export function checksumElement(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

function invalidRequest(message: string): S3RequestError {
  return new S3RequestError('InvalidRequest', message);
}

/** An `x-amz-checksum-algorithm` value as S3 names it; InvalidRequest if unknown. */
export function parseChecksumAlgorithm(value: string): ChecksumAlgorithm {
  const algorithm = CHECKSUM_ALGORITHMS.find((name) => name === value.trim().toUpperCase());
  if (!algorithm)
    throw invalidRequest(
      `Checksum algorithm provided is unsupported: ${value}. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]`,
    );
  return algorithm;
}

/**
 * The checksum a PutObject or UploadPart states: an `x-amz-checksum-<algorithm>` header, or the trailer an
 * aws-chunked body ends with (x-amz-trailer). More than one header is refused, as S3 does.
 */
export function claimedChecksum(headers: IncomingHttpHeaders, body: Readable): ClaimedChecksum {
  const stated = CHECKSUM_ALGORITHMS.filter((algorithm) => typeof headers[headerName(algorithm)] === 'string');
  if (stated.length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  if (stated.length === 1) {
    const algorithm = stated[0]!;
    const value = String(headers[headerName(algorithm)]).trim();
    return () => ({ algorithm, value });
  }
  const trailer = typeof headers['x-amz-trailer'] === 'string' ? headers['x-amz-trailer'].trim().toLowerCase() : '';
  const algorithm = CHECKSUM_ALGORITHMS.find((name) => headerName(name) === trailer);
  if (!algorithm || !(body instanceof AwsChunkedDecoder)) return () => undefined;
  return () => {
    const value = body.trailers[trailer];
    return value === undefined ? undefined : { algorithm, value };
  };
}

/**
 * CreateMultipartUpload's `x-amz-checksum-algorithm` and `x-amz-checksum-type`, checked as S3 checks them: a type
 * needs an algorithm, FULL_OBJECT is for the CRCs only, CRC64NVME is FULL_OBJECT only. The type defaults to COMPOSITE
 * (FULL_OBJECT for CRC64NVME).
 */
export function parseUploadChecksum(headers: IncomingHttpHeaders): UploadChecksum | undefined {
  const algorithmHeader = headers['x-amz-checksum-algorithm'];
  const typeHeader = headers['x-amz-checksum-type'];
  const type = typeof typeHeader === 'string' ? typeHeader.trim().toUpperCase() : undefined;
  if (typeof algorithmHeader !== 'string') {
    if (type !== undefined)
      throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const algorithm = parseChecksumAlgorithm(algorithmHeader);
  if (type !== undefined && type !== 'FULL_OBJECT' && type !== 'COMPOSITE')
    throw invalidRequest(`Value for x-amz-checksum-type header is invalid: ${typeHeader}`);
  const chosen: ChecksumType = (type as ChecksumType | undefined) ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (chosen === 'FULL_OBJECT' && (algorithm === 'SHA1' || algorithm === 'SHA256'))
    throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  if (chosen === 'COMPOSITE' && algorithm === 'CRC64NVME')
    throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  return { algorithm, type: chosen };
}

/** A stated CRC32 must be the body's: BadDigest otherwise (values of other algorithms are kept unverified). */
export function checkStatedChecksum(stated: StatedChecksum | undefined, measured: number): void {
  if (stated?.algorithm === 'CRC32' && stated.value !== crc32Base64(measured)) {
    throw new S3RequestError('BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  }
}

/** A single-part object's checksum: the one its request stated (a CRC32 as measured), none if it stated none. */
export function statedObjectChecksum(stated: StatedChecksum | undefined, measured: number): ObjectChecksum | undefined {
  if (!stated) return undefined;
  const value = stated.algorithm === 'CRC32' ? crc32Base64(measured) : stated.value;
  return { algorithm: stated.algorithm, type: 'FULL_OBJECT', value };
}

/** A part's checksum under its upload's algorithm: a CRC32 as measured, another as its request stated it. */
export function partChecksum(upload: UploadChecksum | undefined, measured: number, stated?: StatedChecksum): StatedChecksum | undefined {
  if (!upload) return undefined;
  if (upload.algorithm === 'CRC32') return { algorithm: 'CRC32', value: crc32Base64(measured) };
  return stated?.algorithm === upload.algorithm ? stated : undefined;
}

/**
 * A completed multipart object's checksum under its upload's algorithm. CRC32: FULL_OBJECT from the parts' CRCs and
 * sizes (crc32-combine.ts), COMPOSITE the CRC-32 of the parts' checksums, `-<parts>`. Another algorithm is not
 * computed here: the object gets none.
 */
export function multipartChecksum(
  upload: UploadChecksum | undefined,
  parts: readonly { crc32: number; size: number }[],
): ObjectChecksum | undefined {
  if (upload?.algorithm !== 'CRC32') return undefined;
  if (upload.type === 'FULL_OBJECT') return { ...upload, value: crc32Base64(crc32OfPieces(parts)) };
  const checksums = Buffer.alloc(4 * parts.length);
  for (const [i, part] of parts.entries()) checksums.writeUInt32BE(part.crc32 >>> 0, 4 * i);
  return { ...upload, value: `${crc32Base64(crc32(checksums))}-${parts.length}` };
}

/** The full-object checksum a CompleteMultipartUpload states (x-amz-checksum-<algorithm>) must be the object's. */
export function checkCompletedChecksum(headers: IncomingHttpHeaders, checksum: ObjectChecksum | undefined): void {
  if (!checksum) return;
  const stated = headers[headerName(checksum.algorithm)];
  if (typeof stated === 'string' && stated.trim() !== checksum.value.replace(/-\d+$/, '')) {
    throw new S3RequestError('BadDigest', `The ${checksum.algorithm} you specified did not match the calculated checksum.`);
  }
}

/** A CopyObject's checksum: the algorithm it asks for (x-amz-checksum-algorithm; CRC32 only) or the source's. */
export function copiedChecksum(
  source: ObjectChecksum | undefined,
  measured: number,
  asked: ChecksumAlgorithm | undefined,
): ObjectChecksum | undefined {
  if (asked === 'CRC32' || (asked === undefined && source?.algorithm === 'CRC32')) {
    return { algorithm: 'CRC32', type: 'FULL_OBJECT', value: crc32Base64(measured) };
  }
  if (asked !== undefined) return undefined;
  return source?.type === 'FULL_OBJECT' ? source : undefined;
}

/** Response headers that state a checksum (PutObject, UploadPart, and GET/HEAD with x-amz-checksum-mode: ENABLED). */
export function checksumHeaders(checksum: StatedChecksum | ObjectChecksum | undefined): OutgoingHttpHeaders {
  if (!checksum) return {};
  return { [headerName(checksum.algorithm)]: checksum.value, ...('type' in checksum ? { 'x-amz-checksum-type': checksum.type } : {}) };
}

/** The same as XML elements (CopyPartResult, CopyObjectResult, CompleteMultipartUploadResult). */
export function checksumXml(checksum: StatedChecksum | ObjectChecksum | undefined): string {
  if (!checksum) return '';
  return `${element(checksumElement(checksum.algorithm), checksum.value)}${'type' in checksum ? element('ChecksumType', checksum.type) : ''}`;
}
