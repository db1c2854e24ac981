import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/events.js';
import { gradeOf } from '../../shared/domain/grade.js';
import { DEFAULT_RULES } from '../../shared/domain/rules.js';
import { foldStaffMonth, summarizeMonth } from '../../shared/domain/scoring.js';
import {
  annul,
  at,
  commendation,
  complaint,
  criticism,
  inspection,
  iso,
  item,
  itemsTotal,
  leave,
  makeRules,
  makeStaff,
  makeSummary,
  monthInput,
  onTimeDay,
  punch,
  resolution,
  review,
} from '../helpers/fixtures.js';

const DAY = '2026-10-12'; // a Monday, a working day
const closed = new Set([DAY]);
const fold = (events: StoredEvent[], extra: Parameters<typeof monthInput>[0] = {}) => foldStaffMonth(monthInput({ events, ...extra }));
/** Fold one closed working day's punches. */
const day = (times: string[]) =>
  fold(
    times.map((t, i) => punch(`p${i}`, `${DAY} ${t}`)),
    { closedDays: closed },
  );

describe('foldStaffMonth: a month with nothing in it', () => {
  it('scores base 100, excellent, and copies master data and bookkeeping', () => {
    const s = foldStaffMonth(
      monthInput({
        staff: makeStaff({ id: 's9', name: '李四', departmentId: 'tax', windowId: 'w7' }),
        rules: { ...DEFAULT_RULES, version: 4 },
        status: 'closed',
        version: 3,
        afterClose: ['late-1', 'late-2'],
      }),
    );
    expect(s).toMatchObject({
      period: '2026-10',
      staffId: 's9',
      name: '李四',
      departmentId: 'tax',
      windowId: 'w7',
      ruleVersion: 4,
      status: 'closed',
      version: 3,
      score: 100,
      grade: 'excellent',
      veto: false,
      returnRecommended: false,
      returnReasons: [],
      items: [],
      evaluations: { count: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, satisfactionRate: null },
      complaints: { filed: 0, substantiated: 0, unsubstantiated: 0, pending: 0 },
      afterClose: ['late-1', 'late-2'],
    });
    // October 2026: 1–7 National Day, 10th a make-up Saturday → 18 working days of two sessions.
    expect(s.attendance).toEqual({ workdays: 18, sessions: 36, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 });
  });
});

describe('foldStaffMonth: attendance rows (delegated to attendanceForMonth, closed days only)', () => {
  it('an on-time day gives nothing; arrival exactly at start − arriveEarlyMinutes is not late', () => {
    const s = day(['08:50', '12:00', '13:20', '17:30']);
    expect(s.items).toEqual([]);
    expect(s.score).toBe(100);
  });

  it('late: arrival after start − arriveEarlyMinutes → −1', () => {
    const s = day(['08:50:01', '12:00', '13:15', '17:30']);
    expect(s.items.map((i) => [i.code, i.points, i.at, i.refs])).toEqual([['late', -1, iso(`${DAY} 08:50:01`), ['p0']]]);
    expect(s.attendance.late).toBe(1);
    expect(s.score).toBe(99);
  });

  it('early-leave: departure before end → −1', () => {
    const s = day(['08:45', '12:00', '13:15', '17:29']);
    expect(s.items.map((i) => [i.code, i.points, i.refs])).toEqual([['early-leave', -1, ['p3']]]);
    expect(s.attendance.earlyLeave).toBe(1);
    expect(s.score).toBe(99);
  });

  it('missing-punch: one of the two punches missing → −1', () => {
    const s = day(['08:45', '13:15', '17:30']);
    expect(s.items.map((i) => [i.code, i.points])).toEqual([['missing-punch', -1]]);
    expect(s.attendance.missingPunch).toBe(1);
    expect(s.score).toBe(99);
  });

  it('absent: no punch in a session → −3 per session; more than 30 min late → absent', () => {
    const s = day(['09:31', '12:00']);
    expect(s.items.map((i) => [i.code, i.points])).toEqual([
      ['absent', -3],
      ['absent', -3],
    ]);
    expect(s.attendance.absent).toBe(2);
    expect(s.score).toBe(94);
  });

  it('a day that is not closed yields no attendance item', () => {
    const s = fold([punch('p1', `${DAY} 09:05`)]);
    expect(s.items).toEqual([]);
  });

  it('a leave covering a session excuses it; punches of other months are ignored', () => {
    const s = fold(
      [
        leave('l1', `${DAY} 08:00`, `${DAY} 12:30`),
        punch('p1', `${DAY} 13:15`),
        punch('p2', `${DAY} 17:30`),
        punch('old', '2026-09-30 09:05'),
      ],
      { closedDays: closed },
    );
    expect(s.items).toEqual([]);
    expect(s.attendance.excused).toBe(1);
  });
});

