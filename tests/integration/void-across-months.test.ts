/**
 * Voiding a case's opening event across months (issue #19's known gap): a complaint filing voided
 * before its verdict arrives in a later month must not count in the verdict's month either — the
 * void travels with the case, whatever the order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, t } from '../e2e/support.js';

let stack: TestStack;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

const voided = (id: string, source: string, eventId: string, when: string) => ({ id, type: 'event.voided', occurredAt: when, source, eventId, reason: '误录' });
const sheet = async (period: string, staffId: string) => (await stack.api.get(`/v1/sheets/${period}/staff/${staffId}`)).body;

describe('a voided case opening and a verdict in a later month', () => {
  it('filing voided, then substantiated in the next month: counts in neither month', async () => {
    expect((await stack.api.post('/v1/events', ev.filed('f1', 'k-1', 's1', t('2026-10-20')), keys.complaint)).status).toBe(202);
    expect((await stack.api.post('/v1/events', voided('void-f1', 'complaint-1', 'f1', t('2026-10-21')))).status).toBe(202);
    expect((await stack.api.post('/v1/events', ev.resolved('v1', 'k-1', t('2026-11-05')), keys.complaint)).status).toBe(202);
    const oct = await sheet('2026-10', 's1');
    const nov = await sheet('2026-11', 's1');
    expect(oct.complaints).toMatchObject({ filed: 0, substantiated: 0 });
    expect(nov.complaints).toMatchObject({ filed: 0, substantiated: 0 });
    expect(nov.items.filter((i: { code: string }) => i.code === 'complaint')).toEqual([]);
    expect(nov.voided).toEqual([expect.objectContaining({ source: 'complaint-1', eventId: 'f1' })]);
  });

  it('the same with the verdict first and the void last: counts in neither month', async () => {
    expect((await stack.api.post('/v1/events', ev.filed('f2', 'k-2', 's2', t('2026-10-20')), keys.complaint)).status).toBe(202);
    expect((await stack.api.post('/v1/events', ev.resolved('v2', 'k-2', t('2026-11-05')), keys.complaint)).status).toBe(202);
    expect((await sheet('2026-11', 's2')).complaints).toMatchObject({ substantiated: 1 });
    expect((await stack.api.post('/v1/events', voided('void-f2', 'complaint-1', 'f2', t('2026-11-06')))).status).toBe(202);
    expect((await sheet('2026-11', 's2')).complaints).toMatchObject({ filed: 0, substantiated: 0 });
    expect((await sheet('2026-10', 's2')).complaints).toMatchObject({ filed: 0, substantiated: 0 });
  });
});
