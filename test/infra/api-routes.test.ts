import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourcesOf, synthesizeStack, type Resource } from './synth-helpers.ts';
import { API_ROUTES } from '../../functions/lib/router/api-routes.ts';

const { template } = synthesizeStack({ experimentRateLimit: 3, experimentBurstLimit: 6 });
const resources = template.toJSON().Resources as Record<string, Resource>;

/** A method's resource path, rebuilt from the template's AWS::ApiGateway::Resource parent chain. */
function pathOf(ref: unknown): string {
  if (typeof ref !== 'object' || ref === null || !('Ref' in ref)) return '';
  const resource = resources[String(ref.Ref)];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
  return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
}

describe('the REST API built from the route table (functions/lib/router/api-routes.ts)', () => {
  const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'));

  it('has exactly one Lambda proxy method per table entry, in the table order', () => {
    assert.deepEqual(
      methods.map((m) => `${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId)}`),
      API_ROUTES.map((r) => `${r.method} ${r.resource}`),
    );
    for (const method of methods) assert.equal(method.Properties.Integration.Type, 'AWS_PROXY');
  });

  it('requires and validates the path parameters a resource template names, and only those', () => {
    const byRoute = new Map(methods.map((m) => [`${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId)}`, m.Properties]));
    assert.deepEqual(byRoute.get('GET /jobs/{id}')?.RequestParameters, { 'method.request.path.id': true });
    assert.ok(byRoute.get('GET /jobs/{id}')?.RequestValidatorId, 'validated');
    for (const route of ['POST /predict', 'POST /experiment', 'GET /model']) {
      assert.equal(byRoute.get(route)?.RequestParameters, undefined, route);
      assert.equal(byRoute.get(route)?.RequestValidatorId, undefined, route);
    }
  });

  it('gives each route that starts a workflow execution the experiment throttle, and no other route one', () => {
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'));
    const own = (stage.Properties.MethodSettings as Record<string, unknown>[]).filter((m) => m.HttpMethod !== '*');
    const expected = API_ROUTES.filter((r) => r.startsExecution).map((r) => ({
      HttpMethod: r.method,
      ResourcePath: `/${r.resource.replaceAll('/', '~1')}`,
    }));
    assert.deepEqual(
      own.map((m) => ({ HttpMethod: m.HttpMethod, ResourcePath: m.ResourcePath })),
      expected,
    );
    for (const m of own) assert.deepEqual([m.ThrottlingRateLimit, m.ThrottlingBurstLimit], [3, 6]);
  });
});