describe('foldStaffMonth: reviews', () => {
  it('level 2 → −1, level 1 → −2, levels 3–5 → nothing; counts and rate', () => {
    const s = fold([
      review('r1', 'c1', 1, '2026-10-12 10:00'),
      review('r2', 'c2', 2, '2026-10-12 11:00'),
      review('r3', 'c3', 3, '2026-10-13 10:00'),
      review('r4', 'c4', 4, '2026-10-13 11:00'),
      review('r5', 'c5', 5, '2026-10-14 10:00'),
    ]);
    expect(s.items.map((i) => [i.code, i.points, i.refs])).toEqual([
      ['bad-review', -2, ['r1']],
      ['bad-review', -1, ['r2']],
    ]);
    expect(s.items[0]!.at).toBe('2026-10-12T10:00:00+08:00');
    expect(s.evaluations).toEqual({ count: 5, byLevel: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 1 }, satisfactionRate: 0.6 });
    expect(s.score).toBe(97);
  });

  it('a review lands in the month of its submission', () => {
    const s = fold([review('r1', 'c1', 1, '2026-09-30 23:59:59'), review('r2', 'c2', 1, '2026-11-01 00:00')]);
    expect(s.evaluations.count).toBe(0);
    expect(s.items).toEqual([]);
  });

  it('one review per case: the earliest submission counts (ties: smaller id)', () => {
    const s = fold([
      review('r-late', 'c1', 5, '2026-10-12 12:00'),
      review('r-early', 'c1', 1, '2026-10-12 10:00'),
      review('b', 'c2', 5, '2026-10-13 10:00'),
      review('a', 'c2', 2, '2026-10-13 10:00'),
    ]);
    expect(s.evaluations.count).toBe(2);
    expect(s.items.map((i) => i.refs[0])).toEqual(['r-early', 'a']);
    expect(s.score).toBe(97);
  });

  it('one review per case across months: the September submission holds the case, an October repeat counts nowhere', () => {
    const s = fold([review('r-sep', 'c1', 5, '2026-09-29 10:00'), review('r-oct', 'c1', 1, '2026-10-12 10:00')]);
    expect(s.evaluations.count).toBe(0);
    expect(s.items).toEqual([]);
  });

  it('an annulment removes the review from items, count, byLevel and rate — whether it comes before or after', () => {
    const after = fold([review('r1', 'c1', 1, '2026-10-12 10:00'), review('r2', 'c2', 5, '2026-10-12 11:00'), annul('x1', 'c1', '2026-10-20 09:00')]);
    const before = fold([annul('x1', 'c1', '2026-10-12 09:00'), review('r1', 'c1', 1, '2026-10-12 10:00'), review('r2', 'c2', 5, '2026-10-12 11:00')]);
    for (const s of [after, before]) {
      expect(s.items).toEqual([]);
      expect(s.evaluations).toEqual({ count: 1, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 }, satisfactionRate: 1 });
      expect(s.score).toBe(100);
    }
    expect(after).toEqual(before);
  });

  it('an annulment in the next month still removes an October review; an annulment of another case does nothing', () => {
    const s = fold([review('r1', 'c1', 2, '2026-10-30 10:00'), annul('x1', 'c1', '2026-11-03 09:00'), annul('x2', 'zz', '2026-10-12 09:00')]);
    expect(s.evaluations.count).toBe(0);
    const t = fold([review('r1', 'c1', 2, '2026-10-30 10:00'), annul('x2', 'zz', '2026-10-12 09:00')]);
    expect(t.items.map((i) => i.code)).toEqual(['bad-review']);
  });
});

