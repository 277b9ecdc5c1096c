import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { isAwsError } from '../aws/errors.ts';
import { parseAliasPointer, parseModelCard } from './card.ts';
import type { AliasPointer, ModelCard } from './card.ts';
import { MODELS_PREFIX, aliasFromKey, aliasKey, aliasesPrefix, folderName, isVersionFolder, modelPrefix, versionKeys } from './keys.ts';
import { ModelIntegrityError } from './errors.ts';
import type { ModelStoreReader } from './types.ts';

/** The model store's reads over S3: the thin adapter between the bucket and the pure rules (keys.ts, card.ts). */
export function s3ModelStore(client: S3Client, bucket: string): ModelStoreReader {
  const getJson = async (key: string): Promise<unknown | null> => {
    const body = await getObject(client, bucket, key);
    if (body === null) return null;
    const text = await body.transformToString();
    try {
      return JSON.parse(text);
    } catch {
      throw new ModelIntegrityError(`s3://${bucket}/${key} is not JSON`);
    }
  };
  return {
    readAlias: async (name, alias): Promise<AliasPointer | null> => {
      const key = aliasKey(name, alias);
      const value = await getJson(key);
      return value === null ? null : parseAliasPointer(value, `s3://${bucket}/${key}`);
    },
    readCard: async (name, version): Promise<ModelCard | null> => {
      const key = versionKeys(name, version).card;
      const value = await getJson(key);
      if (value === null) return null;
      const card = parseModelCard(value, `s3://${bucket}/${key}`);
      if (card.name !== name || card.version !== version) {
        throw new ModelIntegrityError(`s3://${bucket}/${key} describes ${card.name}@${card.version}, not ${name}@${version}`);
      }
      return card;
    },
    download: async (name, version, path) => {
      const key = versionKeys(name, version).model;
      const body = await getObject(client, bucket, key);
      if (body === null) throw new ModelIntegrityError(`s3://${bucket}/${key} is missing though its card exists`);
      const hash = createHash('sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(body as unknown as Readable, tap, createWriteStream(path));
      return hash.digest('hex');
    },
    listNames: async () => (await listFolders(client, bucket, MODELS_PREFIX)).map(folderName),
    listVersions: async (name) => (await listFolders(client, bucket, modelPrefix(name))).filter(isVersionFolder).map(folderName),
    listAliases: async (name) => (await listKeys(client, bucket, aliasesPrefix(name))).flatMap((key) => aliasFromKey(key) ?? []),
  };
}

type Body = NonNullable<GetObjectCommandOutput['Body']>;

async function getObject(client: S3Client, bucket: string, key: string): Promise<Body | null> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body ?? null;
  } catch (error) {
    if (isAwsError(error, 'NoSuchKey', 'NotFound')) return null;
    throw error;
  }
}

/** Every `CommonPrefixes` folder under `prefix`, page by page. */
async function listFolders(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const folders: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return folders;
}

async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
