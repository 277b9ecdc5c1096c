import prices from './prices.json' with { type: 'json' };
import { expressGbSeconds } from './express-units.ts';
import type { PriceClass } from './price-class.ts';

/** A job's billable units as the product counts them: its own requests and its own Lambda invocations. */
export interface JobUnits {
  s3: { putCopyPostList: number; getSelectOther: number; free: number };
  dynamodb: { readRequests: number; writeRequests: number };
  /**
   * API requests (StartExecution, GetExecutionHistory…), counted, not billed; the execution's Standard state
   * transitions, which are (state-transitions.ts: every state entered, every retry, one per map run child); and its
   * map runs' Express children, billed per request and per duration (express-units.ts: each rounded up to 100 ms,
   * at 64 MB).
   */
  stepFunctions: {
    requests: number;
    standardTransitions: number;
    expressRequests: number;
    expressBilledMs: number;
    expressGbSeconds: number;
  };
  /** Each invocation's own duration rounded up to 1 ms, at the function's memory (INIT not included). */
  lambda: { requests: number; billedMs: number; gbSeconds: number };
}

/** `GET /jobs/{id}` and summary.json's `billing`: the units, their estimated cost, and what the estimate leaves out. */
export interface JobBilling {
  units: JobUnits;
  estimatedUsd: number;
  note: string;
}

/**
 * The job record keeps its units as flat numbers (DynamoDB's ADD cannot add into a map that does not exist yet),
 * added once per invocation. Lambda's GB-seconds are kept as MB × ms, an integer.
 */
export interface RecordUnits {
  unitsS3PutCopyPostList?: number;
  unitsS3GetSelectOther?: number;
  unitsS3Free?: number;
  unitsDynamodbRead?: number;
  unitsDynamodbWrite?: number;
  unitsStepFunctions?: number;
  unitsStepFunctionsTransitions?: number;
  unitsStepFunctionsExpressRequests?: number;
  unitsStepFunctionsExpressBilledMs?: number;
  unitsLambdaRequests?: number;
  unitsLambdaBilledMs?: number;
  unitsLambdaMbMs?: number;
}

export type RecordUnitField = keyof RecordUnits;

/** The record field each counted price class adds to. */
export const FIELD_OF_CLASS: Record<Exclude<PriceClass, 'other'>, RecordUnitField> = {
  s3PutCopyPostList: 'unitsS3PutCopyPostList',
  s3GetSelectOther: 'unitsS3GetSelectOther',
  s3Free: 'unitsS3Free',
  dynamodbRead: 'unitsDynamodbRead',
  dynamodbWrite: 'unitsDynamodbWrite',
  stepFunctions: 'unitsStepFunctions',
};

/**
 * The S3 requests a Distributed Map run makes itself, billed to the account like the service's own: its ItemReader
 * reads the item file (one GET), its ResultWriter writes each result file and the manifest listing them (PUTs).
 */
export function mapRunUnits(resultFiles: number): RecordUnits {
  return { unitsS3GetSelectOther: 1, unitsS3PutCopyPostList: resultFiles + 1 };
}

/** Adds record units field by field (absent fields are 0). */
export function addRecordUnits(a: RecordUnits, b: RecordUnits): RecordUnits {
  const sum: RecordUnits = { ...a };
  for (const [field, value] of Object.entries(b) as [RecordUnitField, number][]) sum[field] = (sum[field] ?? 0) + value;
  return sum;
}

export function jobUnits(record: RecordUnits): JobUnits {
  const n = (field: RecordUnitField) => record[field] ?? 0;
  return {
    s3: { putCopyPostList: n('unitsS3PutCopyPostList'), getSelectOther: n('unitsS3GetSelectOther'), free: n('unitsS3Free') },
    dynamodb: { readRequests: n('unitsDynamodbRead'), writeRequests: n('unitsDynamodbWrite') },
    stepFunctions: {
      requests: n('unitsStepFunctions'),
      standardTransitions: n('unitsStepFunctionsTransitions'),
      expressRequests: n('unitsStepFunctionsExpressRequests'),
      expressBilledMs: n('unitsStepFunctionsExpressBilledMs'),
      expressGbSeconds: expressGbSeconds(n('unitsStepFunctionsExpressBilledMs')),
    },
    lambda: {
      requests: n('unitsLambdaRequests'),
      billedMs: n('unitsLambdaBilledMs'),
      gbSeconds: n('unitsLambdaMbMs') / 1024 / 1000,
    },
  };
}

/**
 * The units at us-east-1 list prices (prices.json, each with its source page). Lambda on x86_64 (the stack's
 * architecture, infra/constructs/ImageFunction.ts). DynamoDB: one request unit per request, the least a request
 * bills (items over 1 KB written or 4 KB read bill more); reads are strongly consistent. Express duration at the
 * rate of an account's first 1,000 GB-hours a month (the dearest tier).
 */
export function estimatedUsd(units: JobUnits): number {
  const usd =
    (units.s3.putCopyPostList / 1000) * prices.s3.putCopyPostListPer1000 +
    (units.s3.getSelectOther / 1000) * prices.s3.getSelectPer1000 +
    (units.dynamodb.readRequests / 1e6) * prices.dynamodb.onDemandPer1MReadRequestUnits +
    (units.dynamodb.writeRequests / 1e6) * prices.dynamodb.onDemandPer1MWriteRequestUnits +
    (units.stepFunctions.standardTransitions / 1000) * prices.stepFunctions.standardPer1000Transitions +
    (units.stepFunctions.expressRequests / 1e6) * prices.stepFunctions.expressPer1MRequests +
    units.stepFunctions.expressGbSeconds * prices.stepFunctions.expressPerGbSecond +
    (units.lambda.requests / 1e6) * prices.lambda.per1MRequests +
    units.lambda.gbSeconds * prices.lambda.x86PerGbSecond;
  return Number(usd.toPrecision(6));
}

export const BILLING_NOTE =
  'Counted by the service itself: its S3, DynamoDB and Step Functions requests and its Lambda invocations for this ' +
  'job, the S3 requests of its Distributed Map runs (each ItemReader GET and ResultWriter PUT) and their Express ' +
  'child executions (one request each, and each one’s duration from its result entry, rounded up to 100 ms, at 64 ' +
  'MB), and its Standard state transitions (from its execution history, one more per map run child), whether the ' +
  'job succeeded or its workflow failed it; at us-east-1 list prices, free tiers ignored. Excludes the workflow ' +
  'units of a job whose execution ended before the workflow could fail it (timed out, stopped), Lambda INIT time, DynamoDB units ' +
  'beyond one per request, storage, data transfer and logs.';

export function jobBilling(record: RecordUnits, note = BILLING_NOTE): JobBilling {
  const units = jobUnits(record);
  return { units, estimatedUsd: estimatedUsd(units), note };
}
