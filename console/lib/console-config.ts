/**
 * What the page is told about the stack (`/_console/config.json`): the same endpoints and names a user's SDK would be
 * given. Types only, so the local stack that writes it (local/console/serve-console.ts) shares this one definition.
 */
export interface ConsoleConfig {
  edgeUrl: string;
  region: string;
  buckets: { input: string; output: string };
  tables: { jobs: string; probes: string };
  /**
   * How the API's methods authenticate (the stack's `-c auth=`): the page signs (iam) or sends a key (apikey); it
   * never receives a key, it asks the user for one.
   */
  apiAuth: 'none' | 'iam' | 'apikey';
}
