import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { chunkSize, planChunks } from '../../../../../functions/lib/chunks/plan-chunks.ts';
import { InvalidPlanOptionsError } from '../../../../../functions/lib/chunks/errors.ts';
import type { ByteRange, PlanOptions, PlanSource } from '../../../../../functions/lib/chunks/types.ts';

/** A PlanSource over an in-memory object (streams in pieces of `pieceBytes`) that records what was read, and how. */
function source(text: string, pieceBytes = 7) {
  const bytes = Buffer.from(text);
  const streamed: [number, number][] = [];
  const windows: [number, number][] = [];
  const io: PlanSource = {
    openRange: async (start, end) => {
      streamed.push([start, end]);
      const pieces: Buffer[] = [];
      for (let at = start; at < end; at += pieceBytes) pieces.push(bytes.subarray(at, Math.min(end, at + pieceBytes)));
      return Readable.from(pieces);
    },
    readRange: async (start, end) => {
      windows.push([start, end]);
      return bytes.subarray(start, end);
    },
  };
  return { bytes, streamed, windows, io };
}

function options(size: number, more: Partial<PlanOptions> = {}): PlanOptions {
  return { size, targetBytes: 100, minBytes: 1, maxChunks: 1000, maxRecordBytes: 40, ...more };
}

/** The planned ranges only. */
async function planned(planOptions: PlanOptions, io: PlanSource): Promise<ByteRange[]> {
  return (await planChunks(planOptions, io)).chunks;
}

/** Quote parity from byte 0: is `offset` a record start? */
function isRecordStart(bytes: Buffer, offset: number): boolean {
  let quoted = false;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x22) quoted = !quoted;
  return !quoted && (offset === 0 || bytes[offset - 1] === 0x0a);
}

function checkTiling(ranges: { index: number; start: number; end: number }[], bytes: Buffer): void {
  let expected = 0;
  ranges.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.equal(r.start, expected);
    assert.ok(r.end > r.start);
    assert.ok(isRecordStart(bytes, r.start), `chunk ${i} starts mid-record at ${r.start}`);
    expected = r.end;
  });
  assert.equal(expected, bytes.length);
}

const PLAIN = `a,b\n${Array.from({ length: 200 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`;

test('a 0-byte object has no chunks; a small one is one chunk', async () => {
  assert.deepEqual(await planned(options(0), source('').io), []);
  const small = source('a,b\n1,2\n');
  assert.deepEqual(await planned(options(small.bytes.length), small.io), [{ index: 0, start: 0, end: 8 }]);
  assert.deepEqual([small.windows, small.streamed], [[], []]);
});

test('unquoted file: presumed cuts just after a newline, from windows around the cut points only', async () => {
  const src = source(PLAIN);
  const plan = await planChunks(options(src.bytes.length), src.io);
  checkTiling(plan.chunks, src.bytes);
  assert.ok(plan.chunks.length >= 10);
  assert.equal(plan.exact, false);
  assert.deepEqual(src.streamed, []);
  assert.ok(
    src.windows.every(([s, e]) => e - s <= 80),
    'window reads only',
  );
});

test('exact cuts: the object is read once, as the segments between cut points', async () => {
  const src = source(PLAIN);
  const plan = await planChunks(options(src.bytes.length, { exact: true }), src.io);
  checkTiling(plan.chunks, src.bytes);
  assert.equal(plan.exact, true);
  const reads = [...src.streamed].sort((a, b) => a[0] - b[0]);
  assert.deepEqual(
    reads.map(([s]) => s),
    reads.map((_, i) => i * 100),
  );
  assert.equal(
    reads.reduce((n, [s, e]) => n + e - s, 0),
    src.bytes.length,
  );
});

test('a window holding a quote makes the whole plan exact', async () => {
  const src = source(PLAIN.replace(/,(\d+)\n/g, ',"$1"\n'));
  const plan = await planChunks(options(src.bytes.length), src.io);
  checkTiling(plan.chunks, src.bytes);
  assert.equal(plan.exact, true);
  assert.ok(src.streamed.length > 0);
});

test('a read that comes up short fails the plan instead of guessing the cuts', async () => {
  const src = source(PLAIN);
  const io: PlanSource = { ...src.io, openRange: (start, end) => src.io.openRange(start, end - 1) };
  await assert.rejects(planChunks(options(src.bytes.length, { exact: true }), io), /read 99 bytes of the range \[0, 100\)/);
});

test('exact cuts: a quoted field longer than any chunk, with no quote near the cut, is never cut', async () => {
  const field = `"${'6.3,2.5,5.0,1.9,phantom\n'.repeat(40)}end"`;
  const text = `a,b\n${'1,ok\n'.repeat(30)}2,${field}\n${'3,ok\n'.repeat(30)}`;
  const src = source(text, 64);
  for (const target of [50, 100, 400, 700]) {
    const ranges = await planned(options(src.bytes.length, { targetBytes: target, exact: true }), src.io);
    checkTiling(ranges, src.bytes);
    const fieldStart = text.indexOf('"');
    const fieldEnd = text.lastIndexOf('"');
    assert.ok(
      ranges.every((r) => r.start <= fieldStart || r.start > fieldEnd),
      `cut inside the field at target ${target}`,
    );
  }
});

