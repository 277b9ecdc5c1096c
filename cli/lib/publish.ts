import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isAwsError } from '../../functions/lib/aws/errors.ts';
import { cardProblems } from '../../functions/lib/model-store/card.ts';
import type { ModelCard } from '../../functions/lib/model-store/card.ts';
import { versionKeys } from '../../functions/lib/model-store/keys.ts';
import { LATEST_ALIAS, checkAlias, checkName, checkVersion } from '../../functions/lib/model-store/model-ref.ts';
import { PublishRefusedError, inspectModel } from './inspect-model.ts';
import type { ModelInspection } from './inspect-model.ts';
import { setAlias } from './store-admin.ts';
import type { StoreTarget } from './store-target.ts';

export interface PublishRequest {
  file: string;
  name: string;
  version: string;
  /** Moved to the new version besides `latest`. */
  alias?: string;
  /** Feature names in input order (`--features`); else the card's, else the model's metadata. */
  features?: string[];
  /** A partial card (`--card`): features, classes, kind, metrics. */
  cardFile?: string;
  now?: Date;
}

export interface Published {
  card: ModelCard;
  aliases: string[];
  inspection: ModelInspection;
}

/** Versions are written once: this one exists already. */
export class VersionExistsError extends Error {
  override name = 'VersionExistsError';
}

/** Validates the file by running it, then writes model.onnx and card.json once each and moves `latest` (and `alias`). */
export async function publishModel(target: StoreTarget, request: PublishRequest): Promise<Published> {
  checkName(request.name);
  checkVersion(request.version);
  if (request.alias !== undefined) checkAlias(request.alias);
  const given = request.cardFile ? await readPartialCard(request.cardFile) : {};
  const inspection = await inspectModel(request.file);
  const card = buildCard(request, given, inspection);
  await putOnce(target, card, inspection.bytes);
  const aliases = [LATEST_ALIAS, ...(request.alias && request.alias !== LATEST_ALIAS ? [request.alias] : [])];
  for (const alias of aliases) await setAlias(target, card.name, alias, card.version);
  return { card, aliases, inspection };
}

function buildCard(request: PublishRequest, given: Partial<ModelCard>, inspection: ModelInspection): ModelCard {
  const { info } = inspection;
  const features = request.features ?? given.features ?? info.featureNames;
  if (features.length !== info.featureCount) {
    throw new PublishRefusedError(
      `${features.length} feature names given (${features.join(', ')}) but the model takes ${info.featureCount} features; ` +
        `list exactly ${info.featureCount} names in input order with --features`,
    );
  }
  if (new Set(features).size !== features.length) throw new PublishRefusedError(`feature names repeat: ${features.join(', ')}`);
  const card: ModelCard = {
    name: request.name,
    version: request.version,
    kind: given.kind ?? info.kind,
    features,
    outputs: inspection.outputs,
    classes: given.classes ?? (info.kind === 'classifier' ? info.classNames : []),
    sha256: createHash('sha256').update(inspection.bytes).digest('hex'),
    created: (request.now ?? new Date()).toISOString(),
    ...(given.metrics ? { metrics: given.metrics } : {}),
  };
  const problems = cardProblems(card);
  if (problems.length > 0) throw new PublishRefusedError(`the card would be invalid: ${problems.join('; ')}`);
  return card;
}

async function readPartialCard(path: string): Promise<Partial<ModelCard>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PublishRefusedError(`--card ${path}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PublishRefusedError(`--card ${path} is not a JSON object`);
  const { features, classes, kind, metrics } = value as Partial<ModelCard>;
  return { features, classes, kind, metrics };
}

/**
 * model.onnx, then card.json, each with `If-None-Match: *` (S3's conditional write), so two publishers of one version
 * cannot both win. The card makes a version visible (readers start from it), so it goes last. A publish that died
 * between the two is finished by publishing the same bytes again.
 */
async function putOnce(target: StoreTarget, card: ModelCard, bytes: Buffer): Promise<void> {
  const keys = versionKeys(card.name, card.version);
  const put = (key: string, body: Buffer | string, contentType: string) =>
    target.client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        IfNoneMatch: '*',
        Metadata: { sha256: card.sha256 },
      }),
    );
  try {
    await put(keys.model, bytes, 'application/octet-stream');
  } catch (error) {
    if (!isAwsError(error, 'PreconditionFailed')) throw error;
    await checkUnfinishedPublish(target, card);
  }
  try {
    await put(keys.card, `${JSON.stringify(card, null, 2)}\n`, 'application/json');
  } catch (error) {
    if (isAwsError(error, 'PreconditionFailed')) throw exists(card);
    throw error;
  }
}

/** model.onnx exists: fine only when no card does and it holds these very bytes (an earlier publish died halfway). */
async function checkUnfinishedPublish(target: StoreTarget, card: ModelCard): Promise<void> {
  const keys = versionKeys(card.name, card.version);
  const head = (key: string) => target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
  const cardExists = await head(keys.card).then(
    () => true,
    (error) => {
      if (isAwsError(error, 'NotFound', 'NoSuchKey')) return false;
      throw error;
    },
  );
  if (cardExists || (await head(keys.model)).Metadata?.sha256 !== card.sha256) throw exists(card);
}

function exists(card: ModelCard): VersionExistsError {
  return new VersionExistsError(
    `${card.name}@${card.version} exists already and versions are immutable: publish under a new --version, then move an alias to it`,
  );
}
