/**
 * Runs `task` over `items` with at most `limit` running at once; results in item order. After a failure no new task
 * starts, and the first failure is thrown only once the running tasks have settled: a caller cleaning up after it
 * (aborting a multipart upload) knows nothing it started is still sending.
 */
export async function mapAtMost<T, R>(limit: number, items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