test("presumed cuts inside a quoted field longer than the windows: the limit the chunks' parse catches", async () => {
  const text = `a,b\n1,"${'x,y\n'.repeat(300)}"\n2,3\n`;
  const src = source(text);
  const plan = await planChunks(options(src.bytes.length, { targetBytes: 250, maxRecordBytes: 20 }), src.io);
  assert.equal(plan.exact, false);
  assert.ok(
    plan.chunks.some((r) => r.start > text.indexOf('"') && r.start < text.lastIndexOf('"')),
    'a presumed cut inside the field',
  );
});

test('exact cuts with an unclosed quote: no cut after it, the rest of the object is one chunk', async () => {
  const text = `a,b\n1,2\n3,"open\n${'4,5\n'.repeat(200)}`;
  const src = source(text);
  const ranges = await planned(options(src.bytes.length, { targetBytes: 3, exact: true }), src.io);
  checkTiling(ranges, src.bytes);
  assert.equal(ranges[ranges.length - 1].start, text.indexOf('3,"'));
});

test('maxChunks grows the chunk size', async () => {
  const src = source(PLAIN);
  const ranges = await planned(options(src.bytes.length, { maxChunks: 3 }), src.io);
  checkTiling(ranges, src.bytes);
  assert.ok(ranges.length <= 3 && ranges.length >= 2, `${ranges.length} chunks`);
});

test('minBytes merges chunks that would be too small (all but the last)', async () => {
  const src = source(PLAIN);
  const ranges = await planned(options(src.bytes.length, { targetBytes: 10, minBytes: 300 }), src.io);
  checkTiling(ranges, src.bytes);
  ranges.slice(0, -1).forEach((r) => assert.ok(r.end - r.start >= 300));
});

test('quoted newlines around cut points: the exact scan never cuts inside quotes', async () => {
  const rows = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? `${i},"line\n""${i}""\nmore"` : `${i},x`));
  const src = source(`id,note\n${rows.join('\n')}\n`);
  for (const target of [7, 50, 100, 333]) {
    const ranges = await planned(options(src.bytes.length, { targetBytes: target }), src.io);
    checkTiling(ranges, src.bytes);
    assert.ok(ranges.length > 1);
  }
});

test('exact cuts: a quoted field holding many newlines spans a cut point', async () => {
  const text = `h\n"${'x\n'.repeat(100)}"\nlast\n`;
  const src = source(text);
  const ranges = await planned(options(src.bytes.length, { targetBytes: 50, exact: true }), src.io);
  checkTiling(ranges, src.bytes);
  assert.deepEqual(
    ranges.map((r) => r.start),
    [0, text.indexOf('last')],
  );
});

test('no newline near a cut point (over-long unquoted record): no cut there', async () => {
  const text = `h\n${'y'.repeat(300)}\nz\n`;
  const src = source(text);
  const ranges = await planned(options(src.bytes.length, { targetBytes: 100 }), src.io);
  checkTiling(ranges, src.bytes);
  assert.deepEqual(
    ranges.map((r) => r.start),
    [0, text.indexOf('z')],
  );
});

test('no trailing newline: the last chunk ends at the object end', async () => {
  const src = source(PLAIN.trimEnd());
  checkTiling(await planned(options(src.bytes.length), src.io), src.bytes);
});

test('invalid options are refused', async () => {
  await assert.rejects(planChunks(options(10, { targetBytes: 0 }), source('').io), InvalidPlanOptionsError);
  await assert.rejects(planChunks(options(-1), source('').io), InvalidPlanOptionsError);
});

test('random files, exact cuts: every chunk starts where quote parity from byte 0 says a record starts', async () => {
  const alphabet = ['1', ',', '"', '\n', '\r\n', 'ab', '""'];
  let seed = 11;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (let round = 0; round < 200; round++) {
    let text = '';
    for (let k = 50 + random(400); k > 0; k--) text += alphabet[random(alphabet.length)];
    const src = source(text);
    const ranges = await planned(
      options(src.bytes.length, { targetBytes: 1 + random(60), readsAtOnce: 1 + random(4), exact: true }),
      source(text, 1 + random(50)).io,
    );
    checkTiling(ranges, src.bytes);
  }
});

test('parallelism spreads a mid-sized object evenly over up to that many chunks, never under minBytes', () => {
  const MiB = 1024 * 1024;
  const sized = (size: number, parallelism: number) =>
    chunkSize({ size, targetBytes: 32 * MiB, minBytes: 5 * MiB, maxChunks: 500, maxRecordBytes: 65536, parallelism });
  assert.equal(sized(16 * MiB, 2), 8 * MiB); // two halves, scored at once
  assert.equal(sized(16 * MiB, 8), Math.ceil((16 * MiB) / 3)); // three chunks: a fourth would be under 5 MiB
  assert.equal(sized(4 * MiB, 8), 5 * MiB); // too small to split
  assert.equal(sized(200 * MiB, 8), 25 * MiB); // under 8 × 32 MiB: eight even chunks
  assert.equal(sized(1024 * MiB, 8), 32 * MiB); // big files: the target size
  assert.equal(sized(16 * MiB, 1), 32 * MiB); // no parallelism: as before
});

test('with parallelism the planned chunks are even and tile the object', async () => {
  const src = source(PLAIN);
  const ranges = await planned(options(src.bytes.length, { targetBytes: 10_000, minBytes: 100, parallelism: 4 }), src.io);
  checkTiling(ranges, src.bytes);
  assert.equal(ranges.length, 4);
  const sizes = ranges.map((r) => r.end - r.start);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) < 20, `uneven chunks: ${sizes.join(', ')}`);
});
