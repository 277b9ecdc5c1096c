import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  finalizeTransitionUnits,
  markFailedTransitionUnits,
  transitionsInHistory,
} from '../../../../../functions/lib/billing/state-transitions.ts';
import { sfn } from '../../../../../functions/lib/aws/clients.ts';

const events = (...types: string[]) => types.map((type) => ({ type }) as never);
/** A map run that started `n` children (their dates do not matter to transitions). */
const run = (n: number) => ({ resultFiles: 1, children: Array.from({ length: n }, () => ({})) });

test('every state entered is one transition', () => {
  assert.equal(
    transitionsInHistory(events('ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'TaskStateEntered', 'TaskScheduled')),
    2,
  );
});

test('a Task attempt beyond its entry’s first is a retry, billed as a transition', () => {
  const retried = events('TaskStateEntered', 'TaskScheduled', 'TaskFailed', 'TaskScheduled', 'TaskSucceeded', 'TaskStateExited');
  assert.equal(transitionsInHistory(retried), 2);
});

test('a Map run started again is a retry of its Map state', () => {
  assert.equal(transitionsInHistory(events('MapStateEntered', 'MapRunStarted', 'MapRunFailed', 'MapRunStarted', 'MapRunSucceeded')), 2);
});

test('Finalize’s count: every page of the history, plus one per map run child; a history it cannot read counts none', async () => {
  // prepare: the SDK client answers from canned pages instead of the network
  process.env.AWS_REGION ??= 'us-east-1';
  const pages: Record<string, { events: { type: string }[]; nextToken?: string }> = {
    first: { events: [{ type: 'PassStateEntered' }, { type: 'TaskStateEntered' }, { type: 'TaskScheduled' }], nextToken: 'second' },
    second: { events: [{ type: 'MapStateEntered' }, { type: 'MapRunStarted' }, { type: 'TaskStateEntered' }, { type: 'TaskScheduled' }] },
  };
  const asked: unknown[] = [];
  sfn().middlewareStack.add(
    () => async (args) => {
      const input = args.input as { executionArn: string; nextToken?: string; includeExecutionData?: boolean };
      asked.push(input);
      if (input.executionArn === 'arn:gone') throw Object.assign(new Error('no such execution'), { name: 'ExecutionDoesNotExist' });
      return { output: pages[input.nextToken ?? 'first'] as never, response: {} };
    },
    { step: 'initialize', name: 'cannedHistory' },
  );

  // act
  const units = await finalizeTransitionUnits('arn:job', [run(3), run(1)]);
  const unread = await finalizeTransitionUnits('arn:gone', [run(3)]);
  const none = await finalizeTransitionUnits(undefined, [run(3)]);

  // assert: 4 states entered, and 4 children
  assert.deepEqual(units, { unitsStepFunctionsTransitions: 8 });
  assert.deepEqual([unread, none], [{}, {}]);
  assert.equal(asked.length, 3);
  assert.equal((asked[0] as { includeExecutionData: boolean }).includeExecutionData, false);

  // MarkFailed's count: the same history, plus the children its map runs started and the Fail state it leads to.
  assert.deepEqual(await markFailedTransitionUnits('arn:job', []), { unitsStepFunctionsTransitions: 5 });
  assert.deepEqual(await markFailedTransitionUnits('arn:job', [run(2)]), { unitsStepFunctionsTransitions: 7 });
  assert.deepEqual(await markFailedTransitionUnits(undefined, [run(2)]), {});
});
