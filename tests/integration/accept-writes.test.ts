/**
 * What one event costs in writes on its way in (issue #22: `wcuPerEvent`). A punch on an open day is
 * the identity item and the home item, nothing else: the void registry is part of the identity item,
 * so an event no voiding touches writes no registry half of its own. Voids still meet their event in
 * any order (tests/integration/void-across-months.test.ts, tests/e2e/closed-loop.test.ts, and below).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, t } from '../e2e/support.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];
beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

const WRITES = new Set(['PutItemCommand', 'PutCommand', 'UpdateItemCommand', 'UpdateCommand', 'DeleteItemCommand', 'DeleteCommand', 'BatchWriteItemCommand', 'BatchWriteCommand', 'TransactWriteItemsCommand', 'TransactWriteCommand']);

/** The partition-key prefixes of the writes made while `fn` runs (the local bus delivers before the 202). */
async function writesDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const out: string[] = [];
  const name = `writes-${Math.random()}`;
  stack.deps.store.db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context as { commandName?: string }).commandName ?? '';
      if (WRITES.has(command)) {
        const input = args.input as { Item?: { pk?: unknown }; Key?: { pk?: unknown } };
        const pk = input.Item?.pk ?? input.Key?.pk;
        const text = typeof pk === 'string' ? pk : ((pk as { S?: string } | undefined)?.S ?? '?');
        out.push(`${command.replace(/Item|Command/g, '')} ${text.split('#')[0]}`);
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await fn();
    return out.sort();
  } finally {
    stack.deps.store.db.middlewareStack.remove(name);
  }
}

const voided = (id: string, source: string, eventId: string, when: string) => ({ id, type: 'event.voided', occurredAt: when, source, eventId, reason: '误录' });
const sheet = async (period: string, staffId: string) => (await stack.api.get(`/v1/sheets/${period}/staff/${staffId}`)).body;

describe('the writes of one event', () => {
  it('a punch on an open day: its identity item and its home item, nothing more', async () => {
    const writes = await writesDuring(async () => {
      const r = await stack.api.post('/v1/events', { id: 'aw-p1', type: 'attendance.punch', occurredAt: t('2026-11-20', '08:40'), staffId: 's1' }, keys.attendance);
      expect(r.status, r.text).toBe(202);
    });
    expect(writes).toEqual(['Put SM', 'Update ID']);
  });

  it('a criticism: identity and home item, then the stored sheet (no registry write)', async () => {
    const writes = await writesDuring(async () => {
      const r = await stack.api.post('/v1/events', { id: 'aw-c1', type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId: 's2', note: '通报' });
      expect(r.status, r.text).toBe(202);
      await stack.refresh.flush();
    });
    expect(writes.filter((w) => !w.endsWith('SHEET'))).toEqual(['Put SM', 'Update ID']);
  });

  it('a void before its event and a void after it both take effect; a repeat of a voided event stays voided', async () => {
    expect((await stack.api.post('/v1/events', voided('aw-v1', 'admin', 'aw-c2', t('2026-11-18')))).status).toBe(202);
    expect((await stack.api.post('/v1/events', { id: 'aw-c2', type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId: 's3', note: '通报' })).status).toBe(202);
    expect((await stack.api.post('/v1/events', { id: 'aw-c3', type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId: 's3', note: '通报' })).status).toBe(202);
    expect((await stack.api.post('/v1/events', voided('aw-v2', 'admin', 'aw-c3', t('2026-11-19')))).status).toBe(202);
    // A repeat of the voided event (same id) is a duplicate and does not bring it back.
    const again = await stack.api.post('/v1/events', { id: 'aw-c2', type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId: 's3', note: '通报' });
    expect(again.body).toEqual({ accepted: 0, duplicates: 1 });
    const s = await sheet('2026-11', 's3');
    expect(s.items.filter((i: { code: string }) => i.code === 'criticism')).toEqual([]);
    expect(s.voided.map((v: { eventId: string }) => v.eventId).sort()).toEqual(['aw-c2', 'aw-c3']);
  });

  it('the same event posted five times at the same moment, two with another staff member: accepted once and counted once, under one staff member only', async () => {
    const body = (staffId: string) => ({ id: 'aw-c4', type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId, note: '通报' });
    const replies = await Promise.all(['s1', 's1', 's2', 's1', 's2'].map((s) => stack.api.post('/v1/events', body(s))));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(replies.reduce((n, r) => n + r.body.accepted, 0)).toBe(1);
    const counted = async (staffId: string) => (await sheet('2026-11', staffId)).items.filter((i: { code: string; refs: string[] }) => i.code === 'criticism' && i.refs.includes('aw-c4')).length;
    expect((await counted('s1')) + (await counted('s2'))).toBe(1);
  });

  it('an event and its void posted at the same moment, in either order of arrival: the void takes effect', async () => {
    for (const n of [1, 2, 3, 4]) {
      const id = `aw-race-${n}`;
      const event = stack.api.post('/v1/events', { id, type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId: 's1', note: '通报' });
      const theVoid = stack.api.post('/v1/events', voided(`aw-race-void-${n}`, 'admin', id, t('2026-11-19')));
      expect((await Promise.all(n % 2 ? [event, theVoid] : [theVoid, event])).map((r) => r.status)).toEqual([202, 202]);
    }
    const s = await sheet('2026-11', 's1');
    expect(s.items.filter((i: { code: string; refs: string[] }) => i.code === 'criticism' && i.refs.some((r) => r.startsWith('aw-race-')))).toEqual([]);
    expect(s.voided.map((v: { eventId: string }) => v.eventId).filter((id: string) => id.startsWith('aw-race-')).sort()).toEqual(['aw-race-1', 'aw-race-2', 'aw-race-3', 'aw-race-4']);
  });
});
