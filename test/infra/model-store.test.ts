import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSecuredBucket, resourcesOf, synthesizeStack } from './synth-helpers.ts';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';

const { stack, template } = synthesizeStack();
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const modelBucket = stack.getLogicalId(stack.models.bucket.node.defaultChild as never);
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

function statementsOf(roleId: string): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('model store', () => {
  it('is a versioned bucket secured as the data buckets are', () => {
    const bucket = assertSecuredBucket(template, modelBucket);

    assert.deepEqual(bucket.Properties.VersioningConfiguration, { Status: 'Enabled' });
  });

  it('is named to both functions in MODEL_BUCKET and exported as ModelBucketName', () => {
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).filter((f) => f.Properties.PackageType === 'Image');

    assert.equal(functions.length, 2);
    for (const fn of functions) assert.deepEqual(fn.Properties.Environment.Variables.MODEL_BUCKET, { Ref: modelBucket });
    assert.deepEqual(template.toJSON().Outputs.ModelBucketName.Value, { Ref: modelBucket });
  });

  it('is read-only to both functions: GetObject under models/ and ListBucket, nothing else', () => {
    for (const fn of [stack.handler.function, stack.apiHandler.function]) {
      const onBucket = statementsOf(logicalId(fn.role!)).filter((s) => JSON.stringify(s.Resource).includes(`"${modelBucket}"`));

      assert.deepEqual(onBucket.flatMap((s) => [s.Action].flat()).sort(), ['s3:GetObject', 's3:ListBucket']);
      const get = onBucket.find((s) => [s.Action].flat().includes('s3:GetObject'))!;
      assert.deepEqual(get.Resource, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [modelBucket, 'Arn'] }, '/models/*']] });
    }
  });

  it('is created by the local stack from the synthesized template, under its local name', () => {
    const local = synthesizeLocalDefinitions();

    assert.deepEqual(local.buckets.sort(), ['input', 'models', 'output']);
    assert.equal(local.functionEnvironment.MODEL_BUCKET, 'models');
  });
});
