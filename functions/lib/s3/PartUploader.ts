import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { CompletedPart, S3Client } from '@aws-sdk/client-s3';
import { MIN_PART_BYTES, STREAM_PART_BYTES } from './limits.ts';
import { OUTPUT_CHECKSUM } from './output-checksum.ts';
import { givePartBuffer, takePartBuffer } from './part-buffers.ts';

export interface PartUploaderOptions {
  client: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  metadata?: Record<string, string>;
  /** Part size (≥ 5 MiB, S3's minimum for all parts but the last). Default 8 MiB. */
  partBytes?: number;
}

/**
 * Signs the request without hashing the body (`UNSIGNED-PAYLOAD`, what boto3 and the Java SDK send to S3 over
 * TLS): the SDK still adds its CRC32 checksum header, which S3 verifies, so integrity is kept while the SHA-256 pass
 * over every part (≈ 3 % of a chunk's CPU) is saved.
 */
function unsignedPayload<C extends PutObjectCommand | UploadPartCommand>(command: C): C {
  (command.middlewareStack as unknown as BuildStep).add(
    (next) => async (args) => {
      if (args.request.headers) args.request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'unsignedPayload' },
  );
  return command;
}

/** The slice of the SDK's middleware stack used here: one build-step middleware that edits request headers. */
interface BuildStep {
  add(
    middleware: (next: (args: BuildArgs) => Promise<unknown>) => (args: BuildArgs) => Promise<unknown>,
    options: { step: 'build'; name: string },
  ): void;
}
interface BuildArgs {
  request: { headers?: Record<string, string> };
}

/** First buffer size: small outputs (error files, tiny jobs) never hold a whole part's memory. */
const INITIAL_BUFFER_BYTES = 64 * 1024;

/**
 * Uploads bytes written to it as one object with bounded, reused memory: bytes are copied into a part buffer; a
 * full buffer is sent as an UploadPart while the next fills (one part in flight, so two buffers in all, reused
 * for the whole object: no per-write allocation, unlike lib-storage's Upload, which buffers and concatenates).
 * An output that never fills a part is one PutObject. The object appears at once, when `end()` completes;
 * `abort()` (or a failed `end()`) leaves nothing behind. Part-sized buffers come from, and go back to, the
 * environment's kept buffers (part-buffers.ts) once their uploads answered, so a warm chunk writes no fresh pages.
 */
export class PartUploader {
  /** Bytes written so far. */
  bytes = 0;
  readonly #options: PartUploaderOptions & { partBytes: number };
  #buffer: Buffer = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  #used = 0;
  /** The buffer of the part in flight, reused once its upload is done. */
  #spare: Buffer | undefined;
  #inFlight: Promise<void> | undefined;
  #uploadId: string | undefined;
  readonly #parts: CompletedPart[] = [];

  constructor(options: PartUploaderOptions) {
    const partBytes = options.partBytes ?? STREAM_PART_BYTES;
    if (partBytes < MIN_PART_BYTES) throw new RangeError(`partBytes must be at least ${MIN_PART_BYTES}, got ${partBytes}`);
    this.#options = { ...options, partBytes };
  }

  /** Copies `bytes` in (the caller may reuse its buffer at once); resolves when there is room for more. */
  async write(bytes: Buffer): Promise<void> {
    this.bytes += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      if (this.#used === this.#buffer.length && !this.#grow()) await this.#sendPart();
      const copied = bytes.copy(this.#buffer, this.#used, offset);
      this.#used += copied;
      offset += copied;
    }
  }

  /** Sends what is left and completes the object; returns its size. */
  async end(): Promise<number> {
    try {
      if (this.#uploadId === undefined) {
        await this.#options.client.send(
          unsignedPayload(
            new PutObjectCommand({
              ...this.#target(),
              Body: this.#buffer.subarray(0, this.#used),
              ChecksumAlgorithm: OUTPUT_CHECKSUM.ChecksumAlgorithm,
              ContentType: this.#options.contentType,
              Metadata: this.#options.metadata,
            }),
          ),
        );
        this.#giveBuffersBack();
        return this.bytes;
      }
      if (this.#used > 0) await this.#sendPart();
      await this.#inFlight;
      this.#giveBuffersBack();
      await this.#options.client.send(
        new CompleteMultipartUploadCommand({
          ...this.#target(),
          UploadId: this.#uploadId,
          ChecksumType: OUTPUT_CHECKSUM.ChecksumType,
          MultipartUpload: { Parts: this.#parts },
        }),
      );
      return this.bytes;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Drops the parts sent so far (the object never appears). Never throws. */
  async abort(): Promise<void> {
    await this.#inFlight?.catch(() => undefined);
    this.#giveBuffersBack();
    if (this.#uploadId === undefined) return;
    const uploadId = this.#uploadId;
    this.#uploadId = undefined;
    await this.#options.client.send(new AbortMultipartUploadCommand({ ...this.#target(), UploadId: uploadId })).catch(() => undefined);
  }

  #target(): { Bucket: string; Key: string } {
    return { Bucket: this.#options.bucket, Key: this.#options.key };
  }

  /**
   * Swaps the first, small buffer for a part-sized one once it is full (before the first part is sent): straight to
   * a part's size rather than doubling, as a kept buffer costs nothing and a new one only the pages written.
   */
  #grow(): boolean {
    if (this.#buffer.length >= this.#options.partBytes) return false;
    const grown = takePartBuffer(this.#options.partBytes);
    this.#buffer.copy(grown, 0, 0, this.#used);
    this.#buffer = grown;
    return true;
  }

  /** Once no upload reads them: the part-sized buffers go back to be kept, and this uploader holds none. */
  #giveBuffersBack(): void {
    for (const buffer of [this.#buffer, this.#spare]) if (buffer?.length === this.#options.partBytes) givePartBuffer(buffer);
    this.#buffer = Buffer.alloc(0);
    this.#spare = undefined;
    this.#used = 0;
  }

  /** Waits for the part in flight, then sends the current buffer as the next part and fills the other one. */
  async #sendPart(): Promise<void> {
    await this.#inFlight;
    this.#uploadId ??= (
      await this.#options.client.send(
        new CreateMultipartUploadCommand({
          ...this.#target(),
          ...OUTPUT_CHECKSUM,
          ContentType: this.#options.contentType,
          Metadata: this.#options.metadata,
        }),
      )
    ).UploadId;
    const partNumber = this.#parts.length + 1;
    const body = this.#buffer.subarray(0, this.#used);
    const part: CompletedPart = { PartNumber: partNumber };
    this.#parts.push(part);
    const sent = this.#options.client
      .send(
        unsignedPayload(
          new UploadPartCommand({
            ...this.#target(),
            UploadId: this.#uploadId,
            PartNumber: partNumber,
            Body: body,
            ChecksumAlgorithm: OUTPUT_CHECKSUM.ChecksumAlgorithm,
          }),
        ),
      )
      .then((out) => {
        part.ETag = out.ETag;
        part.ChecksumCRC32 = out.ChecksumCRC32;
      });
    sent.catch(() => undefined); // seen by the next write or end(); meanwhile not an unhandled rejection
    this.#inFlight = sent;
    const next = this.#spare ?? takePartBuffer(this.#options.partBytes);
    this.#spare = this.#buffer;
    this.#buffer = next;
    this.#used = 0;
  }
}
