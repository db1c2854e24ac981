/**
 * Stored but never published (issue #15): when PutEvents fails after the accept, the events are kept
 * in the store's unpublished list and the request is still answered 202 — the sender need not retry.
 * The reconcile sweep publishes them, so they reach their sheets, case halves included; a repeat
 * meanwhile changes nothing. Only if the list cannot be written either is the answer 503.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnpublished } from '../../shared/adapters/dynamodb/unpublished.js';
import { reconcile } from '../../shared/services/close-day.js';
import { injectDynamoFaults } from '../helpers/faults.js';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, t } from '../e2e/support.js';

let stack: TestStack;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
let busDown = false;

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  ({ keys } = await stack.api.seedHall());
  const real = stack.bus.publish.bind(stack.bus);
  stack.bus.publish = async (entries) => {
    if (busDown && entries.some((e) => e.source === 'hallscore.ingest')) throw new Error('injected: PutEvents failed after retries');
    return real(entries);
  };
});
afterAll(async () => stack?.stop());

const sheet = async () => (await stack.api.get('/v1/sheets/2026-11/staff/s1')).body;

describe('events whose publication failed', () => {
  it('are accepted (202), kept as unpublished, and reach their sheets — case halves joined — at the next sweep', async () => {
    busDown = true;
    const r = await stack.api.post('/v1/events', { events: [ev.filed('f1', 'k-1', 's1', t('2026-11-03')), ev.resolved('v1', 'k-1', t('2026-11-10'))] }, keys.complaint);
    expect(r.status, r.text).toBe(202);
    expect(r.body).toEqual({ accepted: 2, duplicates: 0 });
    // The verdict sits in its case partition until the join copies it into s1's month: not scored yet.
    expect((await sheet()).complaints).toMatchObject({ filed: 1, substantiated: 0, pending: 1 });
    expect((await listUnpublished(stack.deps.store)).map((d) => d.stored.event.id).sort()).toEqual(['f1', 'v1']);

    // A repeat while the bus is still down is a duplicate, and is not listed twice.
    const again = await stack.api.post('/v1/events', { events: [ev.resolved('v1', 'k-1', t('2026-11-10'))] }, keys.complaint);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1 });
    expect(await listUnpublished(stack.deps.store)).toHaveLength(2);

    busDown = false;
    const swept = await reconcile(stack.deps);
    expect(swept.republished).toBe(2);
    const s = await sheet();
    expect(s.complaints).toMatchObject({ filed: 1, substantiated: 1, pending: 0 });
    expect(s.score).toBe(97);
    expect(await listUnpublished(stack.deps.store)).toEqual([]);
    // A second sweep has nothing to do.
    expect((await reconcile(stack.deps)).republished).toBe(0);
  });

  it('answers 503 (retry) when neither the bus nor the unpublished list can be written', async () => {
    busDown = true;
    // Every put of the unpublished list fails, whatever the SDK's retries do.
    const faults = injectDynamoFaults(stack.deps.store.db, {
      rate: 1,
      faults: ['transient'],
      commands: ['PutItemCommand'],
      maxFaultedAttempt: 99,
      only: (input) => JSON.stringify(input.Item ?? {}).includes('UNPUB'),
    });
    try {
      const r = await stack.api.post('/v1/events', { events: [ev.review('r9', 's2', 5, t('2026-11-12'))] }, keys.evaluation);
      expect(r.status).toBe(503);
      expect(r.body.error).toBe('bus-unavailable');
      expect(faults.stats.injected.transient).toBeGreaterThan(0);
    } finally {
      faults.remove();
      busDown = false;
    }
    expect(await listUnpublished(stack.deps.store)).toEqual([]);
    // The retry the 503 asked for delivers it.
    const retry = await stack.api.post('/v1/events', { events: [ev.review('r9', 's2', 5, t('2026-11-12'))] }, keys.evaluation);
    expect(retry.body).toEqual({ accepted: 0, duplicates: 1 });
    await expect.poll(async () => (await stack.deps.store.getSheet('2026-11', 's2'))?.evaluations.count, { timeout: 10_000 }).toBe(1);
  });
});

describe('events stored by a process that died before publishing (no unpublished entry either)', () => {
  it('POST /v1/replay/{period} joins their case halves: a verdict stored only in its case partition is scored', async () => {
    busDown = true;
    const r = await stack.api.post('/v1/events', { events: [ev.filed('f2', 'k-2', 's3', t('2026-11-04')), ev.resolved('v2', 'k-2', t('2026-11-11'))] }, keys.complaint);
    expect(r.status).toBe(202);
    busDown = false;
    // The crash: the unpublished entries are gone too, so no sweep will ever publish these.
    const { dropUnpublished } = await import('../../shared/adapters/dynamodb/unpublished.js');
    await dropUnpublished(stack.deps.store, await listUnpublished(stack.deps.store));
    const before = (await stack.api.get('/v1/sheets/2026-11/staff/s3')).body;
    expect(before.complaints).toMatchObject({ filed: 1, substantiated: 0 });
    const replay = await stack.api.post('/v1/replay/2026-11');
    expect(replay.status, replay.text).toBe(200);
    const after = (await stack.api.get('/v1/sheets/2026-11/staff/s3')).body;
    expect(after.complaints).toMatchObject({ filed: 1, substantiated: 1, pending: 0 });
    expect(after.score).toBe(before.score - 3);
  });
});
