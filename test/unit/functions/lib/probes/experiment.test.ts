import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  experimentProbeInput,
  experimentProbeResult,
  parseExperimentRequest,
  UNKNOWN_EXECUTION,
} from '../../../../../functions/lib/probes/experiment.ts';

test('probe answer has the classic probe shape, last_step_time in seconds', () => {
  assert.deepEqual(experimentProbeResult({ step_name: 'B', last_step_time: 1.5 }, 1_700_000_000_250), {
    message: 'Probe B invoked',
    step_name: 'B',
    last_step_time: 1_700_000_000.25,
  });
  assert.equal(experimentProbeResult({}, 0).step_name, 'Unknown');
});

test('probe record: keyed by execution, previous step time converted to ms', () => {
  const input = experimentProbeInput({ step_name: 'A', last_step_time: 1_700_000_000.123, execution_id: 'arn:exec' }, 10, 12, {
    coldStart: false,
    instanceId: 'i',
  });
  assert.deepEqual(input, {
    runId: 'arn:exec',
    step: 'A',
    startMs: 10,
    endMs: 12,
    coldStart: false,
    instanceId: 'i',
    lastStepTime: 1_700_000_000_123,
  });
  const parallel = experimentProbeInput({ step_name: 'P3' }, 1, 2, { coldStart: true, instanceId: 'i' });
  assert.equal(parallel.runId, UNKNOWN_EXECUTION);
  assert.equal(parallel.lastStepTime, undefined);
});

test('experiment request validation', () => {
  assert.deepEqual(parseExperimentRequest(undefined), { ok: true, experimentType: 'CHAIN' });
  assert.deepEqual(parseExperimentRequest('{}'), { ok: true, experimentType: 'CHAIN' });
  assert.deepEqual(parseExperimentRequest('{"experiment_type":"PARALLEL"}'), { ok: true, experimentType: 'PARALLEL' });
  assert.equal(parseExperimentRequest('{"experiment_type":"chain"}').ok, false);
  const bad = parseExperimentRequest('{"experiment_type":"SERIAL"}');
  assert.ok(!bad.ok && bad.code === 'INVALID_EXPERIMENT_TYPE' && bad.message.includes('SERIAL'));
  const notJson = parseExperimentRequest('{nope');
  assert.ok(!notJson.ok && notJson.code === 'INVALID_JSON');
  const array = parseExperimentRequest('[1]');
  assert.ok(!array.ok && array.code === 'INVALID_JSON');
});
