/** The seed hall plus `extra` staff, so a close takes long enough to overlap other calls (close races and concurrency tests). */
import { expect } from 'vitest';
import { OutboxMailer } from '../../shared/adapters/outbox-mailer.js';
import { at } from './fixtures.js';
import { FlakyMailer } from './faults.js';
import { FixedClock, testStack, type TestStack } from './stack.js';

/** Starts the hall on a stack (added to `stacks` for the caller's cleanup), its clock at 2026-10-02 10:00. */
export async function bigHall(stacks: TestStack[], extra: number, plan: FlakyMailer['plan'] = {}) {
  const mailer = new FlakyMailer({ send: async () => 'unwired' }, plan);
  const stack = await testStack({ clock: new FixedClock(at('2026-10-02 10:00')), mailer });
  stacks.push(stack);
  mailer.inner = new OutboxMailer(stack.outbox);
  const { keys } = await stack.api.seedHall();
  const ids = ['s1', 's2', 's3'];
  for (let i = 0; i < extra; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, extra - i) }, async (_, j) => {
        const id = `x${i + j}`;
        ids.push(id);
        const r = await stack.api.put(`/v1/staff/${id}`, { name: `员工${i + j}`, departmentId: (i + j) % 2 ? 'tax' : 'mkt', windowId: 'w1', shiftId: 'std' });
        expect(r.status).toBe(200);
      }),
    );
  }
  return { stack, keys, ids, mailer };
}
