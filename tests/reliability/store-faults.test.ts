/**
 * Store faults: DynamoDB throttling, transient 5xx, lost responses and transaction conflicts injected
 * into the store's own client (inside the SDK retry middleware, see tests/helpers/faults.ts), and hot
 * sheets (many events for one staff member at once). Nothing accepted may be lost or counted twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { injectDynamoFaults } from '../helpers/faults.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

async function hall() {
  const stack = await testStack({ clock: new FixedClock(at('2026-11-02 10:00')) });
  stacks.push(stack);
  const { keys } = await stack.api.seedHall();
  return { stack, keys };
}

const STAFF = ['s1', 's2', 's3'] as const;

/** `n` reviews, spread over the staff, levels 1–5, on working days of October 2026. */
function reviews(prefix: string, n: number, staffOf: (i: number) => string = (i) => STAFF[i % 3]!) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    type: 'evaluation.submitted',
    occurredAt: `2026-10-${String(12 + (i % 5)).padStart(2, '0')}T${String(9 + (i % 8)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+08:00`,
    caseId: `case-${prefix}-${i}`,
    staffId: staffOf(i),
    level: 1 + (i % 5),
    channel: 'pad',
  }));
}

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

function expectedCounts(events: { staffId: string; level: number }[]) {
  const out: Record<string, { count: number; byLevel: Record<string, number> }> = {};
  for (const s of STAFF) out[s] = { count: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } };
  for (const e of events) {
    out[e.staffId]!.count++;
    out[e.staffId]!.byLevel[String(e.level)]!++;
  }
  return out;
}

async function assertCounts(stack: TestStack, events: { staffId: string; level: number }[]) {
  const want = expectedCounts(events);
  for (const s of STAFF) {
    const live = await stack.api.get(`/v1/sheets/2026-10/staff/${s}`);
    expect(live.status).toBe(200);
    expect(live.body.evaluations.count, `live sheet of ${s}`).toBe(want[s]!.count);
    expect(live.body.evaluations.byLevel).toEqual(want[s]!.byLevel);
    // The read model's stored sheet (what lists and rankings read) agrees, once refreshed.
    await stack.refresh.flush();
    const stored = await stack.deps.store.getSheet('2026-10', s);
    expect(stored?.evaluations.count, `stored sheet of ${s}`).toBe(want[s]!.count);
  }
  expect(await stack.deps.deadLetters.list()).toEqual([]);
}

