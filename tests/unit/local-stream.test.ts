/**
 * local/bus.ts LocalStream, the local twin of the table stream feeding the read model's refresher
 * with a batching window (shared/bus/refresh.ts): coalescing, one batch at a time, retries, dead
 * letters, flush.
 */
import { describe, expect, it } from 'vitest';
import { LocalStream, type StreamConsumer } from '../../local/bus.js';
import { REFRESH_SETTINGS, type ChangeRecord } from '../../shared/bus/refresh.js';
import { dirtyStaffMonths } from '../../shared/services/refresh.js';
import { eventItem } from '../../shared/adapters/dynamodb/store.js';
import { punch, review, TZ } from '../helpers/fixtures.js';

const rec = (pk: string, sk = 'E#src#x', e?: string): ChangeRecord => ({
  eventName: 'INSERT',
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, NewImage: { pk: { S: pk }, sk: { S: sk }, ...(e ? { e: { S: e } } : {}) } },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LocalStream', () => {
  it('coalesces what arrives within the window into one batch, delivered when the oldest record has waited the window', async () => {
    const batches: { at: number; n: number }[] = [];
    const consumer: StreamConsumer = async (e) => {
      batches.push({ at: Date.now(), n: e.Records.length });
      return { batchItemFailures: [] };
    };
    const s = new LocalStream(consumer, { windowMs: 300 });
    const t0 = Date.now();
    s.push([rec('SM#a#2026-10')]);
    await sleep(100);
    s.push([rec('SM#b#2026-10'), rec('SM#a#2026-10')]);
    await sleep(450);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.n).toBe(3);
    expect(batches[0]!.at - t0).toBeGreaterThanOrEqual(290);
    s.stop();
  });

  it('runs one batch at a time; what arrives meanwhile goes into the next', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const consumer: StreamConsumer = async (e) => {
      running++;
      most = Math.max(most, running);
      sizes.push(e.Records.length);
      await sleep(150);
      running--;
      return { batchItemFailures: [] };
    };
    const s = new LocalStream(consumer, { windowMs: 50 });
    s.push([rec('SM#a#2026-10')]);
    await sleep(80);
    s.push([rec('SM#b#2026-10')]);
    s.push([rec('SM#c#2026-10')]);
    await s.flush();
    expect(most).toBe(1);
    expect(sizes).toEqual([1, 2]);
    s.stop();
  });

  it('retries failed records and dead-letters them after the retry limit; flush waits for all of it', async () => {
    const seen = new Map<string, number>();
    const consumer: StreamConsumer = async (e) => {
      const failures = e.Records.filter((r) => {
        const pk = r.dynamodb!.Keys!.pk!.S!;
        seen.set(pk, (seen.get(pk) ?? 0) + 1);
        return pk === 'SM#bad#2026-10';
      });
      return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    };
    const dead: string[] = [];
    const s = new LocalStream(consumer, { windowMs: 10, retryDelayMs: 1 });
    s.onDeadLetter(async (d) => {
      dead.push(d.body);
    });
    s.push([rec('SM#ok#2026-10'), rec('SM#bad#2026-10')]);
    await s.flush();
    expect(seen.get('SM#ok#2026-10')).toBe(1);
    expect(seen.get('SM#bad#2026-10')).toBe(REFRESH_SETTINGS.maxRetryAttempts + 1);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!).dynamodb.Keys.pk.S).toBe('SM#bad#2026-10');
    expect(s.pending).toBe(0);
    s.stop();
  });
});

describe('dirtyStaffMonths', () => {
  it('groups records by staff-month; punches only count on the days they name; markers and other events always', () => {
    const p = punch('p1', '2026-10-12 08:55');
    const r = review('r1', 'c1', 2, '2026-10-12 10:00');
    const itemP = eventItem('SM#s1#2026-10', p);
    const itemR = eventItem('SM#s2#2026-10', r);
    const out = dirtyStaffMonths(
      [
        rec('SM#s1#2026-10', itemP.sk as string, itemP.e as string),
        rec('SM#s2#2026-10', itemR.sk as string, itemR.e as string),
        rec('SM#s3#2026-10', 'DIRTY'),
        rec('CASE#evaluation#c1', 'J'),
        { ...rec('SM#s4#2026-10', 'DIRTY'), eventName: 'REMOVE' },
        rec('SM#s2#2026-10', 'DIRTY'),
      ],
      TZ,
    );
    expect(out.map((d) => [d.staffId, d.month, d.always, [...d.punchDates], d.indexes])).toEqual([
      ['s1', '2026-10', false, ['2026-10-12'], [0]],
      ['s2', '2026-10', true, [], [1, 5]],
      ['s3', '2026-10', true, [], [2]],
    ]);
  });
});
