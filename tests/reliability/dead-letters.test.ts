/**
 * Poison messages over HTTP: a consumer failure the bus cannot retry away lands in the dead-letter
 * list (GET /v1/dead-letters), stays there while the fault lasts, and a redrive after the fix
 * (POST /v1/dead-letters/redrive) scores it exactly once. Admin only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
let broken = true;

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-02 10:00')) });
  ({ keys } = await stack.api.seedHall());
  // The consumer cannot join reviews of "poison" cases until the fix is deployed.
  const { store } = stack.deps;
  const real = store.joinCase.bind(store);
  store.joinCase = async (pk, half) => {
    if (broken && pk.includes('poison')) throw new Error('injected: case index unavailable');
    return real(pk, half);
  };
});
afterAll(async () => stack?.stop());

const review = (id: string, caseId: string, level: number) => ({
  id,
  type: 'evaluation.submitted',
  occurredAt: '2026-10-15T10:00:00+08:00',
  caseId,
  staffId: 's2',
  level,
  channel: 'pad',
});
const storedCount = async () => {
  await stack.refresh.flush(); // the read model's refresh, now rather than at the end of its window
  return (await stack.deps.store.getSheet('2026-10', 's2'))?.evaluations.count ?? 0;
};
const liveSheet = async () => (await stack.api.get('/v1/sheets/2026-10/staff/s2')).body;

describe('dead letters over HTTP', () => {
  it('poison → 202 (stored), dead-lettered after the bus retries, listed by GET /v1/dead-letters', async () => {
    expect((await stack.api.post('/v1/events', review('ok-1', 'fine-1', 5), keys.evaluation)).status).toBe(202);
    expect(await storedCount()).toBe(1);

    for (const [id, level] of [['p-1', 1], ['p-2', 2]] as const) {
      const r = await stack.api.post('/v1/events', review(id, `poison-${id}`, level), keys.evaluation);
      expect(r.body).toEqual({ accepted: 1, duplicates: 0 }); // accepted: the event itself is safe in the store
    }
    const list = await stack.api.get('/v1/dead-letters');
    expect(list.status).toBe(200);
    expect(list.body.deadLetters).toHaveLength(2);
    for (const d of list.body.deadLetters) {
      expect(d).toMatchObject({ id: expect.any(String), consumer: 'record', rule: expect.any(String), at: expect.any(String), error: expect.any(String) });
      expect(JSON.parse(d.body).detail.stored.event.id).toMatch(/^p-[12]$/);
    }
    // The events are stored, so the read model's refresh (a fold of the partition) counts them, as the live
    // read does; what waits for the redrive is their case join (an annulment could not reach them yet).
    expect(await storedCount()).toBe(3);
    expect((await liveSheet()).evaluations.count).toBe(3);
  });

  it('the routes are admin-only', async () => {
    for (const key of Object.values(keys)) {
      expect((await stack.api.get('/v1/dead-letters', key)).status).toBe(403);
      expect((await stack.api.post('/v1/dead-letters/redrive', undefined, key)).status).toBe(403);
    }
    expect((await stack.api.get('/v1/dead-letters', null)).status).toBe(401);
    expect((await stack.api.post('/v1/dead-letters/redrive', undefined, null)).status).toBe(401);
    expect((await stack.api.get('/v1/dead-letters')).body.deadLetters).toHaveLength(2); // nothing redriven by them
  });

  it('a redrive while the fault lasts fails and keeps every letter', async () => {
    const r = await stack.api.post('/v1/dead-letters/redrive');
    expect(r.body).toEqual({ redriven: 0, failed: 2 });
    expect((await stack.api.get('/v1/dead-letters')).body.deadLetters).toHaveLength(2);
  });

  it('after the fix a redrive scores each poison message once; a second redrive has nothing to do', async () => {
    broken = false;
    expect((await stack.api.post('/v1/dead-letters/redrive')).body).toEqual({ redriven: 2, failed: 0 });
    expect((await stack.api.get('/v1/dead-letters')).body.deadLetters).toEqual([]);
    expect(await storedCount()).toBe(3);
    const live = await liveSheet();
    expect(live.evaluations.byLevel).toEqual({ '1': 1, '2': 1, '3': 0, '4': 0, '5': 1 });
    expect(await stack.deps.store.getSheet('2026-10', 's2')).toEqual(live);
    expect((await stack.api.post('/v1/dead-letters/redrive')).body).toEqual({ redriven: 0, failed: 0 });
    // A sender's retry is a duplicate; nothing counts twice.
    const again = await stack.api.post('/v1/events', { events: [review('p-1', 'poison-p-1', 1), review('p-2', 'poison-p-2', 2)] }, keys.evaluation);
    expect(again.body).toEqual({ accepted: 0, duplicates: 2 });
    expect(await storedCount()).toBe(3);
  });

  it('the redriven reviews are joined to their cases: an annulment now takes effect', async () => {
    const annul = { id: 'an-1', type: 'evaluation.annulled', occurredAt: '2026-10-20T10:00:00+08:00', caseId: 'poison-p-1', reason: '经核实差评不属实' };
    expect((await stack.api.post('/v1/events', annul, keys.evaluation)).status).toBe(202);
    expect(await storedCount()).toBe(2);
    expect((await liveSheet()).evaluations.byLevel['1']).toBe(0);
  });
});
