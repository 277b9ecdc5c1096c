import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ModelIntegrityError, ModelNotFoundError, ModelRegistry, parseModelRef } from '../../../../../functions/lib/model-store/index.ts';
import type { ModelCard, ModelStoreReader } from '../../../../../functions/lib/model-store/index.ts';
import { loadModel } from '../../../../../functions/lib/model/index.ts';
import { irisShapedOnnx } from '../../../../helpers/store-models.ts';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

/** An in-memory store behind the reader interface: what the registry does with what it reads, no S3 involved. */
function memoryStore() {
  const versions = new Map<string, { bytes: Uint8Array; card: ModelCard }>();
  const aliases = new Map<string, string>();
  const calls: string[] = [];
  const publish = (name: string, version: string, bytes: Uint8Array, cardSha = sha256(bytes)) => {
    const card: ModelCard = {
      name,
      version,
      kind: 'classifier',
      features: FEATURES,
      outputs: ['label', 'probabilities'],
      classes: ['a', 'b', 'c'],
      sha256: cardSha,
      created: '2026-12-02T10:00:00.000Z',
    };
    versions.set(`${name}@${version}`, { bytes, card });
  };
  const reader: ModelStoreReader = {
    readAlias: async (name, alias) => {
      calls.push(`alias ${name}@${alias}`);
      const version = aliases.get(`${name}@${alias}`);
      return version === undefined ? null : { version };
    },
    readCard: async (name, version) => {
      calls.push(`card ${name}@${version}`);
      return versions.get(`${name}@${version}`)?.card ?? null;
    },
    download: async (name, version, path) => {
      calls.push(`download ${name}@${version}`);
      const bytes = versions.get(`${name}@${version}`)!.bytes;
      writeFileSync(path, bytes);
      return sha256(bytes);
    },
    listNames: async () => [...new Set([...versions.keys()].map((key) => key.split('@')[0]!))],
    listVersions: async (name) => [...versions.keys()].filter((key) => key.startsWith(`${name}@`)).map((key) => key.split('@')[1]!),
    listAliases: async (name) => [...aliases.keys()].filter((key) => key.startsWith(`${name}@`)).map((key) => key.split('@')[1]!),
  };
  return { reader, publish, aliases, calls };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function registry(store: ReturnType<typeof memoryStore>, options: { now?: () => number; maxSessions?: number } = {}) {
  const unloaded: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const registry = new ModelRegistry({
    reader: store.reader,
    dir,
    aliasTtlMs: 30_000,
    maxSessions: options.maxSessions ?? 4,
    load: loadModel,
    unload: async (path) => {
      unloaded.push(path);
    },
    now: options.now,
  });
  return { registry, unloaded, dir };
}

test('an alias is served from its version, re-read only after the TTL; the card names the features and classes', async () => {
  const store = memoryStore();
  store.publish('petals', '1', irisShapedOnnx('1'));
  store.publish('petals', '2', irisShapedOnnx('2'));
  store.aliases.set('petals@champion', '1');
  let now = 0;
  const { registry: models } = registry(store, { now: () => now });

  const first = await models.get(parseModelRef('petals@champion'));
  store.aliases.set('petals@champion', '2');
  now = 29_000;
  const stillFirst = await models.get(parseModelRef('petals@champion'));
  now = 30_000;
  const moved = await models.get(parseModelRef('petals@champion'));
  const answer = await moved.model.predict(new Float32Array([5.9, 3.0, 5.1, 2.3]), 1);

  assert.deepEqual([first.pin.version, stillFirst.pin.version, moved.pin.version], ['1', '1', '2']);
  assert.equal(store.calls.filter((c) => c.startsWith('alias')).length, 2);
  assert.equal(store.calls.filter((c) => c === 'download petals@1').length, 1);
  assert.equal(moved.model.info.kind, 'classifier');
  assert.deepEqual(moved.model.info.kind === 'classifier' && moved.model.info.classNames, ['a', 'b', 'c']);
  assert.equal(moved.model.info.name, 'petals');
  assert.equal(answer.kind === 'classifier' && answer.classIndex[0], 2);
});

test('past MODEL_SESSIONS_MAX versions the least recently used one is released', async () => {
  const store = memoryStore();
  for (const version of ['1', '2', '3']) store.publish('petals', version, irisShapedOnnx(version));
  const { registry: models, unloaded } = registry(store, { maxSessions: 2 });

  await models.get(parseModelRef('petals@1'));
  await models.get(parseModelRef('petals@2'));
  await models.get(parseModelRef('petals@1'));
  await models.get(parseModelRef('petals@3'));
  await new Promise((resolve) => setImmediate(resolve));

  assert.deepEqual(models.loadedVersions(), ['petals@1', 'petals@3']);
  assert.equal(unloaded.length, 1);
  assert.match(unloaded[0]!, /petals@2\.\d+\.onnx$/);
});

test('bytes that are not what the card says are refused and not kept', async () => {
  const store = memoryStore();
  store.publish('petals', '1', irisShapedOnnx('1'), 'f'.repeat(64));
  const { registry: models } = registry(store);

  await assert.rejects(models.get(parseModelRef('petals@1')), (error: Error) => {
    return error instanceof ModelIntegrityError && /sha256 [0-9a-f]{64}, its card says f{64}/.test(error.message);
  });
  assert.deepEqual(models.loadedVersions(), []);
});

test('a miss names what is missing and what exists', async () => {
  const store = memoryStore();
  store.publish('petals', '1', irisShapedOnnx('1'));
  store.aliases.set('petals@latest', '1');
  const { registry: models } = registry(store);

  await assert.rejects(models.get(parseModelRef('wine')), {
    name: 'ModelNotFoundError',
    message: 'no model named "wine" in the model store (models: petals)',
  });
  await assert.rejects(models.get(parseModelRef('petals@champion')), {
    message: 'model "petals" has no alias "champion" (versions: 1; aliases: latest)',
  });
  await assert.rejects(models.get(parseModelRef('petals@7')), ModelNotFoundError);
});

test('a pinned version is loaded exactly, and a pin whose sha256 differs from the store is refused', async () => {
  const store = memoryStore();
  const bytes = irisShapedOnnx('1');
  store.publish('petals', '1', bytes);
  const { registry: models } = registry(store);

  const loaded = await models.load({ name: 'petals', version: '1', sha256: sha256(bytes) });

  assert.equal(loaded.pin.version, '1');
  await assert.rejects(models.load({ name: 'petals', version: '1', sha256: '0'.repeat(64) }), ModelIntegrityError);
});

test('bytes that match their card but are no loadable model are refused, and their file removed', async () => {
  const store = memoryStore();
  store.publish('petals', '1', new TextEncoder().encode('not an onnx model'));
  const { registry: models, dir } = registry(store);

  await assert.rejects(models.get(parseModelRef('petals@1')), {
    name: 'ModelIntegrityError',
    message: /^petals@1 cannot be loaded: /,
  });
  assert.deepEqual(readdirSync(dir), []);
  assert.deepEqual(models.loadedVersions(), []);
});

test('an alias moved to a version that does not exist: the version it served keeps answering', async () => {
  const store = memoryStore();
  store.publish('petals', '1', irisShapedOnnx('1'));
  store.aliases.set('petals@champion', '1');
  let now = 0;
  const { registry: models } = registry(store, { now: () => now });
  await models.get(parseModelRef('petals@champion'));

  store.aliases.set('petals@champion', '9');
  now = 31_000;
  const served = await models.get(parseModelRef('petals@champion'));

  assert.equal(served.pin.version, '1');
  assert.ok(store.calls.includes('card petals@9'), 'the moved alias was read and its target looked up');
});

test('an alias never served that points at a missing version is not found, naming the version and what exists', async () => {
  const store = memoryStore();
  store.publish('petals', '1', irisShapedOnnx('1'));
  store.aliases.set('petals@champion', '9');
  const { registry: models } = registry(store);

  await assert.rejects(models.get(parseModelRef('petals@champion')), (error: Error) => {
    assert.ok(error instanceof ModelNotFoundError, error.name);
    assert.match(error.message, /alias petals@champion points at version "9", which does not exist/);
    assert.match(error.message, /\b1\b/);
    return true;
  });
});

test('an alias moved to a version whose bytes do not match its card: the previous version keeps answering', async () => {
  const store = memoryStore();
  store.publish('petals', '1', irisShapedOnnx('1'));
  store.publish('petals', '2', irisShapedOnnx('2'), 'f'.repeat(64));
  store.aliases.set('petals@champion', '1');
  let now = 0;
  const { registry: models } = registry(store, { now: () => now });
  await models.get(parseModelRef('petals@champion'));

  store.aliases.set('petals@champion', '2');
  now = 31_000;
  const served = await models.get(parseModelRef('petals@champion'));

  assert.equal(served.pin.version, '1');
  await assert.rejects(models.get(parseModelRef('petals@2')), ModelIntegrityError);
});