describe('foldStaffMonth: satisfaction bonus', () => {
  const reviews = (n: number, level: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => review(`r${i}`, `c${i}`, level(i), `2026-10-${String(8 + (i % 20)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}`));

  it('20 reviews, all satisfied → +1 at the last second of the month', () => {
    const s = fold(reviews(20, () => 5));
    expect(s.items).toEqual([{ code: 'satisfaction-bonus', points: 1, at: '2026-10-31T23:59:59+08:00', refs: [], note: '评价20次，满意20次' }]);
    expect(s.score).toBe(101);
  });

  it('19 reviews → no bonus', () => {
    expect(fold(reviews(19, () => 5)).items).toEqual([]);
  });

  it('rate exactly 99 % earns it; 98 % does not', () => {
    const s99 = fold(reviews(100, (i) => (i === 0 ? 2 : 4)));
    expect(s99.evaluations.satisfactionRate).toBe(0.99);
    expect(s99.items.map((i) => i.code)).toEqual(['bad-review', 'satisfaction-bonus']);
    expect(s99.score).toBe(100);
    const s98 = fold(reviews(100, (i) => (i < 2 ? 2 : 4)));
    expect(s98.items.map((i) => i.code)).toEqual(['bad-review', 'bad-review']);
  });

  it('annulled reviews do not count towards the minimum', () => {
    const s = fold([...reviews(20, () => 5), annul('x', 'c3', '2026-10-20 10:00')]);
    expect(s.evaluations.count).toBe(19);
    expect(s.items).toEqual([]);
  });
});

