/**
 * Remembers which objects are being assembled by a CompleteMultipartUpload right now. s3rver reports those
 * completions as `ObjectCreated:Post`, the same as a browser form upload; the front marks the request before
 * passing it on, so the event can be named `ObjectCreated:CompleteMultipartUpload` as S3 names it.
 */
export class MultipartCompletions {
  readonly #pending = new Map<string, number>();

  begin(bucket: string, key: string): void {
    const id = `${bucket}/${key}`;
    this.#pending.set(id, (this.#pending.get(id) ?? 0) + 1);
  }

  end(bucket: string, key: string): void {
    const id = `${bucket}/${key}`;
    const count = (this.#pending.get(id) ?? 0) - 1;
    if (count > 0) this.#pending.set(id, count);
    else this.#pending.delete(id);
  }

  isCompleting(bucket: string, key: string): boolean {
    return this.#pending.has(`${bucket}/${key}`);
  }
}
