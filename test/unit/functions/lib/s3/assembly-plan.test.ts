import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemblyMethod, planAssembly } from '../../../../../functions/lib/s3/assembly-plan.ts';
import type { AssemblyPlan, Segment } from '../../../../../functions/lib/s3/assembly-plan.ts';
import { OutputTooLargeError } from '../../../../../functions/lib/s3/errors.ts';
import { MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, STREAM_PART_BYTES } from '../../../../../functions/lib/s3/limits.ts';
import type { PartObject } from '../../../../../functions/lib/s3/types.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const sources = (sizes: number[]): PartObject[] => sizes.map((bytes, i) => ({ key: `p${i}`, bytes }));
const whole = (source: PartObject): Segment => ({ source, start: 0, bytes: source.bytes });

/** mulberry32: a fixed seed gives the same size lists on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sizes around every limit: empty, tiny, under and over 5 MiB, a part's worth, over 5 GiB, terabytes. */
function sizeLists(count: number, seed: number): number[][] {
  const next = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const kinds = [
    () => 0,
    () => int(1, 64 * 1024),
    () => int(1, MIN_PART_BYTES - 1),
    () => MIN_PART_BYTES + int(-2, 2),
    () => int(MIN_PART_BYTES, 64 * MiB),
    () => int(MIN_PART_BYTES, MAX_PART_BYTES),
    () => MAX_PART_BYTES + int(-1, 1),
    () => int(MAX_PART_BYTES + 1, 23 * GiB),
    () => int(TiB, 12 * TiB),
  ];
  return Array.from({ length: count }, () => Array.from({ length: int(0, 24) }, () => kinds[int(0, kinds.length - 1)]!()));
}

/** The segments the plan writes, in output order. */
function segmentsOf(plan: AssemblyPlan): Segment[] {
  if (plan.kind === 'copy-object') return [whole(plan.source)];
  if (plan.kind === 'upload-stream') return plan.sources.map(whole);
  return plan.parts.flatMap((p) => (p.kind === 'copy' ? [p.segment] : p.segments));
}

/** Every byte of every non-empty source once, in order: the segments tile each source from 0 to its end. */
function assertExactCoverage(input: PartObject[], plan: AssemblyPlan): void {
  const covered: PartObject[] = [];
  let at = 0;
  for (const segment of segmentsOf(plan)) {
    assert.ok(segment.bytes > 0, 'no empty segment');
    if (segment.start === 0) {
      assert.equal(at, covered.at(-1)?.bytes ?? 0, 'the previous source was covered to its end');
      covered.push(segment.source);
    }
    assert.equal(segment.source, covered.at(-1), 'segments follow the source order');
    assert.equal(segment.start, segment.start === 0 ? 0 : at, 'segments are contiguous');
    at = segment.start + segment.bytes;
  }
  assert.equal(at, covered.at(-1)?.bytes ?? 0, 'the last source is covered to its end');
  assert.deepEqual(
    covered,
    input.filter((s) => s.bytes > 0),
  );
}

/** S3's rules: ≤ 10,000 parts, each ≤ 5 GiB, all but the last ≥ 5 MiB, a range copied only from a source over 5 MiB. */
function assertWithinLimits(plan: AssemblyPlan): void {
  if (plan.kind === 'copy-object') return assert.ok(plan.source.bytes <= 5 * GiB);
  if (plan.kind === 'upload-stream') return assert.ok(plan.sources.reduce((n, s) => n + s.bytes, 0) <= MAX_PARTS * STREAM_PART_BYTES);
  assert.ok(plan.parts.length >= 1 && plan.parts.length <= MAX_PARTS, `${plan.parts.length} parts`);
  for (const [i, part] of plan.parts.entries()) {
    const bytes = part.kind === 'copy' ? part.segment.bytes : part.bytes;
    if (part.kind === 'stream')
      assert.equal(
        bytes,
        part.segments.reduce((n, s) => n + s.bytes, 0),
      );
    assert.ok(bytes <= MAX_PART_BYTES, `part ${i + 1} is ${bytes} bytes, over 5 GiB`);
    if (i < plan.parts.length - 1) assert.ok(bytes >= MIN_PART_BYTES, `part ${i + 1} of ${plan.parts.length} is ${bytes} bytes`);
    if (part.kind === 'copy' && part.segment.bytes < part.segment.source.bytes) assert.ok(part.segment.source.bytes > MIN_PART_BYTES);
  }
}

test('every generated size list gets a plan within S3 limits that writes every byte once, in order', () => {
  const methods = new Map<string, number>();
  for (const sizes of sizeLists(400, 20261202)) {
    const input = sources(sizes);
    if (sizes.reduce((n, s) => n + s, 0) > MAX_PARTS * MAX_PART_BYTES) {
      assert.throws(() => planAssembly(input), OutputTooLargeError);
      continue;
    }
    const plan = planAssembly(input);
    assertWithinLimits(plan);
    assertExactCoverage(input, plan);
    const method = plan.kind === 'multipart' ? assemblyMethod(plan) : plan.kind;
    methods.set(method, (methods.get(method) ?? 0) + 1);
  }
  assert.deepEqual([...methods.keys()].sort(), ['copy', 'copy-object', 'mixed', 'upload-stream'], 'the lists exercise every kind of plan');
});

