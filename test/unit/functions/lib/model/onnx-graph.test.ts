import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { readGraph, readTensorLabels, withFloatTensorOutputs } from '../../../../../functions/lib/model/onnx-graph.ts';
import { encodeBytesField, encodeVarintField, concatBytes } from '../../../../../functions/lib/model/protobuf.ts';
import { readMetadataProps } from '../../../../../functions/lib/model/read-metadata.ts';

const WINE = 'test/fixtures/models/converters/skl2onnx-logreg-wine-strings.onnx';

test('reads the graph: nodes in order with their wiring and class label lists, and the graph outputs', () => {
  const graph = readGraph(readFileSync(WINE));

  assert.deepEqual(
    graph.nodes.map((n) => `${n.domain}:${n.opType}(${n.inputs.join(',')})->${n.outputs.join(',')}`),
    [
      'ai.onnx.ml:Scaler(float_input)->variable',
      'ai.onnx.ml:LinearClassifier(variable)->label,probability_tensor',
      'ai.onnx.ml:Normalizer(probability_tensor)->probabilities',
      ':Identity(label)->output_label',
      'ai.onnx.ml:ZipMap(probabilities)->output_probability',
    ],
  );
  assert.deepEqual(graph.nodes[4]!.strings.classlabels_strings, ['barbera', 'barolo', 'grignolino']);
  assert.deepEqual(graph.outputs, ['output_label', 'output_probability']);
});

test('integer lists are read whether packed or one varint per value', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const packed = encodeBytesField(8, new Uint8Array([1, 3]));
  const attribute = (ints: Uint8Array) => encodeBytesField(5, concatBytes([encodeBytesField(1, text('classlabels_int64s')), ints]));
  const unpacked = concatBytes([encodeVarintField(8, 1n), encodeVarintField(8, 3n)]);
  const model = (ints: Uint8Array) =>
    encodeBytesField(7, encodeBytesField(1, concatBytes([encodeBytesField(4, text('ZipMap')), attribute(ints)])));

  assert.deepEqual(readGraph(model(packed)).nodes[0]!.ints.classlabels_int64s, [1n, 3n]);
  assert.deepEqual(readGraph(model(unpacked)).nodes[0]!.ints.classlabels_int64s, [1n, 3n]);
});

test('an inner value added as a graph output: the session returns it, every other field is kept', async () => {
  const bytes = readFileSync('model/iris.onnx');

  const edited = withFloatTensorOutputs(bytes, ['logits']);

  assert.deepEqual(readGraph(edited).outputs, ['label', 'probabilities', 'logits']);
  assert.deepEqual(readGraph(edited).nodes, readGraph(bytes).nodes);
  assert.deepEqual(readMetadataProps(edited), readMetadataProps(bytes));
  assert.equal(readMetadataProps(edited).model_name, 'iris');
  const session = await ort.InferenceSession.create(edited);
  const out = await session.run({ input: new ort.Tensor('float32', Float32Array.of(5.9, 3, 5.1, 2.3), [1, 4]) }, ['logits']);
  assert.deepEqual(out.logits!.dims, [1, 3]);
  assert.equal(withFloatTensorOutputs(bytes, []), bytes);
});

test('class labels from an initializer: int32 and int64 values, packed, unpacked or raw, and strings', () => {
  const tensor = (type: bigint, ...fields: Uint8Array[]) => concatBytes([encodeVarintField(2, type), ...fields]);
  const raw32 = new Uint8Array(new Int32Array([1, -3]).buffer);
  const raw64 = new Uint8Array(new BigInt64Array([5n, 7n]).buffer);
  const text = (s: string) => new TextEncoder().encode(s);

  assert.deepEqual(readTensorLabels(tensor(6n, encodeBytesField(9, raw32))), [1n, -3n]);
  assert.deepEqual(readTensorLabels(tensor(7n, encodeBytesField(9, raw64))), [5n, 7n]);
  assert.deepEqual(readTensorLabels(tensor(6n, encodeVarintField(5, 2n), encodeVarintField(5, -4n))), [2n, -4n]);
  assert.deepEqual(readTensorLabels(tensor(8n, encodeBytesField(6, text('a')), encodeBytesField(6, text('b')))), ['a', 'b']);
  assert.equal(readTensorLabels(tensor(1n, encodeBytesField(9, raw32))), undefined);
});
