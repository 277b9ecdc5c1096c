import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AwsChunkedDecodeError } from './errors.ts';

const MAX_LINE_BYTES = 4096;
const CRLF = Buffer.from('\r\n');

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/** Incremental checksum for the trailer algorithms Node can compute natively. */
interface Checksum {
  update(data: Buffer): void;
  digestBase64(): string;
}

function crc32Checksum(): Checksum {
  let value = 0;
  return {
    update: (data) => (value = crc32(data, value)),
    digestBase64: () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out.toString('base64');
    },
  };
}

function hashChecksum(algorithm: 'sha1' | 'sha256'): Checksum {
  const hash: Hash = createHash(algorithm);
  return { update: (data) => hash.update(data), digestBase64: () => hash.digest('base64') };
}

function checksumFor(trailerName: string | undefined): Checksum | undefined {
  switch (trailerName?.toLowerCase()) {
    case 'x-amz-checksum-crc32':
      return crc32Checksum();
    case 'x-amz-checksum-sha1':
      return hashChecksum('sha1');
    case 'x-amz-checksum-sha256':
      return hashChecksum('sha256');
    default:
      return undefined; // crc32c / crc64nvme: passed through unverified
  }
}

export interface AwsChunkedDecoderOptions {
  /** `x-amz-decoded-content-length`: the decoded size must match. */
  decodedLength?: number;
  /** `x-amz-trailer`: the trailing checksum header to verify, when Node can compute it. */
  trailer?: string;
}

/**
 * Decodes an `aws-chunked` request body (`<hex size>[;chunk-signature=…]\r\n<data>\r\n … 0\r\n<trailers>\r\n\r\n`)
 * as a stream, so uploads of any size pass with bounded memory. Verifies the decoded length and, for
 * crc32/sha1/sha256 trailers, the checksum; a failure is an error on the stream (S3's IncompleteBody / BadDigest).
 * Chunk signatures are not verified (the local stack accepts any credentials).
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  #state: State = 'size';
  #line: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #decoded = 0;
  readonly #expectedLength: number | undefined;
  readonly #trailerName: string | undefined;
  readonly #checksum: Checksum | undefined;

  constructor(options: AwsChunkedDecoderOptions = {}) {
    super();
    this.#expectedLength = options.decodedLength;
    this.#trailerName = options.trailer?.toLowerCase();
    this.#checksum = checksumFor(options.trailer);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#state === 'trailer' && this.#line.length === 0) this.#state = 'done'; // tolerate a missing final CRLF
    if (this.#state !== 'done') {
      callback(new AwsChunkedDecodeError('IncompleteBody', 'The aws-chunked body ended before its final chunk.'));
      return;
    }
    if (this.#expectedLength !== undefined && this.#decoded !== this.#expectedLength) {
      callback(
        new AwsChunkedDecodeError(
          'IncompleteBody',
          `Decoded ${this.#decoded} bytes but x-amz-decoded-content-length says ${this.#expectedLength}.`,
        ),
      );
      return;
    }
    callback(this.#verifyChecksum());
  }

  #verifyChecksum(): Error | null {
    if (!this.#checksum || !this.#trailerName) return null;
    const sent = this.trailers[this.#trailerName];
    if (sent === undefined) {
      return new AwsChunkedDecodeError('MalformedTrailerError', `The trailer ${this.#trailerName} is missing.`);
    }
    const computed = this.#checksum.digestBase64();
    if (sent !== computed) {
      return new AwsChunkedDecodeError('BadDigest', `The ${this.#trailerName} you specified did not match the calculated checksum.`);
    }
    return null;
  }

  #consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#state === 'data') offset = this.#takeData(chunk, offset);
      else if (this.#state === 'done')
        offset = chunk.length; // bytes after the terminator are ignored
      else offset = this.#takeLine(chunk, offset);
    }
  }

  #takeData(chunk: Buffer, offset: number): number {
    const end = Math.min(chunk.length, offset + this.#remaining);
    const data = chunk.subarray(offset, end);
    this.#remaining -= data.length;
    this.#decoded += data.length;
    this.#checksum?.update(data);
    this.push(data);
    if (this.#remaining === 0) this.#state = 'data-end';
    return end;
  }

  /** Accumulates one CRLF-terminated line (a chunk header, the CRLF after data, or a trailer). */
  #takeLine(chunk: Buffer, offset: number): number {
    const newline = chunk.indexOf(CRLF[1], offset);
    const end = newline === -1 ? chunk.length : newline + 1;
    this.#line = this.#line.length === 0 ? chunk.subarray(offset, end) : Buffer.concat([this.#line, chunk.subarray(offset, end)]);
    if (this.#line.length > MAX_LINE_BYTES) {
      throw new AwsChunkedDecodeError('InvalidRequest', 'An aws-chunked header line is too long.');
    }
    if (newline !== -1) {
      const line = this.#line.toString('latin1');
      this.#line = Buffer.alloc(0);
      if (!line.endsWith('\r\n')) throw new AwsChunkedDecodeError('InvalidRequest', 'aws-chunked lines must end in CRLF.');
      this.#onLine(line.slice(0, -2));
    }
    return end;
  }

  #onLine(line: string): void {
    if (this.#state === 'size') this.#onChunkHeader(line);
    else if (this.#state === 'data-end') this.#onDataEnd(line);
    else this.#onTrailer(line);
  }

  #onChunkHeader(line: string): void {
    const sizeText = line.split(';', 1)[0].trim();
    if (!/^[0-9a-fA-F]{1,15}$/.test(sizeText)) {
      throw new AwsChunkedDecodeError('InvalidChunkSizeError', `Invalid aws-chunked chunk size: ${JSON.stringify(sizeText)}.`);
    }
    this.#remaining = Number.parseInt(sizeText, 16);
    this.#state = this.#remaining === 0 ? 'trailer' : 'data';
  }

  #onDataEnd(line: string): void {
    if (line !== '') throw new AwsChunkedDecodeError('InvalidRequest', 'An aws-chunked chunk is longer than its size.');
    this.#state = 'size';
  }

  #onTrailer(line: string): void {
    if (line === '') {
      this.#state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new AwsChunkedDecodeError('MalformedTrailerError', 'A trailer line has no name.');
    this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
}
