/**
 * The handlers' esbuild bundle, exactly as `functions/Dockerfile` builds it: one ESM file from `functions/router.ts`,
 * onnxruntime-node left external (native binaries). Used by `scripts/stage-image.ts` and by the local stack, so the
 * local Lambda runs the same artefact the image would, with the same (short) module-load cold start.
 */
import path from 'node:path';
import { build, stop } from 'esbuild';

export const FUNCTIONS_ENTRY = path.resolve(import.meta.dirname, '..', 'functions', 'router.ts');

export async function bundleFunctions(outfile: string, entry: string = FUNCTIONS_ENTRY): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    legalComments: 'none',
    external: ['onnxruntime-node'],
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM output needs a real require.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // esbuild keeps its service process (~80 MB) alive for later builds; a long-running stack never needs it again.
  await stop();
}