describe('foldStaffMonth: complaints', () => {
  it('substantiated minor → −3, serious → −10, at the resolution; unsubstantiated → nothing; refs [filed, resolution]', () => {
    const s = fold([
      complaint('f1', 'k1', '2026-10-09 10:00'),
      resolution('v1', 'k1', '2026-10-15 16:00'),
      complaint('f2', 'k2', '2026-10-09 11:00', { category: 'efficiency' }),
      resolution('v2', 'k2', '2026-10-16 16:00', { severity: 'serious' }),
      complaint('f3', 'k3', '2026-10-09 12:00'),
      resolution('v3', 'k3', '2026-10-17 16:00', { verdict: 'unsubstantiated' }),
      complaint('f4', 'k4', '2026-10-09 13:00'),
    ]);
    expect(s.items).toEqual([
      item('complaint', -3, '2026-10-15 16:00', ['f1', 'v1'], { note: '服务态度，一般，投诉编号 k1' }),
      item('complaint', -10, '2026-10-16 16:00', ['f2', 'v2'], { note: '办事效率，严重，投诉编号 k2' }),
    ]);
    expect(s.complaints).toEqual({ filed: 4, substantiated: 2, unsubstantiated: 1, pending: 1 });
    expect(s.score).toBe(87);
    expect(s.veto).toBe(false);
  });

  it('a resolution that comes before the filing (in input order and in time) still takes effect', () => {
    const s = fold([resolution('v1', 'k1', '2026-10-12 09:00'), complaint('f1', 'k1', '2026-10-12 09:30')]);
    expect(s.items).toEqual([item('complaint', -3, '2026-10-12 09:00', ['f1', 'v1'], { note: '服务态度，一般，投诉编号 k1' })]);
    expect(s.complaints).toEqual({ filed: 1, substantiated: 1, unsubstantiated: 0, pending: 0 });
  });

  it('a resolution without its complaint counts for nothing', () => {
    const s = fold([resolution('v1', 'k1', '2026-10-12 09:00')]);
    expect(s.items).toEqual([]);
    expect(s.complaints).toEqual({ filed: 0, substantiated: 0, unsubstantiated: 0, pending: 0 });
  });

  it('filed in September, resolved in October: the points land in October', () => {
    const events = [complaint('f1', 'k1', '2026-09-28 10:00'), resolution('v1', 'k1', '2026-10-09 15:00')];
    const sep = fold(events, { period: '2026-09' });
    expect(sep.items).toEqual([]);
    // Still pending at September's end: a later verdict does not rewrite September.
    expect(sep.complaints).toEqual({ filed: 1, substantiated: 0, unsubstantiated: 0, pending: 1 });
    expect(sep.score).toBe(100);
    expect(fold(events.slice(0, 1), { period: '2026-09' })).toEqual(sep);

    const oct = fold(events);
    expect(oct.items.map((i) => [i.code, i.points, i.at])).toEqual([['complaint', -3, '2026-10-09T15:00:00+08:00']]);
    expect(oct.complaints).toEqual({ filed: 0, substantiated: 1, unsubstantiated: 0, pending: 0 });
    expect(oct.score).toBe(97);
  });

  it('several resolutions: the latest decides (ties: larger id)', () => {
    const s = fold([
      complaint('f1', 'k1', '2026-10-09 10:00'),
      resolution('v1', 'k1', '2026-10-10 10:00'),
      resolution('v2', 'k1', '2026-10-20 10:00', { verdict: 'unsubstantiated' }),
    ]);
    expect(s.items).toEqual([]);
    expect(s.complaints).toMatchObject({ substantiated: 0, unsubstantiated: 1 });
    const t = fold([
      complaint('f1', 'k1', '2026-10-09 10:00'),
      resolution('v9', 'k1', '2026-10-20 10:00', { severity: 'serious' }),
      resolution('v1', 'k1', '2026-10-20 10:00', { verdict: 'unsubstantiated' }),
    ]);
    expect(t.items.map((i) => [i.points, i.refs])).toEqual([[-10, ['f1', 'v9']]]);
  });

  it('a substantiated integrity complaint is a veto: grade fail whatever the score', () => {
    const s = fold([complaint('f1', 'k1', '2026-10-09 10:00', { category: 'integrity' }), resolution('v1', 'k1', '2026-10-12 10:00')]);
    expect(s.score).toBe(97);
    expect(s.veto).toBe(true);
    expect(s.grade).toBe('fail');
    expect(s.items[0]!.note).toBe('廉洁自律，一般，一票否决，投诉编号 k1');
  });

  it('no veto when unsubstantiated, or when the substantiating resolution lies in another month', () => {
    const u = fold([complaint('f1', 'k1', '2026-10-09 10:00', { category: 'integrity' }), resolution('v1', 'k1', '2026-10-12 10:00', { verdict: 'unsubstantiated' })]);
    expect(u.veto).toBe(false);
    const nov = fold([complaint('f1', 'k1', '2026-10-09 10:00', { category: 'integrity' }), resolution('v1', 'k1', '2026-11-02 10:00')]);
    expect(nov.veto).toBe(false);
    expect(nov.grade).toBe('excellent');
  });

  it('veto categories come from the rule set', () => {
    const rules = makeRules({ complaint: { ...DEFAULT_RULES.complaint, vetoCategories: ['attitude'] } });
    const s = fold([complaint('f1', 'k1', '2026-10-09 10:00'), resolution('v1', 'k1', '2026-10-12 10:00')], { rules });
    expect(s.veto).toBe(true);
  });
});

