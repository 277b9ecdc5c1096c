import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultConfigError, FaultPlan, faultError, parseFaults, readPath, ruleMatches } from '../../../../local/lambda/index.ts';

const chunkEvent = { task: 'score-chunk', chunk: { index: 1, start: 0, end: 10 } };

test('absent or blank LOCAL_LAMBDA_FAULTS means no faults', () => {
  assert.deepEqual(parseFaults(undefined), []);
  assert.deepEqual(parseFaults('  '), []);
});

test('parses rules', () => {
  const rules = parseFaults('[{"match": {"task": "score-chunk", "chunk.index": 1}, "fail": "transient", "times": 1}]');
  assert.deepEqual(rules, [{ match: { task: 'score-chunk', 'chunk.index': 1 }, fail: 'transient', times: 1 }]);
});

test('rejects malformed rules with a reason', () => {
  assert.throws(() => parseFaults('{'), FaultConfigError);
  assert.throws(() => parseFaults('{}'), /JSON array/);
  assert.throws(() => parseFaults('[{"match": {}, "fail": "boom"}]'), /fail must be one of/);
  assert.throws(() => parseFaults('[{"match": [], "fail": "transient"}]'), /match must be an object/);
  assert.throws(() => parseFaults('[{"match": {}, "fail": "transient", "times": 0}]'), /times must be a positive integer/);
});

test('dotted paths read nested fields', () => {
  assert.equal(readPath(chunkEvent, 'chunk.index'), 1);
  assert.equal(readPath(chunkEvent, 'chunk.missing.deep'), undefined);
  assert.equal(readPath(null, 'a'), undefined);
});

test('a rule matches only when every path equals its value', () => {
  assert.equal(ruleMatches({ match: { task: 'score-chunk', 'chunk.index': 1 }, fail: 'transient' }, chunkEvent), true);
  assert.equal(ruleMatches({ match: { task: 'score-chunk', 'chunk.index': 2 }, fail: 'transient' }, chunkEvent), false);
  assert.equal(ruleMatches({ match: { task: 'plan' }, fail: 'transient' }, chunkEvent), false);
});

test('a plan fires a rule `times` times, then lets invocations through', () => {
  const plan = new FaultPlan([{ match: { 'chunk.index': 1 }, fail: 'transient', times: 2 }]);
  assert.equal(plan.take(chunkEvent), 'transient');
  assert.equal(plan.take({ chunk: { index: 0 } }), undefined);
  assert.equal(plan.take(chunkEvent), 'transient');
  assert.equal(plan.take(chunkEvent), undefined);
});

test('a rule without times fires on every match', () => {
  const plan = new FaultPlan([{ match: { task: 'finalize' }, fail: 'permanent' }]);
  for (let i = 0; i < 5; i++) assert.equal(plan.take({ task: 'finalize' }), 'permanent');
});

test('transient faults look like the Lambda service failing, permanent ones like the handler', () => {
  assert.deepEqual(
    { ...faultError('transient', 'r'), errorMessage: '' },
    { errorType: 'Lambda.ServiceException', errorMessage: '', source: 'service' },
  );
  assert.equal(faultError('permanent', 'r').source, 'function');
});

test('a delay rule carries its length and needs one', () => {
  const [rule] = parseFaults('[{"match":{"task":"score-chunk"},"fail":"delay","delayMs":500}]');

  assert.deepEqual(new FaultPlan([rule!]).takeRule({ task: 'score-chunk' }), {
    match: { task: 'score-chunk' },
    fail: 'delay',
    times: undefined,
    delayMs: 500,
  });
  assert.throws(() => parseFaults('[{"match":{},"fail":"delay"}]'), /delayMs must be a positive integer/);
});
