import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agent } from 'node:http';
import { S3_MAX_SOCKETS, s3 } from '../../../../../functions/lib/aws/clients.ts';
import { PARTS_IN_FLIGHT } from '../../../../../functions/lib/s3/limits.ts';

interface ResolvedHandlerConfig {
  httpsAgent: Agent;
  httpAgent?: Agent;
  /** Newer handlers create the http agent on first use. */
  httpAgentProvider?: () => Promise<Agent>;
}

/** The agents the S3 client's request handler (the SDK's NodeHttpHandler) opens its connections with. */
async function agents(): Promise<{ httpAgent: Agent; httpsAgent: Agent }> {
  const handler = s3().config.requestHandler as unknown as { configProvider: Promise<ResolvedHandlerConfig> };
  const resolved = await handler.configProvider;
  return { httpsAgent: resolved.httpsAgent, httpAgent: resolved.httpAgent ?? (await resolved.httpAgentProvider!()) };
}

test('the S3 client has a socket for every assembly request in flight, not the SDK default of 50', async () => {
  // act
  const { httpAgent, httpsAgent } = await agents();

  // assert
  assert.ok(S3_MAX_SOCKETS >= 2 * PARTS_IN_FLIGHT, 'a streamed part holds a GET and an UploadPart');
  assert.equal(httpsAgent.maxSockets, S3_MAX_SOCKETS);
  assert.equal(httpAgent.maxSockets, S3_MAX_SOCKETS);
  assert.ok(httpsAgent.maxSockets > 50);
});
