import { createHash, randomBytes } from 'node:crypto';
import { encodeEventKey } from './encode-event-key.ts';
import type { NotificationRule, ObjectCreated, S3NotificationEvent } from './types.ts';

const OWNER_PRINCIPAL = 'A3NL1KOZZKExample';

let lastSequencer = 0n;

/**
 * A hex sequencer that increases strictly within this process (S3's is per key; ours is global, which
 * is stronger). 16 hex digits, upper case, like AWS's `0055AED6DCD90281E5`-style values.
 */
export function nextSequencer(nowMs: number = Date.now()): string {
  const candidate = BigInt(nowMs) * 1_000_000n;
  lastSequencer = candidate > lastSequencer ? candidate : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** The AWS S3 event notification for one created object, the same JSON AWS sends to Lambda. */
export function buildNotificationEvent(
  created: ObjectCreated,
  rule: NotificationRule,
  region: string,
  now: Date = new Date(),
): S3NotificationEvent {
  const id = requestId();
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: now.toISOString(),
        eventName: created.eventName,
        userIdentity: { principalId: 'AWS:AIDAJDPLRKLG7UEXAMPLE' },
        requestParameters: { sourceIPAddress: created.sourceIp },
        responseElements: {
          'x-amz-request-id': id,
          'x-amz-id-2': createHash('sha256').update(id).digest('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: rule.id ?? 'local-notification',
          bucket: {
            name: created.bucket,
            ownerIdentity: { principalId: OWNER_PRINCIPAL },
            arn: `arn:aws:s3:::${created.bucket}`,
          },
          object: {
            key: encodeEventKey(created.key),
            size: created.size,
            eTag: created.eTag,
            sequencer: nextSequencer(now.getTime()),
          },
        },
      },
    ],
  };
}
