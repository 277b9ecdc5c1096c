import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Model, ModelInfo } from '../model/types.ts';
import type { ModelCard } from './card.ts';
import { ModelIntegrityError, ModelNotFoundError } from './errors.ts';
import { logger } from '../logger.ts';
import { LruCache } from './lru.ts';
import { formatModelRef } from './model-ref.ts';
import type { ModelRef } from './model-ref.ts';
import { notFoundError } from './not-found.ts';
import { TtlCache } from './ttl-cache.ts';
import type { ModelStoreReader, PinnedModel, StoredModel } from './types.ts';

const CARDS_KEPT = 256;

export interface ModelRegistryOptions {
  reader: ModelStoreReader;
  /** Where downloaded versions go, one file per version: this registry's own folder (another thread's may evict). */
  dir: string;
  aliasTtlMs: number;
  maxSessions: number;
  load(path: string): Promise<Model>;
  unload(path: string): Promise<void>;
  now?: () => number;
}

/**
 * A container's view of the model store. An alias is re-read at most once per `aliasTtlMs`; a version is immutable,
 * so its card is read once and its bytes downloaded once (checked against the card's sha256 before use) and kept
 * loaded, at most `maxSessions` versions at a time, the least recently used released first. A version is handed
 * out only once its session is fully loaded, so a request never meets half a model.
 */
export class ModelRegistry {
  readonly #options: ModelRegistryOptions;
  readonly #aliases: TtlCache<string>;
  /** Cards of versions asked for lately: immutable, small, bounded all the same (a client may ask for many). */
  readonly #cards = new LruCache<Promise<ModelCard>>(CARDS_KEPT, () => undefined);
  readonly #loaded: LruCache<Promise<LoadedVersion>>;
  /** The version each alias last answered with: what keeps answering when the alias moves to a broken version. */
  readonly #served = new LruCache<PinnedModel>(CARDS_KEPT, () => undefined);
  /** Each load gets its own file: a release of an evicted load never touches a newer load of the same version. */
  #loads = 0;

  constructor(options: ModelRegistryOptions) {
    this.#options = options;
    this.#aliases = new TtlCache(options.aliasTtlMs, options.now);
    this.#loaded = new LruCache(options.maxSessions, (_key, stored) => {
      stored.then((s) => this.#release(s.path)).catch(() => undefined);
    });
  }

  /** The version a reference names now (an alias read at most once per TTL), with the sha256 its card records. */
  async resolve(ref: ModelRef): Promise<PinnedModel> {
    const version = ref.version ?? (await this.#aliases.get(`${ref.name}@${ref.alias}`, () => this.#readAlias(ref.name, ref.alias)));
    const card = await this.#card({ name: ref.name, version }, ref);
    return { name: card.name, version: card.version, sha256: card.sha256 };
  }

  /** Exactly the pinned version, loaded (a batch job's chunks all get the version ingest pinned). */
  load(pin: PinnedModel): Promise<StoredModel> {
    const key = `${pin.name}@${pin.version}`;
    let stored = this.#loaded.get(key);
    if (!stored) {
      stored = this.#loadVersion(pin);
      this.#loaded.set(key, stored);
      stored.catch(() => this.#loaded.delete(key));
    }
    return stored.then(({ model, pin: loaded }) => {
      if (loaded.sha256 !== pin.sha256) {
        throw new ModelIntegrityError(`${key} has sha256 ${loaded.sha256} in the store, but ${pin.sha256} was pinned`);
      }
      return { model, pin: loaded };
    });
  }

  /**
   * Resolve and load: what `/predict?model=` does. When an alias moves to a version that cannot be served (no card,
   * bytes not matching it, not loadable), the version it served before keeps answering: a bad promotion does not
   * take the model down, and it is logged for the operator. An alias never served before fails with the reason.
   */
  async get(ref: ModelRef): Promise<StoredModel> {
    if (ref.alias === undefined) return this.load(await this.resolve(ref));
    const key = `${ref.name}@${ref.alias}`;
    try {
      const stored = await this.load(await this.resolve(ref));
      this.#served.set(key, stored.pin);
      return stored;
    } catch (error) {
      const previous = this.#served.get(key);
      if (!previous || !(error instanceof ModelIntegrityError || error instanceof ModelNotFoundError)) throw error;
      logger.error('alias target cannot be served; the previous version keeps answering', {
        alias: key,
        serving: previous.version,
        reason: (error as Error).message,
      });
      return this.load(previous);
    }
  }

  /** Versions currently loaded, least recently used first. */
  loadedVersions(): string[] {
    return this.#loaded.keys();
  }

  async #readAlias(name: string, alias: string): Promise<string> {
    const pointer = await this.#options.reader.readAlias(name, alias);
    if (!pointer) throw await notFoundError(this.#options.reader, { name, alias });
    return pointer.version;
  }

  /** Cards are immutable: one read per version; a missing one is not remembered (it may be published next). */
  #card(at: { name: string; version: string }, asked: ModelRef): Promise<ModelCard> {
    const key = `${at.name}@${at.version}`;
    let card = this.#cards.get(key);
    if (!card) {
      card = this.#options.reader.readCard(at.name, at.version).then(async (found) => {
        if (found) return found;
        const ref = { name: at.name, version: at.version };
        const missing = await notFoundError(this.#options.reader, ref);
        if (asked.alias === undefined) throw missing;
        throw new ModelNotFoundError(
          `alias ${formatModelRef(asked)} points at version "${at.version}", which does not exist: ${missing.message}`,
        );
      });
      this.#cards.set(key, card);
      card.catch(() => this.#cards.delete(key));
    }
    return card;
  }

  async #loadVersion(pin: PinnedModel): Promise<LoadedVersion> {
    const card = await this.#card(pin, pin);
    const path = join(this.#options.dir, `${card.name}@${card.version}.${++this.#loads}.onnx`);
    await mkdir(this.#options.dir, { recursive: true });
    const partial = `${path}.part`;
    try {
      const sha256 = await this.#options.reader.download(card.name, card.version, partial);
      if (sha256 !== card.sha256) {
        throw new ModelIntegrityError(`${card.name}@${card.version}: model.onnx has sha256 ${sha256}, its card says ${card.sha256}`);
      }
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
    const model = await this.#options.load(path).catch(async (error: Error) => {
      await rm(path, { force: true });
      throw new ModelIntegrityError(`${card.name}@${card.version} cannot be loaded: ${error.message}`);
    });
    if (model.info.featureCount !== card.features.length) {
      await this.#release(path);
      throw new ModelIntegrityError(
        `${card.name}@${card.version}: the model takes ${model.info.featureCount} features, its card lists ${card.features.length}`,
      );
    }
    return { model: withCardNames(model, card), pin: { name: card.name, version: card.version, sha256: card.sha256 }, path };
  }

  async #release(path: string): Promise<void> {
    await this.#options.unload(path);
    await rm(path, { force: true });
  }
}

type LoadedVersion = StoredModel & { path: string };

/** The card is the authority on a stored model's name, version, feature and class names (the ONNX may carry none). */
function withCardNames(model: Model, card: ModelCard): Model {
  const named = { name: card.name, version: card.version, featureNames: card.features };
  const info: ModelInfo =
    model.info.kind === 'classifier'
      ? { ...model.info, ...named, classNames: card.classes.length > 0 ? card.classes : model.info.classNames }
      : { ...model.info, ...named };
  return { info, predict: (features, rows) => model.predict(features, rows) };
}
