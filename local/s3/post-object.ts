import { S3RequestError } from './errors.ts';
import { FormDataReader } from './FormDataReader.ts';
import type { StoredHeaders } from './object-store.ts';
import { encodeKeyPath } from './parse-request.ts';
import { checkKey } from './s3-rules.ts';
import { sendEmpty, sendXml } from './s3-error-response.ts';
import type { BucketContext } from './s3-context.ts';
import { element, S3_NAMESPACE } from './xml.ts';

/** Form fields that become the object's headers (policy and signature fields are accepted, not verified). */
const HEADER_FIELDS = ['content-type', 'content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires'];

function boundaryOf(contentType: string | undefined): string {
  const match = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!match) throw new S3RequestError('PreconditionFailed', 'Bucket POST must be of the enclosure-type multipart/form-data', 412);
  return match[1] ?? match[2]!;
}

/**
 * POST Object (a browser form upload): the `key` field (with `${filename}` replaced) names the object, the `file`
 * field's bytes are streamed into the store; answered as `success_action_redirect` / `success_action_status` say.
 */
export async function postObject(context: BucketContext): Promise<void> {
  const { req, res, bucket } = context;
  const form = await new FormDataReader(req).read(boundaryOf(req.headers['content-type']));
  const template = form.fields.get('key');
  if (template === undefined)
    throw new S3RequestError(
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
  // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's POST form replaces the literal ${filename} in the key
  const key = template.replaceAll('${filename}', form.filename ?? '');
  checkKey(key);
  const headers: StoredHeaders = {};
  for (const [name, value] of form.fields) if (HEADER_FIELDS.includes(name) || name.startsWith('x-amz-meta-')) headers[name] = value;
  if (headers['content-type'] === undefined && form.fileContentType !== undefined) headers['content-type'] = form.fileContentType;
  const record = await context.store.put(bucket, key, form.file, headers);
  const location = `http://${req.headers.host ?? '127.0.0.1'}/${bucket}/${encodeKeyPath(key)}`;
  const answer = { etag: `"${record.etag}"`, location };
  const redirect = form.fields.get('success_action_redirect') ?? form.fields.get('redirect');
  const status = form.fields.get('success_action_status');
  if (redirect) {
    const target = new URL(redirect);
    for (const [name, value] of [
      ['bucket', bucket],
      ['key', key],
      ['etag', answer.etag],
    ])
      target.searchParams.set(name!, value!);
    sendEmpty(res, 303, { ...answer, location: target.href });
  } else if (status === '201') {
    sendXml(
      res,
      201,
      `<PostResponse xmlns="${S3_NAMESPACE}">${element('Location', location)}${element('Bucket', bucket)}${element('Key', key)}${element('ETag', answer.etag)}</PostResponse>`,
    );
  } else {
    sendEmpty(res, status === '200' ? 200 : 204, answer);
  }
  context.created(bucket, record, 'ObjectCreated:Post');
}
