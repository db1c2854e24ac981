/** The efficiency part of the fold is order- and repeat-insensitive (CONTRACT.md §10). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/events.js';
import { foldStaffMonth } from '../../shared/domain/scoring.js';
import { caseAccepted, caseCompleted, caseResumed, caseSuspended, monthInput, review, ticket } from '../helpers/fixtures.js';

const events: StoredEvent[] = [
  caseAccepted('a1', 'C1', '2026-10-12 09:00', { kind: 'promised', workdays: 3 }),
  caseSuspended('s1', 'C1', '2026-10-13 09:00'),
  caseResumed('r1', 'C1', '2026-10-14 15:00'),
  caseSuspended('s2', 'C1', '2026-10-15 11:00'),
  caseResumed('r2', 'C1', '2026-10-16 13:00'),
  caseCompleted('d1', 'C1', '2026-10-19 10:00'),
  caseCompleted('d1b', 'C1', '2026-10-21 10:00', { result: 'rejected' }),
  caseAccepted('a2', 'C2', '2026-10-20 09:00'),
  caseCompleted('d2', 'C2', '2026-10-21 00:00:01'),
  caseAccepted('a3', 'C3', '2026-10-22 09:00', { kind: 'promised', workdays: 1 }),
  caseAccepted('a4', 'C4', '2026-10-29 09:00', { kind: 'promised', workdays: 5 }),
  caseCompleted('d4', 'C4', '2026-10-30 09:00', { result: 'withdrawn' }),
  review('e1', 'C1', 2, '2026-10-19 10:05'),
  ticket('q1', '2026-10-12 09:00', '2026-10-12 09:45', '2026-10-12 09:50'),
  ticket('q2', '2026-10-12 09:00', undefined, undefined, { outcome: 'no-show' }),
];
const closedDays = new Set(['2026-10-23', '2026-10-26']);

describe('cases and tickets in the fold', () => {
  it('any order and 1–3 copies of each event give the same sheet', () => {
    const reference = foldStaffMonth(monthInput({ events, closedDays }));
    expect(reference.cases).toEqual({ accepted: 4, completed: 3, due: 3, onTime: 1, overdue: 2, pending: 0, participationRate: 1 / 3 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length }), fc.infiniteStream(fc.integer()), (copies, noise) => {
        const all = events.flatMap((e, i) => Array.from({ length: copies[i]! }, () => e));
        const order = all.map((e) => ({ e, k: noise.next().value })).sort((a, b) => a.k - b.k).map((x) => x.e);
        expect(foldStaffMonth(monthInput({ events: order, closedDays }))).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});
