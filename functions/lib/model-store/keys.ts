/**
 * Where the model store keeps things in its bucket. Versions are immutable folders; aliases are small pointer
 * objects beside them. A version always starts with a digit or `v` and a digit (model-ref.ts), so no version folder
 * is ever called `aliases`.
 *   models/<name>/<version>/model.onnx
 *   models/<name>/<version>/card.json
 *   models/<name>/aliases/<alias>.json   → {"version": "<version>"}
 */
export const MODELS_PREFIX = 'models/';
const ALIASES = 'aliases';
const ALIAS_SUFFIX = '.json';

export function modelPrefix(name: string): string {
  return `${MODELS_PREFIX}${name}/`;
}

export function versionKeys(name: string, version: string): { model: string; card: string } {
  const folder = `${modelPrefix(name)}${version}/`;
  return { model: `${folder}model.onnx`, card: `${folder}card.json` };
}

export function aliasesPrefix(name: string): string {
  return `${modelPrefix(name)}${ALIASES}/`;
}

export function aliasKey(name: string, alias: string): string {
  return `${aliasesPrefix(name)}${alias}${ALIAS_SUFFIX}`;
}

/** The last segment of a listed folder (`models/iris/2/` → `2`). */
export function folderName(prefix: string): string {
  return prefix.split('/').filter(Boolean).at(-1) ?? '';
}

/** `models/<name>/<...>/` folders under a model: the version folders (not `aliases/`). */
export function isVersionFolder(prefix: string): boolean {
  return folderName(prefix) !== ALIASES;
}

/** `models/<name>/aliases/<alias>.json` → `<alias>`, else undefined. */
export function aliasFromKey(key: string): string | undefined {
  const name = key.split('/').at(-1) ?? '';
  return name.endsWith(ALIAS_SUFFIX) ? name.slice(0, -ALIAS_SUFFIX.length) : undefined;
}
