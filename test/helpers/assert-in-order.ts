import assert from 'node:assert/strict';

/**
 * Asserts that every item of `expected` occurs in `actual`, in that order (other items may come between). Unlike
 * `indexOf(a) < indexOf(b)`, a missing item fails: `indexOf` answers -1 for it, which is "before" anything.
 */
export function assertInOrder(actual: readonly (string | undefined)[], expected: readonly string[], message?: string): void {
  let from = 0;
  for (const item of expected) {
    const at = actual.indexOf(item, from);
    if (at === -1) {
      const where = actual.includes(item) ? `only before the preceding ${JSON.stringify(expected)} item` : 'nowhere';
      assert.fail(`${message ? `${message}: ` : ''}${JSON.stringify(item)} occurs ${where} in ${JSON.stringify(actual)}`);
    }
    from = at + 1;
  }
}