describe('DynamoDB throttling and transient errors', () => {
  it('a burst with ~25 % of DynamoDB calls throttled: every request 202, counts exact, the SDK retried', async () => {
    const { stack, keys } = await hall();
    const events = reviews('thr', 150);
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 0.25, faults: ['throttle'], seed: 7, maxFaultedAttempt: 3 });
    const replies = await Promise.all(chunk(events, 5).map((batch) => stack.api.post('/v1/events', { events: batch }, keys.evaluation)));
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();

    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 202));
    expect(replies.reduce((a, r) => a + r.body.accepted, 0)).toBe(150);
    expect(replies.reduce((a, r) => a + r.body.duplicates, 0)).toBe(0);
    const { stats } = faults;
    expect(stats.injected.throttle).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThanOrEqual(stats.injected.throttle); // every throttled call was retried
    const share = stats.injected.throttle / stats.attempts;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
    await assertCounts(stack, events);
  }, 60_000);

  it('transient 500s on reads and writes (10 %): every request 202, counts exact', async () => {
    const { stack, keys } = await hall();
    const events = reviews('tr', 90);
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 0.1, faults: ['transient'], seed: 11, maxFaultedAttempt: 3 });
    const replies = await Promise.all(chunk(events, 3).map((batch) => stack.api.post('/v1/events', { events: batch }, keys.evaluation)));
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 202));
    expect(faults.stats.injected.transient).toBeGreaterThan(0);
    expect(faults.stats.retries).toBeGreaterThanOrEqual(faults.stats.injected.transient);
    await assertCounts(stack, events);
  }, 60_000);

  it('a storm that exhausts the SDK retry quota: refused requests say 503 (retry), and client retries count every event once', async () => {
    // 30 % of calls fail with 500s: the SDK's retry quota (500 tokens, 14 per transient retry) runs out
    // and calls fail fast, by design. What must hold: no request is answered 202 unless its events are
    // stored; refusals tell the sender to retry; retries and redrives end with exact sheets.
    const { stack, keys } = await hall();
    const events = reviews('storm', 120);
    const batches = chunk(events, 4);
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 0.3, faults: ['transient', 'throttle'], seed: 13, maxFaultedAttempt: 3 });
    const replies = await Promise.all(batches.map((batch) => stack.api.post('/v1/events', { events: batch }, keys.evaluation)));
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();
    const refused = replies.flatMap((r, i) => (r.status === 202 ? [] : [{ i, r }]));
    for (const { r } of refused) {
      expect.soft(r.status, `a refused request: ${r.text}`).toBe(503);
      expect(r.body).toMatchObject({ error: expect.any(String), message: expect.stringMatching(/retr/i), errors: expect.any(Array) });
      expect(r.text).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    }
    // The sender retries what was refused; the operator redrives what the consumer dead-lettered.
    for (const { i } of refused) {
      const again = await stack.api.post('/v1/events', { events: batches[i] }, keys.evaluation);
      expect(again.status).toBe(202);
    }
    const redrive = await stack.api.post('/v1/dead-letters/redrive');
    expect(redrive.status).toBe(200);
    expect(redrive.body.failed).toBe(0);
    await assertCounts(stack, events);
  }, 60_000);

  it('a write applied whose answer is lost is retried: the event is stored and counted once', async () => {
    const { stack, keys } = await hall();
    const events = reviews('lost', 60);
    // Each call loses its answer at most once, and the requests go one after another: a lost answer is
    // what is tested here, not the SDK's client-wide retry quota, which a burst of retries across every
    // write of ten concurrent requests drains (locally ingest and the consumers share one client; that
    // outage has its own test above).
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 0.3, faults: ['lost-response'], commands: ['PutItemCommand', 'UpdateItemCommand'], seed: 5, maxFaultedAttempt: 1 });
    const replies = [];
    for (const batch of chunk(events, 6)) replies.push(await stack.api.post('/v1/events', { events: batch }, keys.evaluation));
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 202));
    expect(faults.stats.injected['lost-response']).toBeGreaterThan(0);
    // Whatever the 202 said, every event is there once.
    expect(replies.reduce((a, r) => a + r.body.accepted + r.body.duplicates, 0)).toBe(60);
    await assertCounts(stack, events);
    // And a client retry of everything changes nothing.
    const again = await Promise.all(chunk(events, 30).map((batch) => stack.api.post('/v1/events', { events: batch }, keys.evaluation)));
    expect(again.map((r) => r.body)).toEqual([{ accepted: 0, duplicates: 30 }, { accepted: 0, duplicates: 30 }]);
    await assertCounts(stack, events);
  }, 60_000);

  it('a write applied whose answer is lost still reports the event as accepted, not as a duplicate', async () => {
    // README: "`accepted` counts events new to the store". The retried conditional put fails on the
    // item the first attempt wrote, and putEvent takes that for a repeat.
    const { stack, keys } = await hall();
    const events = reviews('acc', 12);
    // Every write of the accept itself (identity item update, home item put) loses its answer once. Sheet puts
    // are left alone and the batch is kept to 12 events: the SDK's client-wide retry quota (500 tokens,
    // 14 per retried transient error) allows ~35 retries in a burst, and a drained quota is an outage
    // (answered 500, retried by the sender), not a lost answer.
    const keyOf = (input: Record<string, unknown>, k: 'pk' | 'sk') => {
      const v = ((input.Item ?? input.Key) as Record<string, unknown> | undefined)?.[k];
      return String(typeof v === 'object' && v !== null ? (v as { S?: string }).S : v);
    };
    const acceptPut = (input: Record<string, unknown>) => keyOf(input, 'pk').startsWith('ID#') || keyOf(input, 'sk').startsWith('E#');
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 1, faults: ['lost-response'], commands: ['PutItemCommand', 'UpdateItemCommand'], maxFaultedAttempt: 1, only: acceptPut });
    const r = await stack.api.post('/v1/events', { events }, keys.evaluation);
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();
    expect(r.status).toBe(202);
    expect(faults.stats.injected['lost-response']).toBeGreaterThan(0);
    expect(faults.stats.injected['lost-response']).toBe(24);
    expect(r.body).toEqual({ accepted: 12, duplicates: 0 });
  }, 60_000);
});

