import { MAX_PAYLOAD_BYTES } from './quotas.ts';

export interface BatchLimits {
  maxItems?: number;
  maxBytes?: number;
  /** The evaluated BatchInput, put in every batch. */
  batchInput?: unknown;
}

/** One child execution's input and the indexes of the items it carries. */
export interface ChildInput {
  input: unknown;
  itemIndexes: number[];
}

/**
 * Without ItemBatcher each item is a child's input; with it, consecutive items go in `{ BatchInput?, Items }`
 * objects of at most `maxItems` items and `maxBytes` bytes of JSON (an item alone over the limit still gets a batch).
 */
export function batchItems(items: unknown[], limits: BatchLimits | undefined): ChildInput[] {
  if (!limits) return items.map((input, index) => ({ input, itemIndexes: [index] }));
  const maxItems = limits.maxItems && limits.maxItems > 0 ? limits.maxItems : Number.POSITIVE_INFINITY;
  // MaxInputBytesPerBatch defaults to, and cannot exceed, the payload quota: a batch is a child execution's input.
  const maxBytes = Math.min(limits.maxBytes && limits.maxBytes > 0 ? limits.maxBytes : MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES);
  const wrap = (batch: unknown[]) => (limits.batchInput === undefined ? { Items: batch } : { BatchInput: limits.batchInput, Items: batch });
  const batches: ChildInput[] = [];
  let current: { items: unknown[]; indexes: number[] } = { items: [], indexes: [] };
  const flush = (): void => {
    if (current.items.length > 0) batches.push({ input: wrap(current.items), itemIndexes: current.indexes });
    current = { items: [], indexes: [] };
  };
  items.forEach((item, index) => {
    const grown = [...current.items, item];
    const tooBig = Buffer.byteLength(JSON.stringify(wrap(grown))) > maxBytes;
    if (current.items.length >= maxItems || (tooBig && current.items.length > 0)) flush();
    current.items.push(item);
    current.indexes.push(index);
  });
  flush();
  return batches;
}
