/**
 * `npm run train`: cross-validates and fits the Iris softmax classifier, exports model/iris.onnx and the
 * model card model/iris.json, then checks the ONNX file through onnxruntime-node.
 * `npm run train -- --check` writes nothing and exits 1 if the committed files are not what training produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIrisArtefacts, IRIS_MODEL_NAME, loadIris, predictClasses, runOnnxClassifier } from './lib/index.ts';
import type { IrisArtefacts } from './lib/index.ts';

const onnxPath = join(import.meta.dirname, `${IRIS_MODEL_NAME}.onnx`);
const cardPath = join(import.meta.dirname, `${IRIS_MODEL_NAME}.json`);
const MIN_ACCURACY = 0.93;

async function main(): Promise<number> {
  const artefacts = buildIrisArtefacts();
  printSummary(artefacts);
  if (artefacts.crossValidation.meanAccuracy < MIN_ACCURACY) {
    console.error(`FAIL: mean CV accuracy below ${MIN_ACCURACY}`);
    return 1;
  }
  const agreement = await onnxAgreement(artefacts);
  console.log(`onnxruntime check: ONNX labels match the trainer on ${agreement}/150 rows`);
  if (agreement !== 150) return 1;
  if (process.argv.includes('--check')) return checkCommitted(artefacts);
  writeFileSync(onnxPath, artefacts.onnx);
  writeFileSync(cardPath, artefacts.card);
  console.log(`wrote ${onnxPath} (${artefacts.onnx.byteLength} bytes)\nwrote ${cardPath}`);
  return 0;
}

function printSummary({ crossValidation: cv, trainingAccuracy, card }: IrisArtefacts): void {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  console.log('Iris multinomial logistic regression');
  for (const f of cv.folds) {
    console.log(`  fold ${f.fold}: train ${f.trainRows} / test ${f.testRows}  accuracy ${pct(f.accuracy)}`);
  }
  console.log(`  cross-validation mean accuracy: ${pct(cv.meanAccuracy)}`);
  console.log(`  training accuracy (all 150 rows): ${pct(trainingAccuracy)}`);
  console.log(`  sha256: ${JSON.parse(card).sha256}`);
}

/** Counts rows where onnxruntime's label equals the JS trainer's prediction (float32 vs float64). */
async function onnxAgreement({ model, onnx }: IrisArtefacts): Promise<number> {
  const { features } = loadIris();
  const expected = predictClasses(model, features);
  const { labels } = await runOnnxClassifier(onnx, features);
  return labels.filter((l, i) => l === expected[i]).length;
}

function checkCommitted({ onnx, card }: IrisArtefacts): number {
  const same = (path: string, bytes: Uint8Array | string) => {
    try {
      return Buffer.from(readFileSync(path)).equals(Buffer.from(bytes));
    } catch {
      return false;
    }
  };
  const ok = same(onnxPath, onnx) && same(cardPath, card);
  console.log(ok ? 'check: committed model files are up to date' : 'check: committed model files are STALE; run npm run train');
  return ok ? 0 : 1;
}

process.exitCode = await main();
