import { describe, expect, it } from 'vitest';
import {
  attendanceForMonth,
  coveredByLeave,
  evaluateDay,
  expectsAttendance,
  normalizePunches,
  type Leave,
  type MonthAttendanceInput,
  type Punch,
} from '../../shared/domain/attendance.js';
import { CalendarCoverageError, Calendars } from '../../shared/domain/calendar.js';
import { Shift } from '../../shared/domain/masterdata.js';
import { DEFAULT_RULES, RuleSetBody, type RuleSet } from '../../shared/domain/rules.js';

const TZ = 'Asia/Shanghai';
/** Hall-local wall clock → epoch ms, spelled out with the +08:00 offset (independent of time.ts). */
const t = (date: string, time: string): number => Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
const punch = (id: string, date: string, time: string): Punch => ({ id, at: t(date, time) });
const leave = (id: string, from: [string, string], to: [string, string]): Leave => ({ id, from: t(...from), to: t(...to) });

const STANDARD = Shift.parse({ sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] });

const MON = '2026-10-12'; // an ordinary Monday
/** A clean day: arrive 08:45, leave 12:01, back 13:15, leave 17:02. */
const fullDay = (date: string, prefix = date): Punch[] => [
  punch(`${prefix}-a1`, date, '08:45:00'),
  punch(`${prefix}-d1`, date, '12:01:00'),
  punch(`${prefix}-a2`, date, '13:15:00'),
  punch(`${prefix}-d2`, date, '17:02:00'),
];
/** The clean day with one punch replaced (or removed with time null). */
const dayWith = (changes: Partial<Record<'a1' | 'd1' | 'a2' | 'd2', string | null>>, date = MON): Punch[] =>
  fullDay(date).flatMap((p) => {
    const key = p.id.slice(date.length + 1) as 'a1' | 'd1' | 'a2' | 'd2';
    const c = changes[key];
    if (c === null) return [];
    return [c === undefined ? p : punch(p.id, date, c)];
  });

/** The package's calendars, as a hall with no calendar data of its own has them. */
const CALENDARS = Calendars.packageOnly();

function month(over: Partial<MonthAttendanceInput> = {}): MonthAttendanceInput {
  return {
    month: '2026-10',
    tz: TZ,
    shift: STANDARD,
    calendar: CALENDARS.get((over.shift ?? STANDARD).calendar),
    staff: { active: true },
    punches: [],
    leaves: [],
    closedDays: new Set<string>(),
    rules: DEFAULT_RULES,
    ...over,
  };
}

/** Run the month with exactly one closed day. */
const closeOne = (date: string, punches: Punch[], over: Partial<MonthAttendanceInput> = {}) =>
  attendanceForMonth(month({ punches, closedDays: new Set([date]), ...over }));

const codes = (r: { items: { code: string }[] }): string[] => r.items.map((i) => i.code);

describe('a clean day', () => {
  it('produces no items', () => {
    const r = closeOne(MON, fullDay(MON));
    expect(r.items).toEqual([]);
    expect(r.counts).toEqual({ workdays: 18, sessions: 36, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 });
  });

  it('maps punches to arrivals and departures', () => {
    const d = evaluateDay({ date: MON, tz: TZ, shift: STANDARD, punches: fullDay(MON), leaves: [], rules: DEFAULT_RULES });
    expect(d.sessions.map((s) => [s.index, s.arrival?.id, s.departure?.id, s.codes])).toEqual([
      [1, `${MON}-a1`, `${MON}-d1`, []],
      [2, `${MON}-a2`, `${MON}-d2`, []],
    ]);
    expect(d.sessions[0]!.start).toBe(t(MON, '09:00'));
    expect(d.sessions[1]!.end).toBe(t(MON, '17:00'));
  });
});

