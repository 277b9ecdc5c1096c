import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseChunkRef,
  parseChunkResult,
  parseJobRef,
  parsePlanOutput,
  parseResultWriterDetails,
  parseWorkflowError,
} from '../../../../../functions/lib/batch/parse-task.ts';
import { InvalidTaskPayloadError } from '../../../../../functions/lib/batch/errors.ts';

const job = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'a.csv',
  etag: 'e',
  versionId: null,
  size: 9,
  columns: {},
  outputKeys: { scored: 'a.scored.csv', errors: 'a.errors.csv', summary: 'a.summary.json' },
};

test('a well-formed job ref passes unchanged', () => {
  assert.equal(parseJobRef(job), job);
});

test('malformed job refs are refused with the field named', () => {
  assert.throws(() => parseJobRef(undefined), InvalidTaskPayloadError);
  assert.throws(() => parseJobRef({ ...job, jobId: 'x' }), /jobId/);
  assert.throws(() => parseJobRef({ ...job, size: -1 }), /size/);
  assert.throws(() => parseJobRef({ ...job, outputKeys: { scored: 'x' } }), /outputKeys/);
  assert.throws(() => parseJobRef({ ...job, sequencer: 17 }), /sequencer/);
});

test('the S3 sequencer travels in the job ref; refs from before it was carried still parse', () => {
  assert.equal(parseJobRef({ ...job, sequencer: '0055AED6DCD90281E5' }).sequencer, '0055AED6DCD90281E5');
  assert.equal(parseJobRef(job).sequencer, undefined);
});

test('chunk refs: the nominal range, and the exact recordsFrom of a re-score when given', () => {
  const plain = parseChunkRef({ index: 1, start: 5, end: 9, extra: true });
  const rescore = parseChunkRef({ index: 1, start: 5, end: 9, recordsFrom: 7 });
  const ownsNone = parseChunkRef({ index: 1, start: 5, end: 9, recordsFrom: null });

  assert.deepEqual(plain, { index: 1, start: 5, end: 9 });
  assert.equal('recordsFrom' in plain, false, 'no recordsFrom: the chunk settles its own first record');
  assert.deepEqual(rescore, { index: 1, start: 5, end: 9, recordsFrom: 7 });
  assert.deepEqual(ownsNone, { index: 1, start: 5, end: 9, recordsFrom: null });
});

test('a Parquet chunk ref carries its row groups [from, to); a malformed run is refused', () => {
  assert.deepEqual(parseChunkRef({ index: 2, start: 4, end: 900, rowGroups: { from: 3, to: 5 } }), {
    index: 2,
    start: 4,
    end: 900,
    rowGroups: { from: 3, to: 5 },
  });
  assert.throws(() => parseChunkRef({ index: 2, start: 4, end: 900, rowGroups: { from: 3, to: 3 } }), /chunk.rowGroups/);
  assert.throws(() => parseChunkRef({ index: 2, start: 4, end: 900, rowGroups: { from: -1, to: 3 } }), /chunk.rowGroups/);
  assert.throws(() => parseChunkRef({ index: 2, start: 4, end: 900, rowGroups: [3, 5] }), /chunk.rowGroups/);
});

test('malformed chunk refs are refused', () => {
  assert.throws(() => parseChunkRef({ index: 1, start: 9, end: 5 }), InvalidTaskPayloadError);
  assert.throws(() => parseChunkRef({ index: 1, start: 5 }), InvalidTaskPayloadError);
  assert.throws(() => parseChunkRef({ index: 1, start: 5, end: 9, recordsFrom: -1 }), /chunk.recordsFrom/);
  assert.throws(() => parseChunkRef({ index: 1, start: 5, end: 9, recordsFrom: '7' }), /chunk.recordsFrom/);
});

const plan = {
  bucket: 'out',
  chunksKey: '_tmp/j/chunks.json',
  rescoreKey: '_tmp/j/rescore.json',
  errorGroupsKey: '_tmp/j/error-groups.json',
  chunks: 3,
  chunkBytes: 100,
};

test("Plan's output passes unchanged; without a key, a count or a chunk size it is refused", () => {
  assert.equal(parsePlanOutput(plan), plan);
  assert.throws(() => parsePlanOutput(undefined), InvalidTaskPayloadError);
  assert.throws(() => parsePlanOutput({ ...plan, rescoreKey: undefined }), /plan must be/);
  assert.throws(() => parsePlanOutput({ ...plan, errorGroupsKey: undefined }), /plan must be/);
  assert.throws(() => parsePlanOutput({ ...plan, chunks: -1 }), /plan must be/);
  assert.throws(() => parsePlanOutput({ ...plan, chunkBytes: 0 }), /plan must be/);
});

