/**
 * The monthly sheet is a pure fold: the same set of events, in any order and with any repeats of
 * one (source, id), gives a deep-equal sheet; and its items always add up to its score.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/events.js';
import { DEFAULT_RULES } from '../../shared/domain/rules.js';
import { foldStaffMonth } from '../../shared/domain/scoring.js';
import { daysOfMonth, localParts } from '../../shared/domain/time.js';
import type { StaffMonthInput } from '../../shared/domain/types.js';
import {
  annul,
  at,
  commendation,
  complaint,
  criticism,
  inspection,
  itemsTotal,
  leave,
  monthInput,
  punch,
  resolution,
  review,
  TZ,
} from '../helpers/fixtures.js';

const local = (ms: number): string => {
  const p = localParts(ms, TZ);
  return `${p.date} ${p.time}`;
};

// Any time from late September to early November (events of neighbouring months must be ignored or joined).
const T0 = at('2026-09-25 00:00');
const anyTime = fc.integer({ min: 0, max: 42 * 86_400 }).map((s) => local(T0 + s * 1000));
// Punch times cluster around the deadlines of the 09:00–12:00 / 13:30–17:30 shift.
const KEY_MINUTES = [8 * 60 + 50, 9 * 60, 9 * 60 + 30, 11 * 60 + 30, 12 * 60, 12 * 60 + 45, 13 * 60 + 20, 13 * 60 + 30, 14 * 60, 17 * 60, 17 * 60 + 30];
const punchTime = fc
  .record({ day: fc.integer({ min: 8, max: 31 }), key: fc.constantFrom(...KEY_MINUTES), delta: fc.integer({ min: -400, max: 400 }) })
  .map(({ day, key, delta }) => local(at(`2026-10-${String(day).padStart(2, '0')} 00:00`) + (key * 60 + delta) * 1000));

const caseId = fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5');
const staffId = fc.constantFrom('s1', 's1', 's1', 's2');
const source = fc.constantFrom('src-a', 'src-b');

type Build = (id: string, src: string) => StoredEvent;
const builder: fc.Arbitrary<Build> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(punchTime, staffId).map(([t, s]): Build => (id, src) => punch(id, t, { source: src, staffId: s })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyTime, fc.integer({ min: 1, max: 40 }))
      .map(([t, hours]): Build => (id, src) => leave(id, t, local(at(t) + hours * 3_600_000), { source: src })),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(caseId, fc.integer({ min: 1, max: 5 }), anyTime, staffId)
      .map(([c, level, t, s]): Build => (id, src) => review(id, c, level, t, { source: src, staffId: s })),
  },
  { weight: 1, arbitrary: fc.tuple(caseId, anyTime).map(([c, t]): Build => (id, src) => annul(id, c, t, { source: src })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(caseId, anyTime, fc.constantFrom('attitude', 'integrity', 'efficiency') as fc.Arbitrary<'attitude' | 'integrity' | 'efficiency'>, staffId)
      .map(([c, t, category, s]): Build => (id, src) => complaint(id, c, t, { source: src, category, staffId: s })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(caseId, anyTime, fc.boolean(), fc.boolean())
      .map(([c, t, sub, serious]): Build => (id, src) =>
        resolution(id, c, t, { source: src, verdict: sub ? 'substantiated' : 'unsubstantiated', severity: serious ? 'serious' : 'minor' }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyTime, fc.constantFrom('absent-from-post', 'dress', 'phone') as fc.Arbitrary<'absent-from-post' | 'dress' | 'phone'>, staffId)
      .map(([t, it, s]): Build => (id, src) => inspection(id, t, { source: src, item: it, staffId: s })),
  },
  { weight: 1, arbitrary: fc.tuple(anyTime, staffId).map(([t, s]): Build => (id, src) => criticism(id, t, { source: src, staffId: s })) },
  { weight: 2, arbitrary: fc.tuple(anyTime, staffId).map(([t, s]): Build => (id, src) => commendation(id, t, { source: src, staffId: s })) },
);

/**
 * A set of stored events. Ids come from a small pool, so some (source, id) pairs collide with
 * different contents too: the fold must pick one of those independently of order as well.
 */
const eventSet = fc
  .array(fc.tuple(builder, fc.integer({ min: 0, max: 60 }), source), { minLength: 0, maxLength: 60, size: 'max' })
  .map((specs) => specs.map(([build, n, src]) => build(`e${n}`, src)));

/** The same events shuffled, with exact copies of some of them mixed in. */
const reordered = (events: StoredEvent[]) =>
  fc
    .tuple(
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.array(fc.nat(), { maxLength: 20 }),
    )
    .map(([shuffled, dupIdx, posIdx]) => {
      const out = [...shuffled];
      if (events.length === 0) return out;
      dupIdx.forEach((d, k) => {
        const copy = structuredClone(events[d % events.length]!);
        out.splice((posIdx[k] ?? 0) % (out.length + 1), 0, copy);
      });
      return out;
    });

const input = (events: StoredEvent[], rules = DEFAULT_RULES): StaffMonthInput =>
  monthInput({ events, closedDays: new Set(daysOfMonth('2026-10')), rules });

describe('foldStaffMonth is a pure fold', () => {
  it('any order, any repeats → a deep-equal sheet', () => {
    fc.assert(
      fc.property(
        eventSet.chain((events) => fc.tuple(fc.constant(events), reordered(events))),
        ([events, other]) => {
          expect(foldStaffMonth(input(other))).toEqual(foldStaffMonth(input(events)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a lower cap and lower satisfaction threshold still give order-independent sheets', () => {
    const rules = {
      ...DEFAULT_RULES,
      bonusCapPerMonth: 3,
      satisfactionBonus: { minEvaluations: 1, minRate: 0.5, points: 1.5 },
    };
    fc.assert(
      fc.property(
        eventSet.chain((events) => fc.tuple(fc.constant(events), reordered(events))),
        ([events, other]) => {
          expect(foldStaffMonth(input(other, rules))).toEqual(foldStaffMonth(input(events, rules)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('items add up to the score (before the floor), bonuses stay within the cap, items are sorted', () => {
    const rules = { ...DEFAULT_RULES, satisfactionBonus: { minEvaluations: 1, minRate: 0.5, points: 1 } };
    fc.assert(
      fc.property(eventSet, (events) => {
        const s = foldStaffMonth(input(events, rules));
        const total = itemsTotal(s.items);
        expect(s.score).toBe(Math.max(rules.floor, Math.round((rules.base + total) * 100) / 100));
        const bonus = itemsTotal(s.items.filter((i) => i.code === 'commendation' || i.code === 'satisfaction-bonus'));
        expect(bonus).toBeLessThanOrEqual(rules.bonusCapPerMonth);
        expect(s.items.every((i) => i.at !== undefined && i.at.startsWith('2026-10-'))).toBe(true);
        const times = s.items.map((i) => Date.parse(i.at!));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        const b = s.evaluations.byLevel;
        expect(b['1'] + b['2'] + b['3'] + b['4'] + b['5']).toBe(s.evaluations.count);
        expect(s.grade === 'fail' || !s.veto).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
