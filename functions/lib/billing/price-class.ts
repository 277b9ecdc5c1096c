/**
 * Which billable unit one AWS SDK request is, by its client and command name: the product counts its own requests
 * with this rule (invocation-units.ts), so a job's cost is known on AWS as locally.
 *
 * S3 (https://aws.amazon.com/s3/pricing/, "Requests & data retrievals"): PUT, COPY, POST and LIST requests are the
 * dearer class; DELETE and aborting a multipart upload are free; GET, SELECT, HEAD and every other request are the
 * cheaper class. DynamoDB on demand (https://aws.amazon.com/dynamodb/pricing/on-demand/) bills reads and writes apart.
 * Step Functions Standard bills state transitions, not API requests: its requests are counted, not priced.
 */
export type PriceClass = 's3PutCopyPostList' | 's3GetSelectOther' | 's3Free' | 'dynamodbRead' | 'dynamodbWrite' | 'stepFunctions' | 'other';

const S3_FREE = /^(Delete|AbortMultipartUpload$)/;
const S3_PUT_CLASS = /^(Put|Copy|Create|Complete|UploadPart|List|Restore)/;
const DYNAMODB_READ = /^(Get|BatchGet|Query|Scan|TransactGet)/;
const DYNAMODB_WRITE = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/** `clientName` and `commandName` as the SDK names them (`S3Client`, `PutObjectCommand`). */
export function priceClassOf(clientName: string, commandName: string): PriceClass {
  const command = commandName.replace(/Command$/, '');
  switch (clientName) {
    case 'S3Client':
      if (S3_FREE.test(command)) return 's3Free';
      return S3_PUT_CLASS.test(command) ? 's3PutCopyPostList' : 's3GetSelectOther';
    case 'DynamoDBClient':
      if (DYNAMODB_READ.test(command)) return 'dynamodbRead';
      return DYNAMODB_WRITE.test(command) ? 'dynamodbWrite' : 'other';
    case 'SFNClient':
      return 'stepFunctions';
    default:
      return 'other';
  }
}
