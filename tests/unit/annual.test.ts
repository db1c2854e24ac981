/**
 * The year (CONTRACT.md §12): the excellent quota at its boundary, a year with a vetoed month, exposure
 * by a superior body or the media, composite scores on the year's sheet. Hand-computed.
 */
import { describe, expect, it } from 'vitest';
import { capExcellent, excellentAllowed } from '../../shared/domain/annual.js';
import { foldStaffPeriod } from '../../shared/domain/quarter.js';
import { rankPeriod } from '../../shared/domain/ranking.js';
import { DEFAULT_RULES, RuleSetBody, type RuleSet } from '../../shared/domain/rules.js';
import { foldStaffMonth, summarizeMonth } from '../../shared/domain/scoring.js';
import type { Sheet } from '../../shared/domain/types.js';
import { criticism, evals, makeSheet, makeSummary, monthInput } from '../helpers/fixtures.js';

const YEAR_MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const rulesWith = (body: unknown): RuleSet => ({ ...RuleSetBody.parse(body), version: 3 });

describe('excellentAllowed: at most quota × ranked, rounded down', () => {
  it.each([
    [20, 0.15, 3],
    [19, 0.15, 2], // 2.85
    [7, 0.15, 1], // 1.05
    [6, 0.15, 0], // 0.9
    [100, 0.29, 29], // 0.29 × 100 is 28.999999999999996 in floating point
    [10, 0.3, 3],
    [0, 0.15, 0],
    [5, 1, 5],
  ])('%i ranked, quota %d → %i', (n, q, allowed) => {
    expect(excellentAllowed(n, q)).toBe(allowed);
  });
});

describe('capExcellent: the year quota in rank order', () => {
  const windows = [{ id: 'w1', hallId: 'main' }, { id: 'w2', hallId: 'main' }, { id: 'x1', hallId: 'east' }];
  /** 20 staff of hall main: five with an excellent score, two of them tied at 96 (satisfaction decides). */
  const hall = (): Sheet[] => {
    const sheets: Sheet[] = [
      makeSheet({ period: '2026', staffId: 'a', score: 99, grade: 'excellent' }),
      makeSheet({ period: '2026', staffId: 'b', score: 97.5, grade: 'excellent' }),
      makeSheet({ period: '2026', staffId: 'c', score: 96, grade: 'excellent', evaluations: evals({ 5: 9, 2: 1 }) }), // 90 %
      makeSheet({ period: '2026', staffId: 'd', score: 96, grade: 'excellent', evaluations: evals({ 5: 10 }) }), // 100 %
      makeSheet({ period: '2026', staffId: 'e', score: 95, grade: 'excellent', windowId: 'w2' }),
    ];
    for (let i = 0; i < 15; i++) {
      sheets.push(makeSheet({ period: '2026', staffId: `z${String(i).padStart(2, '0')}`, score: 80, grade: 'pass', windowId: i % 2 ? 'w1' : 'w2' }));
    }
    return sheets.map((s) => ({ ...s, gradeCapped: false }));
  };

  it('20 ranked × 0.15 = 3 keep 优秀 (ranks 1–3; the 96 tie goes to the higher satisfaction rate); the others become good with gradeCapped', () => {
    const sheets = hall();
    const ranking = rankPeriod({ period: '2026', sheets, windows, hallId: 'main' });
    expect(ranking.staff.slice(0, 5).map((s) => s.staffId)).toEqual(['a', 'b', 'd', 'c', 'e']);
    const capped = new Map(capExcellent(sheets, [ranking], 0.15).map((s) => [s.staffId, s]));
    expect(['a', 'b', 'd'].map((id) => [capped.get(id)!.grade, capped.get(id)!.gradeCapped])).toEqual([
      ['excellent', false],
      ['excellent', false],
      ['excellent', false],
    ]);
    expect(['c', 'e'].map((id) => [capped.get(id)!.grade, capped.get(id)!.gradeCapped])).toEqual([
      ['good', true],
      ['good', true],
    ]);
    // Everyone else is untouched; the score never changes.
    expect(capped.get('z00')).toMatchObject({ grade: 'pass', gradeCapped: false, score: 80 });
    expect(capped.get('c')!.score).toBe(96);
  });

  it('one ranked staff member fewer (19 × 0.15 = 2.85 → 2): rank 3 is capped too', () => {
    const sheets = hall().filter((s) => s.staffId !== 'z14');
    const ranking = rankPeriod({ period: '2026', sheets, windows, hallId: 'main' });
    const capped = capExcellent(sheets, [ranking], 0.15);
    expect(capped.filter((s) => s.grade === 'excellent').map((s) => s.staffId).sort()).toEqual(['a', 'b']);
    expect(capped.filter((s) => s.gradeCapped).map((s) => s.staffId).sort()).toEqual(['c', 'd', 'e']);
  });

  it('vetoed staff count among the ranked (they take no excellent place); a vetoed top scorer stays fail', () => {
    const sheets = hall();
    sheets[0] = { ...sheets[0]!, grade: 'fail', veto: true }; // a: 99 but vetoed, ranked first
    const ranking = rankPeriod({ period: '2026', sheets, windows, hallId: 'main' });
    expect(ranking.staff).toHaveLength(20);
    const capped = new Map(capExcellent(sheets, [ranking], 0.15).map((s) => [s.staffId, s]));
    expect(capped.get('a')).toMatchObject({ grade: 'fail', gradeCapped: false });
    expect(['b', 'd', 'c'].map((id) => capped.get(id)!.grade)).toEqual(['excellent', 'excellent', 'excellent']);
    expect(capped.get('e')).toMatchObject({ grade: 'good', gradeCapped: true });
  });

  it('each hall has its own quota', () => {
    const sheets = [
      ...hall(),
      makeSheet({ period: '2026', staffId: 'x', windowId: 'x1', score: 100, gradeCapped: false }),
    ];
    const rankings = ['main', 'east'].map((hallId) => rankPeriod({ period: '2026', sheets, windows, hallId }));
    const capped = new Map(capExcellent(sheets, rankings, 0.15).map((s) => [s.staffId, s]));
    // east: 1 ranked × 0.15 → 0 keep excellent
    expect(capped.get('x')).toMatchObject({ grade: 'good', gradeCapped: true });
    expect(capped.get('d')!.grade).toBe('excellent');
  });
});

