/**
 * Due instants (限时办结, CONTRACT.md §10) against hand-computed cases, and the cases block of the
 * monthly sheet. Calendars used (cn-statutory, from the State Council's notices as chinese-days has them):
 * 2026 Spring Festival: Fri 02-13 and Sat 02-14 (调休) are working days, 02-15 … 02-23 are not, Tue 02-24 is.
 * October 2026: Mon 10-12 … Fri 10-16 and Mon 10-19 … Fri 10-23 are ordinary working weeks.
 */
import { describe, expect, it } from 'vitest';
import { Calendars } from '../../shared/domain/calendar.js';

const isWorkday = (d: string, id: string) => Calendars.packageOnly().get(id).isWorkday(d);
import { dueDay, endOf, judgeCase, suspensionsOf } from '../../shared/domain/cases.js';
import { collectCases } from '../../shared/domain/efficiency.js';
import type { StoredEvent } from '../../shared/domain/events.js';
import { foldStaffMonth } from '../../shared/domain/scoring.js';
import { toHallIso } from '../../shared/domain/time.js';
import {
  at,
  caseAccepted,
  caseCompleted,
  caseResumed,
  caseSuspended,
  makeRules,
  monthInput,
  review,
  TZ,
} from '../helpers/fixtures.js';

const cn = (d: string) => isWorkday(d, 'cn-statutory');
const promised = (workdays: number) => ({ kind: 'promised' as const, workdays });
const hall = (ms: number) => toHallIso(ms, TZ);

describe('dueDay: promised cases (承诺件) count working days from the day after acceptance', () => {
  it('accepted Friday 2026-02-13 before the Spring Festival week, 3 working days: Sat 02-14 (调休), Tue 02-24, Wed 02-25', () => {
    expect(dueDay(at('2026-02-13 16:30'), promised(3), [], cn, TZ)).toBe('2026-02-25');
    expect(dueDay(at('2026-02-13 16:30'), promised(1), [], cn, TZ)).toBe('2026-02-14');
    expect(dueDay(at('2026-02-13 16:30'), promised(2), [], cn, TZ)).toBe('2026-02-24');
    // The same Friday on a mon-fri calendar knows no holiday: Mon 02-16, Tue 02-17, Wed 02-18.
    expect(dueDay(at('2026-02-13 16:30'), promised(3), [], (d) => isWorkday(d, 'mon-fri'), TZ)).toBe('2026-02-18');
    expect(hall(endOf('2026-02-25', TZ))).toBe('2026-02-25T23:59:59+08:00');
  });

  it('the day of acceptance never counts, even accepted at 00:00:01', () => {
    expect(dueDay(at('2026-10-12 00:00:01'), promised(1), [], cn, TZ)).toBe('2026-10-13');
  });

  it('suspended Thu 10-15 10:00 across the weekend, resumed Mon 10-19 15:00: 10-15, 10-16, 10-19 do not count → due Thu 10-22', () => {
    // Without the pause: 13, 14, 15, 16, 19 → Mon 10-19.
    expect(dueDay(at('2026-10-12 09:30'), promised(5), [], cn, TZ)).toBe('2026-10-19');
    const pause = [{ from: at('2026-10-15 10:00'), to: at('2026-10-19 15:00') }];
    // Counted: Tue 13 (1), Wed 14 (2), Tue 20 (3), Wed 21 (4), Thu 22 (5).
    expect(dueDay(at('2026-10-12 09:30'), promised(5), pause, cn, TZ)).toBe('2026-10-22');
  });

  it('12:00:00 decides: a pause from exactly noon takes the day, a resumption at exactly noon gives it back', () => {
    // 2 working days from Mon 10-12: Tue 13, Wed 14.
    const fromNoon = [{ from: at('2026-10-13 12:00:00'), to: at('2026-10-13 16:00') }];
    expect(dueDay(at('2026-10-12 09:30'), promised(2), fromNoon, cn, TZ)).toBe('2026-10-15');
    const toNoon = [{ from: at('2026-10-13 08:00'), to: at('2026-10-13 12:00:00') }];
    expect(dueDay(at('2026-10-12 09:30'), promised(2), toNoon, cn, TZ)).toBe('2026-10-14');
    const afterNoon = [{ from: at('2026-10-13 12:00:01'), to: at('2026-10-14 11:59:59') }];
    expect(dueDay(at('2026-10-12 09:30'), promised(2), afterNoon, cn, TZ)).toBe('2026-10-14');
  });

  it('suspended and never resumed: no due day; a pause that starts after the due day changes nothing', () => {
    expect(dueDay(at('2026-10-12 09:30'), promised(5), [{ from: at('2026-10-14 09:00'), to: null }], cn, TZ)).toBeNull();
    expect(dueDay(at('2026-10-12 09:30'), promised(2), [{ from: at('2026-10-15 09:00'), to: null }], cn, TZ)).toBe('2026-10-14');
  });
});