test("today's inputs plan the same requests: one CopyObject, or one whole-object UploadPartCopy per source, or one stream", () => {
  const copies = (sizes: number[]) => {
    const input = sources(sizes);
    return { plan: { kind: 'multipart', parts: input.filter((s) => s.bytes > 0).map((s) => ({ kind: 'copy', segment: whole(s) })) } };
  };
  for (const sizes of [
    [MIN_PART_BYTES, MIN_PART_BYTES + 1, 10],
    [32 * MIN_PART_BYTES, 1],
    [MIN_PART_BYTES, 0, 3],
    [5 * GiB, 5 * GiB],
  ]) {
    const plan = planAssembly(sources(sizes));
    assert.deepEqual({ plan }, copies(sizes));
    assert.equal(assemblyMethod(plan), 'copy');
  }
  assert.deepEqual(planAssembly(sources([10])), { kind: 'copy-object', source: { key: 'p0', bytes: 10 } });
  assert.deepEqual(planAssembly(sources([MIN_PART_BYTES, 0])), { kind: 'copy-object', source: { key: 'p0', bytes: MIN_PART_BYTES } });
  assert.deepEqual(planAssembly(sources([5 * GiB])), { kind: 'copy-object', source: { key: 'p0', bytes: 5 * GiB } });
  assert.deepEqual(planAssembly(sources([MIN_PART_BYTES - 1, MIN_PART_BYTES])), {
    kind: 'upload-stream',
    sources: sources([MIN_PART_BYTES - 1, MIN_PART_BYTES]),
  });
  assert.deepEqual(planAssembly([]), { kind: 'upload-stream', sources: [] });
  assert.equal(assemblyMethod(planAssembly([])), 'stream');
});

test('a source over 5 GiB is copied as equal CopySourceRange slices, never by CopyObject', () => {
  const [big] = sources([6 * GiB]);
  assert.deepEqual(planAssembly([big!]), {
    kind: 'multipart',
    parts: [
      { kind: 'copy', segment: { source: big, start: 0, bytes: 3 * GiB } },
      { kind: 'copy', segment: { source: big, start: 3 * GiB, bytes: 3 * GiB } },
    ],
  });
  const plan = planAssembly(sources([MIN_PART_BYTES, 11 * GiB + 1, 1]));
  assert.equal(assemblyMethod(plan), 'copy');
  const third = (11 * GiB + 1) / 3;
  assert.deepEqual(
    plan.kind === 'multipart' && plan.parts.map((p) => p.kind === 'copy' && [p.segment.source.key, p.segment.start, p.segment.bytes]),
    [
      ['p0', 0, MIN_PART_BYTES],
      ['p1', 0, third],
      ['p1', third, third],
      ['p1', 2 * third, third],
      ['p2', 0, 1],
    ],
  );
});

test('a small source between copies is streamed with the next source instead of copied as a short part', () => {
  const input = sources([6 * MiB, MiB, 6 * MiB]);
  const plan = planAssembly(input);
  assert.deepEqual(plan, {
    kind: 'multipart',
    parts: [
      { kind: 'copy', segment: whole(input[0]!) },
      { kind: 'stream', segments: [whole(input[1]!), whole(input[2]!)], bytes: 7 * MiB },
    ],
  });
  assert.equal(assemblyMethod(plan), 'mixed');
});

test('small sources are grouped up to 5 MiB, topped up from a big source whose rest is still copied', () => {
  const input = sources([MiB, 2 * MiB, 100 * MiB]);
  assert.deepEqual(planAssembly(input), {
    kind: 'multipart',
    parts: [
      { kind: 'stream', segments: [whole(input[0]!), whole(input[1]!), { source: input[2], start: 0, bytes: 2 * MiB }], bytes: 5 * MiB },
      { kind: 'copy', segment: { source: input[2], start: 2 * MiB, bytes: 98 * MiB } },
    ],
  });
});

test('more sources than 10,000 parts allow are grouped into fewer, larger parts', () => {
  for (const input of [
    sources(Array.from({ length: 20_000 }, () => 6 * MiB)),
    sources(Array.from({ length: MAX_PARTS + 1 }, () => MIN_PART_BYTES)),
  ]) {
    const plan = planAssembly(input);
    assert.equal(plan.kind, 'multipart');
    assertWithinLimits(plan);
    assertExactCoverage(input, plan);
  }
  const smallOnes = sources(Array.from({ length: 3 * MAX_PARTS }, () => MiB));
  assert.deepEqual(
    planAssembly(smallOnes),
    { kind: 'upload-stream', sources: smallOnes },
    'nothing to copy: one streamed upload, as before',
  );
});

test('the largest object S3 assembles is planned as 10,000 parts of 5 GiB; one byte more is a clear error', () => {
  const largest = MAX_PARTS * MAX_PART_BYTES;
  const plan = planAssembly(sources([largest]));
  assert.equal(plan.kind === 'multipart' && plan.parts.length, MAX_PARTS);
  assertWithinLimits(plan);
  const nearlyLargest = sources([30 * TiB + 7, 3 * MiB, 18 * TiB, 1]);
  const near = planAssembly(nearlyLargest);
  assertWithinLimits(near);
  assertExactCoverage(nearlyLargest, near);
  assert.throws(() => planAssembly(sources([largest - 10, 11])), OutputTooLargeError);
  assert.throws(
    () => planAssembly(sources([largest + 1])),
    /more than S3 can assemble into one object \(10000 parts of at most 5368709120 bytes\)/,
  );
});
