/**
 * Bad input and output safety: what users drop into the input bucket, and what must come back.
 * Each case: the object (key + bytes), the summary's status/reason, exact row accounting, and where it matters the
 * error rows and the scored content. Rules: functions/lib/csv/README.md.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

export const HEADER = 'sepal_length,sepal_width,petal_length,petal_width';
const OUTPUT_SUFFIX = 'prediction,label,probability_setosa,probability_versicolor,probability_virginica';
const SETOSA = '5.1,3.5,1.4,0.2';
const VIRGINICA = '6.7,3.0,5.2,2.3';

export interface CaseOutput {
  scored: string | null;
  errors: { line: string; record: string; reason: string }[] | null;
}

export interface BadInputCase {
  name: string;
  key: string;
  body: Buffer | string;
  status: 'SUCCEEDED' | 'FAILED';
  /** FAILED: what the summary's reason must say. */
  reason?: RegExp;
  /** [rowsIn, rowsScored, rowsRejected], exact. */
  rows: [number, number, number];
  /** errors.csv rows, exactly these (file line, reason pattern). */
  errors?: [number, RegExp][];
  check?: (out: CaseOutput) => void;
  /** The stack must cut this file into several chunks (its output is still that of one chunk). */
  multiChunk?: boolean;
}

function rowsOf(scored: string | null): Record<string, string>[] {
  assert.ok(scored !== null, 'scored.csv missing');
  return parse(scored, { columns: true }) as Record<string, string>[];
}

function lines(...rows: string[]): string {
  return rows.map((r) => `${r}\n`).join('');
}

/** A record whose passthrough column is `size` bytes long. */
function oversized(size: number): string {
  return `${SETOSA},${'x'.repeat(size)}`;
}

/** Keys that S3 event notifications URL-encode; each is scored under the output bucket's mirror of the key. */
const KEY_CASES: [string, string][] = [
  ['key with spaces', 'my data/iris file.csv'],
  ['key with +', 'a+b/c+d.csv'],
  ['unicode key', 'données/é.csv'],
  ['URL-special key', 'q/a&b=c?d#e.csv'],
  ['percent key', '100%.csv'],
  ['.. segment key', '../evil.csv'],
  ['nested .. segments key', 'a/../../b.csv'],
];

