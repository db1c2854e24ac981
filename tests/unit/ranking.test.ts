import { describe, expect, it } from 'vitest';
import { rankPeriod } from '../../shared/domain/ranking.js';
import type { Sheet } from '../../shared/domain/types.js';
import { evals, makeSheet } from '../helpers/fixtures.js';

const windows = [
  { id: 'w1', hallId: 'main' },
  { id: 'w2', hallId: 'main' },
  { id: 'w3', hallId: 'main' },
  { id: 'x1', hallId: 'east' },
];
const rank = (sheets: Sheet[], hallId = 'main') => rankPeriod({ period: '2026-10', sheets, windows, hallId });
const staff = (staffId: string, windowId: string, score: number, levels: Parameters<typeof evals>[0] = {}, extra: Partial<Sheet> = {}) =>
  makeSheet({ staffId, windowId, score, evaluations: evals(levels), ...extra });

describe('rankPeriod: staff', () => {
  it('orders by score, highest first, ranks 1..n; vetoed staff are ranked too', () => {
    const r = rank([staff('a', 'w1', 90), staff('b', 'w1', 99.5), staff('c', 'w2', 97, {}, { veto: true, grade: 'fail' })]);
    expect(r.staff).toEqual([
      { rank: 1, staffId: 'b', score: 99.5, grade: 'excellent' },
      { rank: 2, staffId: 'c', score: 97, grade: 'fail' },
      { rank: 3, staffId: 'a', score: 90, grade: 'excellent' },
    ]);
  });

  it('score tie → higher satisfaction rate; no reviews ranks below any rate', () => {
    const r = rank([staff('a', 'w1', 98), staff('b', 'w1', 98, { 5: 1, 1: 1 }), staff('c', 'w1', 98, { 5: 9, 2: 1 })]);
    expect(r.staff.map((s) => s.staffId)).toEqual(['c', 'b', 'a']);
  });

  it('score and rate tie → smaller staff id; rates are compared exactly (2/3 = 4/6)', () => {
    const r = rank([staff('s3', 'w1', 98, { 4: 4, 1: 2 }), staff('s1', 'w1', 98, { 5: 2, 2: 1 }), staff('s2', 'w1', 98)]);
    expect(r.staff.map((s) => s.staffId)).toEqual(['s1', 's3', 's2']);
    expect(r.staff.map((s) => s.rank)).toEqual([1, 2, 3]);
  });

  it('leaves out staff of windows of another hall', () => {
    const r = rank([staff('a', 'w1', 90), staff('e', 'x1', 100)]);
    expect(r.staff.map((s) => s.staffId)).toEqual(['a']);
    expect(rank([staff('a', 'w1', 90), staff('e', 'x1', 100)], 'east').staff.map((s) => s.staffId)).toEqual(['e']);
  });
});