describe('late (arrival after start − arriveEarlyMinutes)', () => {
  it('08:50:00 is on time', () => {
    expect(closeOne(MON, dayWith({ a1: '08:50:00' })).items).toEqual([]);
  });

  it('08:50:01 is late, with the arrival punch as evidence', () => {
    const r = closeOne(MON, dayWith({ a1: '08:50:01' }));
    expect(r.items).toEqual([
      {
        code: 'late',
        points: -1,
        at: '2026-10-12T08:50:01+08:00',
        refs: [`${MON}-a1`],
        note: '第1班次 09:00–12:00：08:50:01到岗',
      },
    ]);
    expect(r.counts.late).toBe(1);
  });

  it('compares to the second: 08:50:00.999 is still on time', () => {
    expect(closeOne(MON, dayWith({ a1: '08:50:00.999' })).items).toEqual([]);
  });

  it('09:30:00 is late, not absent', () => {
    const r = closeOne(MON, dayWith({ a1: '09:30:00' }));
    expect(codes(r)).toEqual(['late']);
    expect(r.counts).toMatchObject({ late: 1, absent: 0 });
  });

  it('09:30:01 is absent, replacing late', () => {
    const r = closeOne(MON, dayWith({ a1: '09:30:01' }));
    expect(r.items).toEqual([
      {
        code: 'absent',
        points: -3,
        at: '2026-10-12T09:30:01+08:00',
        refs: [`${MON}-a1`],
        note: '第1班次 09:00–12:00：09:30:01到岗，晚于上班时间超过30分钟',
      },
    ]);
    expect(r.counts).toMatchObject({ late: 0, absent: 1 });
  });

  it('applies to the afternoon session too (13:20:00 on time, 13:20:01 late)', () => {
    expect(closeOne(MON, dayWith({ a2: '13:20:00' })).items).toEqual([]);
    const r = closeOne(MON, dayWith({ a2: '13:20:01' }));
    expect(r.items.map((i) => [i.code, i.at, i.refs])).toEqual([['late', '2026-10-12T13:20:01+08:00', [`${MON}-a2`]]]);
  });
});

describe('early leave (departure before end)', () => {
  it('17:00:00 is fine', () => {
    expect(closeOne(MON, dayWith({ d2: '17:00:00' })).items).toEqual([]);
  });

  it('16:59:59 is early', () => {
    const r = closeOne(MON, dayWith({ d2: '16:59:59' }));
    expect(r.items).toEqual([
      {
        code: 'early-leave',
        points: -1,
        at: '2026-10-12T16:59:59+08:00',
        refs: [`${MON}-d2`],
        note: '第2班次 13:30–17:00：16:59:59离岗',
      },
    ]);
    expect(r.counts.earlyLeave).toBe(1);
  });

  it('16:30:00 is early, not absent', () => {
    const r = closeOne(MON, dayWith({ d2: '16:30:00' }));
    expect(codes(r)).toEqual(['early-leave']);
    expect(r.counts).toMatchObject({ earlyLeave: 1, absent: 0 });
  });

  it('16:29:59 is absent, replacing early-leave', () => {
    const r = closeOne(MON, dayWith({ d2: '16:29:59' }));
    expect(r.items).toEqual([
      {
        code: 'absent',
        points: -3,
        at: '2026-10-12T16:29:59+08:00',
        refs: [`${MON}-d2`],
        note: '第2班次 13:30–17:00：16:29:59离岗，早于下班时间超过30分钟',
      },
    ]);
    expect(r.counts).toMatchObject({ earlyLeave: 0, absent: 1 });
  });

  it('late and early in the same session are two items', () => {
    const r = closeOne(MON, dayWith({ a1: '09:05:00', d1: '11:55:00' }));
    expect(r.items.map((i) => [i.code, i.at])).toEqual([
      ['late', '2026-10-12T09:05:00+08:00'],
      ['early-leave', '2026-10-12T11:55:00+08:00'],
    ]);
    expect(r.counts).toMatchObject({ late: 1, earlyLeave: 1, absent: 0 });
  });

  it('a session both too late and too early is one absence citing both punches', () => {
    const r = closeOne(MON, dayWith({ a1: '09:45:00', d1: '11:00:00' }));
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ code: 'absent', at: '2026-10-12T09:45:00+08:00', refs: [`${MON}-a1`, `${MON}-d1`] });
  });
});

