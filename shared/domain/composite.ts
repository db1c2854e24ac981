/**
 * Composite ratings (综合评价, CONTRACT.md §12): a quarter's or year's score combines the computed score
 * (mean of active months) with the ratings of self, leader, department, peers and the public.
 */
import type { RatingRecorded, StoredEvent } from './events.js';
import type { CompositeWeights } from './rules.js';
import { unvoided } from './voiding.js';

export const RATERS = ['self', 'leader', 'department', 'peer', 'public'] as const;
export type Rater = (typeof RATERS)[number];
export type Ratings = Partial<Record<Rater, number>>;

/**
 * Σ weight × score over `computed` and the raters that have a rating, ÷ the sum of those weights; a
 * rater without a rating drops out (its weight is redistributed); if the weights used sum to 0, the
 * computed score. Two decimals, half up.
 */
export function compositeScore(computed: number, ratings: Ratings, weights: CompositeWeights): number {
  let num = weights.computed * Math.round(computed * 100);
  let den = weights.computed;
  for (const r of RATERS) {
    const score = ratings[r];
    if (score === undefined) continue;
    num += weights[r] * Math.round(score * 100);
    den += weights[r];
  }
  if (den <= 0) return computed;
  // Weights like 0.3/0.7 leave float dust (8799.999…): settle it at 1e-6 of a cent before rounding half up.
  const cents = Math.round(Math.round((num / den) * 1e6) / 1e6);
  return cents / 100 + 0;
}

/**
 * The ratings that count for a staff member and period: per rater the latest (occurredAt, then the
 * larger event id, so the choice does not depend on input order) of those not voided (CONTRACT.md §11:
 * a void takes back any event; the voids sit in the same partition as the ratings they void).
 */
export function latestRatings(events: readonly StoredEvent[], staffId: string, period: string): Ratings {
  const best = new Map<Rater, StoredEvent<RatingRecorded>>();
  for (const s of unvoided(events)) {
    const e = s.event;
    if (e.type !== 'rating.recorded' || e.staffId !== staffId || e.period !== period) continue;
    const prev = best.get(e.rater);
    if (!prev || s.at > prev.at || (s.at === prev.at && e.id > prev.event.id)) best.set(e.rater, s as StoredEvent<RatingRecorded>);
  }
  const out: Ratings = {};
  for (const r of RATERS) {
    const s = best.get(r);
    if (s) out[r] = s.event.score;
  }
  return out;
}

/**
 * The ratings that count per staff member, from one partition holding every staff member's ratings of
 * the period and the voids of them (lists: keys.periodRatings). Voids apply across the whole partition
 * before grouping, since a void names an event, not a staff member. Staff without a rating are absent.
 */
export function ratingsByStaff(events: readonly StoredEvent[], period: string): Map<string, Ratings> {
  const byStaff = new Map<string, StoredEvent[]>();
  for (const s of unvoided(events)) {
    if (s.event.type !== 'rating.recorded') continue;
    const list = byStaff.get(s.event.staffId) ?? [];
    list.push(s);
    byStaff.set(s.event.staffId, list);
  }
  return new Map([...byStaff].map(([staffId, list]) => [staffId, latestRatings(list, staffId, period)]));
}
