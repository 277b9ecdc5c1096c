import { App } from 'aws-cdk-lib';
import assert from 'node:assert/strict';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PredictionStack } from '../../infra/stacks/PredictionStack.ts';

export interface SynthesizedStack {
  app: App;
  stack: PredictionStack;
  template: Template;
}

/** One synthesis of the real stack (real image asset, real context handling). */
export function synthesizeStack(context: Record<string, unknown> = {}): SynthesizedStack {
  const app = new App({ context, analyticsReporting: false });
  const stack = new PredictionStack(app, 'PredictionStack');
  return { app, stack, template: Template.fromStack(stack) };
}

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export function only<T>(record: Record<string, T>): [string, T] {
  const entries = Object.entries(record);
  if (entries.length !== 1) throw new Error(`expected exactly one, got ${entries.length}`);
  return entries[0];
}

/** A bucket as every bucket of the stack is secured: no public access, encrypted, kept on delete, TLS only. */
export function assertSecuredBucket(template: Template, id: string): Resource {
  const bucket = template.toJSON().Resources[id] as Resource;
  assert.equal(bucket.Type, 'AWS::S3::Bucket');
  assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  assert.deepEqual(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration, [
    { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
  ]);
  assert.equal(bucket.DeletionPolicy, 'Retain');
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: id },
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
  return bucket;
}