describe('dueDay: immediate cases (即办件) are due the day they are accepted', () => {
  it('due by 23:59:59 of the day of acceptance, working day or not', () => {
    expect(dueDay(at('2026-10-12 14:00'), { kind: 'immediate' }, [], cn, TZ)).toBe('2026-10-12');
    expect(dueDay(at('2026-10-11 10:00'), { kind: 'immediate' }, [], cn, TZ)).toBe('2026-10-11'); // a Sunday
  });

  it('paused on its day and resumed two days later: due by the end of the day of resumption; never resumed: no due day', () => {
    const p = [{ from: at('2026-10-12 15:00'), to: at('2026-10-14 09:00') }];
    expect(dueDay(at('2026-10-12 14:00'), { kind: 'immediate' }, p, cn, TZ)).toBe('2026-10-14');
    expect(dueDay(at('2026-10-12 14:00'), { kind: 'immediate' }, [{ from: at('2026-10-12 15:00'), to: null }], cn, TZ)).toBeNull();
  });
});

describe('suspensionsOf: pauses and resumptions paired in time order', () => {
  it('a resumption closes the open pause; repeats and a resumption while running change nothing', () => {
    const e = (type: 'case.suspended' | 'case.resumed', local: string) => ({ type, at: at(local) });
    expect(
      suspensionsOf([
        e('case.resumed', '2026-10-16 09:00'),
        e('case.suspended', '2026-10-13 09:00'),
        e('case.resumed', '2026-10-12 09:00'), // while running: ignored
        e('case.suspended', '2026-10-14 09:00'), // while paused: ignored
        e('case.suspended', '2026-10-20 09:00'), // never resumed
      ]),
    ).toEqual([
      { from: at('2026-10-13 09:00'), to: at('2026-10-16 09:00') },
      { from: at('2026-10-20 09:00'), to: null },
    ]);
  });
});

const judge = (events: StoredEvent[], closed: string[] = []) => {
  const [facts] = collectCases(events);
  return judgeCase(facts!, cn, (d) => closed.includes(d), TZ);
};

describe('judgeCase: on time, overdue, pending, not judged', () => {
  const acc = caseAccepted('a1', 'BJ-1', '2026-10-12 14:00');

  it('an immediate case completed at 23:59:59 is on time, at 00:00:01 the next day overdue (without waiting for a day close)', () => {
    expect(judge([acc, caseCompleted('c1', 'BJ-1', '2026-10-12 23:59:59')])).toMatchObject({ dueDay: '2026-10-12', state: 'on-time' });
    // 23:59:59.400 is still 23:59:59: times are compared to the second.
    const late = caseCompleted('c1', 'BJ-1', '2026-10-12 23:59:59');
    const frac = { ...late, at: late.at + 400 };
    expect(judge([acc, frac]).state).toBe('on-time');
    expect(judge([acc, caseCompleted('c1', 'BJ-1', '2026-10-13 00:00:01')])).toMatchObject({ dueDay: '2026-10-12', state: 'overdue' });
  });

  it('not completed: pending until its due day is closed, then overdue', () => {
    expect(judge([acc]).state).toBe('pending');
    expect(judge([acc], ['2026-10-12']).state).toBe('overdue');
  });

  it('withdrawn or transferred by the due instant is not judged; after it, overdue like any other', () => {
    expect(judge([acc, caseCompleted('c1', 'BJ-1', '2026-10-12 18:00', { result: 'withdrawn' })]).state).toBe('not-judged');
    expect(judge([acc, caseCompleted('c1', 'BJ-1', '2026-10-12 18:00', { result: 'transferred' })]).state).toBe('not-judged');
    expect(judge([acc, caseCompleted('c1', 'BJ-1', '2026-10-13 09:00', { result: 'withdrawn' })]).state).toBe('overdue');
    expect(judge([acc, caseCompleted('c1', 'BJ-1', '2026-10-12 18:00', { result: 'rejected' })]).state).toBe('on-time');
  });

  it('the first completion decides; a repeat later changes nothing', () => {
    expect(judge([caseCompleted('c2', 'BJ-1', '2026-10-14 09:00'), acc, caseCompleted('c1', 'BJ-1', '2026-10-12 16:00')]).state).toBe('on-time');
  });
});

const fold = (events: StoredEvent[], extra: Parameters<typeof monthInput>[0] = {}) => foldStaffMonth(monthInput({ events, ...extra }));

