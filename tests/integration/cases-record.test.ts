/**
 * The case join against DynamoDB Local (CONTRACT.md §10): case events in any order, delivered 1–3
 * times by concurrent consumers, give exactly the sheets of one clean ordered delivery — across three
 * months, with a pause that moves a case's due day from October into November.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/events.js';
import type { Sheet } from '../../shared/domain/types.js';
import { envelope, type RecordedDetail } from '../../shared/services/ingest.js';
import { homePartition } from '../../shared/services/partitions.js';
import { staffSheet } from '../../shared/services/query.js';
import { caseAccepted, caseCompleted, caseResumed, caseSuspended, makeShift, review, ticket, TZ } from '../helpers/fixtures.js';
import { testStack, type TestStack } from '../helpers/stack.js';

const promised = (workdays: number) => ({ kind: 'promised' as const, workdays });
const events: StoredEvent[] = [
  // K1: Mon 10-26, 3 working days (27, 28, 29) — but paused 10-27 09:00 → 10-30 15:00, so 11-02, 11-03, 11-04:
  // due Wed 11-04; completed 11-05 → overdue in November, nothing in October.
  caseAccepted('k1-a', 'K1', '2026-10-26 10:00', promised(3)),
  caseSuspended('k1-s', 'K1', '2026-10-27 09:00'),
  caseResumed('k1-r', 'K1', '2026-10-30 15:00'),
  caseCompleted('k1-d', 'K1', '2026-11-05 10:00'),
  // K2: Tue 09-29, 1 working day → due Wed 09-30; completed in October → overdue in September.
  caseAccepted('k2-a', 'K2', '2026-09-29 10:00', promised(1)),
  caseCompleted('k2-d', 'K2', '2026-10-09 10:00'),
  // K3: immediate, on time in October, and reviewed (the same caseId in the evaluation family).
  caseAccepted('k3-a', 'K3', '2026-10-12 09:00'),
  caseCompleted('k3-d', 'K3', '2026-10-12 15:00'),
  review('k3-e', 'K3', 5, '2026-10-12 15:05'),
  // K4: immediate, completed 00:00:01 the next day → overdue in October.
  caseAccepted('k4-a', 'K4', '2026-10-13 09:00'),
  caseCompleted('k4-d', 'K4', '2026-10-14 00:00:01'),
  ticket('q1', '2026-10-12 09:00', '2026-10-12 09:40', '2026-10-12 09:50'),
];

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

async function hall(): Promise<TestStack> {
  const stack = await testStack();
  stacks.push(stack);
  const { store } = stack.deps;
  await store.putMaster('departments', 'd1', { name: '税务局', emails: ['d1@example.gov.cn'] });
  await store.putMaster('windows', 'w1', { name: '1号窗口', hallId: 'main' });
  const { id: _id, ...shift } = makeShift();
  await store.putMaster('shifts', 'sh1', shift);
  await store.putStaff('s1', { name: '张三', departmentId: 'd1', windowId: 'w1', shiftId: 'sh1', active: true });
  for (const s of events) await store.putEvent(homePartition(s.event, TZ), s);
  return stack;
}

const details = (): RecordedDetail[] => events.map((stored) => ({ pk: homePartition(stored.event, TZ), stored }));
const MONTHS = ['2026-09', '2026-10', '2026-11'];

async function sheets(stack: TestStack): Promise<{ live: Sheet[]; stored: (Sheet | undefined)[] }> {
  const { store, tz } = stack.deps;
  // Stored sheets are the read model's, refreshed within the batching window: refresh now.
  await stack.refresh.flush();
  const live = await Promise.all(MONTHS.map((m) => staffSheet(store, tz, m, 's1')));
  const stored = await Promise.all(MONTHS.map((m) => store.getSheet(m, 's1')));
  return { live, stored };
}

describe('case join on DynamoDB Local', () => {
  it('a clean ordered delivery gives the hand-computed months', async () => {
    const stack = await hall();
    await stack.bus.publish(details().map(envelope));
    const { live, stored } = await sheets(stack);
    const [sep, oct, nov] = live as [Sheet, Sheet, Sheet];
    expect(sep.cases).toEqual({ accepted: 1, completed: 0, due: 1, onTime: 0, overdue: 1, pending: 0, participationRate: null });
    expect(oct.cases).toEqual({ accepted: 3, completed: 3, due: 2, onTime: 1, overdue: 1, pending: 0, participationRate: 1 / 3 });
    expect(nov.cases).toEqual({ accepted: 0, completed: 1, due: 1, onTime: 0, overdue: 1, pending: 0, participationRate: 0 });
    expect(sep.items.map((i) => [i.code, i.at, i.refs])).toEqual([['overdue-case', '2026-09-30T23:59:59+08:00', ['k2-a', 'k2-d']]]);
    expect(oct.items.map((i) => [i.code, i.at, i.refs])).toEqual([['overdue-case', '2026-10-13T23:59:59+08:00', ['k4-a', 'k4-d']]]);
    expect(nov.items.map((i) => [i.code, i.at, i.refs])).toEqual([['overdue-case', '2026-11-04T23:59:59+08:00', ['k1-a', 'k1-s', 'k1-r', 'k1-d']]]);
    expect(oct.queue).toMatchObject({ served: 1, meanWaitMinutes: 40, longWaits: 1, meanServiceMinutes: 10 });
    expect(stored).toEqual(live);
  });

  it('any order, 1–3 deliveries each, concurrent batches → identical sheets', async () => {
    const reference = await (async () => {
      const s = await hall();
      await s.bus.publish(details().map(envelope));
      return (await sheets(s)).live;
    })();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length }),
        fc.infiniteStream(fc.integer()),
        fc.integer({ min: 1, max: 5 }),
        async (copies, noise, batchSize) => {
          const stack = await hall();
          const all = details().flatMap((d, i) => Array.from({ length: copies[i]! }, () => d));
          const order = all.map((d) => ({ d, k: noise.next().value })).sort((a, b) => a.k - b.k).map((x) => x.d);
          const batches: RecordedDetail[][] = [];
          for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
          await Promise.all(
            [0, 1].map(async (w) => {
              for (let i = w; i < batches.length; i += 2) await stack.bus.publish(batches[i]!.map(envelope));
            }),
          );
          const { live, stored } = await sheets(stack);
          expect(live).toEqual(reference);
          expect(stored).toEqual(reference);
          await stack.stop();
          stacks.splice(stacks.indexOf(stack), 1);
        },
      ),
      { numRuns: 6 },
    );
  }, 180_000);
});
