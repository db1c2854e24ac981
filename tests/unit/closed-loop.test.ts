/**
 * The 好差评 closed loop, window duty and corrections in the monthly fold (CONTRACT.md §11).
 * Every expected number is computed by hand in the comments (cn-statutory calendar, October 2026:
 * 1–7 National Day, Saturday 10th a make-up working day).
 */
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/events.js';
import { dueDayAfter, dueInstant, workdayOrWeekday } from '../../shared/domain/rectification.js';
import { Calendars } from '../../shared/domain/calendar.js';
import { foldStaffMonth, summarizeMonth } from '../../shared/domain/scoring.js';
import { allDays, appealed, away, rectified, revisited, voided } from '../helpers/closed-loop-fixtures.js';
import { annul, at, criticism, inspection, iso, leave, monthInput, review, TZ } from '../helpers/fixtures.js';

const base = monthInput().rules;
/** Days are closed without punches here: attendance scores 0 so the numbers are the closed loop's alone. */
const quiet = { ...base, attendance: { late: 0, earlyLeave: 0, missingPunch: 0, absentPerSession: 0 } };
const fold = (events: StoredEvent[], extra: Parameters<typeof monthInput>[0] = {}) => foldStaffMonth(monthInput({ events, rules: quiet, ...extra }));
const cn = (d: string) => workdayOrWeekday(d, Calendars.packageOnly().get('cn-statutory'));
const overdueItems = (s: ReturnType<typeof fold>) => s.items.filter((i) => i.code === 'rectification-overdue');

describe('rectification due days: N working days counted from the day after the review', () => {
  it('Mon 2026-10-12 + 5 → Mon 10-19 (13,14,15,16 then 19; the weekend is skipped)', () => {
    expect(dueDayAfter('2026-10-12', 5, cn)).toBe('2026-10-19');
    expect(dueInstant('2026-10-19', TZ)).toBe(at('2026-10-19 23:59:59'));
  });
  it('Tue 2026-09-29 + 5 → Mon 10-12 (09-30, National Day 10-01..07 skipped, 10-08, 10-09, make-up Sat 10-10, 10-12)', () => {
    expect(dueDayAfter('2026-09-29', 5, cn)).toBe('2026-10-12');
  });
  it('Wed 2026-10-28 + 5 → Wed 11-04 (29, 30, Nov 2, 3, 4); on mon-fri the make-up Saturday does not count', () => {
    expect(dueDayAfter('2026-10-28', 5, cn)).toBe('2026-11-04');
    expect(dueDayAfter('2026-10-09', 1, cn)).toBe('2026-10-10');
    expect(dueDayAfter('2026-10-09', 1, (d) => workdayOrWeekday(d, Calendars.packageOnly().get('mon-fri')))).toBe('2026-10-12');
  });
  it('a year the holiday data does not cover falls back to Monday–Friday instead of failing', () => {
    expect(dueDayAfter('2099-06-05', 1, cn)).toBe('2099-06-08'); // Fri → Mon
  });
});

