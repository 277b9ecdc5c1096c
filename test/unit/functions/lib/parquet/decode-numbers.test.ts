import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { decodeNumberColumn } from '../../../../../functions/lib/parquet/decode-numbers.ts';
import { decodeColumns, loadRowGroup } from '../../../../../functions/lib/parquet/read-row-group.ts';
import { toNumberColumn } from '../../../../../functions/lib/parquet/score-row-group.ts';
import { encodePredictions } from '../../../../../functions/lib/parquet/write-predictions.ts';
import { encodeFooter, placeRowGroups } from '../../../../../functions/lib/parquet/write-row-group.ts';
import { memoryFile, metadataOf } from './parquet-fixtures.ts';

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Kind = 'DOUBLE' | 'FLOAT' | 'INT32' | 'INT64';

function values(kind: Kind, n: number, next: () => number, { nulls, repeat }: { nulls: boolean; repeat: boolean }): unknown[] {
  return Array.from({ length: n }, () => {
    if (nulls && next() < 0.1) return null;
    const x = repeat ? Math.floor(next() * 5) : (next() - 0.5) * 1e6;
    if (kind === 'INT32') return Math.trunc(x);
    if (kind === 'INT64') return BigInt(Math.trunc(x));
    if (kind === 'FLOAT') return Math.fround(x);
    if (kind === 'DOUBLE' && !repeat && next() < 0.02) return Number.NaN;
    return x;
  });
}

test('flat number columns decode as hyparquet decodes them: types, nulls, NaN, dictionary and PLAIN pages, several pages, row groups', async () => {
  for (let seed = 1; seed <= 24; seed++) {
    const next = random(seed);
    const kinds: Kind[] = ['DOUBLE', 'FLOAT', 'INT32', 'INT64'];
    const n = 1 + Math.floor(next() * 3000);
    const columnData = kinds.map((kind, i) => ({
      name: `c${i}`,
      type: kind,
      nullable: next() < 0.6,
      data: [] as unknown[],
    }));
    for (const c of columnData) c.data = values(c.type, n, next, { nulls: c.nullable, repeat: next() < 0.5 });
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: columnData as Parameters<typeof parquetWriteBuffer>[0]['columnData'],
        rowGroupSize: 1 + Math.floor(next() * 2000),
        pageSize: 256 + Math.floor(next() * 4096),
      }),
    );
    const metadata = metadataOf(bytes);
    for (let g = 0; g < metadata.row_groups.length; g++) {
      const group = await loadRowGroup(memoryFile(bytes), metadata, g);
      const oracle = await decodeColumns(group, metadata, [0, 1, 2, 3]);
      for (let c = 0; c < 4; c++) {
        const meta = metadata.row_groups[g]!.columns[c]!.meta_data!;
        const direct = decodeNumberColumn(group.bytes, group.span.start, meta, metadata.schema[c + 1]!, group.rows);
        assert.ok(direct, `seed ${seed} column ${c} decoded directly`);
        const expected = toNumberColumn(oracle[c]!);
        assert.deepEqual(direct.missing, expected.missing, `seed ${seed} group ${g} column ${c} nulls`);
        assert.deepEqual(direct.values, expected.values, `seed ${seed} group ${g} column ${c} values`);
      }
    }
  }
});

test('v1 data pages (REQUIRED, PLAIN and dictionary-encoded), as write-predictions.ts writes them, decode as hyparquet reads them', async () => {
  const rows = 70_000;
  const classIndex = Int32Array.from({ length: rows }, (_, i) => (i * 7) % 3);
  const probabilities = [0, 1, 2].map((c) => Float32Array.from({ length: rows }, (_, i) => ((i + c) % 1000) / 1000));
  const encoded = encodePredictions({ kind: 'classifier', classNames: ['a', 'b', 'c'], classIndex, probabilities }, rows);
  const schema = [
    { name: 'root', num_children: 5 },
    { name: 'prediction', type: 'INT32' as const, repetition_type: 'REQUIRED' as const },
    { name: 'label', type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const },
    ...['a', 'b', 'c'].map((c) => ({ name: `probability_${c}`, type: 'FLOAT' as const, repetition_type: 'REQUIRED' as const })),
  ];
  const footer = encodeFooter(schema, placeRowGroups([{ bytes: encoded.body.length, rowGroups: [encoded.rowGroup] }]));
  const file = new Uint8Array(Buffer.concat([Buffer.from('PAR1'), encoded.body, footer]));
  const metadata = metadataOf(file);
  const group = await loadRowGroup(memoryFile(file), metadata, 0);
  const oracle = await decodeColumns(group, metadata, [0, 1, 2, 3, 4]);
  assert.deepEqual(oracle[1]!.slice(0, 4), ['a', 'b', 'c', 'a']);
  for (const c of [0, 2, 3, 4]) {
    const meta = metadata.row_groups[0]!.columns[c]!.meta_data!;
    const direct = decodeNumberColumn(group.bytes, group.span.start, meta, metadata.schema[c + 1]!, rows)!;
    assert.deepEqual(direct.values, toNumberColumn(oracle[c]!).values, `column ${c}`);
  }
});

test('a column with a logical type is left to hyparquet', () => {
  const bytes = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 't', data: [new Date(0)], type: 'TIMESTAMP' }] }));
  const metadata = metadataOf(bytes);
  const meta = metadata.row_groups[0]!.columns[0]!.meta_data!;
  assert.equal(decodeNumberColumn(bytes, 0, meta, metadata.schema[1]!, 1), undefined);
});
