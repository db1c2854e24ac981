/**
 * Composite ratings in lists and rankings (issue #22): an open quarter's list reads the period's
 * ratings in one Query of the period partition (`RATES#{period}`, copies the record consumer makes),
 * not one Query per staff member; it agrees with the single sheet (which reads the exact per-staff
 * partition `RATE#{staffId}#{period}`), a voided rating drops out of both, and a replay re-makes
 * lost copies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { t } from '../e2e/support.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  await stack.api.seedHall();
  // The leader's rating weighs as much as the computed score (default: computed only).
  expect((await stack.api.put('/v1/rules', { composite: { quarter: { computed: 1, leader: 1 } } })).status).toBe(200);
});
afterAll(async () => stack?.stop());

const rating = (id: string, staffId: string, score: number, when: string) => ({
  id,
  type: 'rating.recorded',
  occurredAt: when,
  staffId,
  period: '2026-Q4',
  rater: 'leader',
  score,
});
const voided = (id: string, eventId: string, when: string) => ({ id, type: 'event.voided', occurredAt: when, source: 'admin', eventId, reason: '误录' });

type Listed = { staffId: string; score: number; ratings?: Record<string, number> };
const listed = async (staffId: string): Promise<Listed | undefined> =>
  (await stack.api.get('/v1/sheets/2026-Q4')).body.sheets.find((s: Listed) => s.staffId === staffId);
const ranked = async (staffId: string): Promise<Listed | undefined> =>
  (await stack.api.get('/v1/rankings/2026-Q4?hallId=main')).body.staff.find((s: Listed) => s.staffId === staffId);
const single = async (staffId: string): Promise<Listed> => (await stack.api.get(`/v1/sheets/2026-Q4/staff/${staffId}`)).body;

/** Counts the store's Queries by partition key prefix while `fn` runs. */
async function queriesOf<T>(fn: () => Promise<T>): Promise<{ result: T; byPrefix: (prefix: string) => number }> {
  const pks: string[] = [];
  const name = `count-${Math.random()}`;
  stack.deps.store.db.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ExpressionAttributeValues?: Record<string, unknown> };
      const pk = input.ExpressionAttributeValues?.[':pk'];
      const text = typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
      if ((context as { commandName?: string }).commandName === 'QueryCommand' && text) pks.push(text);
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    const result = await fn();
    return { result, byPrefix: (prefix) => pks.filter((pk) => pk.startsWith(prefix)).length };
  } finally {
    stack.deps.store.db.middlewareStack.remove(name);
  }
}

describe('ratings in lists and rankings of an open quarter', () => {
  it('a recorded rating shows in the list and the ranking, equal to the single sheet, read in one Query per request', async () => {
    expect((await stack.api.post('/v1/events', rating('ra1', 's1', 60, t('2026-11-10', '10:00')))).status).toBe(202);
    const sheet = await single('s1');
    expect(sheet.ratings).toEqual({ leader: 60 });
    expect(sheet.score).toBe(80); // (100 + 60) / 2

    const { result, byPrefix } = await queriesOf(async () => ({ list: await listed('s1'), ranking: await ranked('s1') }));
    expect(result.list).toMatchObject({ ratings: { leader: 60 }, score: sheet.score });
    expect(result.ranking?.score).toBe(sheet.score);
    // No per-staff ratings partition: one Query of the period partition per request.
    expect(byPrefix('RATE#')).toBe(0);
    expect(byPrefix(keys.periodRatings('2026-Q4'))).toBe(2);
  });

  it('a voided rating drops out of the list and the ranking as out of the single sheet (void after the rating, and before it)', async () => {
    expect((await stack.api.post('/v1/events', rating('ra2', 's2', 40, t('2026-11-10', '10:00')))).status).toBe(202);
    expect((await listed('s2'))?.score).toBe(70);
    expect((await stack.api.post('/v1/events', voided('vr2', 'ra2', t('2026-11-11', '10:00')))).status).toBe(202);
    expect((await single('s2')).ratings).toEqual({});
    expect((await single('s2')).score).toBe(100);
    expect(await listed('s2')).toMatchObject({ ratings: {}, score: 100 });
    expect((await ranked('s2'))?.score).toBe(100);

    // The void arrives first: the rating's own join carries it along.
    expect((await stack.api.post('/v1/events', voided('vr3', 'ra3', t('2026-11-11', '10:00')))).status).toBe(202);
    expect((await stack.api.post('/v1/events', rating('ra3', 's3', 20, t('2026-11-10', '10:00')))).status).toBe(202);
    expect((await single('s3')).score).toBe(100);
    expect(await listed('s3')).toMatchObject({ ratings: {}, score: 100 });
  });

  it('a replay re-makes lost copies in the period partition: a rating, and a void of one', async () => {
    const pk = keys.periodRatings('2026-Q4');
    await stack.deps.store.deleteItem({ pk, sk: keys.eventSk('admin', 'ra1') });
    await stack.deps.store.deleteItem({ pk, sk: keys.eventSk('admin', 'vr2') });
    expect((await listed('s1'))?.ratings).toEqual({});
    expect((await listed('s2'))?.ratings).toEqual({ leader: 40 });
    expect((await stack.api.post('/v1/replay/2026-11')).status).toBe(200);
    expect(await listed('s1')).toMatchObject({ ratings: { leader: 60 }, score: 80 });
    expect(await listed('s2')).toMatchObject({ ratings: {}, score: 100 });
  });
});
