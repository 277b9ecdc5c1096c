/**
 * The console uploads to the input bucket and reads the output bucket from the browser, which S3 allows only to the
 * origins a bucket's CORS rules name. At start the local stack adds the console's origin as an operator would
 * (PutBucketCors through the edge), unless a bucket already has CORS rules of its own: those are the user's, left as
 * they are.
 */
/** Marks the rule as the console's own, so that the next start (on another port) replaces it. */
const RULE_ID = 'local-console';

export function consoleCorsRules(origins: readonly string[]): string {
  const allowed = origins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('');
  return (
    `<CORSConfiguration><CORSRule><ID>${RULE_ID}</ID>` +
    allowed +
    '<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod>' +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>' +
    '</CORSRule></CORSConfiguration>'
  );
}

/** Returns the buckets whose existing rules were kept (the console may not reach them from the browser). */
export async function allowConsoleOrigin(edgeUrl: string, buckets: readonly string[], origins: readonly string[]): Promise<string[]> {
  const kept: string[] = [];
  for (const bucket of buckets) {
    const url = `${edgeUrl}/${encodeURIComponent(bucket)}?cors`;
    const existing = await fetch(url);
    const document = await existing.text();
    if (existing.ok && !document.includes(`<ID>${RULE_ID}</ID>`)) {
      kept.push(bucket);
      continue;
    }
    const put = await fetch(url, { method: 'PUT', body: consoleCorsRules(origins), headers: { 'content-type': 'application/xml' } });
    if (!put.ok) throw new Error(`PutBucketCors ${bucket}: ${put.status} ${await put.text()}`);
  }
  return kept;
}
