/**
 * `node model/fixtures.ts`: writes ONNX test fixtures of shapes OTHER than the Iris model into
 * test/fixtures/models/ (see its README), so the serving code is tested against names/widths it must not hard-code.
 * Deterministic: rerunning gives identical bytes. Each file is loaded back through onnxruntime-node.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { buildClassifierOnnx, fixtureSpecs } from './lib/index.ts';

const outDir = join(import.meta.dirname, '..', 'test', 'fixtures', 'models');

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const [file, spec] of Object.entries(fixtureSpecs())) {
    const path = join(outDir, file);
    writeFileSync(path, buildClassifierOnnx(spec));
    await describe(path);
  }
}

/** Proves onnxruntime-node loads each file and shows what the serving code will see. */
async function describe(path: string): Promise<void> {
  const session = await ort.InferenceSession.create(path);
  const io = (m: readonly ort.InferenceSession.ValueMetadata[]) =>
    m.map((v) => (v.isTensor ? `${v.name}:${v.type}[${v.shape.join(',')}]` : `${v.name}:non-tensor`)).join(' ');
  console.log(`${path}\n  in  ${io(session.inputMetadata)}\n  out ${io(session.outputMetadata)}`);
  await session.release();
}

await main();
