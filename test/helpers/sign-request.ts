/** SigV4 signing as a client of an AWS_IAM API signs (cli/lib/sign-request.ts), with the local stack's test credentials. */
import { signedHeaders as sign } from '../../cli/lib/sign-request.ts';

export interface SignOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  secret?: string;
  service?: string;
  signingDate?: Date;
}

/** The headers (host, x-amz-date, x-amz-content-sha256, authorization and the given ones) of the signed request. */
export function signedHeaders(options: SignOptions): Promise<Record<string, string>> {
  const { method, url, headers, body } = options;
  return sign(
    { method, url, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) },
    {
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: options.secret ?? 'local' },
      region: 'us-east-1',
      service: options.service ?? 'execute-api',
      ...(options.signingDate ? { signingDate: options.signingDate } : {}),
    },
  );
}