describe('missing punches and absences', () => {
  it('a whole day without punches is two absences at the session starts', () => {
    const r = closeOne(MON, []);
    expect(r.items).toEqual([
      { code: 'absent', points: -3, at: '2026-10-12T09:00:00+08:00', refs: [], note: '第1班次 09:00–12:00：无打卡记录' },
      { code: 'absent', points: -3, at: '2026-10-12T13:30:00+08:00', refs: [], note: '第2班次 13:30–17:00：无打卡记录' },
    ]);
    expect(r.counts).toMatchObject({ absent: 2, late: 0, missingPunch: 0 });
  });

  it('a single 08:45 punch is an arrival: missing departure, decided at the session end', () => {
    const r = closeOne(MON, dayWith({ d1: null }));
    expect(r.items).toEqual([
      {
        code: 'missing-punch',
        points: -1,
        at: '2026-10-12T12:00:00+08:00',
        refs: [`${MON}-a1`],
        note: '第1班次 09:00–12:00：无离岗打卡（08:45:00到岗）',
      },
    ]);
  });

  it('a single 17:05 punch is a departure: missing arrival, decided at the session start', () => {
    const r = closeOne(MON, dayWith({ a2: null, d2: '17:05:00' }));
    expect(r.items).toEqual([
      {
        code: 'missing-punch',
        points: -1,
        at: '2026-10-12T13:30:00+08:00',
        refs: [`${MON}-d2`],
        note: '第2班次 13:30–17:00：无到岗打卡（17:05:00离岗）',
      },
    ]);
    expect(r.counts.missingPunch).toBe(1);
  });

  it('late and missing-punch may both apply (arrived late, never left)', () => {
    const r = closeOne(MON, dayWith({ a1: '09:10:00', d1: null }));
    expect(r.items.map((i) => [i.code, i.at])).toEqual([
      ['late', '2026-10-12T09:10:00+08:00'],
      ['missing-punch', '2026-10-12T12:00:00+08:00'],
    ]);
    expect(r.counts).toMatchObject({ late: 1, missingPunch: 1, absent: 0 });
  });

  it('absent replaces missing-punch (very late arrival, no departure)', () => {
    const r = closeOne(MON, dayWith({ a1: '10:00:00', d1: null }));
    expect(codes(r)).toEqual(['absent']);
    expect(r.counts).toMatchObject({ absent: 1, missingPunch: 0, late: 0 });
  });

  it('a single punch in the middle of a session is a (very late) arrival', () => {
    const r = closeOne(MON, dayWith({ a2: null, d2: '15:00:00' }));
    expect(r.items.map((i) => [i.code, i.refs])).toEqual([['absent', [`${MON}-d2`]]]);
  });
});

describe('punches between sessions (lunch gap, midpoint 12:45)', () => {
  it('12:05 leaves the morning and 13:00 arrives for the afternoon', () => {
    const punches = dayWith({ d1: '12:05:00', a2: '13:00:00' });
    const d = evaluateDay({ date: MON, tz: TZ, shift: STANDARD, punches, leaves: [], rules: DEFAULT_RULES });
    expect(d.sessions[0]!.departure?.at).toBe(t(MON, '12:05'));
    expect(d.sessions[1]!.arrival?.at).toBe(t(MON, '13:00'));
    expect(d.items).toEqual([]);
  });

  it('12:44:59 is still a morning departure; 12:45:00 is already an afternoon arrival', () => {
    const before = closeOne(MON, [punch('x1', MON, '08:45'), punch('x2', MON, '12:44:59'), punch('x3', MON, '17:05')]);
    expect(before.items.map((i) => [i.code, i.at])).toEqual([['missing-punch', '2026-10-12T13:30:00+08:00']]);
    const at = closeOne(MON, [punch('x1', MON, '08:45'), punch('x2', MON, '12:45:00'), punch('x3', MON, '17:05')]);
    expect(at.items.map((i) => [i.code, i.at])).toEqual([['missing-punch', '2026-10-12T12:00:00+08:00']]);
  });

  it('several punches at lunch: the latest before the midpoint departs, the earliest after it arrives', () => {
    const punches = [
      punch('a', MON, '08:40'),
      punch('b', MON, '11:30'),
      punch('c', MON, '12:10'),
      punch('d', MON, '12:50'),
      punch('e', MON, '13:10'),
      punch('f', MON, '17:30'),
    ];
    const d = evaluateDay({ date: MON, tz: TZ, shift: STANDARD, punches, leaves: [], rules: DEFAULT_RULES });
    expect(d.sessions.map((s) => [s.arrival?.id, s.departure?.id])).toEqual([
      ['a', 'c'],
      ['d', 'f'],
    ]);
    expect(d.items).toEqual([]);
  });
});

