/**
 * Encodes an object key the way S3 writes it into event notifications: form-URL encoding
 * (application/x-www-form-urlencoded, like Java's URLEncoder: only `A-Za-z0-9.-*_` stay, space becomes `+`),
 * except that `/` is left as is. So `red flower (1).csv` → `red+flower+%281%29.csv`, `a+b.csv` → `a%2Bb.csv`.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** The inverse, as handlers must do it: `decodeURIComponent(key.replace(/\+/g, ' '))`. */
export function decodeEventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
