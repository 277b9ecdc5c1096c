import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatFiles } from '../../../../local/s3/file-copy.ts';

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'file-copy-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('concatFiles: an unshared first file is moved into place and the rest appended', () =>
  withDir(async (dir) => {
    const parts = ['a', 'b', 'c'].map((name) => join(dir, name));
    await Promise.all(parts.map((path, i) => writeFile(path, `part ${i}\n`.repeat(1000 * (i + 1)))));
    const size = await concatFiles(parts, join(dir, 'out'));
    const expected = [0, 1, 2].map((i) => `part ${i}\n`.repeat(1000 * (i + 1))).join('');
    assert.equal(await readFile(join(dir, 'out'), 'utf8'), expected);
    assert.equal(size, Buffer.byteLength(expected));
    await assert.rejects(stat(parts[0]!), { code: 'ENOENT' }); // moved, not copied
  }));

test('concatFiles: a hard-linked first file is copied, so the file it shares content with is untouched', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, 'source'), 'source bytes\n');
    await link(join(dir, 'source'), join(dir, 'part1'));
    await writeFile(join(dir, 'part2'), 'more\n');
    await concatFiles([join(dir, 'part1'), join(dir, 'part2')], join(dir, 'out'));
    assert.equal(await readFile(join(dir, 'out'), 'utf8'), 'source bytes\nmore\n');
    assert.equal(await readFile(join(dir, 'source'), 'utf8'), 'source bytes\n');
  }));

test('concatFiles: when appending fails the moved first file is put back (a completion can be retried)', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, 'part1'), 'first\n');
    await writeFile(join(dir, 'part2'), 'appended before the failure\n');
    await assert.rejects(concatFiles([join(dir, 'part1'), join(dir, 'part2'), join(dir, 'missing')], join(dir, 'out')), { code: 'ENOENT' });
    assert.equal(await readFile(join(dir, 'part1'), 'utf8'), 'first\n');
  }));

test('concatFiles: no files → an empty file', () =>
  withDir(async (dir) => {
    assert.equal(await concatFiles([], join(dir, 'out')), 0);
    assert.equal((await readFile(join(dir, 'out'))).length, 0);
  }));