describe('duplicate punches', () => {
  it('the same punch twice (same id) counts once', () => {
    const r = closeOne(MON, [...dayWith({ d1: null }), punch(`${MON}-a1`, MON, '08:45:00')]);
    expect(r.items.map((i) => [i.code, i.refs])).toEqual([['missing-punch', [`${MON}-a1`]]]);
  });

  it('two punches in the same second (different ids) count once and do not make a departure', () => {
    const base = t(MON, '08:45:00');
    const punches = [{ id: 'dev2', at: base + 400 }, { id: 'dev1', at: base }, ...dayWith({ a1: null, d1: null })];
    const r = closeOne(MON, punches);
    expect(r.items.map((i) => [i.code, i.refs])).toEqual([['missing-punch', ['dev1']]]);
    expect(normalizePunches(punches.slice(0, 2))).toEqual([{ id: 'dev1', at: base }]);
  });

  it('normalizePunches sorts, truncates to the second and drops repeats', () => {
    expect(
      normalizePunches([
        { id: 'b', at: 5_500 },
        { id: 'a', at: 1_999 },
        { id: 'a', at: 1_999 },
        { id: 'c', at: 5_000 },
        { id: 'bad', at: Number.NaN },
      ]),
    ).toEqual([
      { id: 'a', at: 1_000 },
      { id: 'b', at: 5_000 },
    ]);
  });
});

describe('calendar', () => {
  it('a make-up Saturday (2026-10-10) expects both sessions', () => {
    const r = closeOne('2026-10-10', []);
    expect(r.items.map((i) => [i.code, i.at])).toEqual([
      ['absent', '2026-10-10T09:00:00+08:00'],
      ['absent', '2026-10-10T13:30:00+08:00'],
    ]);
    expect(closeOne('2026-10-10', fullDay('2026-10-10')).items).toEqual([]);
  });

  it('a public holiday (2026-10-05) expects nothing and ignores its punches', () => {
    const punches = [punch('h1', '2026-10-05', '10:30'), punch('h2', '2026-10-05', '11:00')];
    const r = closeOne('2026-10-05', punches);
    expect(r.items).toEqual([]);
    expect(r.counts).toEqual({ workdays: 18, sessions: 36, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 });
  });

  it('an ordinary Saturday expects nothing', () => {
    expect(closeOne('2026-10-17', []).items).toEqual([]);
  });

  it('a cn-statutory month in 2027: open days are not counted, a closed day fails loudly', () => {
    expect(attendanceForMonth(month({ month: '2027-01' })).counts.workdays).toBe(0);
    expect(() => attendanceForMonth(month({ month: '2027-01', closedDays: new Set(['2027-01-04']) }))).toThrow(CalendarCoverageError);
    expect(() => attendanceForMonth(month({ month: '2027-01', closedDays: new Set(['2027-01-04']) }))).toThrow(/2027/);
  });

  it('a mon-fri shift works in 2027', () => {
    const shift = { ...STANDARD, calendar: 'mon-fri' as const };
    const r = attendanceForMonth(month({ month: '2027-01', shift, closedDays: new Set(['2027-01-01']) }));
    expect(r.counts.workdays).toBe(21); // January 2027: Fri 1st … Fri 29th; Sat 30, Sun 31
    expect(r.counts.absent).toBe(2);
  });

  it('a mon-fri shift ignores statutory holidays and make-up days', () => {
    const shift = Shift.parse({ sessions: STANDARD.sessions, calendar: 'mon-fri' });
    const r = attendanceForMonth(
      month({ shift, punches: fullDay('2026-10-10'), closedDays: new Set(['2026-10-05', '2026-10-10']) }),
    );
    // 10-05 (Monday, National Day) is expected: no punches → 2 absences; 10-10 (Saturday) is not.
    expect(r.items.map((i) => [i.code, i.at])).toEqual([
      ['absent', '2026-10-05T09:00:00+08:00'],
      ['absent', '2026-10-05T13:30:00+08:00'],
    ]);
    expect(r.counts).toMatchObject({ workdays: 22, sessions: 44, absent: 2 });
  });
});

