import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourcesOf, synthesizeStack } from './synth-helpers.ts';
import { synthesizeLocalDefinitions } from '../../local/cloudformation/definitions.ts';
import { API_ROUTES } from '../../functions/lib/router/api-routes.ts';

/** One method per route of the route table. */
const ROUTES = API_ROUTES.length;

const methodsOf = (context: Record<string, unknown>) => {
  const { template } = synthesizeStack(context);
  return { template, methods: Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')) };
};

describe('API authentication (-c auth=none|iam|apikey)', () => {
  it('default none: open methods, no key, no usage plan', () => {
    const { template, methods } = methodsOf({});
    assert.equal(methods.length, ROUTES);
    for (const m of methods) {
      assert.equal(m.Properties.AuthorizationType, 'NONE');
      assert.notEqual(m.Properties.ApiKeyRequired, true);
    }
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
  });

  it('iam: every method is AWS_IAM (SigV4-signed callers with execute-api:Invoke)', () => {
    const { methods } = methodsOf({ auth: 'iam' });
    assert.deepEqual(
      methods.map((m) => m.Properties.AuthorizationType),
      API_ROUTES.map(() => 'AWS_IAM'),
    );
  });

  it('apikey: every method requires a key; one key in one usage plan on the stage; the key id is an output', () => {
    const { template, methods } = methodsOf({ auth: 'apikey' });
    for (const m of methods) assert.equal(m.Properties.ApiKeyRequired, true);
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    const [plan] = Object.values(resourcesOf(template, 'AWS::ApiGateway::UsagePlan'));
    assert.equal(plan.Properties.ApiStages.length, 1);
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    assert.ok(template.toJSON().Outputs.ApiKeyId, 'ApiKeyId output');
  });

  it('the local definitions carry each method’s auth settings (what the local adapter enforces)', () => {
    const iam = synthesizeLocalDefinitions({ context: { auth: 'iam' } }).apiRoutes;
    const apikey = synthesizeLocalDefinitions({ context: { auth: 'apikey' } }).apiRoutes;
    assert.ok(iam.length === ROUTES && iam.every((r) => r.authorization === 'AWS_IAM' && !r.apiKeyRequired));
    assert.ok(apikey.length === ROUTES && apikey.every((r) => r.authorization === 'NONE' && r.apiKeyRequired));
  });

  it('an unknown mode is refused at synth', () => {
    assert.throws(() => synthesizeStack({ auth: 'cognito' }), /"auth" must be one of none, iam, apikey/);
  });
});
