import type { ConsoleConfig } from './console-config.ts';

export type { ConsoleConfig } from './console-config.ts';

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json');
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

/** The API's base: the page is served under `<api>/_console/`, so the routes are on its own origin. */
export function apiBase(): string {
  return new URL('..', window.location.href).href.replace(/\/$/, '');
}
