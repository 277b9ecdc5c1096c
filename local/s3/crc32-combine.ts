/**
 * CRC-32 (the zlib / S3 `CRC32` polynomial, reflected) of a concatenation from its pieces' CRCs and lengths, without
 * their bytes: how S3 states a multipart object's FULL_OBJECT checksum from its parts' (CRCs are linear over GF(2),
 * so appending n bytes multiplies the first CRC by x^(8n) mod P). The arithmetic is zlib's crc32_combine.
 */

const POLY = 0xedb88320;

/** a(x)·b(x) mod P(x), bit-reflected; `a` must not be 0. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  let factor = b;
  for (;;) {
    if (a & m) {
      p ^= factor;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    factor = factor & 1 ? (factor >>> 1) ^ POLY : factor >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) mod P for k = 0…31 (the powers repeat with period 32 in the exponent's bit index, as in zlib). */
const X2N: number[] = (() => {
  const table = [0x40000000];
  for (let k = 1; k < 32; k++) table.push(multModP(table[k - 1]!, table[k - 1]!));
  return table;
})();

/** x^(n·2^k) mod P; n may exceed 2^32 (objects up to S3's 5 TB). */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  let rest = n;
  let bit = k;
  while (rest > 0) {
    if (rest % 2 === 1) p = multModP(X2N[bit & 31]!, p);
    rest = Math.floor(rest / 2);
    bit++;
  }
  return p;
}

/** The CRC-32 of A then B, from crc(A), crc(B) and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}

/** The CRC-32 of pieces in order, from each one's CRC and length (0 for none). */
export function crc32OfPieces(pieces: readonly { crc32: number; size: number }[]): number {
  return pieces.reduce((crc, piece) => crc32Combine(crc, piece.crc32, piece.size), 0);
}

/** A CRC-32 as S3 writes it: the 4 bytes big-endian, base64. */
export function crc32Base64(crc: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}
