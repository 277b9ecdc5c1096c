/**
 * labelIndex reads integer labels through a table of their low words: it must answer exactly as the plain lookup
 * (a Map from each listed label to its index; no list: the label is the index), the oracle here, for every kind of
 * label list and for labels that are not classes, including int64 values whose low word is a class.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelIndex } from '../../../functions/lib/model/class-index.ts';

type Labels = readonly (string | bigint)[] | undefined;

/** The plain lookup, one label at a time. */
function oracle(classLabels: Labels, values: ArrayLike<bigint | string>): Int32Array | string {
  const byLabel = classLabels && new Map<string | bigint, number>(classLabels.map((label, i) => [label, i]));
  const out = new Int32Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const found = byLabel ? byLabel.get(values[r]!) : Number(values[r]);
    if (found === undefined) return `output "label" returned label ${String(values[r])}, not one of the model's classes`;
    out[r] = found;
  }
  return out;
}

function actual(classLabels: Labels, values: BigInt64Array | string[]): Int32Array | string {
  try {
    return labelIndex(classLabels)('label', values, values.length);
  } catch (error) {
    return (error as Error).message;
  }
}

/** A small deterministic generator (the cases must be the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

const LISTS: Record<string, Labels> = {
  none: undefined,
  'zero-based': [0n, 1n, 2n],
  sparse: [1n, 3n, 5n],
  'negative, in a table': [-2n, 7n, -5n],
  'negative, down to int32 min (no table)': [-2n, 7n, -2147483648n],
  'wide span (no table)': [0n, 1_000_000n],
  'beyond 32 bits': [2n ** 40n, 3n],
  'listed twice': [4n, 4n, 9n],
};

/** Labels drawn from the list, and now and then one that is not a class (a neighbour, or a class's low word + 2^32). */
function draw(list: readonly bigint[], count: number, next: () => number, strangers: boolean): BigInt64Array {
  const values = new BigInt64Array(count);
  for (let r = 0; r < count; r++) {
    const pick = list[Math.floor(next() * list.length)]!;
    const roll = next();
    values[r] = !strangers || roll < 0.9 ? pick : roll < 0.95 ? pick + 1n : BigInt.asIntN(64, pick + 2n ** 32n);
  }
  return values;
}

for (const [name, list] of Object.entries(LISTS)) {
  test(`class indexes from int64 labels, ${name}: as the plain lookup`, () => {
    const next = random(name.length);
    const classes = (list ?? [0n, 1n, 2n, 5n]) as readonly bigint[];
    for (let round = 0; round < 200; round++) {
      const values = draw(classes, 1 + Math.floor(next() * 40), next, round % 2 === 1);
      assert.deepEqual(actual(list, values), oracle(list, values));
    }
  });
}

test('class indexes from string labels: as the plain lookup, and a stranger is refused', () => {
  const list = ['barolo', 'grignolino', 'barbera'];
  assert.deepEqual(actual(list, ['barbera', 'barolo', 'barbera']), Int32Array.from([2, 0, 2]));
  assert.equal(actual(list, ['barolo', 'nebbiolo']), oracle(list, ['barolo', 'nebbiolo']));
});

test('a label view that starts inside its buffer is read from its own offset', () => {
  const buffer = new BigInt64Array([7n, 2n, 0n, 1n]);
  const view = new BigInt64Array(buffer.buffer, 8, 3);
  assert.deepEqual(actual([0n, 1n, 2n], view), Int32Array.from([2, 0, 1]));
});
