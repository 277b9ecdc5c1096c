/**
 * The CDK stack's local definitions (`definitions.ts` beside this file), synthesized in a child process and cached by
 * the content of everything that shapes them: `infra/**`, this folder (the translation), the local names, every file
 * those import (followed through their relative imports, wherever they are), `cdk.json`, the lockfile and the context. An unchanged stack starts in milliseconds; any edit to `infra/` or to the translation
 * synthesizes again, so the cache can never serve a stale workflow.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { LocalDefinitions } from './definitions.ts';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const INPUTS = ['infra', 'local/cloudformation', 'local/local-names.ts', 'cdk.json', 'package-lock.json'];
/** A static or dynamic relative import of a TypeScript file: `from './x.ts'`, `import('../y.ts')`. */
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.ts)'/g;

export async function loadLocalDefinitions(context: Record<string, string | number | boolean> = {}): Promise<LocalDefinitions> {
  const contextJson = JSON.stringify(context);
  const cacheDir = join(REPO, '.tmp', 'definitions');
  const cacheFile = join(cacheDir, `${fingerprint(contextJson)}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as LocalDefinitions;
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'print-definitions.ts'), contextJson], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { code?: number; stderr?: string }) => {
    if (error.code !== 2) throw error;
    throw new Error(`the CDK stack refuses its context: ${error.stderr?.trim()}`);
  });
  const definitions = JSON.parse(stdout) as LocalDefinitions;
  mkdirSync(cacheDir, { recursive: true });
  // Write-then-rename: a concurrent start never reads half a file.
  const temp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temp, stdout);
  renameSync(temp, cacheFile);
  return definitions;
}

function fingerprint(contextJson: string): string {
  const hash = createHash('sha256').update(contextJson);
  for (const file of importClosure(INPUTS.flatMap((input) => listFiles(join(REPO, input)))).sort()) {
    hash.update(relative(REPO, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => listFiles(join(path, name)));
}

/** The files and every TypeScript file they import, transitively. */
function importClosure(files: string[]): string[] {
  const seen = new Set(files);
  const queue = files.filter((file) => file.endsWith('.ts'));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = resolve(dirname(file), specifier);
      if (seen.has(target) || !existsSync(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return [...seen];
}
