import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { FormDataReader } from '../../../../local/s3/FormDataReader.ts';

const BOUNDARY = 'XyZ';

function body(file: string): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="Key"\r\n\r\nup/\${filename}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="after"\r\n\r\nignored\r\n--${BOUNDARY}--\r\n`,
  );
}

/** The body in pieces of `size` bytes, so boundaries fall across reads. */
function request(data: Buffer, size: number): IncomingMessage {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) pieces.push(data.subarray(at, at + size));
  return Readable.from(pieces) as unknown as IncomingMessage;
}

test('fields before the file are read, the file is streamed exactly, whatever the read sizes', async () => {
  const file = `a,b\r\n1,2\r\n--${BOUNDARY.slice(0, 2)}\r\n-`; // looks like the start of a boundary, is not one
  for (const size of [1, 2, 3, 7, 64, 4096]) {
    const form = await new FormDataReader(request(body(file), size)).read(BOUNDARY);
    const bytes = Buffer.concat(await form.file.toArray()).toString();
    assert.equal(bytes, file, `read size ${size}`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's POST form syntax, not a template
    assert.equal(form.fields.get('key'), 'up/${filename}');
    assert.equal(form.filename, 'a.csv');
    assert.equal(form.fileContentType, 'text/csv');
  }
});

test("a body without a file field, or cut short, is refused with S3's errors", async () => {
  const noFile = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--${BOUNDARY}--\r\n`);
  await assert.rejects(new FormDataReader(request(noFile, 5)).read(BOUNDARY), { code: 'InvalidArgument' });
  const data = body('some file bytes');
  const cutInFile = data.subarray(0, data.indexOf('some file') + 4);
  const form = await new FormDataReader(request(cutInFile, 5)).read(BOUNDARY);
  await assert.rejects(form.file.toArray(), { code: 'MalformedPOSTRequest' });
  const cutInFields = data.subarray(0, 40);
  await assert.rejects(new FormDataReader(request(cutInFields, 5)).read(BOUNDARY), { code: 'MalformedPOSTRequest' });
});
