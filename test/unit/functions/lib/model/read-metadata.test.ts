import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMetadataProps } from '../../../../../functions/lib/model/read-metadata.ts';
import { ModelFormatError } from '../../../../../functions/lib/model/errors.ts';

function lengthDelimited(field: number, payload: Uint8Array): number[] {
  return [(field << 3) | 2, payload.length, ...payload];
}

function entry(key: string, value: string): number[] {
  const encode = (text: string) => new TextEncoder().encode(text);
  return lengthDelimited(14, new Uint8Array([...lengthDelimited(1, encode(key)), ...lengthDelimited(2, encode(value))]));
}

test('reads metadata_props entries and skips every other field', () => {
  const irVersion = [0x08, 0x08];
  const producer = lengthDelimited(2, new TextEncoder().encode('test'));
  const fixed64 = [(9 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8];
  const bytes = new Uint8Array([...irVersion, ...producer, ...fixed64, ...entry('feature_names', 'a,b'), ...entry('model_name', 'm')]);

  const props = readMetadataProps(bytes);

  assert.deepEqual(props, { feature_names: 'a,b', model_name: 'm' });
});

test('a truncated file is a ModelFormatError', () => {
  const bytes = new Uint8Array(entry('feature_names', 'a,b').slice(0, 5));

  assert.throws(() => readMetadataProps(bytes), ModelFormatError);
});
