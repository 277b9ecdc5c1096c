import { Readable } from 'node:stream';
import type { Model, ModelInfo, Predictions } from '../../../../../functions/lib/model/types.ts';
import { scoreChunk } from '../../../../../functions/lib/csv/chunk-pipeline.ts';
import type { ChunkCounts, ColumnMapping } from '../../../../../functions/lib/csv/types.ts';

export const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
export const CLASSES = ['setosa', 'versicolor', 'virginica'];

export interface FakeModel extends Model {
  /** Features received, one array per row, in call order. */
  seen: number[][];
  batchSizes: number[];
}

/** Deterministic stand-in: class = floor(|sum of features|) mod 3, probability 0.5 for it and 0.25 for the others. */
export function fakeModel(fail = false): FakeModel {
  const info: ModelInfo = {
    name: 'fake',
    version: '1',
    kind: 'classifier',
    inputName: 'x',
    inputType: 'float32',
    featureNames: FEATURES,
    featureCount: FEATURES.length,
    classNames: CLASSES,
    labelOutput: 'label',
    probabilityOutput: 'probabilities',
  };
  const model: FakeModel = {
    info,
    seen: [],
    batchSizes: [],
    async predict(features: Float32Array, rows: number): Promise<Predictions> {
      if (fail) throw new Error('session exploded');
      if (features.length !== rows * info.featureCount) throw new Error('bad feature length');
      model.batchSizes.push(rows);
      const classIndex = new Int32Array(rows);
      const probabilities = new Float32Array(rows * CLASSES.length).fill(0.25);
      for (let r = 0; r < rows; r++) {
        const row = Array.from(features.subarray(r * 4, r * 4 + 4));
        model.seen.push(row);
        classIndex[r] = Math.floor(Math.abs(row.reduce((a, b) => a + b, 0))) % 3;
        probabilities[r * 3 + classIndex[r]] = 0.5;
      }
      return { kind: 'classifier', rows, classIndex, probabilities };
    },
  };
  return model;
}

export const BY_NAME: ColumnMapping = { by: 'name', hasHeader: true, width: 4, featureColumns: [0, 1, 2, 3] };

export async function collect(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  return Buffer.concat(parts).toString('utf8');
}

export interface Scored extends ChunkCounts {
  scored: string;
  errors: string;
}

export interface ScoreTextOptions {
  columns?: ColumnMapping;
  chunkIndex?: number;
  batchRows?: number;
  maxRecordBytes?: number;
  /** Feed the input in pieces of this many bytes (exercises records split across reads). */
  pieceBytes?: number;
  model?: FakeModel;
}

/** Scores `input` as one chunk and collects both outputs concurrently (as the S3 uploads do). */
export async function scoreText(input: string | Buffer, options: ScoreTextOptions = {}): Promise<Scored> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const size = options.pieceBytes ?? (bytes.length || 1);
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  const out = scoreChunk({
    input: Readable.from(pieces),
    columns: options.columns ?? BY_NAME,
    chunkIndex: options.chunkIndex ?? 0,
    model: options.model ?? fakeModel(),
    batchRows: options.batchRows ?? 4096,
    maxRecordBytes: options.maxRecordBytes ?? 65536,
  });
  const [scored, errors, counts] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  return { scored, errors, ...counts };
}
