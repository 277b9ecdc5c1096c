import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { scoreChunk } from '../../../../../functions/lib/csv/chunk-pipeline.ts';
import { outputSuffix, scoredColumnsSuffix } from '../../../../../functions/lib/csv/output-format.ts';
import type { Model, ModelInfo, Predictions } from '../../../../../functions/lib/model/types.ts';
import { BY_NAME, CLASSES, FEATURES, collect, fakeModel } from './fake-model.ts';

const CSV = 'sepal_length,sepal_width,petal_length,petal_width\n1,0,0,0\n0.5,0.5,1,0\n2,0,0,0\n';

/** A classifier with its own class names and order: class 0 (virginica) when at least 2 features exceed 0.4, else 1. */
function otherClassifier(classNames = ['virginica', 'setosa']): Model {
  const info: ModelInfo = {
    ...fakeModel().info,
    kind: 'classifier',
    labelOutput: 'label',
    probabilityOutput: 'p',
    name: 'other',
    classNames,
  };
  return {
    info,
    async predict(features: Float32Array, rows: number): Promise<Predictions> {
      const classIndex = new Int32Array(rows);
      const probabilities = new Float32Array(rows * classNames.length);
      for (let r = 0; r < rows; r++) {
        const above = Array.from(features.subarray(r * 4, r * 4 + 4)).filter((v) => v > 0.4).length;
        classIndex[r] = above >= 2 ? 0 : 1;
        probabilities[r * 2 + classIndex[r]] = 0.75;
        probabilities[r * 2 + 1 - classIndex[r]] = 0.25;
      }
      return { kind: 'classifier', rows, classIndex, probabilities };
    },
  };
}

/** A regressor: the sum of the features plus `offset`. */
function sumRegressor(offset: number): Model {
  const info: ModelInfo = {
    name: 'sum',
    version: '1',
    kind: 'regressor',
    inputName: 'x',
    inputType: 'float32',
    featureNames: FEATURES,
    featureCount: FEATURES.length,
    valueOutput: 'value',
  };
  return {
    info,
    async predict(features: Float32Array, rows: number): Promise<Predictions> {
      const values = new Float64Array(rows);
      for (let r = 0; r < rows; r++) values[r] = features.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0) + offset;
      return { kind: 'regressor', rows, values };
    },
  };
}

async function score(model: Model, shadow: Model | undefined, batchRows = 2) {
  const out = scoreChunk({
    input: Readable.from([Buffer.from(CSV)]),
    columns: BY_NAME,
    chunkIndex: 0,
    model,
    ...(shadow ? { shadow } : {}),
    batchRows,
    maxRecordBytes: 65536,
  });
  const [scored, , counts] = await Promise.all([collect(out.scored), collect(out.errors), out.done]);
  return { lines: scored.trimEnd().split('\n'), counts };
}

test('the shadow columns are the model columns named shadow_..., after the main ones', () => {
  const classifier = { kind: 'classifier' as const, classNames: ['a', 'b'] };

  assert.equal(scoredColumnsSuffix(classifier), outputSuffix(classifier));
  assert.equal(
    scoredColumnsSuffix(classifier, { kind: 'classifier', classNames: ['x', 'y,z'] }),
    ',prediction,label,probability_a,probability_b,shadow_prediction,shadow_label,shadow_probability_x,"shadow_probability_y,z"',
  );
  assert.equal(scoredColumnsSuffix({ kind: 'regressor' }, { kind: 'regressor' }), ',prediction,shadow_prediction');
});

test('a classifier shadow adds its prediction, label and probabilities to every row, formatted as the main ones', async () => {
  const { lines, counts } = await score(fakeModel(), otherClassifier());

  assert.deepEqual(lines, [
    `${FEATURES.join(',')},prediction,label,${CLASSES.map((c) => `probability_${c}`).join(',')},shadow_prediction,shadow_label,shadow_probability_virginica,shadow_probability_setosa`,
    '1,0,0,0,1,versicolor,0.25,0.5,0.25,1,setosa,0.25,0.75',
    '0.5,0.5,1,0,2,virginica,0.25,0.25,0.5,0,virginica,0.75,0.25',
    '2,0,0,0,2,virginica,0.25,0.25,0.5,1,setosa,0.25,0.75',
  ]);
  // The same label is agreement, whatever index each model gives it: virginica (2 and 0) on the second row only.
  assert.deepEqual(counts.shadow, { rows: 3, agreeing: 1 });
});

test('a regressor shadow adds shadow_prediction and counts agreement and the absolute differences', async () => {
  const { lines, counts } = await score(sumRegressor(0), sumRegressor(0.5), 4);
  const same = await score(sumRegressor(0), sumRegressor(0));

  assert.deepEqual(lines, [`${FEATURES.join(',')},prediction,shadow_prediction`, '1,0,0,0,1,1.5', '0.5,0.5,1,0,2,2.5', '2,0,0,0,2,2.5']);
  assert.deepEqual(counts.shadow, { rows: 3, agreeing: 0, absoluteDifference: 1.5 });
  assert.deepEqual(same.counts.shadow, { rows: 3, agreeing: 3, absoluteDifference: 0 });
});

test('without a shadow the output and the counts are as before: no shadow columns, no shadow counts', async () => {
  const { lines, counts } = await score(fakeModel(), undefined);

  assert.equal(lines[0], `${FEATURES.join(',')},prediction,label,${CLASSES.map((c) => `probability_${c}`).join(',')}`);
  assert.equal(lines[1], '1,0,0,0,1,versicolor,0.25,0.5,0.25');
  assert.equal('shadow' in counts, false);
});

test('a shadow that answers for fewer rows than the batch fails the chunk', async () => {
  const short: Model = {
    ...sumRegressor(0),
    predict: async () => ({ kind: 'regressor', rows: 1, values: new Float64Array(1) }),
  };

  await assert.rejects(score(sumRegressor(0), short), /model returned 1 values for 2 rows/);
});
