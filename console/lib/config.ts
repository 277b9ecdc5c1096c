/** What the page is told about the stack (`/_console/config.json`): endpoints and resource names. */
export interface ConsoleConfig {
  edgeUrl: string;
  region: string;
  buckets: { input: string; output: string };
  tables: { jobs: string; probes: string };
  /** How the API's methods authenticate (the stack's `-c auth=`): the page signs (iam) or sends a key (apikey). */
  apiAuth: 'none' | 'iam' | 'apikey';
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json');
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

/** The API's base: the page is served under `<api>/_console/`, so the routes are on its own origin. */
export function apiBase(): string {
  return new URL('..', window.location.href).href.replace(/\/$/, '');
}