describe('the year sheet', () => {
  const months = (scores: number[], extra: (i: number) => Partial<Sheet> = () => ({})) =>
    scores.map((score, i) => ({ sheet: makeSheet({ period: YEAR_MONTHS[i]!, score, ...extra(i) }), active: true }));

  it('score = mean of the active months; computedScore; gradeCapped false until the quota says otherwise', () => {
    const y = foldStaffPeriod({
      period: '2026',
      months: months([100, 100, 100, 100, 100, 100, 90, 90, 90, 90, 90, 91]),
      history: [],
      rules: DEFAULT_RULES,
      status: 'closed',
      version: 1,
      afterClose: [],
    });
    // (6·100 + 5·90 + 91) / 12 = 1141 / 12 = 95.0833… → 95.08
    expect(y).toMatchObject({ period: '2026', score: 95.08, computedScore: 95.08, ratings: {}, grade: 'excellent', gradeCapped: false });
    expect(y.returnReasons).toEqual([]);
  });

  it('a vetoed month fails the year (whatever the mean) and recommends return: annual-fail', () => {
    const y = foldStaffPeriod({
      period: '2026',
      months: months([100, 100, 100, 100, 100, 97, 100, 100, 100, 100, 100, 100], (i) => (i === 5 ? { veto: true, grade: 'fail' } : {})),
      history: [],
      rules: DEFAULT_RULES,
      status: 'closed',
      version: 1,
      afterClose: [],
    });
    // 1197 / 12 = 99.75
    expect(y).toMatchObject({ score: 99.75, veto: true, grade: 'fail', returnRecommended: true, returnReasons: ['annual-fail'] });
  });

  it('a fail by score alone is annual-fail too; a pass is not', () => {
    const fail = foldStaffPeriod({ period: '2026', months: months(Array(12).fill(69.99)), history: [], rules: DEFAULT_RULES, status: 'closed', version: 1, afterClose: [] });
    expect(fail).toMatchObject({ grade: 'fail', returnReasons: ['annual-fail'] });
    const pass = foldStaffPeriod({ period: '2026', months: months(Array(12).fill(70)), history: [], rules: DEFAULT_RULES, status: 'closed', version: 1, afterClose: [] });
    expect(pass).toMatchObject({ grade: 'pass', returnReasons: [], returnRecommended: false });
  });

  it('composite: the year weights and ratings give the score and the grade; computedScore keeps the months’ mean', () => {
    const rules = rulesWith({ composite: { year: { computed: 0.6, self: 0.1, leader: 0.3 } } });
    const y = foldStaffPeriod({
      period: '2026',
      months: months(Array(12).fill(96)),
      history: [],
      rules,
      ratings: { leader: 80, peer: 100 },
      status: 'closed',
      version: 1,
      afterClose: [],
    });
    // self has no rating and drops out; peer has weight 0: (0.6·96 + 0.3·80) / 0.9 = 81.6 / 0.9 = 90.666… → 90.67
    expect(y).toMatchObject({ score: 90.67, computedScore: 96, ratings: { leader: 80, peer: 100 }, grade: 'good' });
  });

  it('a quarter uses composite.quarter, a half year takes no composite (no ratings, no computedScore)', () => {
    const rules = rulesWith({ composite: { quarter: { computed: 1, department: 1 }, year: { computed: 0, self: 1 } } });
    const q = foldStaffPeriod({
      period: '2026-Q4',
      months: [10, 11, 12].map((m) => ({ sheet: makeSheet({ period: `2026-${m}`, score: 90 }), active: true })),
      history: [],
      rules,
      ratings: { department: 80, self: 10 },
      status: 'open',
      version: 0,
      afterClose: [],
    });
    expect(q).toMatchObject({ score: 85, computedScore: 90, ratings: { department: 80, self: 10 } });
    const h = foldStaffPeriod({
      period: '2026-H2',
      months: [7, 8, 9, 10, 11, 12].map((m) => ({ sheet: makeSheet({ period: `2026-${String(m).padStart(2, '0')}`, score: m === 12 ? 96 : 90 }), active: true })),
      history: [],
      rules,
      ratings: { department: 0 },
      status: 'open',
      version: 0,
      afterClose: [],
    });
    expect(h.score).toBe(91);
    expect(h).not.toHaveProperty('computedScore');
    expect(h).not.toHaveProperty('ratings');
    expect(h).not.toHaveProperty('gradeCapped');
  });
});

