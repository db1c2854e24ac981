import { describe, expect, it } from 'vitest';
import {
  CalendarCoverageError,
  Calendars,
  workdaysInRange as workdaysOf,
} from '../../shared/domain/calendar.js';

// The package's calendars (a hall that has given no calendar data of its own).
const PKG = Calendars.packageOnly();
const isWorkday = (date: string, id: string) => PKG.get(id).isWorkday(date);
const workdaysInRange = (first: string, last: string, id: string) => workdaysOf(PKG.get(id), first, last);
const cnStatutoryCoverage = () => ({ first: PKG.statutory.firstCovered, last: PKG.statutory.coveredThrough });
const isCnStatutoryYearCovered = (y: number) => PKG.statutory.covers(y);

describe('cn-statutory calendar', () => {
  it('treats the 2026 National Day week (10-01..10-07) as holidays', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkday(`2026-10-0${d}`, 'cn-statutory'), `2026-10-0${d}`).toBe(false);
  });

  it('has 2026-10-08 (Thursday) as a workday', () => {
    expect(isWorkday('2026-10-08', 'cn-statutory')).toBe(true);
  });

  it('has the make-up workdays (调休) 2026-10-10 (Saturday) and 2026-09-20 (Sunday)', () => {
    expect(new Date('2026-10-10T00:00:00Z').getUTCDay()).toBe(6);
    expect(new Date('2026-09-20T00:00:00Z').getUTCDay()).toBe(0);
    expect(isWorkday('2026-10-10', 'cn-statutory')).toBe(true);
    expect(isWorkday('2026-09-20', 'cn-statutory')).toBe(true);
  });

  it('has ordinary weekends off and ordinary weekdays on', () => {
    expect(isWorkday('2026-10-17', 'cn-statutory')).toBe(false); // Saturday
    expect(isWorkday('2026-10-18', 'cn-statutory')).toBe(false); // Sunday
    expect(isWorkday('2026-10-12', 'cn-statutory')).toBe(true); // Monday
    expect(isWorkday('2026-10-16', 'cn-statutory')).toBe(true); // Friday
  });

  it('derives its covered years (2004–2026 for chinese-days 1.5.7) from the package data', () => {
    expect(cnStatutoryCoverage()).toEqual({ first: 2004, last: 2026 });
    expect(isCnStatutoryYearCovered(2004)).toBe(true);
    expect(isCnStatutoryYearCovered(2026)).toBe(true);
    expect(isCnStatutoryYearCovered(2003)).toBe(false);
    expect(isCnStatutoryYearCovered(2027)).toBe(false);
  });

  it('throws CalendarCoverageError for 2027 instead of guessing', () => {
    // 2027-01-01 is a Friday and will surely be 元旦; the package alone would call it a workday.
    expect(() => isWorkday('2027-01-01', 'cn-statutory')).toThrow(CalendarCoverageError);
    expect(() => isWorkday('2027-10-01', 'cn-statutory')).toThrow(CalendarCoverageError);
    let err: unknown;
    try {
      isWorkday('2027-03-15', 'cn-statutory');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalendarCoverageError);
    expect(err).toBeInstanceOf(Error);
    const e = err as CalendarCoverageError;
    expect(e.name).toBe('CalendarCoverageError');
    expect(e.year).toBe(2027);
    expect(e.covered).toEqual({ first: 2004, last: 2026 });
    expect(e.message).toContain('2027');
    expect(e.message).toContain('2004–2026');
    // It says how to add the year, not to wait for a package release.
    expect(e.message).toContain('PUT /v1/calendars/cn-statutory/years/2027');
    expect(e.message).toContain('国务院办公厅关于2027年部分节假日安排的通知');
  });

  it('throws for years before the covered range too', () => {
    expect(() => isWorkday('2003-06-02', 'cn-statutory')).toThrow(/2003/);
  });
});

describe('mon-fri calendar', () => {
  it('is Monday to Friday regardless of holidays', () => {
    expect(isWorkday('2026-10-01', 'mon-fri')).toBe(true); // Thursday, National Day
    expect(isWorkday('2026-10-05', 'mon-fri')).toBe(true); // Monday, National Day
    expect(isWorkday('2026-10-10', 'mon-fri')).toBe(false); // Saturday, a cn make-up workday
    expect(isWorkday('2026-09-20', 'mon-fri')).toBe(false); // Sunday
  });

  it('works for 2027 and any other year', () => {
    expect(isWorkday('2027-01-01', 'mon-fri')).toBe(true); // Friday
    expect(isWorkday('2027-01-02', 'mon-fri')).toBe(false); // Saturday
    expect(workdaysInRange('2027-01-01', '2027-01-10', 'mon-fri')).toEqual([
      '2027-01-01',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
    ]);
  });
});

describe('workdaysInRange', () => {
  it('lists cn-statutory working days, both ends inclusive', () => {
    expect(workdaysInRange('2026-09-26', '2026-10-12', 'cn-statutory')).toEqual([
      // 09-26 Sat, 09-27 Sun off; 09-28..09-30 Mon–Wed on; 10-01..10-07 holidays; 10-08 Thu, 10-09 Fri,
      // 10-10 Sat (make-up) on; 10-11 Sun off; 10-12 Mon on.
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
  });

  it('counts 18 working days in October 2026', () => {
    // Hand count: 10-08, 10-09, 10-10 (make-up Saturday), then Mon–Fri of the weeks of 10-12, 10-19, 10-26.
    expect(workdaysInRange('2026-10-01', '2026-10-31', 'cn-statutory')).toHaveLength(18);
    expect(workdaysInRange('2026-10-01', '2026-10-31', 'mon-fri')).toHaveLength(22);
  });

  it('returns [] for an empty range and a single day for a one-day range', () => {
    expect(workdaysInRange('2026-10-12', '2026-10-11', 'cn-statutory')).toEqual([]);
    expect(workdaysInRange('2026-10-12', '2026-10-12', 'cn-statutory')).toEqual(['2026-10-12']);
    expect(workdaysInRange('2026-10-03', '2026-10-03', 'cn-statutory')).toEqual([]);
  });

  it('fails when the range reaches an uncovered year', () => {
    expect(() => workdaysInRange('2026-12-28', '2027-01-05', 'cn-statutory')).toThrow(CalendarCoverageError);
  });

  it('rejects malformed days', () => {
    expect(() => isWorkday('2026-02-30', 'cn-statutory')).toThrow(RangeError);
    expect(() => isWorkday('20261012', 'mon-fri')).toThrow(RangeError);
    expect(() => workdaysInRange('2026-10-01', 'soon', 'mon-fri')).toThrow(RangeError);
  });
});
