import { rm } from 'node:fs/promises';

/**
 * Composite objects' folders being read. A reader opens a composite's segment files one by one as it reaches them,
 * so the folder of a version that is replaced or deleted meanwhile is removed only once its last reader is done (a
 * plain object needs none of this: its reader holds the data file open). A crash leaves such a folder unnamed by
 * any record, and the next start removes it (load-store.ts).
 */
export class DataPins {
  readonly #readers = new Map<string, number>();
  readonly #doomed = new Set<string>();

  pin(path: string): void {
    this.#readers.set(path, (this.#readers.get(path) ?? 0) + 1);
  }

  async unpin(path: string): Promise<void> {
    const left = (this.#readers.get(path) ?? 1) - 1;
    if (left > 0) {
      this.#readers.set(path, left);
      return;
    }
    this.#readers.delete(path);
    if (this.#doomed.delete(path)) await rm(path, { recursive: true, force: true });
  }

  /** Removes a version's data now, or when its last reader is done. */
  async remove(path: string): Promise<void> {
    if (this.#readers.has(path)) this.#doomed.add(path);
    else await rm(path, { recursive: true, force: true });
  }
}