describe('exposure (被上级机关或媒体通报、曝光)', () => {
  it('one superior or media criticism alone recommends return for its month (reason exposure); a hall one does not', () => {
    const media = foldStaffMonth(monthInput({ events: [criticism('c1', '2026-10-12 10:00', { kind: 'media', note: '电视台暗访曝光' })] }));
    expect(media).toMatchObject({ returnRecommended: true, returnReasons: ['exposure'] });
    expect(media.items[0]).toMatchObject({ code: 'criticism', points: -5, kind: 'media' });
    const superior = foldStaffMonth(monthInput({ events: [criticism('c1', '2026-10-12 10:00', { kind: 'superior' })] }));
    expect(superior.returnReasons).toEqual(['exposure']);
    const hall = foldStaffMonth(monthInput({ events: [criticism('c1', '2026-10-12 10:00', { kind: 'hall' })] }));
    expect(hall).toMatchObject({ returnRecommended: false, returnReasons: [] });
    expect(hall.items[0]).not.toHaveProperty('kind');
    // A second criticism of any kind also makes the criticisms count.
    const two = foldStaffMonth(
      monthInput({ events: [criticism('c1', '2026-10-12 10:00'), criticism('c2', '2026-10-13 10:00', { kind: 'superior' })] }),
    );
    expect(two.returnReasons).toEqual(['criticisms', 'exposure']);
  });

  it('every later period whose 12-month window holds it: months (from history), quarters, half years, the year', () => {
    const oct = foldStaffMonth(monthInput({ events: [criticism('c1', '2026-10-12 10:00', { kind: 'media' })] }));
    const summary = summarizeMonth(oct, true);
    expect(summary.exposures).toBe(1);
    // 2027-09: the window 2026-10..2027-09 holds it; 2027-10 does not.
    expect(foldStaffMonth(monthInput({ period: '2027-09', history: [summary] })).returnReasons).toEqual(['exposure']);
    expect(foldStaffMonth(monthInput({ period: '2027-10', history: [summary] })).returnReasons).toEqual([]);

    const quiet = (m: string) => ({ sheet: makeSheet({ period: m, score: 100 }), active: true });
    const h1 = foldStaffPeriod({
      period: '2027-H1',
      months: ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'].map(quiet),
      history: [summary, makeSummary('2026-11')],
      rules: DEFAULT_RULES,
      status: 'open',
      version: 0,
      afterClose: [],
    });
    expect(h1.returnReasons).toEqual(['exposure']);
    const year = foldStaffPeriod({
      period: '2026',
      months: YEAR_MONTHS.map((m) => (m === '2026-10' ? { sheet: oct, active: true } : quiet(m))),
      history: [],
      rules: DEFAULT_RULES,
      status: 'closed',
      version: 1,
      afterClose: [],
    });
    // (11·100 + 95) / 12 = 99.58: excellent, and still returned
    expect(year).toMatchObject({ score: 99.58, grade: 'excellent', returnRecommended: true, returnReasons: ['exposure'] });
    const y2027 = foldStaffPeriod({
      period: '2027',
      months: YEAR_MONTHS.map((m) => quiet(m.replace('2026', '2027'))),
      history: [summary],
      rules: DEFAULT_RULES,
      status: 'open',
      version: 0,
      afterClose: [],
    });
    expect(y2027.returnReasons).toEqual([]); // 2027's window is 2027-01..12
  });
});