export const CASES: BadInputCase[] = [
  {
    name: '0-byte object',
    key: 'empty.csv',
    body: '',
    status: 'FAILED',
    reason: /empty object \(0 bytes\)/,
    rows: [0, 0, 0],
  },
  {
    name: 'header only',
    key: 'header-only.csv',
    body: lines(HEADER),
    status: 'SUCCEEDED',
    rows: [0, 0, 0],
    check: ({ scored }) => assert.equal(scored, `${HEADER},${OUTPUT_SUFFIX}\n`),
  },
  {
    name: 'header only, no newline',
    key: 'header-only-no-newline.csv',
    body: HEADER,
    status: 'SUCCEEDED',
    rows: [0, 0, 0],
    check: ({ scored }) => assert.equal(scored, `${HEADER},${OUTPUT_SUFFIX}\n`),
  },
  {
    name: 'no header (numeric first row is data)',
    key: 'no-header.csv',
    body: lines(SETOSA, VIRGINICA),
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: ({ scored }) => {
      assert.ok(scored!.startsWith(`${HEADER},${OUTPUT_SUFFIX}\n${SETOSA},0,setosa,`), scored!);
      assert.deepEqual(
        rowsOf(scored).map((r) => r.label),
        ['setosa', 'virginica'],
      );
    },
  },
  {
    name: 'UTF-8 BOM',
    key: 'bom.csv',
    body: `\uFEFF${lines(HEADER, SETOSA)}`,
    status: 'SUCCEEDED',
    rows: [1, 1, 0],
    check: ({ scored }) => assert.ok(scored!.startsWith(`${HEADER},${OUTPUT_SUFFIX}\n`), 'BOM must not reach the output header'),
  },
  {
    name: 'CRLF line ends',
    key: 'crlf.csv',
    body: `${HEADER}\r\n${SETOSA}\r\n${VIRGINICA}\r\n`,
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: ({ scored }) => {
      assert.ok(!scored!.includes('\r'), 'CRLF → LF');
      assert.deepEqual(
        rowsOf(scored).map((r) => r.label),
        ['setosa', 'virginica'],
      );
    },
  },
  {
    name: 'no newline at the end',
    key: 'no-final-newline.csv',
    body: `${HEADER}\n${SETOSA}\n${VIRGINICA}`,
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: ({ scored }) =>
      assert.deepEqual(
        rowsOf(scored).map((r) => r.label),
        ['setosa', 'virginica'],
      ),
  },
  {
    name: 'blank and whitespace-only lines',
    key: 'blank-lines.csv',
    body: `${HEADER}\n\n${SETOSA}\n   \n\t\n \r\n${VIRGINICA}\n\n`,
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: ({ scored }) => assert.equal(rowsOf(scored).length, 2),
  },
  {
    name: 'quoted fields: commas, doubled quotes, newlines (passthrough)',
    key: 'quoted.csv',
    body: lines(
      `${HEADER},note`,
      `${SETOSA},"a, b"`,
      `${SETOSA},"say ""hi"""`,
      `${VIRGINICA},"line1\nline2"`,
      `"5.1","3.5","1.4","0.2",plain`,
    ),
    status: 'SUCCEEDED',
    rows: [4, 4, 0],
    check: ({ scored }) => {
      const rows = rowsOf(scored);
      assert.deepEqual(
        rows.map((r) => r.note),
        ['a, b', 'say "hi"', 'line1\nline2', 'plain'],
      );
      assert.deepEqual(
        rows.map((r) => r.label),
        ['setosa', 'setosa', 'virginica', 'setosa'],
      );
    },
  },
  {
    name: 'unterminated quote: rest of the chunk is one rejected record',
    key: 'unterminated.csv',
    body: lines(`${HEADER},note`, `${SETOSA},ok`, `${SETOSA},"never closed`, `${VIRGINICA},swallowed`),
    status: 'SUCCEEDED',
    rows: [2, 1, 1],
    errors: [[3, /quoted field is not closed/]],
  },
  {
    name: 'stray quote inside an unquoted field',
    key: 'stray-quote.csv',
    body: lines(`${HEADER},note`, `${SETOSA},5" screen`, `${SETOSA},and 6" too`, `${VIRGINICA},ok`),
    status: 'SUCCEEDED',
    rows: [2, 1, 1],
    errors: [[2, /quote inside an unquoted field/]],
  },
  {
    name: 'rows too short and too long',
    key: 'width.csv',
    body: lines(HEADER, SETOSA, '5.1,3.5,1.4', '5.1,3.5,1.4,0.2,9', VIRGINICA),
    status: 'SUCCEEDED',
    rows: [4, 2, 2],
    errors: [
      [3, /expected 4 fields, found 3/],
      [4, /expected 4 fields, found 5/],
    ],
  },
  {
    name: 'non-numeric, empty, NaN, Infinity, hex, out-of-range values',
    key: 'values.csv',
    body: lines(
      HEADER,
      '5.1,abc,1.4,0.2',
      '5.1,,1.4,0.2',
      'NaN,3.5,1.4,0.2',
      '5.1,3.5,Infinity,0.2',
      '5.1,3.5,1.4,-Infinity',
      '0x10,3.5,1.4,0.2',
      '1e39,3.5,1.4,0.2',
      '5.1,3.5,1.4,"0.2 cm"',
      ' 5.1 ,\t3.5,1.4e0,+0.2',
    ),
    status: 'SUCCEEDED',
    rows: [9, 1, 8],
    errors: [
      [2, /sepal_width/],
      [3, /sepal_width/],
      [4, /sepal_length/],
      [5, /petal_length/],
      [6, /petal_width/],
      [7, /sepal_length/],
      [8, /sepal_length/],
      [9, /petal_width/],
    ],
  },
  {
    name: 'missing feature column',
    key: 'missing-feature.csv',
    body: lines('sepal_length,sepal_width,petal_length,note', '5.1,3.5,1.4,x'),
    status: 'FAILED',
    reason: /missing feature column "petal_width"/,
    rows: [0, 0, 0],
  },
  {
    name: 'duplicate header names',
    key: 'duplicate-header.csv',
    body: lines(`${HEADER},Sepal_Length`, `${SETOSA},5.1`),
    status: 'FAILED',
    reason: /duplicate header names: "sepal_length"/,
    rows: [0, 0, 0],
  },
  {
    name: 'record over MAX_RECORD_BYTES (64 KiB)',
    key: 'oversized.csv',
    body: lines(`${HEADER},note`, `${SETOSA},small`, oversized(70 * 1024), `${VIRGINICA},after`),
    status: 'SUCCEEDED',
    rows: [3, 2, 1],
    errors: [[3, /record longer than 65536 bytes/]],
    check: ({ errors }) => assert.ok(errors![0].record.length <= 1025, 'only the first 1 KiB of the record is reported'),
  },
  {
    name: 'semicolon-delimited',
    key: 'semicolon.csv',
    body: lines(HEADER.replaceAll(',', ';'), SETOSA.replaceAll(',', ';').replaceAll('.', ',')),
    status: 'FAILED',
    reason: /semicolon-delimited; only comma-separated CSV is supported/,
    rows: [0, 0, 0],
  },
  {
    name: 'tab-delimited',
    key: 'tab.csv',
    body: lines(HEADER.replaceAll(',', '\t'), SETOSA.replaceAll(',', '\t')),
    status: 'FAILED',
    reason: /tab-delimited; only comma-separated CSV is supported/,
    rows: [0, 0, 0],
  },
  {
    name: 'non-UTF-8 bytes (latin1 é in a passthrough column)',
    key: 'latin1.csv',
    body: Buffer.concat([Buffer.from(`${HEADER},note\n${SETOSA},caf`), Buffer.from([0xe9]), Buffer.from(`\n${VIRGINICA},café\n`)]),
    status: 'SUCCEEDED',
    rows: [2, 1, 1],
    errors: [[2, /not valid UTF-8/]],
    check: ({ scored }) =>
      assert.deepEqual(
        rowsOf(scored).map((r) => r.note),
        ['café'],
      ),
  },
  {
    name: 'binary file named .csv (NUL bytes)',
    key: 'binary.csv',
    body: pseudoRandomBytes(20_000, 1, true),
    status: 'FAILED',
    reason: /binary content/,
    rows: [0, 0, 0],
  },
  {
    name: 'binary file named .csv (no NUL bytes)',
    key: 'binary-no-nul.csv',
    body: pseudoRandomBytes(20_000, 2, false),
    status: 'FAILED',
    reason: /header/,
    rows: [0, 0, 0],
  },
  {
    name: 'gzip content named .csv',
    key: 'gzipped.csv',
    body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01]),
    status: 'FAILED',
    reason: /gzip-compressed CSV is not supported/,
    rows: [0, 0, 0],
  },
  {
    name: 'CR-only line ends',
    key: 'cr-only.csv',
    body: `${HEADER}\r${SETOSA}\r${VIRGINICA}\r`,
    status: 'FAILED',
    reason: /CR-only line ends are not supported; use LF or CRLF/,
    rows: [0, 0, 0],
  },
  {
    name: 'bare CR inside an unquoted data record',
    key: 'bare-cr.csv',
    body: `${HEADER}\n5.1,3.5\r1.4,0.2\n${VIRGINICA}\n`,
    status: 'SUCCEEDED',
    rows: [2, 1, 1],
    errors: [[2, /carriage return inside a record/]],
  },
  {
    name: 'empty first line before the header',
    key: 'leading-blank.csv',
    body: `\n${HEADER}\n${SETOSA}\n`,
    status: 'FAILED',
    reason: /no header row: the first line is empty/,
    rows: [0, 0, 0],
  },
  {
    name: 'whitespace-only file',
    key: 'whitespace-only.csv',
    body: '   \n\t\n',
    status: 'FAILED',
    reason: /no header row/,
    rows: [0, 0, 0],
  },
  {
    name: 'header longer than MAX_RECORD_BYTES',
    key: 'huge-header.csv',
    body: lines(`${HEADER},${'h'.repeat(70 * 1024)}`, `${SETOSA},x`),
    status: 'FAILED',
    reason: /header row not terminated within the first 65536 bytes/,
    rows: [0, 0, 0],
  },
  {
    name: 'quoted header names',
    key: 'quoted-header.csv',
    body: lines('"sepal_length","sepal_width","petal_length","petal_width","a, b"', `${SETOSA},x`),
    status: 'SUCCEEDED',
    rows: [1, 1, 0],
    check: ({ scored }) => assert.deepEqual(Object.keys(rowsOf(scored)[0]).slice(0, 5), [...HEADER.split(','), 'a, b']),
  },
  ...KEY_CASES.map(
    ([name, key]): BadInputCase => ({
      name,
      key,
      body: lines(HEADER, SETOSA),
      status: 'SUCCEEDED',
      rows: [1, 1, 0],
      check: ({ scored }) => assert.equal(rowsOf(scored)[0].label, 'setosa'),
    }),
  ),
  {
    name: 'headers in another order with extra columns',
    key: 'reordered.csv',
    body: lines(
      'id,Petal_Width, species ,SEPAL_LENGTH,petal_length,x,sepal_width',
      '7,2.3,virginica,6.7,5.2,,3.0',
      '8,0.2,setosa,5.1,1.4,y,3.5',
    ),
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: ({ scored }) => {
      assert.ok(
        scored!.startsWith(
          `id,Petal_Width, species ,SEPAL_LENGTH,petal_length,x,sepal_width,${OUTPUT_SUFFIX}\n7,2.3,virginica,6.7,5.2,,3.0,2,virginica,`,
        ),
        scored!,
      );
      assert.deepEqual(
        rowsOf(scored).map((r) => r.label),
        ['virginica', 'setosa'],
      );
    },
  },
  {
    name: 'positional header (names none of the features)',
    key: 'positional.csv',
    body: lines('a,b,c,d', SETOSA, VIRGINICA),
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: ({ scored }) => {
      assert.ok(scored!.startsWith(`a,b,c,d,${OUTPUT_SUFFIX}\n`), scored!);
      assert.deepEqual(
        rowsOf(scored).map((r) => r.label),
        ['setosa', 'virginica'],
      );
    },
  },
  {
    name: 'every row rejected',
    key: 'all-rejected.csv',
    body: lines(HEADER, 'a,b,c,d', ',,,'),
    status: 'SUCCEEDED',
    rows: [2, 0, 2],
    errors: [
      [2, /sepal_length/],
      [3, /sepal_length/],
    ],
    check: ({ scored }) => assert.equal(scored, `${HEADER},${OUTPUT_SUFFIX}\n`),
  },
  {
    name: 'CSV injection: passthrough cells neutralised unless plain numbers',
    key: 'injection.csv',
    body: lines(
      `${HEADER},a,b,c`,
      `${SETOSA},=cmd|' /C calc'!A0,-1.5,+3`,
      `${SETOSA},-cmd,@SUM(1),"\tx"`,
      `${SETOSA},"=HYPERLINK(""http://x"")",-,1e5`,
      `${SETOSA},+1+1,"\rcr",plain`,
      `${SETOSA},-2e-3,-.5,=`,
    ),
    status: 'SUCCEEDED',
    rows: [5, 5, 0],
    check: ({ scored }) => {
      const rows = rowsOf(scored);
      assert.deepEqual(
        rows.map((r) => [r.a, r.b, r.c]),
        [
          ["'=cmd|' /C calc'!A0", '-1.5', '+3'],
          ["'-cmd", "'@SUM(1)", "'\tx"],
          ['\'=HYPERLINK("http://x")', "'-", '1e5'],
          ["'+1+1", "'\rcr", 'plain'],
          ['-2e-3', '-.5', "'="],
        ],
      );
      assert.ok(
        scored!.split('\n').every((line) => !/(^|,)[=@]/.test(line)),
        scored!,
      );
    },
  },
  {
    name: 'CSV injection in the header and a formula-looking feature-named file',
    key: 'injection-header.csv',
    body: lines(`${HEADER},=evil,@x`, `${SETOSA},1,2`),
    status: 'SUCCEEDED',
    rows: [1, 1, 0],
    check: ({ scored }) => assert.ok(scored!.startsWith(`${HEADER},'=evil,'@x,${OUTPUT_SUFFIX}\n`), scored!),
  },
  {
    name: 'headerless file whose first row has a bad value (still data, rejected on line 1)',
    key: 'headerless-bad-first.csv',
    body: lines('5.1,abc,1.4,0.2', VIRGINICA),
    status: 'SUCCEEDED',
    rows: [2, 1, 1],
    errors: [[1, /sepal_width/]],
  },
  {
    name: 'unclosed quote early in a multi-chunk file (20 KB): one rejected record to the end',
    key: 'unclosed-multi.csv',
    body: lines(
      `${HEADER},note`,
      ...Array.from({ length: 9 }, () => `${SETOSA},ok`),
      `${SETOSA},"open`,
      ...Array.from({ length: 800 }, () => `${VIRGINICA},x`),
    ),
    status: 'SUCCEEDED',
    rows: [10, 9, 1],
    errors: [[11, /quoted field is not closed/]],
  },
  {
    name: 'unclosed quote early in a 100 KB file: rejected as over MAX_RECORD_BYTES, with a hint',
    key: 'unclosed-big.csv',
    body: lines(`${HEADER},note`, `${SETOSA},"open`, ...Array.from({ length: 5000 }, () => `${VIRGINICA},x`)),
    status: 'SUCCEEDED',
    rows: [1, 0, 1],
    errors: [[2, /record longer than 65536 bytes \(a quoted field is still open 65536 bytes into it: a quote that is never closed/]],
  },
  {
    name: 'stray quotes in a multi-chunk file join lines up to the next quote, identically in every chunk',
    key: 'stray-multi.csv',
    body: lines(
      `${HEADER},note`,
      ...Array.from(
        { length: 300 },
        (_, i) => `${i % 2 ? SETOSA : VIRGINICA},${i % 50 === 10 ? '5" screen' : i % 50 === 12 ? '6" too' : `n${i}`}`,
      ),
    ),
    status: 'SUCCEEDED',
    rows: [288, 282, 6],
    multiChunk: true,
    errors: [12, 62, 112, 162, 212, 262].map((line): [number, RegExp] => [line, /quote inside an unquoted field/]),
  },
  (() => {
    const { body, rows } = boundaryBody();
    return {
      name: "quoted newlines at byte 2048k-1, 2048k, 2048k+1 (the planner's cut candidates)",
      key: 'boundaries.csv',
      body,
      status: 'SUCCEEDED',
      rows: [rows, rows, 0],
      multiChunk: true,
    } satisfies BadInputCase;
  })(),
  {
    name: 'multi-chunk file with quoted newlines around chunk boundaries',
    key: 'multi-chunk.csv',
    body: multiChunkBody(),
    status: 'SUCCEEDED',
    rows: [400, 360, 40],
    multiChunk: true,
  },
];

