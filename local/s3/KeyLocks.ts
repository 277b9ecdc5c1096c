/**
 * Runs tasks one at a time per name (tasks under different names run concurrently). The store commits a key's new
 * version (record + data file + index) under its key's name, so two writers of one key never interleave their steps.
 */
export class KeyLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.#tails.set(name, tail);
    try {
      return await current;
    } finally {
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }
}
