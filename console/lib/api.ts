import { apiBase, type ConsoleConfig } from './config.ts';
import { signer, signedFetch } from './sign.ts';

/**
 * A call to the API's routes as the stack's auth mode wants it: as is (`none`), SigV4-signed for `execute-api`
 * (`iam`), or with the key the user typed in the page's API key field (`apikey`; the page is never sent the key).
 */
export async function apiFetch(
  config: ConsoleConfig,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = new URL(`${apiBase()}${path}`);
  const method = init.method ?? 'GET';
  const headers = { ...init.headers };
  if (config.apiAuth === 'iam') return signedFetch(signer(config, 'execute-api'), { method, url, headers, body: init.body });
  if (config.apiAuth === 'apikey') headers['x-api-key'] = apiKey();
  return fetch(url, { method, headers, body: init.body });
}

function apiKey(): string {
  return (document.getElementById('api-key') as HTMLInputElement | null)?.value.trim() ?? '';
}

/** The curl options that authenticate like the page does (the key itself is left for the user to fill in). */
export function curlAuth(config: ConsoleConfig): string {
  if (config.apiAuth === 'iam')
    return ` --aws-sigv4 'aws:amz:${config.region}:execute-api' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`;
  if (config.apiAuth === 'apikey') return ` -H "x-api-key: $API_KEY"`;
  return '';
}
