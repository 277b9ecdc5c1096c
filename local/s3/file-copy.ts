import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, open, readFile, rename, rm, stat, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** File-level helpers of the store: object copies, multipart concatenation and ETags, without extra passes. */

/** Read size for copies and concatenations: few syscalls, still bounded memory. */
export const COPY_BUFFER_BYTES = 1024 * 1024;
/**
 * Concatenates the files, in order, into `target`; returns the total size. The first file is not copied through JS:
 * when nothing else shares it (one link) it is moved into place and the others appended to it; when it is shared
 * (a hard-linked UploadPartCopy) it is copied in the kernel (copyFile) first. If appending fails, a moved first
 * file is cut back to its size and moved back, so a failed completion can be retried as on S3.
 */
export async function concatFiles(paths: readonly string[], target: string): Promise<number> {
  const [first, ...rest] = paths;
  if (first === undefined) {
    await writeFile(target, Buffer.alloc(0));
    return 0;
  }
  const { nlink, size } = await stat(first);
  const moved = nlink === 1 && await rename(first, target).then(() => true, () => false);
  if (!moved) await copyFile(first, target);
  try {
    return await appendFiles(rest, target);
  } catch (error) {
    if (moved) await truncate(target, size).then(() => rename(target, first)).catch(() => undefined);
    throw error;
  }
}

async function appendFiles(paths: readonly string[], target: string): Promise<number> {
  const out = await open(target, 'a');
  try {
    let size = (await out.stat()).size;
    const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    for (const path of paths) {
      const input = await open(path, 'r');
      try {
        for (;;) {
          const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          await out.write(buffer, 0, bytesRead);
          size += bytesRead;
        }
      } finally {
        await input.close();
      }
    }
    return size;
  } finally {
    await out.close();
  }
}

/**
 * The ETag S3 gives a multipart object: md5 of the parts' binary md5s, then `-<part count>`. The part md5s were
 * computed as the parts arrived (putPart), so completing never reads the object's bytes a second time.
 */
export async function multipartEtag(partPaths: readonly string[]): Promise<string> {
  const digests = await Promise.all(partPaths.map(async (path) => {
    const hex = await readFile(`${path}.md5`, 'utf8').catch(() => undefined);
    return Buffer.from(hex ?? (await hashFile(path)), 'hex');
  }));
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${partPaths.length}`;
}

/**
 * The opened source's bytes into `target`: a kernel-side copyFile (no bytes through JS) when the path still holds the
 * same-size content afterwards, else (the source was replaced meanwhile) streamed from the handle opened first.
 */
export async function copyContent(source: { metadata: Record<string, string | number>; handle: FileHandle }, sourcePath: string, target: string): Promise<void> {
  const size = Number(source.metadata['content-length']);
  try {
    await copyFile(sourcePath, target);
    if ((await stat(target)).size === size) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await pipeline(source.handle.createReadStream({ highWaterMark: COPY_BUFFER_BYTES, autoClose: false }), createWriteStream(target));
}

async function hashFile(path: string): Promise<string> {
  const md5 = createHash('md5');
  const input = await open(path, 'r');
  try {
    for await (const chunk of input.createReadStream({ highWaterMark: COPY_BUFFER_BYTES })) md5.update(chunk as Buffer);
  } finally {
    await input.close().catch(() => undefined);
  }
  return md5.digest('hex');
}

/**
 * UploadPartCopy of a whole object without copying a byte: the part becomes a hard link to the source's file. Safe
 * because the store never writes a file in place (every PUT, copy and completion renames a new file over the
 * old name), so the linked content never changes. The part's ETag is the source's MD5 when it has a plain one;
 * a multipart source's ETag is not an MD5 of its bytes, so the part gets an opaque one derived from it (S3's part
 * ETags are opaque too, e.g. under SSE-KMS; clients only hand them back to CompleteMultipartUpload).
 * Null when linking is not possible here (another filesystem, or the source was replaced after it was opened):
 * the caller then copies the bytes.
 */
export async function linkWholeObject(
  sourcePath: string,
  source: { metadata: Record<string, string | number>; handle: FileHandle },
  partPath: string,
): Promise<{ size: number; md5: string } | null> {
  const temp = `${partPath}.link-${process.pid}-${Date.now()}`;
  await mkdir(dirname(partPath), { recursive: true });
  try {
    await link(sourcePath, temp);
  } catch {
    return null;
  }
  try {
    const [linked, opened] = await Promise.all([stat(temp), source.handle.stat()]);
    if (linked.ino !== opened.ino || linked.dev !== opened.dev) return null;
    const etag = JSON.parse(String(source.metadata.etag)) as string;
    const md5 = /^[0-9a-f]{32}$/.test(etag) ? etag : createHash('md5').update(`part-copy:${etag}`).digest('hex');
    await writeFile(`${partPath}.md5`, md5);
    await rename(temp, partPath);
    return { size: opened.size, md5 };
  } finally {
    await rm(temp, { force: true });
  }
}
