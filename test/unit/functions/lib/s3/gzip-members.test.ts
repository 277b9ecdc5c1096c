import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { GzipMembers } from '../../../../../functions/lib/s3/gzip-members.ts';

test('gzip members written by several sinks and concatenated are one gzip of all the bytes (oracle: zlib.gunzipSync)', async () => {
  const texts = ['a,b\n1,2\n', '', 'x'.repeat(300_000), '3,4\n'];
  const objects: Buffer[] = [];
  for (const [i, text] of texts.entries()) {
    const parts: Buffer[] = [];
    const sink = new GzipMembers({ write: (b) => void parts.push(Buffer.from(b)) });
    for (let at = 0; at < text.length; at += 100_000) await sink.write(Buffer.from(text.slice(at, at + 100_000)));
    if (i === 0 && sink.bytes === 0) await sink.writeEmptyMember();
    assert.equal(sink.bytes, Buffer.byteLength(text));
    objects.push(Buffer.concat(parts));
  }
  assert.equal(objects[1]!.length, 0, 'nothing written, no member');
  assert.equal(gunzipSync(Buffer.concat(objects)).toString(), texts.join(''));
});

test('a job without scored rows still has a valid, empty gzip output', async () => {
  const parts: Buffer[] = [];
  await new GzipMembers({ write: (b) => void parts.push(Buffer.from(b)) }).writeEmptyMember();
  assert.equal(gunzipSync(Buffer.concat(parts)).length, 0);
});
