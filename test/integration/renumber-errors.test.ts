/**
 * The renumber-errors task (functions/renumber-errors.ts) against the local S3 and DynamoDB over HTTP, through the
 * functions' own clients configured as the local stack configures a Lambda: chunk error objects are renumbered group
 * by group into temp objects, which assembleObject joins into errors.csv. The result must be byte for byte the file
 * Finalize streams by itself (errorsFileBody of every chunk's renumbered rows), with the big groups joined by part copy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startEdge, type Edge } from '../../local/edge/index.ts';
import { bucketObjects } from '../helpers/bucket-objects.ts';
import { pointFunctionsAt } from '../helpers/functions-s3.ts';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';
import { startS3, type S3Service } from '../../local/s3/index.ts';
import { startDynamoDB, type DynamoDBService } from '../../local/dynamodb/index.ts';
import { dynamo, s3 } from '../../functions/lib/aws/clients.ts';
import { handler } from '../../functions/renumber-errors.ts';
import { assembleObject } from '../../functions/lib/s3/assemble-object.ts';
import { planErrorGroups, type ErrorChunk } from '../../functions/lib/batch/error-groups.ts';
import { errorsFileBody, renumberErrorRows } from '../../functions/lib/batch/errors-file.ts';
import { chunkTempKeys, errorsGroupKey } from '../../functions/lib/jobs/output-keys.ts';
import { csvLine } from '../../functions/lib/csv/output-format.ts';
import type { JobRef } from '../../functions/lib/jobs/types.ts';
import { MIN_PART_BYTES } from '../../functions/lib/s3/limits.ts';

const MiB = 1024 * 1024;
const BUCKET = 'output';
const JOB: JobRef = {
  jobId: '0123456789abcdef01234567',
  bucket: 'input',
  key: 'big.csv',
  etag: 'e',
  versionId: null,
  size: 1,
  columns: {},
  outputKeys: { scored: 'big.scored.csv', errors: 'big.errors.csv', summary: 'big.summary.json' },
};

/**
 * A chunk's error rows as ChunkScorer writes them (csvLine), about `bytes` long, chunk-relative lines from 2: records
 * with quotes, commas and a newline inside quotes, and a cell the scorer neutralised.
 */
function chunkErrors(bytes: number, seed: number): Buffer {
  const rows: string[] = [];
  let size = 0;
  for (let line = 2; size < bytes; line += 1 + (line % 3)) {
    const record = line % 7 === 0 ? `5.1,"x, ""${seed}""\nnext",1.4` : `5.${line % 10},abc${seed},4.5,1.5,'=1+${line}`;
    const row = `${csvLine([String(line), record, `sepal_width: not a number: "abc${seed}"`])}\n`;
    rows.push(row);
    size += Buffer.byteLength(row);
  }
  return Buffer.from(rows.join(''));
}