describe('foldStaffMonth: inspections, criticisms, commendations', () => {
  it('inspection finding → −1, absent-from-post → −2; criticism → −5; commendation → +2', () => {
    const s = fold([
      inspection('i1', '2026-10-12 10:00', { item: 'dress' }),
      inspection('i2', '2026-10-12 11:00', { item: 'absent-from-post', note: '离岗25分钟' }),
      criticism('n1', '2026-10-13 10:00', { note: '大厅通报' }),
      commendation('m1', '2026-10-14 10:00', { kind: 'letter' }),
    ]);
    expect(s.items).toEqual([
      item('inspection', -1, '2026-10-12 10:00', ['i1'], { note: '着装不规范' }),
      item('inspection', -2, '2026-10-12 11:00', ['i2'], { note: '脱岗：离岗25分钟' }),
      item('criticism', -5, '2026-10-13 10:00', ['n1'], { note: '大厅通报' }),
      item('commendation', 2, '2026-10-14 10:00', ['m1'], { note: '感谢信' }),
    ]);
    expect(s.score).toBe(94);
    expect(s.grade).toBe('good');
  });

  it('every number comes from the rule set', () => {
    const rules = makeRules({
      inspection: { finding: -0.5, absentFromPost: -4 },
      criticism: -7,
      commendation: 3,
      version: 2,
    });
    const s = fold(
      [inspection('i1', '2026-10-12 10:00'), inspection('i2', '2026-10-12 11:00', { item: 'absent-from-post' }), criticism('n1', '2026-10-13 10:00'), commendation('m1', '2026-10-14 10:00')],
      { rules },
    );
    expect(s.items.map((i) => i.points)).toEqual([-0.5, -4, -7, 3]);
    expect(s.score).toBe(91.5);
    expect(s.ruleVersion).toBe(2);
  });

  it('sums in hundredths: ten −0.1 findings give exactly 99', () => {
    const rules = makeRules({ inspection: { finding: -0.1, absentFromPost: -2 } });
    const s = fold(
      Array.from({ length: 10 }, (_, i) => inspection(`i${i}`, `2026-10-12 10:0${i}`)),
      { rules },
    );
    expect(s.score).toBe(99);
    const t = fold(
      Array.from({ length: 3 }, (_, i) => inspection(`i${i}`, `2026-10-12 10:0${i}`)),
      { rules },
    );
    expect(t.score).toBe(99.7);
  });
});

describe('foldStaffMonth: bonus cap, floor, grades', () => {
  it('3 commendations + satisfaction bonus → +5: the third is cut to +1, the bonus to 0, both keep their place', () => {
    const events = [
      commendation('m1', '2026-10-08 10:00'),
      commendation('m2', '2026-10-15 10:00'),
      commendation('m3', '2026-10-22 10:00'),
      ...Array.from({ length: 20 }, (_, i) => review(`r${i}`, `c${i}`, 5, `2026-10-20 10:${String(i).padStart(2, '0')}`)),
    ];
    const s = fold(events);
    expect(s.items.map((i) => [i.code, i.points, i.refs[0] ?? null])).toEqual([
      ['commendation', 2, 'm1'],
      ['commendation', 2, 'm2'],
      ['commendation', 1, 'm3'],
      ['satisfaction-bonus', 0, null],
    ]);
    expect(s.items[2]!.note).toBe('锦旗；超出每月加分上限+5，计+1（应加+2）');
    expect(s.items[3]!.note).toBe('评价20次，满意20次；超出每月加分上限+5，计0（应加+1）');
    expect(s.items[0]!.note).toBe('锦旗');
    expect(s.score).toBe(105);
    expect(itemsTotal(s.items)).toBe(5);
  });

  it('penalties do not free bonus room: the cap is on bonuses alone', () => {
    const s = fold([
      commendation('m1', '2026-10-08 10:00'),
      commendation('m2', '2026-10-09 10:00'),
      commendation('m3', '2026-10-10 10:00'),
      criticism('n1', '2026-10-11 10:00'),
    ]);
    expect(s.items.map((i) => i.points)).toEqual([2, 2, 1, -5]);
    expect(s.score).toBe(100);
  });

  it('score never falls under the floor; the items still tell the whole story', () => {
    const events = Array.from({ length: 21 }, (_, i) => criticism(`n${i}`, `2026-10-${String(8 + i).padStart(2, '0')} 10:00`));
    const s = fold(events);
    expect(itemsTotal(s.items)).toBe(-105);
    expect(s.score).toBe(0);
    expect(s.grade).toBe('fail');
    expect(fold(events, { rules: makeRules({ floor: 20 }) }).score).toBe(20);
  });

  it('grade thresholds: ≥95 excellent, ≥85 good, ≥70 pass, else fail; veto → fail', () => {
    const g = DEFAULT_RULES.grades;
    expect([95, 94.99, 85, 84.99, 70, 69.99, 0].map((x) => gradeOf(x, false, g))).toEqual(['excellent', 'good', 'good', 'pass', 'pass', 'fail', 'fail']);
    expect(gradeOf(100, true, g)).toBe('fail');
    const s = fold(Array.from({ length: 3 }, (_, i) => criticism(`n${i}`, `2026-10-1${i} 10:00`)));
    expect([s.score, s.grade]).toEqual([85, 'good']);
  });
});

