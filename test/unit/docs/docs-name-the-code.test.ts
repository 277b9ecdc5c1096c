/**
 * The docs name files and symbols of the code; after a move or rename they must follow. These checks catch a path or
 * an identifier that no longer exists, the way docs drift unnoticed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..', '..');
const DOCS = [
  'README.md',
  'docs/architecture.md',
  'docs/local-stack.md',
  'functions/lib/csv/README.md',
  'model/README.md',
  'samples/README.md',
];
const SOURCE_FOLDERS = 'functions|infra|local|bench|test|model|scripts|samples|docs';
/** Names the docs use that belong to AWS or the toolchain, not to this repo's code. */
const OUTSIDE_NAMES = new Set(['AWS_PROFILE', 'ParallelStateFailed']);

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const tracked = () => execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);

function backticked(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

describe('the docs name only what exists', () => {
  test('every repo path in backticks exists', () => {
    const pathPattern = new RegExp(`\`((?:${SOURCE_FOLDERS})/[\\w./-]*)\``, 'g');

    const missing = DOCS.flatMap((doc) =>
      backticked(read(doc), pathPattern)
        .map((path) => path.replace(/[:,]$/, ''))
        .filter((path) => !existsSync(join(REPO, path)))
        .map((path) => `${doc}: ${path}`),
    );

    assert.deepEqual(missing, []);
  });

  test('every code identifier in backticks (camelCase, PascalCase or UPPER_SNAKE) occurs in the code', () => {
    const sources = tracked().filter((file) => /\.(ts|json)$/.test(file) && !file.startsWith('bench/results/'));
    const code = sources.map(read).join('\n');
    const identifier = /`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)(?:\(\))?`/g;
    const looksLikeCode = (name: string) => /[a-z][A-Z]|^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[A-Z][a-z]+[A-Z]/.test(name);

    const missing = DOCS.flatMap((doc) =>
      backticked(read(doc), identifier)
        .filter((name) => looksLikeCode(name) && !OUTSIDE_NAMES.has(name))
        .filter((name) => !code.includes(name.split('.').pop() ?? name))
        .map((name) => `${doc}: ${name}`),
    );

    assert.deepEqual(missing, []);
  });
});
