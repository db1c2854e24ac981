/**
 * The return rule's month summaries (HIST#{staffId}) under concurrent closes (issue #15): two closes of
 * different months that both read a staff member's history before either writes must both land — each
 * close updates its own month, never the whole item over the other's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  await stack.api.seedHall();
});
afterAll(async () => stack?.stop());

describe('history items', () => {
  it('two month closes that read the same histories before either writes keep both months', async () => {
    const { store } = stack.deps;
    // A barrier: each close's history read waits until the other close has read too.
    const real = store.staffHistories.bind(store);
    let waiting: (() => void) | undefined;
    const both = new Promise<void>((resolve) => (waiting = resolve));
    let reads = 0;
    store.staffHistories = async (ids) => {
      const r = await real(ids);
      if (++reads === 2) waiting!();
      await Promise.race([both, new Promise((res) => setTimeout(res, 5_000))]);
      return r;
    };
    try {
      const [sep, oct] = await Promise.all([stack.api.post('/v1/close/2026-09'), stack.api.post('/v1/close/2026-10')]);
      expect(sep.status, sep.text).toBe(200);
      expect(oct.status, oct.text).toBe(200);
    } finally {
      store.staffHistories = real;
    }
    expect(reads).toBeGreaterThanOrEqual(2);
    for (const id of ['s1', 's2', 's3']) {
      expect([...(await store.staffHistory(id)).keys()].sort(), id).toEqual(['2026-09', '2026-10']);
    }
  });
});