describe('rankPeriod: windows and the red flag', () => {
  it('mean of the two-decimal staff scores, two decimals; windows without staff are not ranked', () => {
    const r = rank([staff('a', 'w1', 100), staff('b', 'w1', 90.01), staff('c', 'w2', 96), staff('d', 'w2', 95.99), staff('e', 'w2', 96)]);
    expect(r.windows).toEqual([
      expect.objectContaining({ rank: 1, windowId: 'w2', meanScore: 96, satisfactionRate: null }), // (96 + 95.99 + 96) / 3 = 95.9966… → 96
      expect.objectContaining({ rank: 2, windowId: 'w1', meanScore: 95.01, satisfactionRate: null }), // 95.005 → 95.01
    ]);
    expect(r.redFlagWindowId).toBe('w2');
  });

  it('mean tie → higher pooled satisfaction rate of all its staff’s reviews', () => {
    // w1 pools 9/10 + 0/1 = 9/11; w2 pools 1/1 + 5/8 = 6/9 — per-staff averages would say otherwise.
    const r = rank([
      staff('a', 'w1', 96, { 5: 9, 1: 1 }),
      staff('b', 'w1', 94, { 2: 1 }),
      staff('c', 'w2', 95, { 5: 1 }),
      staff('d', 'w2', 95, { 5: 5, 1: 3 }),
    ]);
    expect(r.windows.map((w) => [w.windowId, w.meanScore, w.satisfactionRate])).toEqual([
      ['w1', 95, 9 / 11],
      ['w2', 95, 6 / 9],
    ]);
    expect(r.redFlagWindowId).toBe('w1');
  });

  it('mean and rate tie → smaller window id; no reviews ranks lowest', () => {
    const r = rank([staff('a', 'w3', 95, { 5: 1 }), staff('b', 'w2', 95, { 4: 2 }), staff('c', 'w1', 95)]);
    expect(r.windows.map((w) => [w.rank, w.windowId])).toEqual([
      [1, 'w2'],
      [2, 'w3'],
      [3, 'w1'],
    ]);
    expect(r.redFlagWindowId).toBe('w2');
  });

  it('ties on the published two-decimal mean, not on hidden digits', () => {
    // w1: (95.33 + 95.34 + 95.34) / 3 = 95.3366… → 95.34; w2: (95.34 + 95.33) / 2 = 95.335 → 95.34.
    const r = rank([
      staff('a', 'w1', 95.33),
      staff('b', 'w1', 95.34),
      staff('c', 'w1', 95.34),
      staff('d', 'w2', 95.34, { 5: 1 }),
      staff('e', 'w2', 95.33),
    ]);
    expect(r.windows.map((w) => [w.windowId, w.meanScore])).toEqual([
      ['w2', 95.34],
      ['w1', 95.34],
    ]);
  });

  it('no sheets → empty lists and no red flag; only the asked hall’s windows', () => {
    expect(rank([])).toEqual({ period: '2026-10', staff: [], windows: [], redFlagWindowId: null });
    const r = rank([staff('a', 'w1', 90), staff('e', 'x1', 100)]);
    expect(r.windows.map((w) => w.windowId)).toEqual(['w1']);
  });

  it('the red flag goes to no window when the best window’s mean is below the good threshold', () => {
    // w1 mean 84.99 < 85: nobody earns it; the windows are still ranked.
    const low = rankPeriod({ period: '2026-10', sheets: [staff('a', 'w1', 84.99), staff('b', 'w2', 80)], windows, hallId: 'main', redFlagMinScore: 85 });
    expect(low.windows.map((w) => w.windowId)).toEqual(['w1', 'w2']);
    expect(low.redFlagWindowId).toBeNull();
    // exactly at the threshold earns it
    const at = rankPeriod({ period: '2026-10', sheets: [staff('a', 'w1', 85), staff('b', 'w2', 80)], windows, hallId: 'main', redFlagMinScore: 85 });
    expect(at.redFlagWindowId).toBe('w1');
  });
});

describe('rankPeriod: window queue and participation rate (CONTRACT.md §10)', () => {
  it('pools served tickets by seconds and the participation rate as Σ reviews ÷ Σ completed cases', () => {
    const withEff = (id: string, reviews: number, completed: number, served: number, waitS: number, serviceS: number, longWaits: number) => {
      const s = staff(id, 'w1', 100);
      return {
        ...s,
        evaluations: { ...s.evaluations, count: reviews },
        cases: { accepted: completed, completed, due: 0, onTime: 0, overdue: 0, pending: 0, participationRate: null },
        queue: { served, noShow: 1, meanWaitMinutes: null, longWaits, meanServiceMinutes: null, totalWaitSeconds: waitS, totalServiceSeconds: serviceS },
      };
    };
    // a: 3 served, 30 min of waiting in all; b: 1 served, 50 min. Pooled: 80 / 4 = 20 (the mean of means would be 30).
    const r = rank([withEff('a', 8, 10, 3, 1800, 900, 0), withEff('b', 1, 5, 1, 3000, 300, 1)]);
    expect(r.windows[0]).toMatchObject({
      windowId: 'w1',
      participationRate: 9 / 15,
      queue: { served: 4, noShow: 2, meanWaitMinutes: 20, longWaits: 1, meanServiceMinutes: 5, totalWaitSeconds: 4800, totalServiceSeconds: 1200 },
    });
  });
});
