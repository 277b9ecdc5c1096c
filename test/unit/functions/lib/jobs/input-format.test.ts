import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_SUFFIXES, inputFormat, requireInputFormat, startsJob } from '../../../../../functions/lib/jobs/input-format.ts';
import { deriveOutputKeys } from '../../../../../functions/lib/jobs/output-keys.ts';

/** Every upper/lower-case spelling of `text` (the oracle for "any letter case"). */
function spellings(text: string): string[] {
  return [...text].reduce<string[]>(
    (acc, c) => acc.flatMap((p) => [...new Set([c.toLowerCase(), c.toUpperCase()])].map((s) => p + s)),
    [''],
  );
}

describe('input-format', () => {
  it('maps every spelling of every accepted suffix to its format', () => {
    for (const entry of INPUT_SUFFIXES) {
      for (const suffix of spellings(entry.suffix)) {
        const format = inputFormat(`dir/file${suffix}`);
        assert.ok(format, suffix);
        assert.equal(format.kind, entry.kind);
        assert.equal(format.compression, entry.compression);
        assert.equal(format.suffix, entry.suffix);
      }
    }
  });

  it('takes the longest suffix: .csv.gz is gzip CSV, .jsonl.gz gzip JSON Lines', () => {
    assert.deepEqual(
      { kind: inputFormat('a.csv.gz')?.kind, compression: inputFormat('a.csv.gz')?.compression },
      { kind: 'csv', compression: 'gzip' },
    );
    assert.equal(inputFormat('a.JSONL.GZ')?.compression, 'gzip');
    assert.equal(inputFormat('a.ndjson')?.kind, 'jsonl');
  });

  it('starts nothing for any other suffix', () => {
    for (const key of ['a', 'a.gz', 'a.json', 'a.csv.bak', 'a.tsv', 'a.csvgz', 'a.jsonl.zip', 'a.parquet.gz', 'a.csv.gz.tmp']) {
      assert.equal(inputFormat(key), null, key);
      assert.equal(startsJob(key), false, key);
    }
    assert.throws(() => requireInputFormat('a.tsv'), /no accepted input suffix/);
  });

  it('output keys keep the key stem as written and the format suffix in lower case', () => {
    assert.deepEqual(deriveOutputKeys('In/Data.CSV.Gz'), {
      scored: 'In/Data.scored.csv.gz',
      errors: 'In/Data.errors.csv',
      summary: 'In/Data.summary.json',
    });
    assert.equal(deriveOutputKeys('x.NDJSON').scored, 'x.scored.ndjson');
    assert.equal(deriveOutputKeys('x.jsonl.gz').scored, 'x.scored.jsonl.gz');
    assert.equal(deriveOutputKeys('x.Csv').scored, 'x.scored.csv');
  });

  it('content types: gzip outputs are application/gzip, JSON Lines application/x-ndjson', () => {
    assert.equal(inputFormat('a.csv')?.scoredContentType, 'text/csv');
    assert.equal(inputFormat('a.jsonl')?.scoredContentType, 'application/x-ndjson');
    assert.equal(inputFormat('a.csv.gz')?.scoredContentType, 'application/gzip');
  });
});
