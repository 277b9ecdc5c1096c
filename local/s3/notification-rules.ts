import type { NotificationRule, ObjectCreatedEventName } from './types.ts';

/** The CDK stack's filter: ObjectCreated for `*.csv` in the input bucket. */
export const DEFAULT_NOTIFICATION_RULES: NotificationRule[] = [
  { bucket: 'input', events: ['s3:ObjectCreated:*'], suffix: '.csv', id: 'csv-upload' },
];

function eventMatches(pattern: string, eventName: ObjectCreatedEventName): boolean {
  const wanted = pattern.replace(/^s3:/, '');
  if (wanted.endsWith(':*')) return eventName.startsWith(wanted.slice(0, -1));
  return wanted === eventName;
}

/** The first rule that selects this object event (S3 compares prefix/suffix against the raw key), if any. */
export function findMatchingRule(
  rules: NotificationRule[],
  bucket: string,
  key: string,
  eventName: ObjectCreatedEventName,
): NotificationRule | undefined {
  return rules.find(
    (rule) =>
      rule.bucket === bucket &&
      rule.events.some((pattern) => eventMatches(pattern, eventName)) &&
      key.startsWith(rule.prefix ?? '') &&
      key.endsWith(rule.suffix ?? ''),
  );
}
