import { RequestError } from './errors.ts';

/**
 * JSON is the contract, but `curl -d` sends `application/x-www-form-urlencoded` and some clients send `text/plain`
 * with a JSON body; refusing those would break the classic clients' copy-paste commands, so only clearly different media
 * types (XML, multipart, binary…) are refused with 415.
 */
const ACCEPTED = new Set(['application/json', 'text/plain', 'application/x-www-form-urlencoded']);

export function checkContentType(header: string | undefined): void {
  if (header === undefined || header.trim() === '') return;
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  if (ACCEPTED.has(mediaType) || mediaType.endsWith('+json')) return;
  throw new RequestError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type "${mediaType}" is not supported; send application/json`);
}