describe('the rectification block and the rectification-overdue item', () => {
  // Bad reviews of October 2026, all days of October closed:
  //  r1 Mon 12 L2, due 19, rectified 16          → on time
  //  r2 Mon 12 L1, due 19, rectified 20 09:00    → overdue (and rectified), item −1 at 19 23:59:59
  //  r3 Tue 13 L2, due 20, never rectified       → overdue, item −1 at 20 23:59:59; revisited, not satisfied
  //  r4 Wed 14 L2, annulled                      → left out of everything
  //  r5 Wed 28 L2, due Nov 4 (not closed)        → pending
  //  r6 Thu 15 L1, due 22, rectified 22 23:59:59 → on time (the due instant itself); appealed; revisited, satisfied
  //  r7 Fri 16 L2, due 23, rectified the same morning, before the review → on time
  //  r8 Mon 12 L4                                → not a bad review
  const october = [
    review('r1', 'c1', 2, '2026-10-12 10:00'),
    rectified('x1', 'c1', '2026-10-16 15:00'),
    review('r2', 'c2', 1, '2026-10-12 11:00'),
    rectified('x2', 'c2', '2026-10-20 09:00'),
    review('r3', 'c3', 2, '2026-10-13 10:00'),
    revisited('v3', 'c3', '2026-10-21 10:00', false),
    review('r4', 'c4', 2, '2026-10-14 10:00'),
    annul('a4', 'c4', '2026-10-15 10:00'),
    review('r5', 'c5', 2, '2026-10-28 10:00'),
    review('r6', 'c6', 1, '2026-10-15 10:00'),
    appealed('p6', 'c6', '2026-10-16 10:00'),
    rectified('x6', 'c6', '2026-10-22 23:59:59'),
    revisited('v6', 'c6', '2026-10-23 10:00', true),
    review('r7', 'c7', 2, '2026-10-16 10:00'),
    rectified('x7', 'c7', '2026-10-16 09:00'),
    review('r8', 'c8', 4, '2026-10-12 10:00'),
  ];

  it('counts: 6 bad reviews = 3 on time + 2 overdue + 1 pending; 4 rectified, 1 appealed, 2 revisited, 1 satisfied', () => {
    const s = fold(october, { closedDays: allDays('2026-10') });
    expect(s.rectification).toEqual({ badReviews: 6, rectified: 4, onTime: 3, overdue: 2, pending: 1, appealed: 1, revisited: 2, revisitSatisfied: 1 });
    expect(overdueItems(s)).toEqual([
      { code: 'rectification-overdue', points: -1, at: iso('2026-10-19 23:59:59'), refs: ['r2', 'x2'], note: '办件编号 c2，整改期限 2026-10-19，2026-10-20 整改（逾期）' },
      { code: 'rectification-overdue', points: -1, at: iso('2026-10-20 23:59:59'), refs: ['r3'], note: '办件编号 c3，整改期限 2026-10-20，逾期未整改' },
    ]);
    // bad-review items: r1 −1, r2 −2, r3 −1, r5 −1, r6 −2, r7 −1 = −8; overdue −2 → 90
    expect(s.score).toBe(90);
  });

  it('an overdue review is only pending until its due day is closed', () => {
    const closed = allDays('2026-10');
    closed.delete('2026-10-19');
    const s = fold(october, { closedDays: closed });
    expect(s.rectification).toMatchObject({ badReviews: 6, onTime: 3, overdue: 1, pending: 2 });
    expect(overdueItems(s).map((i) => i.refs[0])).toEqual(['r3']);
    expect(s.score).toBe(91);
  });

  it('the same events in reverse order (a rectification before its review) give the same sheet', () => {
    expect(fold([...october].reverse(), { closedDays: allDays('2026-10') })).toEqual(fold(october, { closedDays: allDays('2026-10') }));
  });

  it('a review annulled after its overdue item was scored loses the item and leaves every count', () => {
    const before = fold(october, { closedDays: allDays('2026-10') });
    const after = fold([...october, annul('a3', 'c3', '2026-10-26 10:00')], { closedDays: allDays('2026-10') });
    expect(overdueItems(before).map((i) => i.refs[0])).toEqual(['r2', 'r3']);
    expect(overdueItems(after).map((i) => i.refs[0])).toEqual(['r2']);
    expect(after.rectification).toEqual({ badReviews: 5, rectified: 4, onTime: 3, overdue: 1, pending: 1, appealed: 1, revisited: 1, revisitSatisfied: 1 });
    expect(after.score).toBe(92); // r3's −1 review and −1 overdue gone
  });

  it('a rule set with 10 working days: r3 (Tue 13) is due Tue 27', () => {
    const rules = { ...quiet, rectification: { workdays: 10, overdue: -3 } };
    const s = fold([review('r3', 'c3', 2, '2026-10-13 10:00')], { closedDays: allDays('2026-10'), rules });
    // 14,15,16, 19..23, 26, 27 → 10th is the 27th
    expect(overdueItems(s)).toEqual([{ code: 'rectification-overdue', points: -3, at: iso('2026-10-27 23:59:59'), refs: ['r3'], note: '办件编号 c3，整改期限 2026-10-27，逾期未整改' }]);
  });

  it('across months: a review of Tue 09-29 counts in September, its overdue item lands on Mon 10-12 in October', () => {
    const events = [review('r9', 'c9', 2, '2026-09-29 10:00')];
    const sepOpen = fold(events, { period: '2026-09', closedDays: allDays('2026-09') });
    expect(sepOpen.rectification).toMatchObject({ badReviews: 1, pending: 1, overdue: 0 });
    expect(overdueItems(sepOpen)).toEqual([]);
    const sepLater = fold(events, { period: '2026-09', closedDays: allDays('2026-09'), laterClosedDays: allDays('2026-10') });
    expect(sepLater.rectification).toMatchObject({ badReviews: 1, pending: 0, overdue: 1 });
    expect(overdueItems(sepLater)).toEqual([]); // the item is October's
    const oct = fold(events, { closedDays: allDays('2026-10') });
    expect(oct.rectification).toMatchObject({ badReviews: 0 });
    expect(oct.evaluations.count).toBe(0);
    expect(overdueItems(oct)).toEqual([{ code: 'rectification-overdue', points: -1, at: iso('2026-10-12 23:59:59'), refs: ['r9'], note: '办件编号 c9，整改期限 2026-10-12，逾期未整改' }]);
    expect(oct.score).toBe(99);
  });
});