describe('foldStaffMonth: dedupe, ownership, order', () => {
  it('repeats of one (source, id) count once; the same id from two sources is two events', () => {
    const c = criticism('n1', '2026-10-12 10:00');
    const s = fold([c, c, { ...c }, criticism('n1', '2026-10-12 10:00', { source: 'other-admin' })]);
    expect(s.items.map((i) => i.refs)).toEqual([['n1'], ['n1']]);
    expect(s.score).toBe(90);
  });

  it('events naming another staff member are ignored', () => {
    const s = fold([criticism('n1', '2026-10-12 10:00', { staffId: 's2' }), review('r1', 'c1', 1, '2026-10-12 10:00', { staffId: 's2' })]);
    expect(s.items).toEqual([]);
    expect(s.evaluations.count).toBe(0);
  });

  it('items are sorted by time, then code, then refs', () => {
    const s = fold([
      inspection('i2', '2026-10-12 10:00'),
      criticism('n1', '2026-10-12 10:00'),
      inspection('i1', '2026-10-12 10:00'),
      review('r1', 'c1', 1, '2026-10-11 10:00'),
    ]);
    expect(s.items.map((i) => `${i.code}:${i.refs.join(',')}`)).toEqual(['bad-review:r1', 'criticism:n1', 'inspection:i1', 'inspection:i2']);
  });

  it('events of other months are ignored except as the other half of a case', () => {
    const s = fold([
      criticism('n0', '2026-09-30 23:59:59'),
      commendation('m0', '2026-11-01 00:00:00'),
      inspection('i0', '2026-09-15 10:00'),
      criticism('n1', '2026-10-01 00:00:00'),
    ]);
    expect(s.items.map((i) => i.refs[0])).toEqual(['n1']);
  });
});