const chunkResult = {
  index: 0,
  lines: 2,
  rowsIn: 1,
  rowsScored: 1,
  rowsRejected: 0,
  scoredKey: 's',
  scoredBytes: 3,
  errorsKey: 'e',
  errorsBytes: 0,
  recordsFrom: 0,
  recordsTo: 9,
  segment: { quotesOdd: false, boundaryIfStartOutside: 4, boundaryIfStartInside: null },
};

test('chunk results pass unchanged, null offsets too', () => {
  const ownsNone = { ...chunkResult, recordsFrom: null, recordsTo: null };

  assert.equal(parseChunkResult(chunkResult, 'map result 0'), chunkResult);
  assert.equal(parseChunkResult(ownsNone, 'map result 0'), ownsNone);
});

test('a malformed chunk result is refused, named by where it came from', () => {
  const refused = (item: unknown) =>
    assert.throws(() => parseChunkResult(item, 'map result 3'), /^InvalidTaskPayloadError: map result 3 is not a chunk result$/);
  const segment = chunkResult.segment;

  refused({ ...chunkResult, rowsIn: '1' });
  refused({ ...chunkResult, lines: undefined });
  refused({ ...chunkResult, scoredKey: 4 });
  refused({ ...chunkResult, recordsFrom: undefined });
  refused({ ...chunkResult, recordsTo: -2 });
  refused({ ...chunkResult, segment: undefined });
  refused({ ...chunkResult, segment: { ...segment, quotesOdd: 'no' } });
  refused({ ...chunkResult, segment: { ...segment, boundaryIfStartInside: undefined } });
  refused([chunkResult]);
});

test("the Map state's ResultWriter details give the bucket and key of its results", () => {
  const details = { MapRunArn: 'arn:map', ResultWriterDetails: { Bucket: 'out', Key: '_tmp/j/map/manifest.json' } };

  assert.deepEqual(parseResultWriterDetails(details), { bucket: 'out', key: '_tmp/j/map/manifest.json' });
  assert.throws(() => parseResultWriterDetails({ MapRunArn: 'arn:map' }), /ResultWriterDetails/);
  assert.throws(() => parseResultWriterDetails({ ResultWriterDetails: { Bucket: 'out' } }), InvalidTaskPayloadError);
});

test('workflow error keeps only string Error/Cause', () => {
  assert.deepEqual(parseWorkflowError({ Error: 'E', Cause: 'C' }), { Error: 'E', Cause: 'C' });
  assert.deepEqual(parseWorkflowError(null), {});
});

test('a job pinned to a stored model carries {name, version, sha256}; anything else there is refused', () => {
  const pinned = { ...job, model: { name: 'wine', version: '2', sha256: 'a'.repeat(64) } };

  assert.equal(parseJobRef(pinned), pinned);
  assert.throws(() => parseJobRef({ ...job, model: 'wine@2' }), /job\.model/);
  assert.throws(() => parseJobRef({ ...job, model: { name: 'wine', version: '2' } }), /job\.model/);
});

test('a job with a shadow model carries it as {name, version, sha256}; anything else there is refused', () => {
  const shadowed = { ...job, shadow: { name: 'wine', version: '3', sha256: 'b'.repeat(64) } };

  assert.equal(parseJobRef(shadowed), shadowed);
  assert.throws(() => parseJobRef({ ...job, shadow: 'wine@challenger' }), /job\.shadow/);
  assert.throws(() => parseJobRef({ ...job, shadow: { name: 'wine', version: '3' } }), /job\.shadow/);
});

test("a chunk result's shadow counts must be counts, agreeing at most rows, the differences' sum a number or null", () => {
  const withShadow = (shadow: unknown) => ({ ...chunkResult, shadow });
  const refused = (shadow: unknown) => assert.throws(() => parseChunkResult(withShadow(shadow), 'map result 1'), InvalidTaskPayloadError);

  assert.deepEqual(parseChunkResult(withShadow({ rows: 1, agreeing: 1 }), 'r').shadow, { rows: 1, agreeing: 1 });
  assert.deepEqual(parseChunkResult(withShadow({ rows: 1, agreeing: 0, absoluteDifference: null }), 'r').shadow?.absoluteDifference, null);
  refused({ rows: 1, agreeing: 2 });
  refused({ rows: '1', agreeing: 0 });
  refused({ rows: 1, agreeing: 0, absoluteDifference: 'x' });
  refused('shadow');
});