describe('leave', () => {
  it('a leave covering the morning excuses it; the afternoon is still scored', () => {
    const r = closeOne(MON, dayWith({ a1: null, d1: null, d2: '16:50' }), {
      leaves: [leave('L1', [MON, '08:30'], [MON, '12:30'])],
    });
    expect(r.items.map((i) => [i.code, i.at])).toEqual([['early-leave', '2026-10-12T16:50:00+08:00']]);
    expect(r.counts).toMatchObject({ sessions: 36, excused: 1, absent: 0, earlyLeave: 1 });
  });

  it('a leave exactly [start, end] excuses; punches in an excused session change nothing', () => {
    const r = closeOne(MON, dayWith({ a1: '10:00' }), { leaves: [leave('L1', [MON, '09:00'], [MON, '12:00'])] });
    expect(r.items).toEqual([]);
    expect(r.counts.excused).toBe(1);
  });

  it('a leave covering only part of a session does not excuse it', () => {
    const r = closeOne(MON, dayWith({ a1: null, d1: null }), { leaves: [leave('L1', [MON, '09:00'], [MON, '11:59:59'])] });
    expect(r.items.map((i) => [i.code, i.at, i.refs])).toEqual([['absent', '2026-10-12T09:00:00+08:00', []]]);
    expect(r.counts).toMatchObject({ excused: 0, absent: 1 });
    const late = closeOne(MON, dayWith({ a1: '09:05' }), { leaves: [leave('L1', [MON, '09:01'], [MON, '18:00'])] });
    expect(codes(late)).toEqual(['late']);
    expect(late.counts.excused).toBe(1); // the afternoon is wholly covered
  });

  it('back-to-back leaves that together cover a session excuse it', () => {
    const leaves = [leave('L2', [MON, '10:30'], [MON, '12:00']), leave('L1', [MON, '08:00'], [MON, '10:30'])];
    const r = closeOne(MON, dayWith({ a1: null, d1: null }), { leaves });
    expect(r.items).toEqual([]);
    expect(r.counts.excused).toBe(1);
    expect(coveredByLeave(t(MON, '09:00'), t(MON, '12:00'), [leave('A', [MON, '08:00'], [MON, '10:00']), leave('B', [MON, '10:00:01'], [MON, '12:00'])])).toBe(false);
  });

  it('a leave spanning months excuses every session it covers', () => {
    const leaves = [leave('L', ['2026-09-28', '00:00'], ['2026-10-14', '23:59'])];
    const closed = new Set(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15']);
    const r = attendanceForMonth(month({ leaves, closedDays: closed }));
    expect(r.counts).toMatchObject({ excused: 12, absent: 2 }); // 6 covered workdays; 10-15 is not covered
    expect(r.items.every((i) => i.at!.startsWith('2026-10-15'))).toBe(true);
  });
});

describe('who and when is counted', () => {
  it('since mid-month: workdays from since, nothing before it', () => {
    const r = attendanceForMonth(
      month({ staff: { since: '2026-10-20', active: true }, closedDays: new Set(['2026-10-12', '2026-10-19', '2026-10-20']) }),
    );
    // 10-20..10-23 and 10-26..10-30
    expect(r.counts).toEqual({ workdays: 9, sessions: 18, late: 0, earlyLeave: 0, missingPunch: 0, absent: 2, excused: 0 });
    expect(r.items.map((i) => i.at)).toEqual(['2026-10-20T09:00:00+08:00', '2026-10-20T13:30:00+08:00']);
    expect(expectsAttendance('2026-10-19', CALENDARS.get(STANDARD.calendar), { since: '2026-10-20', active: true })).toBe(false);
    expect(expectsAttendance('2026-10-20', CALENDARS.get(STANDARD.calendar), { since: '2026-10-20', active: true })).toBe(true);
  });

  it('since in an earlier month counts from the 1st; since after the month counts nothing', () => {
    expect(attendanceForMonth(month({ staff: { since: '2025-01-01', active: true } })).counts.workdays).toBe(18);
    expect(attendanceForMonth(month({ staff: { since: '2026-11-02', active: true } })).counts.workdays).toBe(0);
  });

  it('inactive staff expect nothing', () => {
    const r = attendanceForMonth(month({ staff: { active: false }, closedDays: new Set(['2026-10-12']) }));
    expect(r).toEqual({
      counts: { workdays: 0, sessions: 0, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 },
      items: [],
    });
  });

  it('open days count in workdays and sessions but produce no items', () => {
    const r = attendanceForMonth(month({ punches: dayWith({ a1: '09:10' }) }));
    expect(r.items).toEqual([]);
    expect(r.counts).toEqual({ workdays: 18, sessions: 36, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 });
  });
});

describe('a whole month (2026-10, cn-statutory)', () => {
  // Working days by hand: 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), 12–16, 19–23, 26–30 → 18.
  const WORKDAYS = [
    '2026-10-08', '2026-10-09', '2026-10-10',
    '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16',
    '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23',
    '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30',
  ];
  const ALL_DAYS = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);

  it('counts 18 workdays, 36 sessions and the findings of closed days only', () => {
    const punches: Punch[] = [];
    for (const d of WORKDAYS) {
      if (d === '2026-10-13') continue; // no punches at all → 2 absences
      if (d === '2026-10-14') punches.push(...dayWith({ a1: '08:55' }, d)); // late
      else if (d === '2026-10-21') punches.push(...dayWith({ d2: null }, d)); // missing departure
      else if (d === '2026-10-29') punches.push(...dayWith({ d1: '11:50' }, d)); // early leave
      else punches.push(...fullDay(d));
    }
    punches.push(...fullDay('2026-10-03', 'holiday'), ...fullDay('2026-10-31', 'saturday')); // ignored
    punches.push(...dayWith({ a1: '10:00' }, '2026-09-30'), ...dayWith({ a1: '10:00' }, '2026-11-02')); // other months
    punches.push(...fullDay('2026-10-16', 'again')); // duplicate punches at the same seconds
    const leaves = [leave('L', ['2026-10-15', '08:00'], ['2026-10-15', '18:00'])]; // 10-15 punches are excused anyway

    // Everything up to 10-29 closed; 10-30 open (its missing punches are not findings yet).
    const closedDays = new Set(ALL_DAYS.filter((d) => d <= '2026-10-29'));
    const r = attendanceForMonth(month({ punches: punches.filter((p) => !p.id.startsWith('2026-10-30')), leaves, closedDays }));
    expect(r.counts).toEqual({ workdays: 18, sessions: 36, late: 1, earlyLeave: 1, missingPunch: 1, absent: 2, excused: 2 });
    expect(r.items.map((i) => [i.code, i.at])).toEqual([
      ['absent', '2026-10-13T09:00:00+08:00'],
      ['absent', '2026-10-13T13:30:00+08:00'],
      ['late', '2026-10-14T08:55:00+08:00'],
      ['missing-punch', '2026-10-21T17:00:00+08:00'],
      ['early-leave', '2026-10-29T11:50:00+08:00'],
    ]);
    expect(r.items.reduce((s, i) => s + i.points, 0)).toBe(-9);
  });

  it('uses the points of the rule set', () => {
    const rules: RuleSet = { ...RuleSetBody.parse({ attendance: { late: -2, absentPerSession: -5 } }), version: 3 };
    const r = closeOne(MON, dayWith({ a1: '09:01', a2: null, d2: null }), { rules });
    expect(r.items.map((i) => [i.code, i.points])).toEqual([
      ['late', -2],
      ['absent', -5],
    ]);
  });

  it('honours the shift tolerances', () => {
    const shift = Shift.parse({ ...STANDARD, arriveEarlyMinutes: 0, lateAbsentMinutes: 5, earlyLeaveAbsentMinutes: 0 });
    expect(closeOne(MON, dayWith({ a1: '09:00:00' }), { shift }).items).toEqual([]);
    expect(codes(closeOne(MON, dayWith({ a1: '09:00:01' }), { shift }))).toEqual(['late']);
    expect(codes(closeOne(MON, dayWith({ a1: '09:05:01' }), { shift }))).toEqual(['absent']);
    expect(codes(closeOne(MON, dayWith({ d2: '16:59:59' }), { shift }))).toEqual(['absent']);
  });
});

