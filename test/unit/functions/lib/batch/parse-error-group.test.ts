import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseErrorGroup, parseRenumberedGroups } from '../../../../../functions/lib/batch/parse-error-group.ts';
import { AccountingError, InvalidTaskPayloadError } from '../../../../../functions/lib/batch/errors.ts';

const jobId = '0123456789abcdef01234567';
const chunk = (index: number, errorsBytes = 10) => ({
  index,
  errorsKey: `_tmp/${jobId}/errors-0000${index}.csv`,
  errorsBytes,
  lineOffset: index * 50,
});
const group = { index: 1, header: false, chunks: [chunk(3), chunk(5, 20)], errorsBytes: 30 };

test('a well-formed group parses to its fields, extra fields dropped', () => {
  assert.deepEqual(parseErrorGroup({ ...group, extra: true }, jobId), group);
  assert.deepEqual(parseErrorGroup({ index: 0, header: true, chunks: [], errorsBytes: 0 }, jobId), {
    index: 0,
    header: true,
    chunks: [],
    errorsBytes: 0,
  });
});

test('malformed groups are refused with what is wrong', () => {
  const cases: [unknown, RegExp][] = [
    [undefined, /group must be/],
    [{ ...group, index: -1 }, /group must be/],
    [{ ...group, header: 'yes' }, /group must be/],
    [{ ...group, header: true }, /group.header must be true for group 0 only/],
    [{ ...group, index: 0 }, /group.header must be true for group 0 only/],
    [{ ...group, chunks: 'all' }, /group.chunks must be an array/],
    [{ ...group, chunks: [chunk(3), { ...chunk(5), lineOffset: 1.5 }] }, /group.chunks\[1\] must be/],
    [{ ...group, chunks: [chunk(5, 20), chunk(3)] }, /increasing index order/],
    [{ ...group, errorsBytes: 31 }, /group.errorsBytes is 31, its chunks hold 30/],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => parseErrorGroup(value, jobId),
      (error) => error instanceof InvalidTaskPayloadError && message.test(error.message),
    );
  }
});

test("a group naming another job's objects, or any key outside the job's temp prefix, is refused", () => {
  const otherJob = { ...chunk(3), errorsKey: '_tmp/ffffffffffffffffffffffff/errors-00003.csv' };
  const output = { ...chunk(3), errorsKey: 'a/b.errors.csv' };

  for (const bad of [otherJob, output]) {
    assert.throws(() => parseErrorGroup({ ...group, chunks: [bad, chunk(5, 20)] }, jobId), /temp object of this job/);
  }
});

test('group results come back in group order', () => {
  const results = [
    { index: 1, key: 'k1', bytes: 7 },
    { index: 0, key: 'k0', bytes: 9, extra: 1 },
  ];

  assert.deepEqual(parseRenumberedGroups(results), [
    { index: 0, key: 'k0', bytes: 9 },
    { index: 1, key: 'k1', bytes: 7 },
  ]);
});

test('group results that are malformed, missing, repeated or none at all are refused', () => {
  assert.throws(() => parseRenumberedGroups({}), InvalidTaskPayloadError);
  assert.throws(() => parseRenumberedGroups([{ index: 0, key: 7, bytes: 1 }]), /error groups\[0\] must be/);
  assert.throws(() => parseRenumberedGroups([{ index: 1, key: 'k', bytes: 1 }]), AccountingError);
  assert.throws(
    () =>
      parseRenumberedGroups([
        { index: 0, key: 'k', bytes: 1 },
        { index: 0, key: 'k', bytes: 1 },
      ]),
    /expected group 1, found 0/,
  );
  assert.throws(() => parseRenumberedGroups([]), /no error groups/);
});
