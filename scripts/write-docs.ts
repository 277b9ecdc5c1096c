/**
 * `npm run docs`: rewrites the generated sections of docs/architecture.md from the code (scripts/docs/sections.ts).
 * `npm run docs -- --check` only reports whether the file is up to date (exit 1 when not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySections, renderSections } from './docs/sections.ts';

const path = join(import.meta.dirname, '..', 'docs', 'architecture.md');
const current = readFileSync(path, 'utf8');
const next = applySections(current, renderSections());
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('docs/architecture.md is out of date with the code: run `npm run docs`');
    process.exitCode = 1;
  }
} else if (next === current) {
  console.log('docs/architecture.md is up to date');
} else {
  writeFileSync(path, next);
  console.log('docs/architecture.md: generated sections rewritten');
}