/** Deterministic bytes (xorshift); `withNul` keeps zero bytes, otherwise they become 1. */
export function pseudoRandomBytes(size: number, seed: number, withNul: boolean): Buffer {
  const out = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const byte = x & 0xff;
    out[i] = withNul || byte !== 0 ? byte : 1;
  }
  return out;
}

/**
 * ~30 KB: every 10th record rejected, many records carrying quoted newlines, commas and doubled quotes, so with
 * 2 KiB chunks the planner's cut candidates land inside, just before and just after quoted newlines.
 */
function multiChunkBody(): string {
  const out = [`${HEADER},note,n`];
  for (let i = 0; i < 400; i++) {
    const features = i % 10 === 9 ? '5.1,oops,1.4,0.2' : i % 2 === 0 ? SETOSA : VIRGINICA;
    const note = i % 3 === 0 ? `"row ${i}\nsecond line, ""quoted""\n"` : i % 3 === 1 ? `"\n${i}\n"` : `plain ${i}`;
    out.push(`${features},${note},${i}`);
  }
  return lines(...out);
}

/**
 * With CHUNK_TARGET_BYTES=2048 the planner's cut candidates are the multiples of 2048: put a newline INSIDE a quoted
 * field one byte before, exactly at, and one byte after each of them.
 */
