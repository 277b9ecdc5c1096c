import { MalformedEventKeyError } from './errors.ts';

/**
 * S3 notifications URL-encode object keys form-style: spaces arrive as `+`, a literal `+` as `%2B`, unicode as
 * UTF-8 percent escapes. Decode `+` first, then the escapes (the other order would turn `%2B` into a space).
 */
export function decodeS3EventKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new MalformedEventKeyError(`object key in the S3 event is not valid URL encoding: ${JSON.stringify(raw)}`);
  }
}
