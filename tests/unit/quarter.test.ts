import { describe, expect, it } from 'vitest';
import { foldStaffQuarter, type StaffQuarterInput } from '../../shared/domain/quarter.js';
import { DEFAULT_RULES } from '../../shared/domain/rules.js';
import { foldStaffMonth } from '../../shared/domain/scoring.js';
import { complaint, criticism, evals, item, makeSheet, makeSummary, monthInput, resolution, review } from '../helpers/fixtures.js';

const quarter = (overrides: Partial<StaffQuarterInput>): ReturnType<typeof foldStaffQuarter> =>
  foldStaffQuarter({ quarter: '2026-Q4', months: [], history: [], rules: DEFAULT_RULES, status: 'closed', version: 1, afterClose: [], ...overrides });

describe('foldStaffQuarter', () => {
  it('score = mean of the active months (two decimals); an inactive month is left out', () => {
    const q = quarter({
      months: [
        { sheet: makeSheet({ period: '2026-10', score: 100 }), active: true },
        { sheet: makeSheet({ period: '2026-11', score: 40 }), active: false },
        { sheet: makeSheet({ period: '2026-12', score: 91 }), active: true },
      ],
    });
    expect(q.score).toBe(95.5);
    expect(q.grade).toBe('excellent');
    expect(q.period).toBe('2026-Q4');
  });

  it('rounds the mean to two decimals, half up', () => {
    const q = quarter({
      months: [
        { sheet: makeSheet({ period: '2026-10', score: 99.99 }), active: true },
        { sheet: makeSheet({ period: '2026-11', score: 90 }), active: true },
        { sheet: makeSheet({ period: '2026-12', score: 90 }), active: true },
      ],
    });
    expect(q.score).toBe(93.33);
    const r = quarter({
      months: [
        { sheet: makeSheet({ period: '2026-10', score: 90.01 }), active: true },
        { sheet: makeSheet({ period: '2026-11', score: 90 }), active: true },
      ],
    });
    expect(r.score).toBe(90.01); // 90.005 → 90.01
  });

  it('with no active month, the mean of all given months', () => {
    const q = quarter({
      months: [
        { sheet: makeSheet({ period: '2026-10', score: 80 }), active: false },
        { sheet: makeSheet({ period: '2026-11', score: 90 }), active: false },
      ],
    });
    expect(q.score).toBe(85);
  });

  it('a veto in any month (even an inactive one) fails the quarter', () => {
    const q = quarter({
      months: [
        { sheet: makeSheet({ period: '2026-10', score: 100 }), active: true },
        { sheet: makeSheet({ period: '2026-11', score: 97, veto: true, grade: 'fail' }), active: false },
      ],
    });
    expect(q).toMatchObject({ score: 100, veto: true, grade: 'fail' });
  });

  it('merges items in time order, sums counts and pools the satisfaction rate', () => {
    const oct = makeSheet({
      period: '2026-10',
      items: [item('criticism', -5, '2026-10-20 10:00', ['n1'])],
      attendance: { workdays: 18, sessions: 36, late: 1, earlyLeave: 0, missingPunch: 2, absent: 0, excused: 1 },
      evaluations: evals({ 5: 3, 1: 1 }),
      complaints: { filed: 2, substantiated: 1, unsubstantiated: 0, pending: 1 },
    });
    const nov = makeSheet({
      period: '2026-11',
      items: [item('bad-review', -1, '2026-11-02 10:00', ['r1']), item('late', -1, '2026-11-01 09:00', ['p1'])],
      attendance: { workdays: 21, sessions: 42, late: 0, earlyLeave: 1, missingPunch: 0, absent: 1, excused: 0 },
      evaluations: evals({ 4: 5 }),
      complaints: { filed: 0, substantiated: 0, unsubstantiated: 1, pending: 0 },
    });
    const q = quarter({ months: [{ sheet: nov, active: true }, { sheet: oct, active: true }] });
    expect(q.items.map((i) => i.refs[0])).toEqual(['n1', 'p1', 'r1']);
    expect(q.attendance).toEqual({ workdays: 39, sessions: 78, late: 1, earlyLeave: 1, missingPunch: 2, absent: 1, excused: 1 });
    expect(q.evaluations).toEqual({ count: 9, byLevel: { '1': 1, '2': 0, '3': 0, '4': 5, '5': 3 }, satisfactionRate: 8 / 9 });
    expect(q.complaints).toEqual({ filed: 2, substantiated: 1, unsubstantiated: 1, pending: 1 });
  });

  it('takes identity from the latest month, rule version and bookkeeping from the input; ignores months outside the quarter', () => {
    const q = quarter({
      months: [
        { sheet: makeSheet({ period: '2026-10', windowId: 'w1', score: 90 }), active: true },
        { sheet: makeSheet({ period: '2026-12', windowId: 'w2', name: '张三丰', score: 100 }), active: true },
        { sheet: makeSheet({ period: '2027-01', score: 0 }), active: true },
      ],
      rules: { ...DEFAULT_RULES, version: 3 },
      status: 'open',
      version: 2,
      afterClose: ['e1'],
    });
    expect(q).toMatchObject({ windowId: 'w2', name: '张三丰', ruleVersion: 3, status: 'open', version: 2, afterClose: ['e1'], score: 95 });
  });

  it('return rule: 12 months ending with the quarter’s last month; the quarter’s own sheets count', () => {
    const withCriticism = (period: string) =>
      makeSheet({ period, items: [item('criticism', -5, `${period}-15 10:00`, [`n-${period}`])], score: 95 });
    const months = [{ sheet: withCriticism('2026-11'), active: true }];
    // 2026-Q4 ends 2026-12: the window is 2026-01..2026-12.
    expect(quarter({ months, history: [makeSummary('2025-12', { criticisms: 1 })] }).returnRecommended).toBe(false);
    expect(quarter({ months, history: [makeSummary('2026-01', { criticisms: 1 })] })).toMatchObject({
      returnRecommended: true,
      returnReasons: ['criticisms'],
    });
    // A history entry for a month the quarter has a sheet for is superseded by the sheet.
    expect(quarter({ months, history: [makeSummary('2026-11', { criticisms: 1 })] }).returnRecommended).toBe(false);
  });

  it('agrees with the monthly folds it is built from', () => {
    const oct = foldStaffMonth(
      monthInput({ events: [complaint('f1', 'k1', '2026-10-09 10:00', { category: 'integrity' }), resolution('v1', 'k1', '2026-10-12 10:00')] }),
    );
    const nov = foldStaffMonth(
      monthInput({ period: '2026-11', events: [criticism('n1', '2026-11-12 10:00'), review('r1', 'c1', 1, '2026-11-13 10:00')] }),
    );
    const q = quarter({ months: [{ sheet: oct, active: true }, { sheet: nov, active: true }] });
    expect(q.score).toBe(95); // (97 + 93) / 2
    expect(q.veto).toBe(true);
    expect(q.grade).toBe('fail');
    expect(q.items.map((i) => i.code)).toEqual(['complaint', 'criticism', 'bad-review']);
  });

  it('throws without any sheet of the quarter', () => {
    expect(() => quarter({ months: [] })).toThrow(/no monthly sheet/);
  });
});
