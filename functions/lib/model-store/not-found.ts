import type { ModelRef } from './model-ref.ts';

/** What the store holds, listed only to say what exists when a reference misses. */
export interface StoreListing {
  names: string[];
  versions?: string[];
  aliases?: string[];
}

/** `no model named "x" (models: a, b)`, `model "a" has no alias "x" (aliases: latest; versions: 1, 2)`, ... */
export function notFoundMessage(ref: ModelRef, listing: StoreListing): string {
  if (!listing.names.includes(ref.name)) return `no model named "${ref.name}" in the model store (models: ${list(listing.names)})`;
  const what = ref.version === undefined ? `alias "${ref.alias}"` : `version "${ref.version}"`;
  return `model "${ref.name}" has no ${what} (versions: ${list(listing.versions ?? [])}; aliases: ${list(listing.aliases ?? [])})`;
}

const SHOWN = 20;

function list(items: string[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}
