import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AwsChunkedDecoder, type AwsChunkedDecoderOptions } from '../../../../local/s3/AwsChunkedDecoder.ts';

function crc32Base64(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
}

/** Encodes like the SDK: fixed-size chunks, optional chunk signatures, final 0 chunk, trailers. */
function encode(data: Buffer, chunkSize: number, trailers: string[] = [], signed = false): Buffer {
  const pieces: Buffer[] = [];
  const sig = signed ? `;chunk-signature=${'a'.repeat(64)}` : '';
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    const chunk = data.subarray(offset, offset + chunkSize);
    pieces.push(Buffer.from(`${chunk.length.toString(16)}${sig}\r\n`), chunk, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`0${sig}\r\n${trailers.map((t) => `${t}\r\n`).join('')}\r\n`));
  return Buffer.concat(pieces);
}

/** Feeds the encoded body in pieces of `split` bytes, so every parser state is crossed at odd boundaries. */
async function decode(encoded: Buffer, split: number, options: AwsChunkedDecoderOptions = {}): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < encoded.length; offset += split) pieces.push(encoded.subarray(offset, offset + split));
  const decoder = new AwsChunkedDecoder(options);
  const out: Buffer[] = [];
  Readable.from(pieces).pipe(decoder);
  for await (const chunk of decoder) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

const DATA = Buffer.from('sepal_length,sepal_width\n5.1,3.5\n4.9,3.0\n'.repeat(50));

test('decodes unsigned chunks with a CRC32 trailer, whatever the read boundaries', async () => {
  const encoded = encode(DATA, 100, [`x-amz-checksum-crc32:${crc32Base64(DATA)}`]);
  for (const split of [1, 2, 3, 7, 64, 101, encoded.length]) {
    const decoded = await decode(encoded, split, { decodedLength: DATA.length, trailer: 'x-amz-checksum-crc32' });
    assert.ok(decoded.equals(DATA), `split ${split}`);
  }
});

test('decodes SigV4-signed chunks (chunk-signature extensions) without trailers', async () => {
  const decoded = await decode(encode(DATA, 333, [], true), 50, { decodedLength: DATA.length });
  assert.ok(decoded.equals(DATA));
});

test('verifies sha256 trailers and exposes the trailers', async () => {
  const sha = createHash('sha256').update(DATA).digest('base64');
  const decoder = new AwsChunkedDecoder({ trailer: 'x-amz-checksum-sha256' });
  Readable.from([encode(DATA, 512, [`x-amz-checksum-sha256:${sha}`])]).pipe(decoder);
  for await (const _ of decoder);
  assert.equal(decoder.trailers['x-amz-checksum-sha256'], sha);
});

test('an empty body is one 0 chunk', async () => {
  const decoded = await decode(Buffer.from('0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'), 4, {
    decodedLength: 0,
    trailer: 'x-amz-checksum-crc32',
  });
  assert.equal(decoded.length, 0);
});

test('a wrong CRC32 is BadDigest', async () => {
  const encoded = encode(DATA, 100, ['x-amz-checksum-crc32:AAAAAA==']);
  await assert.rejects(decode(encoded, 64, { trailer: 'x-amz-checksum-crc32' }), { code: 'BadDigest' });
});

test('a missing announced trailer is refused', async () => {
  await assert.rejects(decode(encode(DATA, 100), 64, { trailer: 'x-amz-checksum-crc32' }), { code: 'MalformedTrailerError' });
});

test('checksums Node cannot compute (crc32c, crc64nvme) pass through unverified', async () => {
  const decoded = await decode(encode(DATA, 100, ['x-amz-checksum-crc32c:AAAAAA==']), 64, { trailer: 'x-amz-checksum-crc32c' });
  assert.ok(decoded.equals(DATA));
});

test('a body cut short is IncompleteBody', async () => {
  const encoded = encode(DATA, 100);
  await assert.rejects(decode(encoded.subarray(0, 250), 64), { code: 'IncompleteBody' });
});

test('a decoded length different from x-amz-decoded-content-length is IncompleteBody', async () => {
  await assert.rejects(decode(encode(DATA, 100), 64, { decodedLength: DATA.length + 1 }), { code: 'IncompleteBody' });
});

test('a non-hex chunk size is InvalidChunkSizeError', async () => {
  await assert.rejects(decode(Buffer.from('zz\r\nabc\r\n0\r\n\r\n'), 3), { code: 'InvalidChunkSizeError' });
});

test('a chunk longer than its size is refused', async () => {
  await assert.rejects(decode(Buffer.from('3\r\nabcdef\r\n0\r\n\r\n'), 5), { code: 'InvalidRequest' });
});
