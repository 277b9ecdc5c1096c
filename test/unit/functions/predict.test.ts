import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handler } from '../../../functions/predict.ts';
import { httpApiEvent, loadSample, restApiEvent } from '../../helpers/events.ts';

interface Body {
  prediction?: number[];
  labels?: string[];
  probabilities?: number[][];
  model?: { name: string };
  error?: { code: string; message: string };
}

const body = (response: { body: string }): Body => JSON.parse(response.body) as Body;

test("the classic clients' REST request answers prediction [2] with labels, probabilities and the model", async () => {
  const response = await handler(loadSample('events/apigateway-rest-predict.json'));

  assert.equal(response.statusCode, 200);
  const answer = body(response);
  assert.deepEqual(answer.prediction, [2]);
  assert.deepEqual(answer.labels, ['virginica']);
  assert.equal(answer.probabilities?.[0]?.length, 3);
  assert.equal(answer.model?.name, 'iris');
});

test('HTTP API (v2) events with a base64 body and the direct invokes of the classic clients', async () => {
  const v2 = await handler(httpApiEvent(loadSample('requests/predict-values.json')));
  const direct = await handler(loadSample('events/direct-invoke.json'));
  const directBody = await handler(loadSample('events/direct-body.json'));

  assert.deepEqual(body(v2).prediction, [2]);
  assert.deepEqual(body(direct).prediction, [0]);
  assert.deepEqual(body(directBody).prediction, [0]);
});

test('instances keyed by feature name', async () => {
  const response = await handler(restApiEvent(loadSample('requests/predict-instances.json')));

  assert.deepEqual(body(response).prediction, [0, 1]);
});

test('bad requests are 4xx with a code and a message, never a stack trace', async () => {
  const cases: [unknown, number, string][] = [
    ['{"values": [[1,2', 400, 'INVALID_JSON'],
    [{ values: [[1, 2, 3]] }, 400, 'WRONG_ROW_WIDTH'],
    [{ nothing: true }, 400, 'MISSING_VALUES'],
    [null, 400, 'MISSING_BODY'],
  ];
  for (const [request, status, code] of cases) {
    const response = await handler(restApiEvent(request));
    assert.equal(response.statusCode, status, String(request));
    assert.equal(body(response).error?.code, code);
    assert.doesNotMatch(response.body, /at .*\.ts:\d+/);
  }
  const xml = await handler(restApiEvent('<values/>', { headers: { 'Content-Type': 'application/xml' } }));
  assert.equal(xml.statusCode, 415);
});
