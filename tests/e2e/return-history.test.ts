/** The return rule reads closed months from the history written at close, open months from their sheets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];
beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

const complaint = (n: number, filed: string, resolved: string) => ({
  events: [
    { id: `f${n}`, type: 'complaint.filed', occurredAt: filed, caseId: `k${n}`, staffId: 's1', category: 'attitude', channel: '12345', summary: '态度生硬' },
    { id: `v${n}`, type: 'complaint.resolved', occurredAt: resolved, caseId: `k${n}`, verdict: 'substantiated' },
  ],
});

describe('return recommendation across closed and open months', () => {
  it('counts a substantiated complaint of a closed month (history) with one of an open month', async () => {
    expect((await stack.api.post('/v1/events', complaint(1, '2026-06-20T10:00:00+08:00', '2026-07-03T10:00:00+08:00'), keys.complaint)).status).toBe(202);
    expect((await stack.api.post('/v1/close/2026-07')).status).toBe(200);
    expect((await stack.api.post('/v1/close/2026-08')).status).toBe(200);

    // August (closed) was folded from July's history: one complaint, no recommendation yet.
    const aug = (await stack.api.get('/v1/sheets/2026-08/staff/s1')).body;
    expect(aug.returnRecommended).toBe(false);

    expect((await stack.api.post('/v1/events', complaint(2, '2026-09-10T10:00:00+08:00', '2026-09-20T10:00:00+08:00'), keys.complaint)).status).toBe(202);
    const sep = (await stack.api.get('/v1/sheets/2026-09/staff/s1')).body;
    expect(sep.status).toBe('open');
    expect(sep.returnRecommended).toBe(true);
    expect(sep.returnReasons).toEqual(['complaints']);
    // Another staff member's history is not mixed in.
    expect((await stack.api.get('/v1/sheets/2026-09/staff/s2')).body.returnRecommended).toBe(false);

    // The open quarter sheet sees both as well.
    const q3 = (await stack.api.get('/v1/sheets/2026-Q3/staff/s1')).body;
    expect(q3.returnRecommended).toBe(true);
  });
});
