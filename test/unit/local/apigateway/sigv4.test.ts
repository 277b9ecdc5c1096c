import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedHeaders } from '../../../helpers/sign-request.ts';
import { checkSigV4, type SignedRequest } from '../../../../local/apigateway/sigv4.ts';

const HOST = '127.0.0.1:3000';
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

/** A request signed by the AWS SDK's own SigV4 signer, as a client of the API would sign it. */
async function signed(options: { secret?: string; service?: string; path?: string; body?: string } = {}): Promise<SignedRequest> {
  const body = options.body ?? '{"values":[[5.9,3,5.1,2.3]]}';
  const path = options.path ?? '/predict?verbose=1&a=b%20c';
  const headers = await signedHeaders({
    method: 'POST',
    url: `http://${HOST}${path}`,
    headers: { 'content-type': 'application/json' },
    body,
    secret: options.secret,
    service: options.service,
    signingDate: new Date(NOW),
  });
  return { method: 'POST', url: path, headers, body: Buffer.from(body) };
}

describe('local SigV4 check (AWS_IAM methods)', () => {
  it('a request the SDK signed with the local secret passes (any access key id)', async () => {
    assert.equal(checkSigV4(await signed(), 'local', NOW), undefined);
  });

  it('no Authorization header: Missing Authentication Token', () => {
    const refusal = checkSigV4({ method: 'POST', url: '/predict', headers: { host: HOST }, body: Buffer.alloc(0) }, 'local', NOW);
    assert.deepEqual(refusal, { errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('another secret, a changed body or a changed path: the signature does not match', async () => {
    const other = checkSigV4(await signed({ secret: 'not-local' }), 'local', NOW);
    const body = checkSigV4({ ...(await signed()), body: Buffer.from('{"values":[[1,1,1,1]]}') }, 'local', NOW);
    const path = checkSigV4({ ...(await signed()), url: '/experiment?verbose=1&a=b%20c' }, 'local', NOW);
    for (const refusal of [other, body, path]) {
      assert.equal(refusal?.errorType, 'InvalidSignatureException');
      assert.match(refusal.message, /^The request signature we calculated does not match the signature you provided/);
    }
  });

  it('a header that is not a complete SigV4 signature: IncompleteSignatureException naming what is missing', () => {
    const refusal = checkSigV4({
      method: 'POST',
      url: '/predict',
      headers: { host: HOST, authorization: 'AWS4-HMAC-SHA256 Credential=a/b' },
      body: Buffer.alloc(0),
    });
    assert.equal(refusal?.errorType, 'IncompleteSignatureException');
    assert.match(refusal.message, /requires 'Signature' parameter.*requires 'SignedHeaders' parameter.*X-Amz-Date/);
  });

  it('scoped to another service, or dated more than 5 minutes off: refused', async () => {
    assert.match(checkSigV4(await signed({ service: 's3' }), 'local', NOW)?.message ?? '', /scoped to correct service: 'execute-api'/);
    assert.match(checkSigV4(await signed(), 'local', NOW + 6 * 60_000)?.message ?? '', /^Signature expired: 20260102T030405Z/);
    assert.match(checkSigV4(await signed(), 'local', NOW - 6 * 60_000)?.message ?? '', /^Signature not yet current: 20260102T030405Z/);
  });
});
