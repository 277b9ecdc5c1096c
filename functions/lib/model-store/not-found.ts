import { ModelNotFoundError } from './errors.ts';
import type { ModelRef } from './model-ref.ts';
import type { ModelStoreReader } from './types.ts';

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

/** The error for a reference the store does not hold, listing what it does hold (the listing only on a miss). */
export async function notFoundError(reader: ModelStoreReader, ref: ModelRef): Promise<ModelNotFoundError> {
  const names = await reader.listNames();
  if (!names.includes(ref.name)) return new ModelNotFoundError(notFoundMessage(ref, { names }));
  const [versions, aliases] = await Promise.all([reader.listVersions(ref.name), reader.listAliases(ref.name)]);
  return new ModelNotFoundError(notFoundMessage(ref, { names, versions, aliases }));
}