describe('hot sheets', () => {
  it('200 reviews for one staff member in 40 concurrent requests: all counted, stored and live', async () => {
    const { stack, keys } = await hall();
    const events = reviews('hot', 200, () => 's1');
    const replies = await Promise.all(chunk(events, 5).map((batch) => stack.api.post('/v1/events', { events: batch }, keys.evaluation)));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 202));
    expect(replies.reduce((a, r) => a + r.body.accepted, 0)).toBe(200);
    await stack.refresh.flush();
    const stored = await stack.deps.store.getSheet('2026-10', 's1');
    expect(stored?.evaluations.count).toBe(200);
    expect(stored?.evaluations.byLevel).toEqual({ '1': 40, '2': 40, '3': 40, '4': 40, '5': 40 });
    const live = await stack.api.get('/v1/sheets/2026-10/staff/s1');
    expect(live.body.evaluations.count).toBe(200);
    expect(live.body).toEqual(stored);
    // Every bad review is an item naming its event, once.
    const refs = (live.body.items as { code: string; refs: string[] }[]).filter((i) => i.code === 'bad-review').flatMap((i) => i.refs);
    expect(refs).toHaveLength(80);
    expect(new Set(refs).size).toBe(80);
  }, 60_000);

  it('a hot sheet under throttling (15 %): all 200 counted', async () => {
    const { stack, keys } = await hall();
    const events = reviews('hotthr', 200, () => 's2');
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 0.15, faults: ['throttle', 'transient'], seed: 3, maxFaultedAttempt: 2 });
    const replies = await Promise.all(chunk(events, 5).map((batch) => stack.api.post('/v1/events', { events: batch }, keys.evaluation)));
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 202));
    expect(faults.stats.retries).toBeGreaterThan(0);
    await stack.refresh.flush();
    expect((await stack.deps.store.getSheet('2026-10', 's2'))?.evaluations.count).toBe(200);
    expect((await stack.api.get('/v1/sheets/2026-10/staff/s2')).body.evaluations.count).toBe(200);
    expect(await stack.deps.deadLetters.list()).toEqual([]);
  }, 60_000);
});

describe('transaction conflicts (master data writes are transactions: record + PIN / key index)', () => {
  it('20 concurrent PUTs of the same staff record all succeed and leave one consistent PIN index', async () => {
    const { stack } = await hall();
    const body = { name: '张三', departmentId: 'tax', windowId: 'w2', shiftId: 'std', pin: '901' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => stack.api.put('/v1/staff/s1', body)));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect((await stack.api.get('/v1/staff/s1')).body).toMatchObject({ pin: '901', windowId: 'w2' });
    expect(await stack.deps.store.staffIdsByPins(['101', '901'])).toEqual(new Map([['901', 's1']]));
  }, 60_000);

  it('a TransactionConflict on a master-data write is retried, not answered with a 500', async () => {
    const { stack } = await hall();
    const faults = injectDynamoFaults(stack.deps.store.db, { rate: 0.5, faults: ['transaction-conflict'], seed: 7 });
    const staff = await stack.api.put('/v1/staff/s4', { name: '赵六', departmentId: 'tax', windowId: 'w1', shiftId: 'std', pin: '104' });
    const source = await stack.api.put('/v1/sources/pad-9', { kind: 'evaluation', key: 'pad-9-secret-key-00001' });
    await stack.refresh.flush(); // the read model refreshes under the same faults
    faults.remove();
    expect(faults.stats.injected['transaction-conflict']).toBeGreaterThan(0);
    expect([staff.status, source.status]).toEqual([200, 200]);
    expect(await stack.deps.store.staffIdsByPins(['104'])).toEqual(new Map([['104', 's4']]));
  }, 60_000);
});
