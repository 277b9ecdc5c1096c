import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc32Base64, crc32Combine, crc32OfPieces } from '../../../../local/s3/crc32-combine.ts';

// The oracle is zlib's own CRC-32 of the concatenated bytes (node:zlib), computed independently of the combination.

test('two pieces of any lengths, empty ones included, combine to the CRC-32 of their concatenation', () => {
  for (const [a, b] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [3, 4096],
    [5 * 1024 * 1024, 17],
    [65_537, 1_000_003],
  ] as const) {
    const first = randomBytes(a);
    const second = randomBytes(b);
    const combined = crc32Combine(crc32(first), crc32(second), second.length);
    assert.equal(combined, crc32(Buffer.concat([first, second])), `${a} + ${b} bytes`);
  }
});

test('many pieces fold in order to the whole object CRC-32, and order matters', () => {
  const pieces = Array.from({ length: 40 }, (_, i) => randomBytes((i * 7919) % 9000));
  const whole = Buffer.concat(pieces);
  const described = pieces.map((piece) => ({ crc32: crc32(piece), size: piece.length }));
  assert.equal(crc32OfPieces(described), crc32(whole));
  assert.notEqual(crc32OfPieces([...described].reverse()), crc32(whole));
});

test('a length past 2^32 bytes combines as repeated shorter ones do (objects up to 5 TB)', () => {
  // Appending n zero bytes to A then B equals appending them in two steps: the length arithmetic is exact past 32 bits.
  const crcA = crc32(randomBytes(100));
  const crcZeros = (length: number) => {
    // The CRC-32 of `length` zero bytes, built by doubling: zeros(2n) = combine(zeros(n), zeros(n), n).
    let crc = crc32(Buffer.alloc(1));
    let size = 1;
    let result = 0;
    let resultSize = 0;
    for (let rest = length; rest > 0; rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) {
        result = crc32Combine(result, crc, size);
        resultSize += size;
      }
      crc = crc32Combine(crc, crc, size);
      size *= 2;
    }
    assert.equal(resultSize, length);
    return result;
  };
  const big = 2 ** 33 + 12_345;
  const inOne = crc32Combine(crcA, crcZeros(big), big);
  const inTwo = crc32Combine(crc32Combine(crcA, crcZeros(2 ** 33), 2 ** 33), crcZeros(12_345), 12_345);
  assert.equal(inOne, inTwo);
  assert.equal(crcZeros(4096), crc32(Buffer.alloc(4096)));
});

test('a CRC-32 is written as S3 writes it: 4 bytes big-endian, base64', () => {
  assert.equal(crc32Base64(crc32(Buffer.from('hello world'))), Buffer.from('0d4a1185', 'hex').toString('base64'));
});
