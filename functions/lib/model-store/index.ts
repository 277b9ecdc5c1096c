export { LATEST_ALIAS, checkAlias, checkName, checkVersion, formatModelRef, isVersion, parseModelRef } from './model-ref.ts';
export type { ModelRef } from './model-ref.ts';
export { MODELS_PREFIX, aliasKey, aliasesPrefix, modelPrefix, versionKeys } from './keys.ts';
export { cardProblems, parseAliasPointer, parseModelCard } from './card.ts';
export type { AliasPointer, ModelCard } from './card.ts';
export {
  InvalidModelRefError,
  ModelIntegrityError,
  ModelNotFoundError,
  ModelStoreNotConfiguredError,
} from './errors.ts';
export { ModelRegistry } from './model-registry.ts';
export { s3ModelStore } from './s3-store.ts';
export { modelRegistry, pinnedModel, storedModel } from './stored-models.ts';
export { selectModel } from './select-model.ts';
export type { ModelStoreReader, PinnedModel, StoredModel } from './types.ts';