describe('window duty: approved aways excuse absence findings inside them', () => {
  const aw = away('aw1', '2026-10-12 10:00', '2026-10-12 10:30');
  it('absent-from-post and away-unreported inside [from, to] (both ends, to the second) → 0 points, note excused', () => {
    const s = fold([
      aw,
      inspection('i1', '2026-10-12 10:00', { item: 'absent-from-post' }),
      inspection('i2', '2026-10-12 10:30:00', { item: 'away-unreported' }),
      inspection('i3', '2026-10-12 10:30:01', { item: 'absent-from-post' }),
      inspection('i4', '2026-10-12 10:15', { item: 'window-vacant', note: '午间无AB岗' }),
      inspection('i5', '2026-10-13 10:15', { item: 'away-unreported' }),
    ]);
    expect(s.items.filter((i) => i.code === 'inspection').map((i) => [i.refs.join('+'), i.points, i.note])).toEqual([
      ['i1+aw1', 0, 'excused'],
      ['i4', -2, '空岗：午间无AB岗'],
      ['i2+aw1', 0, 'excused'],
      ['i3', -2, '脱岗'],
      ['i5', -1, '离岗超过20分钟未报备'],
    ]);
    expect(s.score).toBe(95);
  });
  it('the new items take their points from the rule set', () => {
    const rules = { ...monthInput().rules, inspection: { finding: -1, absentFromPost: -2, windowVacant: -4, awayUnreported: -0.5 } };
    const s = fold([inspection('i4', '2026-10-12 10:15', { item: 'window-vacant' }), inspection('i5', '2026-10-13 10:15', { item: 'away-unreported' })], { rules });
    expect(s.score).toBe(95.5);
  });
});

describe('event.voided: the voided event leaves every computation; the sheet lists it', () => {
  it('a voided leave brings back the absences it excused', () => {
    // Tue 2026-10-13 closed, no punches: two sessions absent (−3 each) unless the leave excuses them.
    const lv = leave('lv1', '2026-10-13 08:00', '2026-10-13 18:00', { kind: 'sick' });
    const closedDays = new Set(['2026-10-13']);
    const withLeave = fold([lv], { closedDays, rules: base });
    expect(withLeave.attendance.excused).toBe(2);
    expect(withLeave.score).toBe(100);
    const v = voided('void-1', { source: 'admin', eventId: 'lv1' }, '2026-10-20 09:00', '请假录错了人');
    const s = fold([lv, v], { closedDays, rules: base });
    expect(s.attendance).toMatchObject({ excused: 0, absent: 2 });
    expect(s.score).toBe(94);
    expect(s.voided).toEqual([{ source: 'admin', eventId: 'lv1', reason: '请假录错了人', at: iso('2026-10-20 09:00') }]);
  });

  it('a voided criticism removes its −5 and its weight in the return rule', () => {
    const events = [criticism('n1', '2026-10-12 10:00'), criticism('n2', '2026-10-20 10:00')];
    const before = fold(events);
    expect(before).toMatchObject({ score: 90, returnRecommended: true, returnReasons: ['criticisms'] });
    const after = fold([...events, voided('void-2', { source: 'admin', eventId: 'n2' }, '2026-10-21 09:00')]);
    expect(after).toMatchObject({ score: 95, returnRecommended: false, returnReasons: [] });
    expect(summarizeMonth(after, true).criticisms).toBe(1);
  });

  it('voiding twice changes nothing more; a void that names no event here, or names a void, changes nothing', () => {
    const events = [criticism('n1', '2026-10-12 10:00'), criticism('n2', '2026-10-20 10:00')];
    const v1 = voided('void-2', { source: 'admin', eventId: 'n2' }, '2026-10-21 09:00');
    const once = fold([...events, v1]);
    expect(fold([v1, ...events, voided('void-3', { source: 'admin', eventId: 'n2' }, '2026-10-22 09:00', '再次')])).toEqual(once);
    expect(fold([...events, voided('void-4', { source: 'admin', eventId: 'nothing' }, '2026-10-22 09:00')])).toEqual(fold(events));
    // A void of a void is no correction of the correction: n2 stays voided.
    expect(fold([...events, v1, voided('void-5', { source: 'admin', eventId: 'void-2' }, '2026-10-23 09:00')])).toEqual(once);
  });

  it('the void matches (source, eventId): the same id from another source stays', () => {
    const r = review('r1', 'c1', 1, '2026-10-12 10:00', { source: 'pad-1' });
    expect(fold([r, voided('void-6', { source: 'pad-2', eventId: 'r1' }, '2026-10-13 09:00')]).score).toBe(98);
    expect(fold([r, voided('void-7', { source: 'pad-1', eventId: 'r1' }, '2026-10-13 09:00')]).score).toBe(100);
  });

  it('a voided rectification reopens the loop; a voided away brings back the finding', () => {
    const events = [review('r1', 'c1', 2, '2026-10-12 10:00'), rectified('x1', 'c1', '2026-10-13 10:00')];
    const closedDays = allDays('2026-10');
    expect(fold(events, { closedDays }).rectification).toMatchObject({ onTime: 1, overdue: 0 });
    const s = fold([...events, voided('void-8', { source: 'eval-1', eventId: 'x1' }, '2026-10-30 09:00')], { closedDays });
    expect(s.rectification).toMatchObject({ rectified: 0, onTime: 0, overdue: 1 });
    const aw = away('aw1', '2026-10-12 10:00', '2026-10-12 10:30');
    const f = inspection('i1', '2026-10-12 10:10', { item: 'absent-from-post' });
    expect(fold([aw, f]).score).toBe(100);
    expect(fold([aw, f, voided('void-9', { source: 'admin', eventId: 'aw1' }, '2026-10-13 09:00')]).score).toBe(98);
  });
});
