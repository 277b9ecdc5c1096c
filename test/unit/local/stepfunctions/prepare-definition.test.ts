import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnsupported, prepareDefinition, taskStates } from '../../../../local/stepfunctions/prepare-definition.ts';
import { mapContainers, laneKey } from '../../../../local/stepfunctions/lanes.ts';
import type { AslDefinition } from '../../../../local/stepfunctions/types.ts';

const invoke = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };

test('an inline Map of lambda:invoke tasks and a Parallel are supported', () => {
  // prepare
  const definition: AslDefinition = {
    StartAt: 'M',
    States: {
      M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'T', States: { T: invoke } }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', States: { B: { ...invoke, Resource: 'arn:aws:lambda:us-east-1:000000000000:function:f' } } }],
        End: true,
      },
    },
  };
  // act + assert
  assert.deepEqual(findUnsupported(definition), []);
});

test('Distributed Map fields on an inline Map, other integrations and JSONata are reported one by one', () => {
  // prepare
  const definition: AslDefinition = {
    StartAt: 'M',
    QueryLanguage: 'JSONata',
    States: {
      M: {
        Type: 'Map',
        ItemReader: {},
        ItemBatcher: {},
        ResultWriter: {},
        ItemProcessor: {
          StartAt: 'T',
          States: { T: { ...invoke, Resource: 'arn:aws:states:::dynamodb:putItem' } },
        },
        End: true,
      },
    },
  };
  // act
  const found = findUnsupported(definition);
  // assert
  assert.deepEqual(found, [
    'QueryLanguage: JSONata',
    'M.ItemReader: Distributed Map only',
    'M.ItemBatcher: Distributed Map only',
    'M.ResultWriter: Distributed Map only',
    'T.Resource: arn:aws:states:::dynamodb:putItem (only arn:aws:states:::lambda:invoke and Lambda function ARNs)',
  ]);
});

test('a Distributed Map is accepted, except the readers, writers and paths the local map run lacks', () => {
  // prepare
  const map = (fields: Record<string, unknown>): AslDefinition => ({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
        ...fields,
      },
    },
  });
  const supported = map({
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { Bucket: 'b', 'Key.$': '$.key' },
    },
    ItemBatcher: { MaxItemsPerBatch: 2 },
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } },
    ToleratedFailureCount: 1,
    Label: 'Chunks',
  });
  const unsupported = map({
    ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': "States.Format('{}', $.b)" } },
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', WriterConfig: { Transformation: 'FLATTEN' } },
  });
  // act
  const none = findUnsupported(supported);
  const found = findUnsupported(unsupported);
  // assert
  assert.deepEqual(none, []);
  assert.deepEqual(found, [
    'M.ItemReader.Resource: arn:aws:states:::s3:listObjectsV2 (only arn:aws:states:::s3:getObject)',
    'M.ResultWriter.WriterConfig',
    "M: JSONPath 'States.Format('{}', $.b)' (only plain paths, no intrinsic functions)",
  ]);
});

test('prepareDefinition gives untimed tasks the longest timeout, keeps set ones, leaves the input alone', () => {
  // prepare
  const definition: AslDefinition = {
    StartAt: 'A',
    States: {
      A: { ...invoke, End: undefined, Next: 'M' },
      M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { ...invoke, TimeoutSeconds: 5 } } }, End: true },
    },
  };
  // act
  const prepared = prepareDefinition(definition);
  // assert
  assert.equal(prepared.States.A.TimeoutSeconds, 2_147_483);
  assert.equal((prepared.States.M.ItemProcessor as AslDefinition).States.T.TimeoutSeconds, 5);
  assert.equal(definition.States.A.TimeoutSeconds, undefined);
  assert.deepEqual([...taskStates(prepared).keys()], ['A', 'T']);
});

test('mapContainers places nested states in their Map / Parallel branch lanes', () => {
  // prepare
  const definition: AslDefinition = {
    StartAt: 'M',
    States: {
      M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: invoke } }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'B0', States: { B0: invoke } },
          { StartAt: 'B1', States: { B1: invoke } },
        ],
        End: true,
      },
    },
  };
  // act
  const { byState, byDefinition } = mapContainers(definition);
  // assert
  assert.equal(laneKey(byState.get('T'), 3), 'M#3');
  assert.equal(laneKey(byState.get('B1')), 'P/1');
  assert.equal(laneKey(byState.get('M')), '');
  assert.equal(byDefinition.get((definition.States.P.Branches as object[])[1])?.branch, 1);
});
