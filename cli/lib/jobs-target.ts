import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_API_PORT, LOCAL_BUCKETS, LOCAL_TABLES } from '../../local/local-names.ts';
import { clientSettings, serviceEndpoint } from './store-target.ts';
import type { Env } from './store-target.ts';

/** Where the jobs CLI uploads, follows and lists jobs. */
export interface JobsTarget {
  /** The API's base URL, ending in `/` (a deployed stack's `ApiUrl` output ends `/prod/`). */
  apiUrl: string;
  apiKey?: string;
  /**
   * Sign API requests with SigV4 (a stack deployed with `-c auth=iam`): your credentials and region, from the
   * default chain as the S3 client resolves them.
   */
  sign: boolean;
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  inputBucket: string;
  jobsTable: string;
}

export interface JobsFlags {
  api?: string;
  apiKey?: string;
  sign?: boolean;
  endpoint?: string;
  inputBucket?: string;
  table?: string;
}

/**
 * Flags, else the environment (`API_URL`, `API_KEY`; `INPUT_BUCKET` and `JOBS_TABLE` as the functions read them; the
 * SDK's `AWS_ENDPOINT_URL*`), else the local stack's defaults (the API on 127.0.0.1:$PORT or 3000, its edge, bucket
 * `input`, table `Jobs`). A bucket or table named without an endpoint is a deployed stack's (its outputs
 * `InputBucketName`, `JobsTableName`), reached with the default credential chain and region, as `npm run model` does.
 * API requests are signed with `--sign` or `API_AUTH=iam`.
 */
export function jobsTarget(flags: JobsFlags, env: Env = process.env): JobsTarget {
  const inputBucket = flags.inputBucket ?? env.INPUT_BUCKET;
  const jobsTable = flags.table ?? env.JOBS_TABLE;
  const s3Endpoint = serviceEndpoint('S3', flags.endpoint, inputBucket !== undefined, env);
  const dynamoEndpoint = serviceEndpoint('DYNAMODB', flags.endpoint, jobsTable !== undefined, env);
  const apiUrl = flags.api ?? env.API_URL ?? `http://127.0.0.1:${env.PORT ?? LOCAL_API_PORT}/`;
  const apiKey = flags.apiKey ?? env.API_KEY;
  return {
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    ...(apiKey ? { apiKey } : {}),
    sign: flags.sign ?? env.API_AUTH === 'iam',
    s3: new S3Client({ ...clientSettings(s3Endpoint, env), ...(s3Endpoint ? { forcePathStyle: true } : {}) }),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(clientSettings(dynamoEndpoint, env))),
    inputBucket: inputBucket ?? LOCAL_BUCKETS.input,
    jobsTable: jobsTable ?? LOCAL_TABLES.jobs,
  };
}
