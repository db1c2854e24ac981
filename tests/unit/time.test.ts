import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysOfMonth, endOfDay, localParts, monthsOfQuarter, offsetMinutes, quarterOf, zonedInstant } from '../../shared/domain/time.js';

describe('hall time', () => {
  it('converts wall clock to instants in Asia/Shanghai', () => {
    expect(new Date(zonedInstant('2026-10-12', '08:41', 'Asia/Shanghai')).toISOString()).toBe('2026-10-12T00:41:00.000Z');
    expect(localParts(Date.parse('2026-10-31T16:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-11-01', time: '00:30:00' });
  });
  it('handles months and quarters', () => {
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(addMonths('2026-01', -2)).toBe('2025-11');
    expect(quarterOf('2026-11')).toBe('2026-Q4');
    expect(monthsOfQuarter('2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
  });
  it('stays numeric past 9999-12-31 (the end of the last valid day is in year 10000)', () => {
    // Found by the admin fuzz test: closing 9999-Q4 computed the end of 9999-12-31 through ISO strings → NaN → 500.
    expect(addDays('9999-12-31', 1)).toBe('10000-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('9999-12', 1)).toBe('10000-01');
    expect(endOfDay('9999-12-31', 'Asia/Shanghai')).toBe(Date.UTC(10000, 0, 1) - 8 * 3600_000);
    expect(localParts(Date.UTC(10000, 0, 1, 1, 2, 3), 'UTC')).toEqual({ date: '10000-01-01', time: '01:02:03' });
    expect(offsetMinutes(Date.UTC(10000, 5, 1), 'Asia/Shanghai')).toBe(480);
    // Day and second arithmetic floors, so instants before 1970 land in the right day too.
    expect(localParts(Date.UTC(1969, 11, 31, 23, 59, 59, 500), 'UTC')).toEqual({ date: '1969-12-31', time: '23:59:59' });
    expect(localParts(Date.UTC(1969, 11, 31, 16, 0, 0), 'Asia/Shanghai')).toEqual({ date: '1970-01-01', time: '00:00:00' });
    expect(() => localParts(Number.NaN, 'UTC')).toThrow(RangeError);
    expect(() => localParts(9e15, 'UTC')).toThrow(RangeError);
    expect(zonedInstant('2026-10-12', '08:41:30', 'Asia/Shanghai')).toBe(Date.parse('2026-10-12T00:41:30Z'));
  });
});

describe('localParts cache', () => {
  it('agrees with Intl in zones with DST and half-hour offsets, across transitions', () => {
    const intl = (tz: string, t: number) => {
      const p: Record<string, string> = {};
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      for (const { type, value } of f.formatToParts(new Date(t))) p[type] = value;
      return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
    };
    for (const tz of ['Asia/Shanghai', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      // Around the 2026 spring-forward and fall-back, minute by minute with odd seconds.
      for (const around of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-04-05T15:00:00Z', '2026-10-04T15:30:00Z']) {
        for (let t = Date.parse(around) - 3 * 3600_000; t < Date.parse(around) + 3 * 3600_000; t += 61_001) {
          expect(localParts(t, tz)).toEqual(intl(tz, t));
        }
      }
    }
  });
});
