import { S3RequestError } from './errors.ts';
import type { Tag } from './object-store.ts';
import { readSmallBody } from './request-body.ts';
import { noSuchKey } from './s3-rules.ts';
import { sendEmpty, sendXml } from './s3-error-response.ts';
import type { ObjectContext } from './s3-context.ts';
import { childElements, element, requiredText, rootContent, S3_NAMESPACE } from './xml.ts';

/** Object tagging (PutObjectTagging, GetObjectTagging, DeleteObjectTagging): at most 10 tags per object, as S3. */

export async function getObjectTagging(context: ObjectContext): Promise<void> {
  const record = context.store.head(context.bucket, context.key);
  if (!record) throw noSuchKey();
  const tags = (record.tags ?? []).map((tag) => `<Tag>${element('Key', tag.key)}${element('Value', tag.value)}</Tag>`).join('');
  sendXml(context.res, 200, `<Tagging xmlns="${S3_NAMESPACE}"><TagSet>${tags}</TagSet></Tagging>`);
}

export async function putObjectTagging(context: ObjectContext): Promise<void> {
  const xml = rootContent(await readSmallBody(context.req, 64 * 1024), 'Tagging');
  const tags: Tag[] = childElements(xml, 'Tag').map((tag) => ({ key: requiredText(tag, 'Key'), value: requiredText(tag, 'Value') }));
  if (tags.length > 10) throw new S3RequestError('BadRequest', 'Object tags cannot be greater than 10');
  await context.store.setTags(context.bucket, context.key, tags);
  sendEmpty(context.res, 200);
}

export async function deleteObjectTagging(context: ObjectContext): Promise<void> {
  context.req.resume();
  await context.store.setTags(context.bucket, context.key, undefined);
  sendEmpty(context.res, 204);
}