describe('other shift shapes', () => {
  it('a one-session shift (09:00–17:00): its punches reach from midnight to midnight', () => {
    const shift = Shift.parse({ sessions: [{ start: '09:00', end: '17:00' }] });
    const ok = closeOne(MON, [punch('a', MON, '00:00:00'), punch('b', MON, '23:59:59')], { shift });
    expect(ok.items).toEqual([]);
    expect(ok.counts).toMatchObject({ workdays: 18, sessions: 18 });
    // A punch at the next midnight belongs to the next day; one at 12:00 alone is a very late arrival.
    const r = closeOne(MON, [punch('a', MON, '08:40'), punch('b', '2026-10-13', '00:00:00'), punch('c', '2026-10-11', '23:59:59')], { shift });
    expect(r.items.map((i) => [i.code, i.at, i.note])).toEqual([
      ['missing-punch', '2026-10-12T17:00:00+08:00', '第1班次 09:00–17:00：无离岗打卡（08:40:00到岗）'],
    ]);
    expect(codes(closeOne(MON, [punch('a', MON, '12:00')], { shift }))).toEqual(['absent']);
  });

  it('a three-session shift splits punches at 11:30 and 15:30', () => {
    const shift = Shift.parse({
      sessions: [
        { start: '08:00', end: '11:00' },
        { start: '12:00', end: '15:00' },
        { start: '16:00', end: '20:00' },
      ],
    });
    const punches = [
      punch('p1', MON, '07:50'),
      punch('p2', MON, '11:29:59'),
      punch('p3', MON, '11:30:00'),
      punch('p4', MON, '15:05'),
      punch('p5', MON, '15:45'),
      punch('p6', MON, '20:00'),
    ];
    const d = evaluateDay({ date: MON, tz: TZ, shift, punches, leaves: [], rules: DEFAULT_RULES });
    expect(d.sessions.map((s) => [s.arrival?.id, s.departure?.id, s.codes])).toEqual([
      ['p1', 'p2', []],
      ['p3', 'p4', []],
      ['p5', 'p6', []],
    ]);
    const r = closeOne(MON, [punch('p1', MON, '07:50'), punch('p4', MON, '15:05'), punch('p5', MON, '15:51')], { shift });
    expect(r.items.map((i) => [i.code, i.at, i.note])).toEqual([
      ['missing-punch', '2026-10-12T11:00:00+08:00', '第1班次 08:00–11:00：无离岗打卡（07:50:00到岗）'],
      ['missing-punch', '2026-10-12T12:00:00+08:00', '第2班次 12:00–15:00：无到岗打卡（15:05:00离岗）'],
      ['late', '2026-10-12T15:51:00+08:00', '第3班次 16:00–20:00：15:51:00到岗'],
      ['missing-punch', '2026-10-12T20:00:00+08:00', '第3班次 16:00–20:00：无离岗打卡（15:51:00到岗）'],
    ]);
    expect(r.counts).toMatchObject({ sessions: 54, late: 1, missingPunch: 3 });
  });

  it('adjacent sessions: items at the same instant are ordered by code', () => {
    const shift = Shift.parse({ sessions: [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '17:00' }] });
    const r = closeOne(MON, [punch('a', MON, '08:45')], { shift });
    expect(r.items.map((i) => [i.code, i.at])).toEqual([
      ['absent', '2026-10-12T12:00:00+08:00'],
      ['missing-punch', '2026-10-12T12:00:00+08:00'],
    ]);
  });

  it('works in another hall time zone (Europe/Berlin, after the DST change)', () => {
    const shift = Shift.parse({ sessions: [{ start: '09:00', end: '17:00' }], calendar: 'mon-fri' });
    const day = '2026-10-26'; // Monday after CEST → CET
    const r = attendanceForMonth(
      month({
        tz: 'Europe/Berlin',
        shift,
        punches: [{ id: 'a', at: Date.parse(`${day}T08:50:01+01:00`) }, { id: 'b', at: Date.parse(`${day}T17:00:00+01:00`) }],
        closedDays: new Set([day]),
      }),
    );
    expect(r.items).toEqual([
      { code: 'late', points: -1, at: '2026-10-26T08:50:01+01:00', refs: ['a'], note: '第1班次 09:00–17:00：08:50:01到岗' },
    ]);
  });
});
