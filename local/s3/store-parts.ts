import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { PartStore } from './atomic-store.ts';
import { S3RequestError } from './errors.ts';
import { parseCopySource, parseCopySourceRange, type S3RequestTarget } from './parse-request.ts';
import { sendXml } from './s3-error-response.ts';

/**
 * The multipart data paths, served by the front straight from/to the store: the parts are the bulk of every large
 * object (lib-storage's uploads, finalize's part copies), and passing them to s3rver over a second HTTP hop cost a
 * full extra copy of the bytes through two more streams. Answers are what S3 answers.
 */
interface PartTarget { bucket: string; key: string; uploadId: string; partNumber: number }

function partTarget(target: S3RequestTarget): PartTarget {
  const partNumber = Number(target.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    throw new S3RequestError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  return { bucket: target.bucket ?? '', key: target.key ?? '', uploadId: target.query.get('uploadId') ?? '', partNumber };
}

/** UploadPart: the (already aws-chunked-decoded) body becomes the part; its md5 is the part's ETag. */
export async function uploadPartInStore(body: Readable, res: ServerResponse, target: S3RequestTarget, store: PartStore): Promise<void> {
  const part = partTarget(target);
  const { md5 } = await store.putPart(part.bucket, part.uploadId, part.partNumber, body);
  res.writeHead(200, { etag: `"${md5}"`, 'content-length': 0 });
  res.end();
}

/** UploadPartCopy (s3rver lacks it): the source object's range is copied into the part, file to file. */
export async function copyPartInStore(req: IncomingMessage, res: ServerResponse, target: S3RequestTarget, store: PartStore): Promise<void> {
  req.resume(); // an UploadPartCopy has no body of its own
  const part = partTarget(target);
  const source = parseCopySource(String(req.headers['x-amz-copy-source']));
  const range = parseCopySourceRange(req.headers['x-amz-copy-source-range'] as string | undefined);
  const written = await store.putPartCopy(part.bucket, part.uploadId, part.partNumber, source, range);
  if (written === null) throw new S3RequestError('NoSuchKey', 'The specified key does not exist.', 404);
  if (written === 'invalid-range') throw new S3RequestError('InvalidArgument', 'Range specified is not valid for source object.');
  const etag = `&quot;${written.md5}&quot;`;
  sendXml(res, 200, `<CopyPartResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LastModified>${new Date().toISOString()}</LastModified><ETag>${etag}</ETag></CopyPartResult>`);
}
