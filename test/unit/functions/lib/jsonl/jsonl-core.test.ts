import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreJsonlChunkInto } from '../../../../../functions/lib/jsonl/chunk-pipeline.ts';
import { openChunkRecords, recordsRange, chunkReadEnd } from '../../../../../functions/lib/chunks/chunk-records.ts';
import { settleChunks } from '../../../../../functions/lib/chunks/settle-chunks.ts';
import { nominalRanges } from '../../../../../functions/lib/chunks/plan-chunks.ts';
import type { ChunkCounts } from '../../../../../functions/lib/csv/types.ts';
import { CLASSES, FEATURES, fakeModel } from '../csv/fake-model.ts';

const MAX_RECORD = 4096;

async function score(
  bytes: Buffer,
  options: {
    chunkIndex?: number;
    range?: object;
    pairs?: { feature: string; column: string }[];
    model?: ReturnType<typeof fakeModel>;
  } = {},
) {
  const scored: Buffer[] = [];
  const errors: Buffer[] = [];
  const counts = await scoreJsonlChunkInto(
    {
      input: (async function* () {
        yield bytes;
      })(),
      pairs: options.pairs ?? [],
      chunkIndex: options.chunkIndex ?? 0,
      model: options.model ?? fakeModel(),
      batchRows: 7,
      maxRecordBytes: MAX_RECORD,
      range: options.range,
    },
    { scored: { write: (b) => void scored.push(Buffer.from(b)) }, errors: { write: (b) => void errors.push(Buffer.from(b)) } },
  );
  return { counts, scored: Buffer.concat(scored).toString(), errors: Buffer.concat(errors).toString() };
}

/** The oracle: what a line should become, from JSON.parse alone (the fake model's rule: class = floor(|Σ features|) mod 3). */
function expected(line: string): { ok: true; object: Record<string, unknown> } | { ok: false } | { blank: true } {
  if (line.trim() === '') return { blank: true };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
  const o = value as Record<string, unknown>;
  const features = FEATURES.map((f) =>
    typeof o[f] === 'number'
      ? (o[f] as number)
      : typeof o[f] === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(o[f] as string)
        ? Number(o[f])
        : Number.NaN,
  );
  if (features.some((v) => Number.isNaN(v))) return { ok: false };
  const k = Math.floor(Math.abs(features.map((v) => Math.fround(v)).reduce((a, b) => a + b, 0))) % 3;
  const probabilities = Object.fromEntries(CLASSES.map((c, i) => [`probability_${c}`, i === k ? 0.5 : 0.25]));
  return { ok: true, object: { ...o, prediction: k, label: CLASSES[k], ...probabilities } };
}

/** Random lines: valid objects (strings holding `}`, quotes, escaped newlines, unicode, nesting), and bad ones. */
function generate(seed: number, lines: number): string[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const base: Record<string, unknown> = {
      sepal_length: Math.round(rand() * 80) / 10,
      sepal_width: 3.5,
      petal_length: Math.round(rand() * 60) / 10,
      petal_width: 0.2,
    };
    const r = rand();
    if (r < 0.5) out.push(JSON.stringify({ ...base, note: 'a } b "q" \n c \u00e9 😀', nested: { x: [1, { y: '}' }] } }));
    else if (r < 0.6) out.push(`  ${JSON.stringify({ id: i, ...base, sepal_width: '3.25' })}  `);
    else if (r < 0.65) out.push('');
    else if (r < 0.7) out.push('[1, 2, 3, 4]');
    else if (r < 0.75) out.push('{"sepal_length": 1, "sepal_width": 2,');
    else if (r < 0.8) out.push(JSON.stringify({ ...base, petal_width: null }));
    else if (r < 0.85) out.push(JSON.stringify({ ...base, petal_width: 'x' }));
    else if (r < 0.9) out.push(`${JSON.stringify(base)}\r`);
    else if (r < 0.95) out.push('"just a string"');
    else out.push(JSON.stringify({ sepal_length: 1, sepal_width: 2, petal_length: 3 }));
  }
  return out;
}

function check(lines: string[], result: { counts: ChunkCounts; scored: string; errors: string }): void {
  const outcomes = lines.map((line) => expected(line.replace(/\r$/, '')));
  const accepted = outcomes.filter((o) => 'ok' in o && o.ok) as { ok: true; object: Record<string, unknown> }[];
  const rejectedLines = outcomes.flatMap((o, i) => ('ok' in o && !o.ok ? [i + 1] : []));
  const scored = result.scored === '' ? [] : result.scored.trimEnd().split('\n');
  assert.deepEqual(
    scored.map((l) => JSON.parse(l)),
    accepted.map((a) => a.object),
  );
  assert.deepEqual(
    result.errors
      .split('\n')
      .filter((l) => /^\d+,/.test(l))
      .map((l) => Number(l.split(',')[0])),
    rejectedLines,
  );
  assert.equal(result.counts.rowsScored, accepted.length);
  assert.equal(result.counts.rowsRejected, rejectedLines.length);
  assert.equal(result.counts.rowsIn, accepted.length + rejectedLines.length);
}

