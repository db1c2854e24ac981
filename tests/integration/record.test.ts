/**
 * The consumer against DynamoDB Local: at-least-once, any-order, concurrent delivery — including
 * case events that arrive before what they refer to and a consumer that crashes mid-batch — must
 * give exactly the sheets of one clean, ordered delivery.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { envelope, type RecordedDetail } from '../../shared/services/ingest.js';
import { homePartition } from '../../shared/services/partitions.js';
import { staffSheet } from '../../shared/services/query.js';
import type { StoredEvent } from '../../shared/domain/events.js';
import type { Sheet } from '../../shared/domain/types.js';
import {
  annul,
  commendation,
  complaint,
  criticism,
  inspection,
  leave,
  makeShift,
  punch,
  resolution,
  review,
  TZ,
} from '../helpers/fixtures.js';
import { testStack, type TestStack } from '../helpers/stack.js';

const events: StoredEvent[] = [
  review('r1', 'c1', 1, '2026-10-09 10:00'),
  review('r2', 'c2', 2, '2026-10-09 11:00'),
  review('r3', 'c3', 5, '2026-10-09 11:30'),
  annul('a1', 'c1', '2026-10-15 09:00'),
  complaint('f1', 'k1', '2026-09-28 10:00'),
  resolution('z1', 'k1', '2026-10-03 10:00'),
  complaint('f2', 'k2', '2026-10-10 10:00', { category: 'integrity' }),
  resolution('z2', 'k2', '2026-10-20 10:00', { severity: 'serious' }),
  complaint('f3', 'k3', '2026-10-11 10:00'),
  resolution('z3', 'k3', '2026-10-12 10:00', { verdict: 'unsubstantiated' }),
  leave('l1', '2026-09-30 08:00', '2026-10-09 18:00', { kind: 'annual' }),
  punch('p1', '2026-10-12 08:55'),
  punch('p2', '2026-10-12 12:00'),
  punch('p3', '2026-10-12 13:20'),
  punch('p4', '2026-10-13 08:40'),
  inspection('i1', '2026-10-14 10:00', { item: 'absent-from-post' }),
  criticism('x1', '2026-10-16 10:00'),
  commendation('m1', '2026-10-17 10:00'),
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
  for (const d of ['2026-09-30', '2026-10-09', '2026-10-12']) await store.closeDay(d);
  // What ingest does before it answers 202: the durable, conditional put.
  for (const s of events) await store.putEvent(homePartition(s.event, TZ), s);
  return stack;
}

const details = (): RecordedDetail[] => events.map((stored) => ({ pk: homePartition(stored.event, TZ), stored }));

async function sheets(stack: TestStack): Promise<{ live: Sheet[]; stored: (Sheet | undefined)[] }> {
  const { store, tz } = stack.deps;
  // Stored sheets are the read model's: refreshed within the batching window; refresh now.
  await stack.refresh.flush();
  const live = [await staffSheet(store, tz, '2026-09', 's1'), await staffSheet(store, tz, '2026-10', 's1')];
  const stored = [await store.getSheet('2026-09', 's1'), await store.getSheet('2026-10', 's1')];
  return { live, stored };
}

describe('record consumer on DynamoDB Local', () => {
  it('a clean ordered delivery gives the contract numbers', async () => {
    const stack = await hall();
    await stack.bus.publish(details().map(envelope));
    const { live, stored } = await sheets(stack);
    const [sep, oct] = live as [Sheet, Sheet];
    // September: the complaint was filed there and still pending at its end; points land in October.
    expect(sep.complaints).toEqual({ filed: 1, substantiated: 0, unsubstantiated: 0, pending: 1 });
    expect(oct.complaints).toEqual({ filed: 2, substantiated: 2, unsubstantiated: 1, pending: 0 });
    expect(oct.evaluations).toEqual({ count: 2, byLevel: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 }, satisfactionRate: 0.5 });
    expect(oct.veto).toBe(true);
    expect(oct.grade).toBe('fail');
    const codes = oct.items.map((i) => `${i.code}:${i.points}`);
    expect(codes).toEqual(
      expect.arrayContaining(['complaint:-3', 'complaint:-10', 'bad-review:-1', 'inspection:-2', 'criticism:-5', 'commendation:2', 'late:-1', 'missing-punch:-1']),
    );
    // 2026-10-09 is covered by the leave that started in September: excused, not absent.
    expect(oct.attendance.excused).toBe(2);
    expect(oct.score).toBe(100 - 3 - 10 - 1 - 2 - 5 + 2 - 1 - 1);
    // The consumer's stored sheets are the same as a fold on read.
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
        fc.integer({ min: 1, max: 6 }),
        async (copies, noise, batchSize) => {
          const stack = await hall();
          const all = details().flatMap((d, i) => Array.from({ length: copies[i]! }, () => d));
          const order = all.map((d) => ({ d, k: noise.next().value })).sort((a, b) => a.k - b.k).map((x) => x.d);
          const batches: RecordedDetail[][] = [];
          for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
          // Two concurrent "consumers" work through the batches.
          await Promise.all([0, 1].map(async (w) => {
            for (let i = w; i < batches.length; i += 2) await stack.bus.publish(batches[i]!.map(envelope));
          }));
          const { live, stored } = await sheets(stack);
          expect(live).toEqual(reference);
          expect(stored).toEqual(reference);
          await stack.stop();
          stacks.splice(stacks.indexOf(stack), 1);
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it('a consumer that crashes after some writes is retried without counting twice', async () => {
    const stack = await hall();
    const { store } = stack.deps;
    const realCopy = store.putCopy.bind(store);
    let copies = 0;
    store.putCopy = async (pk, s) => {
      await realCopy(pk, s);
      if (++copies === 2) throw new Error('simulated crash after a write');
    };
    await stack.bus.publish(details().map(envelope));
    expect(copies).toBeGreaterThan(2); // the failed batch was retried
    expect(await stack.deps.deadLetters.list()).toEqual([]);
    const { live, stored } = await sheets(stack);
    expect(live[1]!.score).toBe(100 - 3 - 10 - 1 - 2 - 5 + 2 - 1 - 1);
    expect(live[1]!.evaluations.count).toBe(2);
    expect(stored).toEqual(live);
  });

  it('a poison message is dead-lettered and counted once after a redrive', async () => {
    const stack = await hall();
    const { store } = stack.deps;
    const realCopy = store.putCopy.bind(store);
    let broken = true;
    store.putCopy = async (pk, s) => {
      if (broken && s.event.id === 'a1') throw new Error('poison: annulment cannot be joined');
      return realCopy(pk, s);
    };
    await stack.bus.publish(details().map(envelope));
    const dead = await stack.deps.deadLetters.list();
    expect(dead.length).toBeGreaterThanOrEqual(1);
    // The join that copies a1 fails in whichever half of case c1 is recorded second: the annulment
    // (the review's link was there first) or the review r1 (the annulment was there first). The bus
    // delivers in any order, so either record may be the one dead-lettered.
    expect(dead.some((d) => d.body.includes('"a1"') || d.body.includes('"r1"'))).toBe(true);
    // Without the annulment joined, the level-1 review still counts.
    await stack.refresh.flush();
    expect((await store.getSheet('2026-10', 's1'))!.evaluations.count).toBe(3);

    broken = false; // the fix is deployed
    const r = await stack.deps.deadLetters.redrive();
    expect(r.failed).toBe(0);
    expect(r.redriven).toBe(dead.length);
    expect(await stack.deps.deadLetters.list()).toEqual([]);
    const { live, stored } = await sheets(stack);
    expect(live[1]!.evaluations.count).toBe(2);
    expect(stored).toEqual(live);
    // A second redrive has nothing to do.
    expect(await stack.deps.deadLetters.redrive()).toEqual({ redriven: 0, failed: 0 });
  });

  it('a partition bigger than one Query page (1 MB) is read whole by the fold', async () => {
    const stack = await hall();
    const { store } = stack.deps;
    const comment = '好'.repeat(1500); // ~4.5 kB a review: 300 reviews are ~1.4 MB, two pages at least
    const many = Array.from({ length: 300 }, (_, i) => {
      const s = review(`big${i}`, `bc${i}`, i % 50 === 0 ? 1 : 5, '2026-10-09 10:00');
      s.event.comment = comment;
      return s;
    });
    for (const s of many) await store.putEvent(homePartition(s.event, TZ), s);
    const pk = homePartition(many[0]!.event, TZ);
    const read = await store.partitionEvents(pk);
    const ids = read.map((s) => `${s.source}/${s.event.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((await store.queryAll(pk, 'E#')).length);
    expect(ids.filter((id) => id.includes('/big')).sort()).toEqual(many.map((s) => `${s.source}/${s.event.id}`).sort());
    expect(read.find((s) => s.event.id === 'big7')).toEqual(many[7]);
  });
});
