import { describe, expect, it } from 'vitest';
import { addMonths, daysOfMonth, localParts, monthsOfQuarter, quarterOf, zonedInstant } from '../../shared/domain/time.js';

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