describe('renumber-errors through the local S3', () => {
  let dataDir: string;
  let s3Service: S3Service;
  let dynamoService: DynamoDBService;
  let edge: Edge;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'renumber-errors-'));
    s3Service = await startS3({ dataDir: join(dataDir, 's3') });
    dynamoService = await startDynamoDB({
      dataDir: join(dataDir, 'dynamodb'),
      // The Probes table as the stack defines it: the handler records its probe there.
      tables: synthesizeLocalDefinitions().tables.filter((table) => table.TableName === 'Probes'),
    });
    edge = await startEdge({ port: 0, routes: { s3: s3Service.listener, dynamodb: dynamoService.url } });
    pointFunctionsAt(edge.url);
    Object.assign(process.env, { OUTPUT_BUCKET: BUCKET, PROBES_TABLE: 'Probes' });
  });
  after(async () => {
    s3().destroy();
    dynamo().destroy();
    await edge.stop();
    await dynamoService.stop();
    await s3Service.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const { put, read, exists } = bucketObjects(BUCKET);

  /** Writes each chunk's error object as ScoreChunk would (an empty one for a chunk without errors). */
  async function writeChunkErrors(bodies: readonly Buffer[], lineOffsets: readonly number[]): Promise<ErrorChunk[]> {
    const chunks: ErrorChunk[] = [];
    for (const [index, body] of bodies.entries()) {
      const { errorsKey } = chunkTempKeys(JOB.jobId, index);
      await put(errorsKey, body);
      chunks.push({ index, errorsKey, errorsBytes: body.length, lineOffset: lineOffsets[index]! });
    }
    return chunks;
  }

  /** errors.csv as Finalize streams it by itself: the header, then every chunk's renumbered rows in order. */
  async function streamedErrorsFile(bodies: readonly Buffer[], chunks: readonly ErrorChunk[]): Promise<Buffer> {
    async function* parts(): AsyncGenerator<Readable> {
      for (const [i, body] of bodies.entries()) {
        if (body.length > 0) yield renumberErrorRows(Readable.from([body]), chunks[i]!.lineOffset);
      }
    }
    return buffer(errorsFileBody(parts()));
  }

  test('groups renumbered one task each and assembled by part copy are the errors file Finalize streams, byte for byte', async () => {
    // prepare: chunk 1 has no errors; line offsets grow by a digit, so renumbered rows are longer than the chunk's
    const bodies = [
      chunkErrors(3 * MiB, 0),
      Buffer.alloc(0),
      chunkErrors(3 * MiB, 2),
      chunkErrors(1000, 3),
      chunkErrors(5 * MiB + 10, 4),
      chunkErrors(2000, 5),
    ];
    const chunks = await writeChunkErrors(bodies, [0, 90_000, 99_990, 1_999_999, 2_000_400, 123_456_789]);
    const groups = planErrorGroups(chunks, { targetBytes: MIN_PART_BYTES });
    assert.deepEqual(
      groups.map((g) => g.chunks.map((c) => c.index)),
      [[0, 2], [3, 4], [5]],
      'the plan under test: two groups over the part minimum, then a small last one',
    );

    // act
    const results = [];
    for (const group of groups) results.push(await handler({ task: 'renumber-errors', job: JOB, group }));
    const method = await assembleObject({
      bucket: BUCKET,
      key: JOB.outputKeys.errors,
      contentType: 'text/csv',
      parts: results.map((r) => ({ key: r.key, bytes: r.bytes })),
    });

    // assert
    assert.deepEqual(
      results.map((r) => r.key),
      groups.map((g) => errorsGroupKey(JOB.jobId, g.index)),
    );
    for (const r of results) assert.equal(r.bytes, (await read(r.key)).length, `group ${r.index} reports the bytes it wrote`);
    assert.equal(method, 'copy', 'every group is one UploadPartCopy');
    const expected = await streamedErrorsFile(bodies, chunks);
    const assembled = await read(JOB.outputKeys.errors);
    assert.equal(assembled.length, expected.length);
    assert.ok(assembled.equals(expected), 'the same bytes as the errors file streamed in one invocation');
    assert.match(assembled.subarray(0, 60).toString(), /^line,record,reason\n2,/);

    const probes = await dynamo().send(
      new QueryCommand({ TableName: 'Probes', KeyConditionExpression: 'runId = :r', ExpressionAttributeValues: { ':r': JOB.jobId } }),
    );
    assert.deepEqual(probes.Items?.map((p) => [p.step, p.chunk]).sort(), [
      ['renumber-errors', 0],
      ['renumber-errors', 1],
      ['renumber-errors', 2],
    ]);
  });

  test('a retried group overwrites its own object with the same bytes', async () => {
    // prepare
    const bodies = [chunkErrors(50_000, 7), chunkErrors(50_000, 8)];
    const chunks = await writeChunkErrors(bodies, [0, 4321]);
    const [group] = planErrorGroups(chunks);
    const first = await handler({ task: 'renumber-errors', job: JOB, group });
    const firstBytes = await read(first.key);

    // act
    const retry = await handler({ task: 'renumber-errors', job: JOB, group });

    // assert
    assert.deepEqual(retry, first);
    assert.ok((await read(retry.key)).equals(firstBytes));
    assert.ok(firstBytes.equals(await streamedErrorsFile(bodies, chunks)), 'group 0 alone is the whole errors file');
  });

  test('a chunk object of another size than its chunk reported fails the group and leaves no group object', async () => {
    // prepare: chunk 1's object is shorter than its result says
    const bodies = [chunkErrors(6 * MiB, 9), chunkErrors(3000, 10)];
    const chunks = await writeChunkErrors(bodies, [0, 10]);
    const group = {
      index: 3,
      header: false,
      chunks: [chunks[0]!, { ...chunks[1]!, errorsBytes: 3500 }],
      errorsBytes: chunks[0]!.errorsBytes + 3500,
    };

    // act
    const outcome = handler({ task: 'renumber-errors', job: JOB, group });

    // assert
    await assert.rejects(outcome, { name: 'AccountingError', message: /errors-00001\.csv holds \d+ bytes, chunk 1 wrote 3500/ });
    assert.equal(await exists(errorsGroupKey(JOB.jobId, 3)), false);
  });

  test('a malformed payload is refused before anything is read or written', async () => {
    const outcome = handler({ task: 'renumber-errors', job: JOB, group: { index: 0, header: true, chunks: 'all', errorsBytes: 0 } });

    await assert.rejects(outcome, { name: 'InvalidTaskPayloadError' });
  });
});
