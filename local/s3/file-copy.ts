import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/** File-level helpers of the store: object copies, multipart concatenation and ETags, without extra passes. */

/** Read size for copies and concatenations: few syscalls, still bounded memory. */
export const COPY_BUFFER_BYTES = 1024 * 1024;
/** Appends the files, in order, into `target`; returns the total size. */
export async function concatFiles(paths: readonly string[], target: string): Promise<number> {
  const out = await open(target, 'w');
  let size = 0;
  try {
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
  } finally {
    await out.close();
  }
  return size;
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
