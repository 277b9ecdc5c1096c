import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ModelCard } from '../../functions/lib/model-store/card.ts';
import { aliasKey } from '../../functions/lib/model-store/keys.ts';
import { checkAlias, checkName, checkVersion, parseModelRef } from '../../functions/lib/model-store/model-ref.ts';
import { notFoundError } from '../../functions/lib/model-store/not-found.ts';
import { s3ModelStore } from '../../functions/lib/model-store/s3-store.ts';
import type { StoreTarget } from './store-target.ts';

export interface AliasMove {
  name: string;
  alias: string;
  from: string | null;
  to: string;
}

/** Points `alias` at `version` (promote, or roll back to an older one); the version must exist. */
export async function setAlias(target: StoreTarget, name: string, alias: string, version: string): Promise<AliasMove> {
  checkName(name);
  checkAlias(alias);
  checkVersion(version);
  const reader = s3ModelStore(target.client, target.bucket);
  if (!(await reader.readCard(name, version))) {
    throw await notFoundError(reader, { name, version });
  }
  const from = (await reader.readAlias(name, alias))?.version ?? null;
  const body = `${JSON.stringify({ version, updated: new Date().toISOString() })}\n`;
  await target.client.send(
    new PutObjectCommand({ Bucket: target.bucket, Key: aliasKey(name, alias), Body: body, ContentType: 'application/json' }),
  );
  return { name, alias, from, to: version };
}

export interface ModelListing {
  name: string;
  versions: string[];
  aliases: Record<string, string>;
}

export async function listModels(target: StoreTarget): Promise<ModelListing[]> {
  const reader = s3ModelStore(target.client, target.bucket);
  const names = await reader.listNames();
  return Promise.all(
    names.map(async (name) => {
      const [versions, aliasNames] = await Promise.all([reader.listVersions(name), reader.listAliases(name)]);
      const pointers = await Promise.all(aliasNames.map(async (alias) => [alias, (await reader.readAlias(name, alias))?.version ?? '?']));
      return { name, versions, aliases: Object.fromEntries(pointers) };
    }),
  );
}

/** The card a reference names now, and the aliases that point at its version. */
export async function describeModel(target: StoreTarget, text: string): Promise<{ card: ModelCard; aliases: string[] }> {
  const ref = parseModelRef(text);
  const reader = s3ModelStore(target.client, target.bucket);
  const missing = () => notFoundError(reader, ref);
  const version = ref.version ?? (await reader.readAlias(ref.name, ref.alias))?.version;
  if (version === undefined) throw await missing();
  const card = await reader.readCard(ref.name, version);
  if (!card) throw await missing();
  const listing = (await listModels(target)).find((m) => m.name === ref.name);
  const aliases = Object.entries(listing?.aliases ?? {})
    .filter(([, v]) => v === version)
    .map(([alias]) => alias);
  return { card, aliases };
}
