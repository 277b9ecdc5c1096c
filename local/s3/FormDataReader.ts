import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { S3RequestError } from './errors.ts';

/** Form fields S3 reads before the file (its own limit is 20 KB of fields): far more than any real form needs. */
const MAX_FIELDS_BYTES = 1024 * 1024;
const MAX_PART_HEADER_BYTES = 16 * 1024;

export interface FormUpload {
  /** Field names lower-cased (S3 reads them case-insensitively). */
  fields: Map<string, string>;
  filename?: string;
  fileContentType?: string;
  /** The file's bytes, streamed from the request as they arrive. */
  file: Readable;
}

function malformed(message: string): S3RequestError {
  return new S3RequestError('MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data. ${message}`);
}

/**
 * A multipart/form-data body read the way S3 reads a browser upload (POST Object): the fields up to the `file` field
 * are read whole (bounded), the file's bytes are streamed, and anything after the file is ignored.
 */
export class FormDataReader {
  readonly #source: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  #fieldBytes = 0;

  constructor(req: IncomingMessage) {
    this.#source = req[Symbol.asyncIterator]();
  }

  async read(boundary: string): Promise<FormUpload> {
    const fields = new Map<string, string>();
    const separator = Buffer.from(`\r\n--${boundary}`);
    this.#buffer = Buffer.from('\r\n'); // so the first boundary looks like every other one
    await this.#readUntil(separator, 1024);
    for (;;) {
      const after = await this.#take(2);
      if (after === '--') throw new S3RequestError('InvalidArgument', 'POST requires exactly one file upload per request.');
      if (after !== '\r\n') throw malformed('A boundary must end its line.');
      const headers = (await this.#readUntil(Buffer.from('\r\n\r\n'), MAX_PART_HEADER_BYTES)).toString('utf8');
      const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
      const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1]?.toLowerCase();
      if (name === undefined) throw malformed('A part has no name.');
      if (name === 'file') {
        const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
        const fileContentType = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim();
        return { fields, filename, fileContentType, file: Readable.from(this.#streamUntil(separator), { objectMode: false }) };
      }
      const value = await this.#readUntil(separator, MAX_FIELDS_BYTES - this.#fieldBytes);
      this.#fieldBytes += value.length;
      fields.set(name, value.toString('utf8'));
    }
  }

  async #more(): Promise<boolean> {
    if (this.#ended) return false;
    const next = await this.#source.next();
    if (next.done) {
      this.#ended = true;
      return false;
    }
    this.#buffer = this.#buffer.length === 0 ? next.value : Buffer.concat([this.#buffer, next.value]);
    return true;
  }

  async #take(length: number): Promise<string> {
    while (this.#buffer.length < length) if (!(await this.#more())) throw malformed('The body ended early.');
    const taken = this.#buffer.subarray(0, length).toString('latin1');
    this.#buffer = this.#buffer.subarray(length);
    return taken;
  }

  /** The bytes before `delimiter` (which is consumed), at most `limit` of them. */
  async #readUntil(delimiter: Buffer, limit: number): Promise<Buffer> {
    for (;;) {
      const at = this.#buffer.indexOf(delimiter);
      if (at !== -1 && at <= limit) {
        const before = this.#buffer.subarray(0, at);
        this.#buffer = this.#buffer.subarray(at + delimiter.length);
        return before;
      }
      if (this.#buffer.length > limit + delimiter.length)
        throw new S3RequestError('MaxPostPreDataLengthExceeded', 'Your POST request fields preceding the upload file were too large.');
      if (!(await this.#more())) throw malformed('The body ended before its closing boundary.');
    }
  }

  /** Yields the bytes before `delimiter`, holding back only what could be the start of it; then drains the rest. */
  async *#streamUntil(delimiter: Buffer): AsyncGenerator<Buffer> {
    for (;;) {
      const at = this.#buffer.indexOf(delimiter);
      if (at !== -1) {
        if (at > 0) yield this.#buffer.subarray(0, at);
        this.#buffer = Buffer.alloc(0);
        while (await this.#more()) this.#buffer = Buffer.alloc(0); // fields after the file are ignored, as S3 does
        return;
      }
      const safe = this.#buffer.length - (delimiter.length - 1);
      if (safe > 0) {
        const chunk = this.#buffer.subarray(0, safe);
        this.#buffer = this.#buffer.subarray(safe);
        yield chunk;
      }
      if (!(await this.#more())) throw malformed('The file ended before its closing boundary.');
    }
  }
}
