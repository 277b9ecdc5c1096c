import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDownloads, checkLine } from '../../../cli/lib/check-downloads.ts';

// CRC-32 of "hello world" is 0x0d4a1185 (the zlib / S3 CRC32 polynomial): base64 of its 4 bytes big-endian.
const HELLO_CRC32 = Buffer.from('0d4a1185', 'hex').toString('base64');

test('downloaded outputs are checked against the summary: size and CRC-32; a changed byte is a mismatch', async () => {
  // prepare
  const dir = await mkdtemp(join(tmpdir(), 'check-downloads-'));
  const summary = {
    files: {
      scored: { key: 'in/x.scored.csv', bytes: 11, crc32: HELLO_CRC32, sha256: null },
      errors: { key: 'in/x.errors.csv', bytes: 11, crc32: HELLO_CRC32, sha256: null },
    },
  };
  const paths = [join(dir, 'x.scored.csv'), join(dir, 'x.errors.csv'), join(dir, 'x.summary.json')];
  await writeFile(paths[0]!, 'hello world');
  await writeFile(paths[1]!, 'hello wOrld');
  await writeFile(paths[2]!, JSON.stringify(summary));

  // act
  const [scored, errors] = await checkDownloads(paths);

  // assert
  assert.deepEqual({ ...scored!, stated: undefined }, { path: paths[0], bytes: 11, crc32: HELLO_CRC32, stated: undefined, matches: true });
  assert.equal(errors!.matches, false);
  assert.match(checkLine(scored!), /^verified x\.scored\.csv: 11 bytes, CRC32 DUoRhQ==, as the summary states$/);
  assert.match(checkLine(errors!), /^MISMATCH x\.errors\.csv: 11 bytes, CRC32 \S+; the summary states 11 bytes, CRC32 DUoRhQ==$/);
  await rm(dir, { recursive: true, force: true });
});

test('an output the summary states no CRC-32 for is checked by size; without a summary nothing is checked', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'check-downloads-'));
  const paths = [join(dir, 'y.scored.csv'), join(dir, 'y.summary.json')];
  await writeFile(paths[0]!, 'abc');
  await writeFile(paths[1]!, JSON.stringify({ files: { scored: { key: 'y.scored.csv', bytes: 4, crc32: null, sha256: null } } }));

  const [checked] = await checkDownloads(paths);

  assert.equal(checked!.matches, false, '3 bytes, 4 stated');
  assert.deepEqual(await checkDownloads([paths[0]!]), []);
  await rm(dir, { recursive: true, force: true });
});