function boundaryBody(): { body: string; rows: number } {
  let text = `${HEADER},note\n`;
  let rows = 0;
  for (let k = 1; k <= 12; k++) {
    const target = 2048 * k + ((k % 3) - 1);
    while (Buffer.byteLength(text) < target - 100) {
      text += `${SETOSA},plain\n`;
      rows++;
    }
    const prefix = `${VIRGINICA},"`;
    text += `${prefix}${'p'.repeat(target - Buffer.byteLength(text) - prefix.length)}\nafter ""q"", x"\n`;
    rows++;
    assert.equal(text[target], '\n');
  }
  return { body: text, rows };
}

/** An object per line for JSON Lines cases. */
function jsonLine(values: string, extra: Record<string, unknown> = {}): string {
  const [sepal_length, sepal_width, petal_length, petal_width] = values.split(',').map(Number);
  return JSON.stringify({ sepal_length, sepal_width, petal_length, petal_width, ...extra });
}

/** The scored JSON Lines objects: each must be valid JSON with a prediction. */
function scoredObjects(scored: string | null): Record<string, unknown>[] {
  assert.ok(scored !== null, 'scored output missing');
  const objects =
    scored === ''
      ? []
      : scored
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const o of objects) assert.equal(typeof o.prediction, 'number');
  return objects;
}

