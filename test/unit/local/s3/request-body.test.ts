import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { objectBody } from '../../../../local/s3/request-body.ts';

/** An aws-chunked request whose trailing CRC32 is wrong, already fully sent. */
function corruptChunkedRequest(): IncomingMessage {
  const payload = 'a,b\n1,2\n';
  const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
  req.headers = {
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'x-amz-decoded-content-length': String(payload.length),
    'x-amz-trailer': 'x-amz-checksum-crc32',
  };
  req.end(`${payload.length.toString(16)}\r\n${payload}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`);
  return req;
}

test('a bad checksum found before anyone reads the body is raised to its reader, not thrown as uncaught', async () => {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', record);
  try {
    const body = objectBody(corruptChunkedRequest());
    await sleep(20); // the store is still busy elsewhere (an UploadPart first checks its upload)
    await assert.rejects(async () => {
      for await (const _piece of body) {
        // reading is what raises the error
      }
    }, /did not match the calculated checksum/);
    assert.deepEqual(uncaught, []);
  } finally {
    process.off('uncaughtException', record);
  }
});
