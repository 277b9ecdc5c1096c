/**
 * CSV core throughput: N generated rows in memory → scoreChunk → discarded output.
 *   node bench/csv-throughput.ts [--rows 1000000] [--runs 3] [--quoted]
 * Reports rows/s (median of runs) with a no-op model (CSV core alone) and, when model/iris.onnx exists, with the
 * real ONNX model. Input is fed in 64 KiB reads like an S3 stream; both outputs are consumed like uploads.
 */
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Model, Predictions } from '../functions/lib/model/types.ts';
import { scoreChunk } from '../functions/lib/csv/chunk-pipeline.ts';
import type { ColumnMapping } from '../functions/lib/csv/types.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    quoted: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const MODEL_PATH = new URL('../model/iris.onnx', import.meta.url).pathname;

function generate(rows: number, quoted: boolean): Buffer {
  const lines = ['sepal_length,sepal_width,petal_length,petal_width'];
  let seed = 1;
  const r = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed % 80) / 10;
  };
  for (let i = 0; i < rows; i++) lines.push(quoted ? `"${r()}",${r()},${r()},${r()}` : `${r()},${r()},${r()},${r()}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** No-op model: the cost left is the CSV core's. */
const noopModel: Model = {
  info: {
    name: 'noop',
    version: '0',
    kind: 'classifier',
    inputName: 'x',
    inputType: 'float32',
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    featureCount: 4,
    classNames: ['setosa', 'versicolor', 'virginica'],
    labelOutput: 'l',
    probabilityOutput: 'p',
  },
  async predict(_features: Float32Array, rows: number): Promise<Predictions> {
    const classIndex = new Int32Array(rows);
    const probabilities = new Float32Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      classIndex[i] = i % 3;
      probabilities[i * 3] = 0.7311;
      probabilities[i * 3 + 1] = 0.2;
      probabilities[i * 3 + 2] = 0.0689;
    }
    return { kind: 'classifier', rows, classIndex, probabilities };
  },
};

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const part of stream) bytes += (part as Buffer).length;
  return bytes;
}

async function once(file: Buffer, model: Model): Promise<{ seconds: number; rows: number; bytes: number }> {
  const reads = function* () {
    for (let at = 0; at < file.length; at += 65536) yield file.subarray(at, at + 65536);
  };
  const columns: ColumnMapping = { by: 'name', hasHeader: true, width: 4, featureColumns: [0, 1, 2, 3] };
  const started = performance.now();
  const out = scoreChunk({ input: Readable.from(reads()), columns, chunkIndex: 0, model, batchRows: 4096, maxRecordBytes: 65536 });
  const [bytes, , counts] = await Promise.all([drain(out.scored), drain(out.errors), out.done]);
  if (counts.rowsScored !== ROWS) throw new Error(`scored ${counts.rowsScored} of ${ROWS} rows`);
  return { seconds: (performance.now() - started) / 1000, rows: counts.rowsScored, bytes };
}

async function measure(label: string, file: Buffer, model: Model): Promise<void> {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await once(file, model);
    rates.push(run.rows / run.seconds);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  console.log(
    `${label}: ${Math.round(median).toLocaleString('en-US')} rows/s (median of ${RUNS}; runs ${rates.map((x) => Math.round(x)).join(', ')})`,
  );
}

const file = generate(ROWS, values.quoted);
console.log(
  `input: ${ROWS.toLocaleString('en-US')} rows, ${(file.length / 1e6).toFixed(1)} MB${values.quoted ? ', one quoted field per row' : ''}`,
);
await measure('csv core (no-op model)', file, noopModel);
if (existsSync(MODEL_PATH)) {
  const { loadModel } = await import('../functions/lib/model/index.ts');
  await measure('csv core + iris.onnx', file, await loadModel(MODEL_PATH));
} else {
  console.log(`real model skipped: ${MODEL_PATH} not found`);
}