/** 300 rows of CSV, gzipped and cut short: the gzip trailer and the end of the deflate stream are missing. */
function truncatedGzip(): Buffer {
  const gz = gzipSync(lines(HEADER, ...Array.from({ length: 300 }, (_, i) => (i % 2 ? SETOSA : VIRGINICA))));
  return gz.subarray(0, gz.length - 30);
}

/** Bytes that are no text (NULs and every other byte value), gzipped: a valid gzip of a non-text file. */
function gzipOfBinary(): Buffer {
  return gzipSync(Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)));
}

/** The other input formats (functions/lib/jobs/input-format.ts): gzip and JSON Lines going wrong. */
export const FORMAT_CASES: BadInputCase[] = [
  {
    name: 'a truncated .csv.gz fails with the gzip reason',
    key: 'gz/truncated.csv.gz',
    body: truncatedGzip(),
    status: 'FAILED',
    reason: /not a valid gzip file: unexpected end of file/,
    rows: [0, 0, 0],
  },
  {
    name: 'a .csv.gz that is not gzip at all',
    key: 'gz/plain.csv.gz',
    body: lines(HEADER, SETOSA),
    status: 'FAILED',
    reason: /not a valid gzip file: incorrect header check/,
    rows: [0, 0, 0],
  },
  {
    name: 'gzip of binary (non-text) data',
    key: 'gz/binary.csv.gz',
    body: gzipOfBinary(),
    status: 'FAILED',
    reason: /binary content \(NUL bytes\)/,
    rows: [0, 0, 0],
  },
  {
    name: 'gzip content named .jsonl',
    key: 'jsonl/gzipped.jsonl',
    body: gzipSync(`${jsonLine(SETOSA)}\n`),
    status: 'FAILED',
    reason: /name it \.jsonl\.gz/,
    rows: [0, 0, 0],
  },
  {
    name: 'JSON Lines with a BOM: the BOM is skipped, the first object scored',
    key: 'jsonl/bom.jsonl',
    body: `\uFEFF${jsonLine(SETOSA)}\n${jsonLine(VIRGINICA)}\n`,
    status: 'SUCCEEDED',
    rows: [2, 2, 0],
    check: (out) =>
      assert.deepEqual(
        scoredObjects(out.scored).map((o) => o.label),
        ['setosa', 'virginica'],
      ),
  },
  {
    name: 'JSON Lines with invalid UTF-8 in one line',
    key: 'jsonl/invalid-utf8.jsonl',
    body: Buffer.concat([
      Buffer.from(`${jsonLine(SETOSA)}\n${jsonLine(VIRGINICA)}\n{"note": "`),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(`", ${jsonLine(SETOSA).slice(1)}\n`),
    ]),
    status: 'SUCCEEDED',
    rows: [3, 2, 1],
    errors: [[3, /line is not valid UTF-8/]],
    check: (out) => assert.equal(scoredObjects(out.scored).length, 2),
  },
  {
    name: 'JSON Lines with a top-level array (a JSON array file, pretty-printed): every line rejected with its reason',
    key: 'jsonl/array.ndjson',
    body: `[${jsonLine(SETOSA)}]\n[\n  ${jsonLine(SETOSA)},\n  ${jsonLine(VIRGINICA)}\n]\n${jsonLine(VIRGINICA)}\n`,
    status: 'SUCCEEDED',
    rows: [6, 2, 4],
    errors: [
      [1, /not a JSON object: a top-level array/],
      [2, /not valid JSON/],
      [3, /not valid JSON/],
      [5, /not valid JSON/],
    ],
    check: (out) =>
      assert.deepEqual(
        scoredObjects(out.scored).map((o) => o.label),
        ['virginica', 'virginica'],
      ),
  },
  {
    name: 'JSON Lines: numbers as strings, extra keys and nested values pass through; null and missing features rejected',
    key: 'jsonl/mixed.jsonl',
    body: lines(
      JSON.stringify({ id: 'a', sepal_length: '5.1', sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2, tags: ['x', { y: '}' }] }),
      jsonLine(SETOSA, { petal_width: null }),
      JSON.stringify({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4 }),
      '',
      jsonLine(VIRGINICA),
    ),
    status: 'SUCCEEDED',
    rows: [4, 2, 2],
    errors: [
      [2, /petal_width: not a number: null/],
      [3, /missing feature key "petal_width"/],
    ],
    check: (out) => assert.deepEqual(scoredObjects(out.scored)[0]!.tags, ['x', { y: '}' }]),
  },
];
