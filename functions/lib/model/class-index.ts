/**
 * A classifier's label output back to class indexes. The label output holds class labels (skl2onnx writes sklearn's
 * classes_, e.g. 1, 3, 5 or "barolo"); with the graph's label list they are mapped back to indexes, without one the
 * label is the index.
 *
 * Integer labels arrive as a BigInt64Array. Reading an element makes a BigInt and a Map keyed by BigInts hashes each
 * one: that was ~8 % of the CSV core's time on the Iris model (bench/csv-throughput.ts). Labels that fit in 32 bits
 * are read as the low words of the little-endian int64s and looked up in a table instead; others take the Map.
 */
export type LabelIndex = (name: string, labels: unknown, rows: number) => Int32Array;

/** Most table slots for integer labels (max − min + 1): past that, the Map alone. */
const MAX_TABLE_SLOTS = 4096;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The class index lookup for a model whose graph lists `classLabels` (none: the label is the index). */
export function labelIndex(classLabels: readonly (string | bigint)[] | undefined): LabelIndex {
  const byLabel = classLabels ? new Map<string | bigint, number>(classLabels.map((label, i) => [label, i])) : undefined;
  const table = classLabels ? smallIntegerTable(classLabels) : IDENTITY;
  return (name, labels, rows) => {
    if (LITTLE_ENDIAN && table && labels instanceof BigInt64Array && labels.length >= rows) {
      return fromWords(name, labels, rows, table, byLabel);
    }
    return fromValues(name, labels as ArrayLike<bigint | string>, rows, byLabel);
  };
}

/** index = slots[label − min] (−1: not a class); `slots` undefined: the label itself is the index. */
interface LabelTable {
  min: number;
  slots?: Int32Array;
}

const IDENTITY: LabelTable = { min: 0 };

function smallIntegerTable(classLabels: readonly (string | bigint)[]): LabelTable | undefined {
  if (classLabels.length === 0 || !classLabels.every((l) => typeof l === 'bigint' && BigInt.asIntN(32, l) === l)) return undefined;
  const values = classLabels.map(Number);
  const min = Math.min(...values);
  const span = Math.max(...values) - min + 1;
  if (span > MAX_TABLE_SLOTS) return undefined;
  const slots = new Int32Array(span).fill(-1);
  // The last index of a label listed twice, as the Map keeps it.
  values.forEach((value, index) => {
    slots[value - min] = index;
  });
  return { min, slots };
}

function fromWords(
  name: string,
  labels: BigInt64Array,
  rows: number,
  table: LabelTable,
  byLabel: Map<string | bigint, number> | undefined,
) {
  const words = new Int32Array(labels.buffer, labels.byteOffset, rows * 2);
  const { min, slots } = table;
  const index = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const low = words[2 * r]!;
    const fits = words[2 * r + 1] === low >> 31;
    let found: number | undefined;
    if (!slots) found = fits ? low : Number(labels[r]);
    else if (fits && low - min >= 0 && low - min < slots.length && slots[low - min]! >= 0) found = slots[low - min];
    else found = byLabel?.get(labels[r]!);
    if (found === undefined) throw notAClass(name, labels[r]!);
    index[r] = found;
  }
  return index;
}

function fromValues(name: string, labels: ArrayLike<bigint | string>, rows: number, byLabel: Map<string | bigint, number> | undefined) {
  const index = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const value = labels[r]!;
    const found = byLabel ? byLabel.get(value) : Number(value);
    if (found === undefined) throw notAClass(name, value);
    index[r] = found;
  }
  return index;
}

function notAClass(name: string, value: bigint | string): Error {
  return new Error(`output "${name}" returned label ${String(value)}, not one of the model's classes`);
}