describe('the cases block and overdue-case items of a monthly sheet', () => {
  it('a case completed before its acceptance arrives: the completion alone counts nothing; with the acceptance the case is whole', () => {
    const done = caseCompleted('c1', 'BJ-1', '2026-10-12 16:00');
    expect(fold([done]).cases).toEqual({ accepted: 0, completed: 0, due: 0, onTime: 0, overdue: 0, pending: 0, participationRate: null });
    const whole = fold([done, caseAccepted('a1', 'BJ-1', '2026-10-12 14:00')]);
    expect(whole.cases).toEqual({ accepted: 1, completed: 1, due: 1, onTime: 1, overdue: 0, pending: 0, participationRate: 0 });
    expect(whole.items).toEqual([]);
  });

  it('an overdue case: −2 dated at its due instant, refs every event of the case, once however late it is completed', () => {
    const events = [
      caseAccepted('a1', 'BJ-7', '2026-10-12 09:30', promised(5), { item: '食品经营许可' }),
      caseSuspended('s1', 'BJ-7', '2026-10-15 10:00'),
      caseResumed('r1', 'BJ-7', '2026-10-19 15:00'),
      caseCompleted('c1', 'BJ-7', '2026-10-23 10:00'),
    ];
    const s = fold(events);
    expect(s.items).toEqual([
      {
        code: 'overdue-case',
        points: -2,
        at: '2026-10-22T23:59:59+08:00',
        refs: ['a1', 's1', 'r1', 'c1'],
        note: 'case BJ-7, 食品经营许可, promised 5 workdays, due 2026-10-22, completed 2026-10-23',
      },
    ]);
    expect(s.cases).toMatchObject({ accepted: 1, completed: 1, due: 1, onTime: 0, overdue: 1, pending: 0 });
    expect(s.score).toBe(98);
  });

  it('points land in the month of the due day: accepted in October, due in November', () => {
    const events = [caseAccepted('a1', 'BJ-8', '2026-10-29 10:00', promised(3)), caseCompleted('c1', 'BJ-8', '2026-11-05 10:00')];
    // 3 working days from Thu 10-29: Fri 30, Mon 11-02, Tue 11-03.
    const oct = fold(events);
    expect(oct.cases).toMatchObject({ accepted: 1, completed: 0, due: 0, overdue: 0 });
    expect(oct.items).toEqual([]);
    const nov = fold(events, { period: '2026-11' });
    expect(nov.cases).toMatchObject({ accepted: 0, completed: 1, due: 1, overdue: 1 });
    expect(nov.items.map((i) => [i.code, i.at])).toEqual([['overdue-case', '2026-11-03T23:59:59+08:00']]);
  });

  it('a case suspended and never resumed is in no due count', () => {
    const s = fold([caseAccepted('a1', 'BJ-9', '2026-10-12 09:30', promised(2)), caseSuspended('s1', 'BJ-9', '2026-10-12 15:00')], {
      closedDays: new Set(['2026-10-13', '2026-10-14', '2026-10-15']),
    });
    expect(s.cases).toMatchObject({ accepted: 1, due: 0, pending: 0, overdue: 0 });
  });

  it('the overdue points follow the rule set', () => {
    const events = [caseAccepted('a1', 'BJ-1', '2026-10-12 14:00')];
    const s = fold(events, { closedDays: new Set(['2026-10-12']), rules: makeRules({ cases: { overdue: -3.5 } }) });
    // The closed day also scores the two sessions without punches as absences (−3 each).
    expect(s.items.filter((i) => i.code === 'overdue-case').map((i) => i.points)).toEqual([-3.5]);
    expect(s.score).toBe(100 - 6 - 3.5);
  });
});

describe('participation rate (参评率) and low-participation', () => {
  const completedCases = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      caseAccepted(`a${i}`, `BJ-${i}`, '2026-10-12 09:00'),
      caseCompleted(`c${i}`, `BJ-${i}`, '2026-10-12 10:00'),
    ]).flat();
  const reviews = (n: number) => Array.from({ length: n }, (_, i) => review(`e${i}`, `BJ-${i}`, 5, '2026-10-12 10:05'));

  it('10 completed cases, 7 reviews: 0.7 < 0.8 → −1 at the month’s last second with the completions as refs', () => {
    const s = fold([...completedCases(10), ...reviews(7)]);
    expect(s.cases.participationRate).toBe(0.7);
    expect(s.items).toEqual([
      {
        code: 'low-participation',
        points: -1,
        at: '2026-10-31T23:59:59+08:00',
        refs: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'],
        note: '7 evaluations for 10 completed cases',
      },
    ]);
  });

  it('8 of 10 is enough; 9 completed cases are too few to judge; the rate is capped at 1', () => {
    expect(fold([...completedCases(10), ...reviews(8)]).items).toEqual([]);
    const few = fold([...completedCases(9), ...reviews(1)]);
    expect(few.cases.participationRate).toBeCloseTo(1 / 9, 10);
    expect(few.items).toEqual([]);
    const more = fold([...completedCases(2), ...reviews(5)]);
    expect(more.cases.participationRate).toBe(1);
  });
});

describe('the queue block', () => {
  it('is empty with null means when nothing was served', async () => {
    expect(fold([]).queue).toEqual({
      served: 0,
      noShow: 0,
      meanWaitMinutes: null,
      longWaits: 0,
      meanServiceMinutes: null,
      totalWaitSeconds: 0,
      totalServiceSeconds: 0,
    });
  });
});


