import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PARTS,
  MIN_PART_BYTES,
  SINGLE_PUT_MAX_BYTES,
  partRange,
  planUpload,
  uploadKey,
  uploadRefusal,
} from '../../../console/lib/upload-plan.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

test('up to 16 MiB one PUT; past it a multipart upload of 8 MiB parts (a 2 GiB file: 256 parts)', () => {
  assert.deepEqual(planUpload(SINGLE_PUT_MAX_BYTES), { kind: 'single' });
  assert.deepEqual(planUpload(SINGLE_PUT_MAX_BYTES + 1), { kind: 'multipart', partBytes: 8 * MiB, parts: 3 });
  assert.deepEqual(planUpload(2 * GiB), { kind: 'multipart', partBytes: 8 * MiB, parts: 256 });
});

test("the parts tile the file within S3's multipart limits, for sizes up to 5 TiB", () => {
  const sizes = [16 * MiB + 1, 17 * MiB, 2 * GiB - 1, 2 * GiB, 80 * GiB, 78_125 * MiB + 7, 5 * 1024 * GiB];
  for (const size of sizes) {
    const plan = planUpload(size);
    assert.equal(plan.kind, 'multipart');
    if (plan.kind !== 'multipart') continue;
    assert.ok(plan.parts <= MAX_PARTS, `${size}: ${plan.parts} parts`);
    assert.ok(plan.partBytes >= MIN_PART_BYTES && plan.partBytes % MiB === 0, `${size}: ${plan.partBytes}-byte parts`);
    const first = partRange(size, plan.partBytes, 1);
    const last = partRange(size, plan.partBytes, plan.parts);
    assert.equal(first.start, 0);
    assert.equal(last.end, size, `${size}: the last part ends at the file's end`);
    assert.ok(last.end > last.start, `${size}: the last part is not empty`);
    assert.equal(partRange(size, plan.partBytes, 2).start, first.end, 'parts are contiguous');
  }
});

test('a file that cannot start a job is refused with a message naming it and why', () => {
  assert.match(uploadRefusal('notes.txt', 10) ?? '', /^"notes\.txt" is not an input the service reads: only files ending in .*\.csv/);
  assert.match(uploadRefusal('data.csv.bak', 10) ?? '', /is not an input the service reads/);
  assert.equal(uploadRefusal('data.CSV.gz', 10), undefined, 'gzip CSV, JSON Lines and Parquet start jobs too');
  assert.equal(uploadRefusal('data.parquet', 10), undefined);
  assert.match(uploadRefusal('empty.csv', 0) ?? '', /^"empty\.csv" is empty \(0 bytes\)/);
  assert.match(uploadRefusal('huge.csv', 6 * 1024 * GiB) ?? '', /larger than 5 TiB/);
  assert.equal(uploadRefusal('IRIS.CSV', 10), undefined, 'any letter case of .csv starts a job');
});

test('the key is the prefix (one trailing slash) and the file name', () => {
  assert.equal(uploadKey('console/', 'a.csv'), 'console/a.csv');
  assert.equal(uploadKey(' demo ', 'a.csv'), 'demo/a.csv');
  assert.equal(uploadKey('/x//', 'a.csv'), 'x/a.csv');
  assert.equal(uploadKey('', 'a.csv'), 'a.csv');
});
