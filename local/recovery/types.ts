/** Shapes of the local stack's restart recovery (see docs/local-stack.md, "Restart and recovery"). */
import type { NotificationRule, NotificationTarget } from '../s3/index.ts';

export interface RecoveryOptions {
  /** The edge URL: the Jobs table, the buckets and the Step Functions endpoint are read through it, as a client would. */
  edgeUrl: string;
  jobsTable: string;
  /** The notification rules the S3 service applies: a lost event is re-sent only where S3 would have sent one. */
  notifications: NotificationRule[];
  /** Where re-sent notifications go (the Lambda runtime's asynchronous invoke). */
  target: NotificationTarget;
  region?: string;
  log?: (line: string) => void;
}

/** The slice of a Jobs record recovery reads. */
export interface JobRow {
  jobId: string;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  status: string;
  executionArn?: string;
}

export interface RecoveryReport {
  /** Non-terminal jobs whose workflow died with the previous stack: reset to PENDING and their event re-sent. */
  redriven: string[];
  /** Objects with no job record at all (their notification was lost in flight): event re-sent. */
  lostEvents: string[];
}
