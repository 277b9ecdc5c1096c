/** Pure instance-pool policy: which idle instance serves next, which ones are reclaimed. */

export interface PoolEntry {
  id: string;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  lastUsedAt: number;
}

/** Lambda routes to the most recently used idle instance, so the rest stay idle and get reclaimed. */
export function pickIdle<T extends PoolEntry>(entries: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (entry.state === 'idle' && (best === undefined || entry.lastUsedAt > best.lastUsedAt)) best = entry;
  }
  return best;
}

export function pickReclaimable<T extends PoolEntry>(entries: Iterable<T>, now: number, idleTimeoutMs: number): T[] {
  const out: T[] = [];
  for (const entry of entries) if (entry.state === 'idle' && now - entry.lastUsedAt >= idleTimeoutMs) out.push(entry);
  return out;
}

/** How often to look for idle instances: often enough for tiny test timeouts, rarely for the default minute. */
export function reclaimInterval(idleTimeoutMs: number): number {
  return Math.min(1000, Math.max(10, Math.floor(idleTimeoutMs / 4)));
}
