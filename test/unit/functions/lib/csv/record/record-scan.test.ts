import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { RecordScan, firstRecordEnd, quotesOdd } from '../../../../../../functions/lib/csv/record/record-scan.ts';

/** Every record end RecordScan finds in `pieces` (absolute offsets of the `\n`s), and the quote state after them. */
function recordEnds(pieces: Buffer[], inQuotes = false): { ends: number[]; inQuotes: boolean; quotedNewlines: number } {
  const scan = new RecordScan({ inQuotes, countQuotedNewlines: true });
  const ends: number[] = [];
  let offset = 0;
  for (const piece of pieces) {
    scan.load(piece);
    for (let lf = scan.recordEnd(0); lf !== -1; lf = scan.recordEnd(lf + 1)) ends.push(offset + lf);
    offset += piece.length;
  }
  return { ends, inQuotes: scan.inQuotes, quotedNewlines: scan.quotedNewlines };
}

const bytes = (text: string) => Buffer.from(text);

function randomText(random: (n: number) => number, alphabet: readonly string[], length: number): string {
  let text = '';
  for (let k = random(length); k >= 0; k--) text += alphabet[random(alphabet.length)];
  return text;
}

function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) % n;
}

test('first record ends after the first unquoted newline', () => {
  assert.equal(firstRecordEnd(bytes('a,b\n1,2\n')), 4);
  assert.equal(firstRecordEnd(bytes('a,b\r\n1,2\r\n')), 5);
  assert.equal(firstRecordEnd(bytes('"a\nx",b\n1,2\n')), 8);
  assert.equal(firstRecordEnd(bytes('"a""\n",b\n')), 9);
  assert.equal(firstRecordEnd(bytes('a,b')), -1);
  assert.equal(firstRecordEnd(bytes('"a\n')), -1);
  assert.equal(firstRecordEnd(bytes('a\nb\nc\n'), 2), 4);
});

test('a doubled quote inside a quoted field toggles twice: the newline after it is still quoted', () => {
  const { ends, inQuotes, quotedNewlines } = recordEnds([bytes('1,"say ""hi""\nthere"\n2,x\n')]);

  assert.deepEqual(ends, [20, 24]);
  assert.equal(inQuotes, false);
  assert.equal(quotedNewlines, 1);
});

test('CRLF and CR: the record ends at the LF; a CR is never a record end, quoted or not', () => {
  assert.deepEqual(recordEnds([bytes('a\r\n"b\r\nc"\r\nd\re\n')]).ends, [2, 10, 14]);
});

test('an unclosed quote: no record end after it, and the scan ends inside quotes', () => {
  const { ends, inQuotes, quotedNewlines } = recordEnds([bytes('a\n"open\nrow\nrow')]);

  assert.deepEqual(ends, [1]);
  assert.equal(inQuotes, true);
  assert.equal(quotedNewlines, 2);
});

test("the quote state carries across buffers: any split gives the whole input's record ends", () => {
  const random = seeded(7);
  for (let n = 0; n < 400; n++) {
    const text = bytes(randomText(random, ['a', ',', '"', '""', '\n', '\r\n', '1'], 30));
    const whole = recordEnds([text]);
    for (let cut = 0; cut <= text.length; cut++) {
      const split = recordEnds([text.subarray(0, cut), text.subarray(cut)]);
      assert.deepEqual(split, whole, `${JSON.stringify(text.toString())} cut at ${cut}`);
    }
  }
});

test("a segment started in the state the parity of the bytes before it gives, finds the whole input's next record end", () => {
  const random = seeded(11);
  for (let n = 0; n < 400; n++) {
    const text = bytes(randomText(random, ['a', ',', '"', '""', '\n', '\r\n'], 30));
    const whole = recordEnds([text]).ends;
    for (let cut = 0; cut <= text.length; cut++) {
      const segment = recordEnds([text.subarray(cut)], quotesOdd(text.subarray(0, cut))).ends.map((e) => e + cut);
      assert.deepEqual(
        segment,
        whole.filter((e) => e >= cut),
        `${JSON.stringify(text.toString())} from ${cut}`,
      );
    }
  }
});

test('record ends agree with csv-parse (strict): the whole file parses as its pieces cut at those ends', () => {
  const random = seeded(3);
  let compared = 0;
  for (let n = 0; n < 5000; n++) {
    const text = randomText(random, ['a', '1', ',', '"', '""', '\n', '\r\n', ' '], 16);
    let expected: string[][];
    try {
      expected = parse(text, { record_delimiter: ['\n', '\r\n'], relax_column_count: true }) as string[][];
    } catch {
      continue; // malformed quoting: csv-parse has no records to compare with
    }
    const b = bytes(text);
    const pieces: string[] = [];
    let start = 0;
    for (const lf of recordEnds([b]).ends) {
      pieces.push(b.toString('utf8', start, lf + 1));
      start = lf + 1;
    }
    if (start < b.length) pieces.push(b.toString('utf8', start));
    const actual = pieces.flatMap((piece) => parse(piece, { record_delimiter: ['\n', '\r\n'], relax_column_count: true }) as string[][]);
    assert.deepEqual(actual, expected, JSON.stringify(text));
    assert.equal(pieces.length, expected.length, JSON.stringify(text));
    if (text.includes('"')) compared++;
  }
  assert.ok(compared > 500, `compared ${compared} texts with quotes`);
});

test('sawQuote tells whether a search passed a quote', () => {
  const scan = new RecordScan();
  scan.load(bytes('a,b\n"c",d\ne\n'));

  const first = scan.recordEnd(0);
  const sawInFirst = scan.sawQuote;
  const second = scan.recordEnd(first + 1);
  const sawInSecond = scan.sawQuote;

  assert.deepEqual([first, sawInFirst, second, sawInSecond], [3, false, 9, true]);
});

test('quote parity', () => {
  assert.equal(quotesOdd(bytes('')), false);
  assert.equal(quotesOdd(bytes('"a""b"')), false);
  assert.equal(quotesOdd(bytes('x,"a""b')), true);
});
