/**
 * The batch handlers' door to the JSON Lines core (`functions/lib/jsonl`), as csv-port.ts is to the CSV one: the
 * job's key mapping at ingest, and chunk scoring.
 */
import { pinnedModel } from '../model-store/stored-models.ts';
import type { PinnedModel } from '../model-store/types.ts';
import { explicitColumnPairs } from '../csv/columns-metadata.ts';
import { quoteList } from '../csv/header-names.ts';
import { looksBinary, looksGzip } from '../csv/inspect-head.ts';
import type { ChunkCounts, ChunkSinks } from '../csv/types.ts';
import { scoreJsonlChunkInto } from '../jsonl/chunk-pipeline.ts';
import { isKeyMapping } from '../jsonl/types.ts';
import type { KeyMapping } from '../jsonl/types.ts';
import type { ColumnMatch } from './csv-port.ts';
import { scoringBasics } from './scoring-request.ts';
import type { ChunkScoringRequest } from './scoring-request.ts';

/**
 * A JSON Lines job's mapping from its first bytes and user metadata: features are found per object by key, so
 * ingest only refuses what cannot be JSON Lines text (empty, gzip bytes without `.gz`, binary) and checks the
 * explicit `columns` pairs name the model's features.
 */
export async function matchKeys(block: Buffer, size: number, metadata: Record<string, string>, model?: PinnedModel): Promise<ColumnMatch> {
  if (size === 0) return { ok: false, reason: 'empty object (0 bytes): nothing to score; upload one JSON object per line' };
  if (looksGzip(block)) return { ok: false, reason: 'gzip-compressed data under a plain JSON Lines name; name it .jsonl.gz or .ndjson.gz' };
  if (looksBinary(block)) return { ok: false, reason: 'binary content (NUL bytes) is not JSON Lines text' };
  const parsed = explicitColumnPairs(metadata);
  if (!parsed.ok) return parsed;
  const features = (await pinnedModel(model)).info.featureNames;
  const unknown = parsed.pairs.find((p) => !features.includes(p.feature));
  if (unknown)
    return { ok: false, reason: `unknown feature ${JSON.stringify(unknown.feature)}; the model's features are ${quoteList(features)}` };
  const columns: KeyMapping = { by: 'key', pairs: parsed.pairs };
  return { ok: true, columns };
}

/** Scores a chunk of JSON Lines into the two sinks; resolves with the counts. */
export async function scoreJsonlChunk(request: ChunkScoringRequest, sinks: ChunkSinks): Promise<ChunkCounts> {
  if (!isKeyMapping(request.columns)) throw new Error('a JSON Lines job carries a key mapping ({by: "key", pairs})');
  return scoreJsonlChunkInto({ ...(await scoringBasics(request)), pairs: request.columns.pairs }, sinks);
}
