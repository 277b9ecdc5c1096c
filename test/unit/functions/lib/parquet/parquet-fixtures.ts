import type { FileMetaData } from 'hyparquet';
import { memoryFile } from '../../../../helpers/parquet-files.ts';
import { footerBytes, parseFooter } from '../../../../../functions/lib/parquet/footer.ts';
import { encodeFooter, placeRowGroups } from '../../../../../functions/lib/parquet/write-row-group.ts';
import { outputSchema } from '../../../../../functions/lib/parquet/schema.ts';
import { planRowGroupChunks } from '../../../../../functions/lib/parquet/row-groups.ts';
import { predictionKind, scoreParquetChunk } from '../../../../../functions/lib/parquet/chunk-scoring.ts';
import type { Model } from '../../../../../functions/lib/model/types.ts';

export { generatedRows, irisParquet, memoryFile } from '../../../../helpers/parquet-files.ts';
export type { IrisRows } from '../../../../helpers/parquet-files.ts';

export function metadataOf(bytes: Uint8Array): FileMetaData {
  const footer = footerBytes(bytes.subarray(bytes.length - 8), bytes.length);
  return parseFooter(bytes.subarray(bytes.length - footer));
}

/** The whole pipeline in memory, as the handlers run it: plan, score each chunk, place the row groups, add the footer. */
export async function scoreFile(
  bytes: Uint8Array,
  model: Model,
  chunkBytes: number,
): Promise<{ scored: Uint8Array; errors: string; chunks: number; rowsIn: number }> {
  const metadata = metadataOf(bytes);
  const chunks = planRowGroupChunks(metadata, chunkBytes);
  const bodies: { bytes: number; rowGroups: import('hyparquet').RowGroup[]; body: Buffer }[] = [];
  let errors = '';
  let rowsIn = 0;
  for (const chunk of chunks) {
    const parts: Buffer[] = [];
    const errorParts: Buffer[] = [];
    const counts = await scoreParquetChunk(
      {
        file: memoryFile(bytes),
        metadata,
        rowGroups: chunk.rowGroups,
        model,
        featureColumns: model.info.featureNames.map((_, f) => f),
        batchRows: 7,
      },
      {
        scored: { write: async (b) => void parts.push(Buffer.from(b)) },
        errors: { write: async (b) => void errorParts.push(Buffer.from(b)) },
      },
    );
    const body = Buffer.concat(parts);
    if (body.length !== counts.bytes) throw new Error('counted bytes differ from written bytes');
    bodies.push({ bytes: body.length, rowGroups: counts.rowGroups, body });
    errors += Buffer.concat(errorParts).toString();
    rowsIn += counts.rowsIn;
  }
  const footer = encodeFooter(outputSchema(metadata, predictionKind(model)), placeRowGroups(bodies));
  const scored = Buffer.concat([Buffer.from('PAR1'), ...bodies.map((b) => b.body), Buffer.from(footer)]);
  return { scored: new Uint8Array(scored), errors, chunks: chunks.length, rowsIn };
}
