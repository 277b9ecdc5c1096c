import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { it } from 'node:test';

/**
 * The emulator stands on its own: it runs what the CDK stack synthesizes and learns the product's rules from nothing
 * else, so no module under local/ imports from functions/ (the application). Reaching the CDK app (infra/) is
 * allowed: that is where the definitions come from.
 */
const REPO = resolve(import.meta.dirname, '..', '..', '..');
const LOCAL = join(REPO, 'local');
const APPLICATION = join(REPO, 'functions') + sep;
/** Static `import … from`, `export … from`, side-effect `import '…'` and dynamic `import('…')` specifiers. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function applicationImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(SPECIFIER)]
    .map((match) => match[1])
    .filter((specifier) => specifier.startsWith('.') && resolve(dirname(file), specifier).startsWith(APPLICATION))
    .map((specifier) => `${relative(REPO, file)} imports ${specifier}`);
}

it('no module under local/ imports from functions/', () => {
  const files = typeScriptFiles(LOCAL);
  assert.ok(files.length > 50, `found ${files.length} files under local/`);

  const offending = files.flatMap(applicationImports);

  assert.deepEqual(offending, []);
});
