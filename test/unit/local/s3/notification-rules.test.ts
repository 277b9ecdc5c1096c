import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NOTIFICATION_RULES, findMatchingRule } from '../../../../local/s3/notification-rules.ts';
import type { NotificationRule } from '../../../../local/s3/types.ts';

test('the default rule: ObjectCreated:* for *.csv in input only', () => {
  const match = (bucket: string, key: string) => findMatchingRule(DEFAULT_NOTIFICATION_RULES, bucket, key, 'ObjectCreated:Put');
  assert.ok(match('input', 'a.csv'));
  assert.ok(match('input', 'dir/with space.csv'));
  assert.equal(match('input', 'a.txt'), undefined);
  assert.equal(match('input', 'a.csv.gz'), undefined);
  assert.equal(match('input', 'a.CSV'), undefined, 'S3 suffix filters are case-sensitive');
  assert.equal(match('output', 'a.csv'), undefined);
  assert.ok(findMatchingRule(DEFAULT_NOTIFICATION_RULES, 'input', 'a.csv', 'ObjectCreated:CompleteMultipartUpload'));
});

test('rules as the CDK definition gives them: event names with or without s3:, prefix and suffix', () => {
  const rules: NotificationRule[] = [{ bucket: 'input', events: ['s3:ObjectCreated:Put'], prefix: 'incoming/', suffix: '.csv' }];
  assert.ok(findMatchingRule(rules, 'input', 'incoming/x.csv', 'ObjectCreated:Put'));
  assert.equal(findMatchingRule(rules, 'input', 'other/x.csv', 'ObjectCreated:Put'), undefined);
  assert.equal(findMatchingRule(rules, 'input', 'incoming/x.csv', 'ObjectCreated:Copy'), undefined);
  assert.ok(findMatchingRule([{ bucket: 'b', events: ['ObjectCreated:Copy'] }], 'b', 'any', 'ObjectCreated:Copy'));
});
