/**
 * Stages the container image's added files without Docker, the same way functions/Dockerfile does:
 * esbuild bundle of functions/router.ts, onnxruntime-node pruned to linux x64, onnxruntime-common, the model.
 * Usage: node scripts/stage-image.ts [outDir] [entry]   (defaults .tmp/image, functions/router.ts).
 * Prints the size per part and in total.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleFunctions } from '../infra/bundle-functions.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Source maps, type declarations and READMEs are never read at run time. */
const DEV_ONLY_FILE = /(\.map|\.d\.ts|\.d\.mts|README\.md)$/;
const ORT_PRUNED = ['bin/napi-v6/darwin', 'bin/napi-v6/win32', 'bin/napi-v6/linux/arm64', 'script', 'lib'];

async function stageImage(outDir: string, entry: string): Promise<void> {
  if (!fs.existsSync(entry)) throw new Error(`entry ${entry} not found`);
  fs.rmSync(outDir, { recursive: true, force: true });
  await bundleFunctions(path.join(outDir, 'router.mjs'), entry);
  copyPackage('onnxruntime-node', outDir, ORT_PRUNED);
  copyPackage('onnxruntime-common', outDir, []);
  const model = path.join(ROOT, 'model', 'iris.onnx');
  if (fs.existsSync(model)) fs.cpSync(model, path.join(outDir, 'model', 'iris.onnx'));
  else console.warn('warning: model/iris.onnx not found; the image would lack the model');
  report(outDir);
}

function copyPackage(name: string, outDir: string, pruned: string[]): void {
  const source = path.join(ROOT, 'node_modules', name);
  const target = path.join(outDir, 'node_modules', name);
  const skip = pruned.map((p) => path.join(source, p));
  const wanted = (src: string) => !skip.some((s) => src === s || src.startsWith(s + path.sep)) && !DEV_ONLY_FILE.test(src);
  fs.cpSync(source, target, { recursive: true, filter: wanted });
}

function sizeOf(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(target).reduce((sum, entry) => sum + sizeOf(path.join(target, entry)), 0);
}

function report(outDir: string): void {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  for (const entry of fs.readdirSync(outDir)) console.log(`${mb(sizeOf(path.join(outDir, entry))).padStart(9)}  ${entry}`);
  console.log(`${mb(sizeOf(outDir)).padStart(9)}  total added to public.ecr.aws/lambda/nodejs:24 (${path.relative(ROOT, outDir)})`);
}

await stageImage(path.resolve(ROOT, process.argv[2] ?? '.tmp/image'), path.resolve(ROOT, process.argv[3] ?? 'functions/router.ts'));
