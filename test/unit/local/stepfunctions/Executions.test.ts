import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMachine, Executions, failureOf } from '../../../../local/stepfunctions/Executions.ts';
import { SfnApiError, UnsupportedDefinitionError } from '../../../../local/stepfunctions/errors.ts';
import { lambdaInvoker } from '../../../../local/stepfunctions/lambda-invoke-integration.ts';
import type { LambdaRuntime } from '../../../../local/lambda/index.ts';
import type { ExecutionSummary, InvokeLambda } from '../../../../local/stepfunctions/types.ts';

// The adapter accepts the real runtime (compile-time check only: no runtime is started).
export const adapts: (runtime: LambdaRuntime) => InvokeLambda = lambdaInvoker;

const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:m';
const passMachine = () => compileMachine({ name: 'm', arn: ARN, definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } });

function executions(maxExecutions: number, changes: ExecutionSummary[] = []) {
  return new Executions({ invokeLambda: async () => ({}), maxExecutions, region: 'us-east-1', onChange: (s) => changes.push(s) });
}

test('keeps at most maxExecutions, dropping the oldest closed ones', async () => {
  // prepare
  const machine = passMachine();
  const store = executions(2);
  // act
  const records: { executionArn: string }[] = [];
  for (const name of ['a', 'b', 'c']) {
    const record = store.start(machine, name, '{}');
    await record.done;
    records.push(record);
  }
  // assert
  assert.throws(
    () => store.get(records[0].executionArn),
    (e: unknown) => e instanceof SfnApiError && e.type === 'ExecutionDoesNotExist',
  );
  assert.deepEqual(
    store.list(ARN).map((r) => r.name),
    ['c', 'b'],
  );
});

test('reports RUNNING then the closing status, with the output', async () => {
  // prepare
  const changes: ExecutionSummary[] = [];
  const store = executions(10, changes);
  // act
  const record = store.start(passMachine(), 'x', '{"a":1}');
  await record.done;
  // assert
  assert.deepEqual(
    changes.map((c) => c.status),
    ['RUNNING', 'SUCCEEDED'],
  );
  assert.equal(record.output, '{"a":1}');
  assert.ok(record.stopDate! >= record.startDate);
});

test('a closed execution name cannot be reused, even with the same input', async () => {
  // prepare
  const store = executions(10);
  const machine = passMachine();
  await store.start(machine, 'once', '{}').done;
  // act + assert
  assert.throws(
    () => store.start(machine, 'once', '{}'),
    (e: unknown) => e instanceof SfnApiError && e.type === 'ExecutionAlreadyExists',
  );
});

test('a Fail state becomes FAILED with its Error and Cause', async () => {
  // prepare
  const machine = compileMachine({
    name: 'f',
    arn: ARN,
    definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Boom', Cause: 'why' } } },
  });
  const store = executions(10);
  // act
  const record = store.start(machine, 'f1', '{}');
  await record.done;
  // assert
  assert.equal(record.status, 'FAILED');
  assert.deepEqual([record.error, record.cause], ['Boom', 'why']);
});

test('failureOf reads the state error the engine wraps', () => {
  const inner = Object.assign(new Error('cause text'), { name: 'Lambda.ServiceException' });
  assert.deepEqual(failureOf(new Error('wrapper', { cause: inner })), { error: 'Lambda.ServiceException', cause: 'cause text' });
});

test('compileMachine refuses an inline Map with an ItemReader, naming the field', () => {
  // prepare
  const definition = {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    },
  };
  // act + assert
  assert.throws(
    () => compileMachine({ name: 'd', arn: ARN, definition }),
    (e: unknown) => e instanceof UnsupportedDefinitionError && e.features.includes('M.ItemReader: Distributed Map only'),
  );
});

test('compileMachine runs a Distributed Map as a Task of the engine and compiles its ItemProcessor as the child machine', () => {
  // prepare
  const definition = {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        Label: 'Chunks',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        ResultPath: '$.out',
        End: true,
      },
    },
  };
  // act
  const machine = compileMachine({ name: 'd', arn: ARN, definition });
  // assert
  const map = machine.distributedMaps.get('M');
  assert.equal(map?.child.spec.arn, `${ARN.split(':').slice(0, 6).join(':')}:d/Chunks`);
  assert.deepEqual(map?.child.spec.definition, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  assert.equal(machine.tasks.has('M'), false);
});
