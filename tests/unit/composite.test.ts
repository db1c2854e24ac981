import { describe, expect, it } from 'vitest';
import { compositeScore, latestRatings, ratingsByStaff } from '../../shared/domain/composite.js';
import type { EventVoided, RatingRecorded } from '../../shared/domain/events.js';
import type { CompositeWeights } from '../../shared/domain/rules.js';
import { iso, stored } from '../helpers/fixtures.js';

const W = (w: Partial<CompositeWeights>): CompositeWeights => ({ computed: 0, self: 0, leader: 0, department: 0, peer: 0, public: 0, ...w });

describe('compositeScore (CONTRACT.md §12), hand-computed', () => {
  const weights = W({ computed: 0.4, self: 0.1, leader: 0.2, department: 0.1, peer: 0.1, public: 0.1 });

  it('every rater present: Σ weight × score / Σ weights', () => {
    // 0.4·90 + 0.1·100 + 0.2·80 + 0.1·70 + 0.1·60 + 0.1·95 = 36 + 10 + 16 + 7 + 6 + 9.5 = 84.5; Σw = 1
    expect(compositeScore(90, { self: 100, leader: 80, department: 70, peer: 60, public: 95 }, weights)).toBe(84.5);
  });

  it('raters without a rating drop out and the weights left are redistributed', () => {
    // (0.4·90 + 0.1·100 + 0.2·80) / (0.4 + 0.1 + 0.2) = 62 / 0.7 = 88.5714… → 88.57
    expect(compositeScore(90, { self: 100, leader: 80 }, weights)).toBe(88.57);
    // only computed left: 0.4·90 / 0.4 = 90
    expect(compositeScore(90, {}, weights)).toBe(90);
  });

  it('weights of the raters used summing to 0 → the computed score', () => {
    expect(compositeScore(91.25, {}, W({ self: 1 }))).toBe(91.25);
    expect(compositeScore(91.25, { peer: 40 }, W({ self: 1 }))).toBe(91.25); // peer's weight is 0
  });

  it('the default weights (computed 1, the rest 0) give v1 scores whatever the ratings', () => {
    expect(compositeScore(87.33, { self: 100, leader: 100 }, W({ computed: 1 }))).toBe(87.33);
  });

  it('a rater with weight and no computed weight: the rating alone', () => {
    expect(compositeScore(50, { leader: 96 }, W({ leader: 3 }))).toBe(96);
  });

  it('two decimals, half up: (90.01 + 90) / 2 = 90.005 → 90.01; weights 0.3/0.7 without float drift', () => {
    expect(compositeScore(90.01, { self: 90 }, W({ computed: 1, self: 1 }))).toBe(90.01);
    // 0.3·95 + 0.7·85 = 28.5 + 59.5 = 88 exactly
    expect(compositeScore(95, { leader: 85 }, W({ computed: 0.3, leader: 0.7 }))).toBe(88);
    // (1·100 + 2·0) / 3 = 33.333… → 33.33
    expect(compositeScore(100, { public: 0 }, W({ computed: 1, public: 2 }))).toBe(33.33);
  });
});

const rating = (id: string, local: string, rater: RatingRecorded['rater'], score: number, period = '2026', staffId = 's1') =>
  stored<RatingRecorded>({ id, type: 'rating.recorded', occurredAt: iso(local), staffId, period, rater, score }, 'admin');

describe('latestRatings', () => {
  it('the latest rating of each rater for the period counts; other periods and staff are ignored', () => {
    const r = latestRatings(
      [
        rating('r2', '2027-01-05 10:00', 'leader', 88),
        rating('r1', '2027-01-04 10:00', 'leader', 70),
        rating('r3', '2027-01-04 11:00', 'self', 99),
        rating('q', '2027-01-06 11:00', 'self', 10, '2026-Q4'),
        rating('x', '2027-01-06 11:00', 'peer', 10, '2026', 's2'),
      ],
      's1',
      '2026',
    );
    expect(r).toEqual({ leader: 88, self: 99 });
  });

  it('same instant: the larger event id wins, whatever the order given', () => {
    const a = rating('ra', '2027-01-05 10:00', 'peer', 60);
    const b = rating('rb', '2027-01-05 10:00', 'peer', 80);
    expect(latestRatings([a, b], 's1', '2026')).toEqual({ peer: 80 });
    expect(latestRatings([b, a], 's1', '2026')).toEqual({ peer: 80 });
  });
});

const voidOf = (id: string, eventId: string, local = '2027-01-10 10:00') =>
  stored<EventVoided>({ id, type: 'event.voided', occurredAt: iso(local), source: 'admin', eventId, reason: '误录' }, 'admin');

describe('latestRatings and voids (CONTRACT.md §11)', () => {
  it('a voided rating does not count: the rater falls back to its latest rating not voided, or drops out', () => {
    const events = [rating('r1', '2027-01-04 10:00', 'leader', 70), rating('r2', '2027-01-05 10:00', 'leader', 88), rating('r3', '2027-01-04 11:00', 'self', 99)];
    expect(latestRatings([...events, voidOf('v2', 'r2')], 's1', '2026')).toEqual({ leader: 70, self: 99 });
    expect(latestRatings([voidOf('v3', 'r3'), ...events], 's1', '2026')).toEqual({ leader: 88 });
  });
});

describe('ratingsByStaff (a period partition of every staff member)', () => {
  it('groups by staff member, applies voids across the partition, and equals latestRatings per staff member', () => {
    const events = [
      rating('a1', '2027-01-04 10:00', 'leader', 70),
      rating('a2', '2027-01-05 10:00', 'leader', 88),
      rating('b1', '2027-01-04 10:00', 'peer', 60, '2026', 's2'),
      rating('c1', '2027-01-04 10:00', 'self', 50, '2026', 's3'),
      voidOf('v1', 'a2'),
      voidOf('v2', 'c1'),
    ];
    const byStaff = ratingsByStaff(events, '2026');
    expect(byStaff).toEqual(
      new Map([
        ['s1', { leader: 70 }],
        ['s2', { peer: 60 }],
      ]),
    );
    for (const staffId of ['s1', 's2']) expect(byStaff.get(staffId)).toEqual(latestRatings(events, staffId, '2026'));
  });
});
