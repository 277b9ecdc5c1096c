import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients.ts';
import { AccountingError } from '../../batch/errors.ts';
import { chunkRowGroupsKey, parquetEndsKeys } from '../../jobs/output-keys.ts';
import type { ChunkResult, JobRef, PlanOutput } from '../../jobs/types.ts';
import { mapAtMost } from '../../map-at-most.ts';
import { pinnedModel } from '../../model-store/stored-models.ts';
import { PARTS_IN_FLIGHT } from '../../s3/limits.ts';
import type { PartObject } from '../../s3/types.ts';
import { MAGIC } from '../footer.ts';
import { rowGroupsFromJson } from '../metadata-json.ts';
import { predictionKind } from '../chunk-scoring.ts';
import { outputSchema } from '../schema.ts';
import { encodeFooter, placeRowGroups } from '../write-row-group.ts';
import { readParquetFooter } from './read-parquet-object.ts';

/**
 * The parts scored.parquet is assembled from, in order: the magic, each chunk's scored part as it is, the footer.
 * Nothing is rewritten: the footer places each chunk's row groups where its part lands (4 + the parts before it)
 * and gives the input's schema plus the prediction columns. The magic and the footer are written as temp objects
 * here; assembleObject copies or streams every part within S3's multipart rules. Every planned chunk must have
 * reported, in order.
 */
export async function parquetScoredParts(job: JobRef, plan: PlanOutput, results: readonly ChunkResult[]): Promise<PartObject[]> {
  if (results.length !== plan.chunks) throw new AccountingError(`${results.length} chunk results for ${plan.chunks} planned chunks`);
  const bucket = plan.bucket;
  const rowGroups = await mapAtMost(PARTS_IN_FLIGHT, results, async (r) =>
    rowGroupsFromJson(await getText(bucket, chunkRowGroupsKey(job.jobId, r.index))),
  );
  const placed = placeRowGroups(results.map((r, i) => ({ bytes: r.scoredBytes, rowGroups: rowGroups[i]! })));
  const scoredRows = placed.reduce((sum, g) => sum + Number(g.num_rows), 0);
  const expected = results.reduce((sum, r) => sum + r.rowsScored, 0);
  if (scoredRows !== expected) throw new AccountingError(`the chunks' row groups hold ${scoredRows} rows, their counts ${expected} scored`);
  const { metadata } = await readParquetFooter(job, job.size);
  const footer = encodeFooter(outputSchema(metadata, predictionKind(await pinnedModel(job.model))), placed);
  const { headKey, footerKey } = parquetEndsKeys(job.jobId);
  await Promise.all([put(bucket, headKey, MAGIC), put(bucket, footerKey, footer)]);
  return [
    { key: headKey, bytes: MAGIC.length },
    ...results.map((r) => ({ key: r.scoredKey, bytes: r.scoredBytes })),
    { key: footerKey, bytes: footer.length },
  ];
}

async function getText(bucket: string, key: string): Promise<string> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

async function put(bucket: string, key: string, body: Uint8Array): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/octet-stream' }));
}