describe('JSON Lines core', () => {
  it("parses features in the model input's precision: float64 keeps the numbers as written, float32 rounds and refuses past its range", async () => {
    const lines = '{"sepal_length":0.1,"sepal_width":"0.2","petal_length":1e39,"petal_width":4.5}\n';
    const wide = fakeModel();
    wide.info.inputType = 'float64';
    const narrow = fakeModel();

    const [asFloat64, asFloat32] = [await score(Buffer.from(lines), { model: wide }), await score(Buffer.from(lines), { model: narrow })];

    assert.deepEqual(wide.seen, [[0.1, 0.2, 1e39, 4.5]]);
    assert.equal(asFloat64.counts.rowsScored, 1);
    assert.equal(asFloat32.counts.rowsRejected, 1);
    assert.match(asFloat32.errors, /petal_length: value out of float32 range/);
  });

  it('scores each object with the fields spliced in, rejects the rest with line and reason (oracle: JSON.parse per line)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const lines = generate(seed, 200);
      check(lines, await score(Buffer.from(`${lines.join('\n')}\n`)));
    }
  });

  it('reasons: not JSON, not an object, missing feature, non-numeric, invalid UTF-8, over-long line', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"a": \n[1,2]\n{"sepal_length": 1}\n{"sepal_length": 1, "sepal_width": 2, "petal_length": 3, "petal_width": true}\n'),
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d, 0x0a]),
      Buffer.from(`{"x": "${'y'.repeat(MAX_RECORD)}"}\n`),
    ]);
    const { errors, counts } = await score(bad);
    assert.equal(counts.rowsRejected, 6);
    assert.match(errors, /^1,.*not valid JSON/m);
    assert.match(errors, /^2,.*not a JSON object: a top-level array/m);
    assert.match(errors, /^3,.*missing feature key/m);
    assert.match(errors, /^4,.*petal_width: not a number: a JSON boolean/m);
    assert.match(errors, /^5,.*line is not valid UTF-8/m);
    assert.match(errors, /^6,.*line longer than 4096 bytes/m);
  });

  it('a BOM before the first line is skipped; keys match by the header rules and by metadata pairs', async () => {
    const line = JSON.stringify({ 'Sepal.Length': 5.1, 'sepal width (cm)': 3.5, PETAL_LENGTH: 1.4, pw: 0.2 });
    const { counts, scored } = await score(Buffer.from(`\uFEFF${line}\n`), { pairs: [{ feature: 'petal_width', column: 'pw' }] });
    assert.equal(counts.rowsScored, 1, scored);
    assert.equal(JSON.parse(scored).pw, 0.2);
  });

  it('chunked anywhere, the chunks score exactly the whole file: every newline is a boundary (no quote state)', async () => {
    const lines = generate(9, 300);
    const file = Buffer.from(`${lines.join('\n')}\n`);
    const whole = await score(file);
    for (const chunkBytes of [97, 500, 1333]) {
      const ranges = nominalRanges(file.length, chunkBytes);
      const parts: { scored: string; errors: string }[] = [];
      const results = [];
      let lineOffset = 0;
      for (const range of ranges) {
        const span = { ...range, size: file.length };
        const readEnd = chunkReadEnd(span, MAX_RECORD);
        const records = await openChunkRecords(
          (async function* () {
            yield file.subarray(range.start, readEnd);
          })(),
          span,
          false,
        );
        const read: Buffer[] = [];
        for await (const b of records.bytes) read.push(b);
        const result = await score(Buffer.concat(read), { chunkIndex: range.index, range: recordsRange(span, records, readEnd) });
        const scan = records.scan();
        results.push({
          index: range.index,
          recordsFrom: records.recordsFrom,
          recordsTo:
            records.recordsFrom === null || result.counts.recordsEnd === null ? null : records.recordsFrom + result.counts.recordsEnd,
          segment: scan.segment,
        });
        // Chunk error lines are chunk-relative: shift them by the lines before the chunk, as Finalize does.
        parts.push({ scored: result.scored, errors: result.errors.replace(/^(\d+),/gm, (_, n) => `${Number(n) + lineOffset},`) });
        lineOffset += scan.lines;
      }
      assert.deepEqual(settleChunks(ranges, results, file.length, MAX_RECORD), { ok: true });
      assert.equal(parts.map((p) => p.scored).join(''), whole.scored, `chunks of ${chunkBytes}`);
      assert.equal(parts.map((p) => p.errors).join(''), whole.errors, `chunks of ${chunkBytes}`);
    }
  });
});
