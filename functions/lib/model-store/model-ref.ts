import { InvalidModelRefError } from './errors.ts';

/**
 * Model names, versions and aliases become S3 key segments (keys.ts) and query-string values, so each has a charset
 * that needs no escaping anywhere and can never hold `/`:
 * - name: a lower-case letter, then lower-case letters, digits, `-` or `_` (at most 64);
 * - version: a digit, or `v` and a digit, then letters, digits, `.`, `-` or `_` (`1`, `1.2.0`, `v3`, `2026-12-02`);
 * - alias: a lower-case letter, then lower-case letters, digits, `-` or `_`, and not shaped like a version.
 * That is how `name@x` tells them apart: `x` starting with a digit, or with `v` and a digit, is a version; anything
 * else is an alias. `name` alone means `name@latest`, the alias every publish moves.
 */
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const VERSION = /^v?[0-9][A-Za-z0-9._-]{0,63}$/;
const ALIAS = /^[a-z][a-z0-9_-]{0,63}$/;
/** What makes the text after `@` a version: its start alone, so `@1/2` is a bad version, not a bad alias. */
const VERSION_START = /^v?[0-9]/;

export const LATEST_ALIAS = 'latest';

export type ModelRef = { name: string; alias: string; version?: undefined } | { name: string; version: string; alias?: undefined };

export function isVersion(text: string): boolean {
  return VERSION.test(text);
}

export function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new InvalidModelRefError(
      `model name ${JSON.stringify(name)} is not valid: use a lower-case letter, then lower-case letters, digits, "-" or "_" (at most 64)`,
    );
  }
  return name;
}

export function checkVersion(version: string): string {
  if (!VERSION.test(version)) {
    throw new InvalidModelRefError(
      `version ${JSON.stringify(version)} is not valid: start with a digit or "v" and a digit, then letters, digits, ".", "-" or "_" (e.g. 1, 1.2.0, v3)`,
    );
  }
  return version;
}

export function checkAlias(alias: string): string {
  if (!ALIAS.test(alias) || VERSION_START.test(alias)) {
    throw new InvalidModelRefError(
      `alias ${JSON.stringify(alias)} is not valid: use a lower-case letter, then lower-case letters, digits, "-" or "_", not shaped like a version (v1 is a version)`,
    );
  }
  return alias;
}

/** `name`, `name@alias` or `name@version` (see the rule above). */
export function parseModelRef(text: string): ModelRef {
  const at = text.indexOf('@');
  if (at < 0) return { name: checkName(text), alias: LATEST_ALIAS };
  const name = checkName(text.slice(0, at));
  const selector = text.slice(at + 1);
  if (selector === '') throw new InvalidModelRefError(`model ${JSON.stringify(text)} names no alias or version after "@"`);
  return VERSION_START.test(selector) ? { name, version: checkVersion(selector) } : { name, alias: checkAlias(selector) };
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.name}@${ref.version ?? ref.alias}`;
}
