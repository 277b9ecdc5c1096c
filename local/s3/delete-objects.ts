import { S3RequestError } from './errors.ts';
import { readSmallBody } from './request-body.ts';
import { noSuchBucket } from './s3-rules.ts';
import { sendXml } from './s3-error-response.ts';
import type { BucketContext } from './s3-context.ts';
import { childElements, childText, element, requiredText, rootContent, S3_NAMESPACE } from './xml.ts';

/** DeleteObjects: up to 1,000 keys; each key's outcome is reported (only failures when Quiet). */
export async function deleteObjects(context: BucketContext): Promise<void> {
  const xml = rootContent(await readSmallBody(context.req, 2 * 1024 * 1024), 'Delete');
  const keys = childElements(xml, 'Object').map((object) => requiredText(object, 'Key'));
  if (keys.length > 1000)
    throw new S3RequestError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const quiet = childText(xml.replace(/<Object>[\s\S]*?<\/Object>/g, ''), 'Quiet')?.trim() === 'true';
  if (!context.store.hasBucket(context.bucket)) throw noSuchBucket();
  const results: string[] = [];
  for (const key of keys) {
    try {
      await context.store.delete(context.bucket, key);
      if (!quiet) results.push(`<Deleted>${element('Key', key)}</Deleted>`);
    } catch (error) {
      if (!(error instanceof S3RequestError)) throw error;
      results.push(`<Error>${element('Key', key)}${element('Code', error.code)}${element('Message', error.message)}</Error>`);
    }
  }
  sendXml(context.res, 200, `<DeleteResult xmlns="${S3_NAMESPACE}">${results.join('')}</DeleteResult>`);
}