describe('foldStaffMonth: return recommendation (12 months ending with the period)', () => {
  // A criticism's month is decided by the fold of that month; its summary is what later months see.
  const monthWithCriticism = (local: string) => {
    const period = local.slice(0, 7);
    const s = foldStaffMonth(monthInput({ period, events: [criticism(`n-${period}`, local)] }));
    return summarizeMonth(s, true);
  };

  it('12 months + 1 day before the end of the period does not count; 11 months earlier does', () => {
    const end = at('2026-10-31 23:59:59');
    expect(end - at('2025-10-30 23:59:59')).toBe((365 + 1) * 86_400_000);
    const outside = monthWithCriticism('2025-10-30 23:59:59'); // 2025-10: outside 2025-11..2026-10
    const inside = monthWithCriticism('2025-11-30 10:00'); // 11 months earlier: inside
    expect(outside.criticisms).toBe(1);

    const now = [criticism('n-now', '2026-10-12 10:00')];
    expect(fold(now, { history: [outside] })).toMatchObject({ returnRecommended: false, returnReasons: [] });
    expect(fold(now, { history: [inside] })).toMatchObject({ returnRecommended: true, returnReasons: ['criticisms'] });
  });

  it('two substantiated complaints in the window → complaints; both reasons in order', () => {
    const now = [complaint('f1', 'k1', '2026-10-09 10:00'), resolution('v1', 'k1', '2026-10-12 10:00'), criticism('n1', '2026-10-13 10:00')];
    const history = [makeSummary('2026-03', { substantiatedComplaints: 1, criticisms: 1 })];
    expect(fold(now, { history })).toMatchObject({ returnRecommended: true, returnReasons: ['complaints', 'criticisms'] });
    expect(fold(now.slice(0, 2), { history: [makeSummary('2026-03', { substantiatedComplaints: 1 })] }).returnReasons).toEqual(['complaints']);
  });

  it('two in the month itself are enough; a history entry for the period itself or a later month is ignored', () => {
    const two = [criticism('n1', '2026-10-12 10:00'), criticism('n2', '2026-10-13 10:00')];
    expect(fold(two).returnReasons).toEqual(['criticisms']);
    const history = [makeSummary('2026-10', { criticisms: 5 }), makeSummary('2026-11', { criticisms: 5 })];
    expect(fold([criticism('n1', '2026-10-12 10:00')], { history }).returnRecommended).toBe(false);
  });

  it('the window length comes from the rule set', () => {
    const rules = makeRules({ returnRule: { windowMonths: 3, substantiatedComplaints: 2, criticisms: 2 } });
    const now = [criticism('n1', '2026-10-12 10:00')];
    expect(fold(now, { rules, history: [makeSummary('2026-08', { criticisms: 1 })] }).returnRecommended).toBe(true);
    expect(fold(now, { rules, history: [makeSummary('2026-07', { criticisms: 1 })] }).returnRecommended).toBe(false);
  });
});

describe('summarizeMonth', () => {
  it('takes score, veto, substantiated complaints, criticisms and review counts from the sheet', () => {
    const s = fold([
      criticism('n1', '2026-10-12 10:00'),
      complaint('f1', 'k1', '2026-10-09 10:00', { category: 'integrity' }),
      resolution('v1', 'k1', '2026-10-12 10:00'),
      review('r1', 'c1', 1, '2026-10-12 10:00'),
      review('r2', 'c2', 4, '2026-10-12 10:00'),
      review('r3', 'c3', 3, '2026-10-12 10:00'),
    ]);
    expect(summarizeMonth(s, false)).toEqual({
      period: '2026-10',
      score: 90,
      veto: true,
      active: false,
      substantiatedComplaints: 1,
      criticisms: 1,
      exposures: 0,
      reviews: 3,
      satisfiedReviews: 2,
    });
  });
});

describe('foldStaffMonth: a realistic day', () => {
  it('combines attendance, reviews and an inspection on one closed day', () => {
    const s = fold(
      [
        ...onTimeDay(DAY).filter((p) => !p.event.id.endsWith('-4')), // forgot to punch out at 17:30
        review('r1', 'c1', 2, `${DAY} 10:15`),
        inspection('i1', `${DAY} 15:00`, { item: 'phone' }),
      ],
      { closedDays: closed },
    );
    expect(s.items.map((i) => [i.code, i.points, i.at])).toEqual([
      ['bad-review', -1, iso(`${DAY} 10:15`)],
      ['inspection', -1, iso(`${DAY} 15:00`)],
      ['missing-punch', -1, iso(`${DAY} 17:30`)],
    ]);
    expect(s.score).toBe(97);
  });
});
