/** Which periods the demo simulates and closes (demo/run.ts): pure, against the shipped calendar. */
import { describe, expect, it } from 'vitest';
import { defaultDemoQuarter, longPeriodsEndedBy } from '../../demo/run.js';

describe('demo periods', () => {
  it('defaults to the fourth quarter of the last fully past year the calendar covers', () => {
    expect(defaultDemoQuarter(Date.parse('2026-12-07T18:00:00Z'))).toBe('2025-Q4');
    expect(defaultDemoQuarter(Date.parse('2026-01-01T00:00:00+08:00'))).toBe('2025-Q4');
    expect(defaultDemoQuarter(Date.parse('2025-12-31T23:00:00+08:00'))).toBe('2024-Q4');
    expect(defaultDemoQuarter(Date.parse('2028-03-01T00:00:00Z'))).toBe('2026-Q4'); // 2027 not in the installed calendar
  });

  it('closes the half year a second quarter ends, and the half year and year a fourth quarter ends', () => {
    expect(longPeriodsEndedBy('2025-Q4')).toEqual(['2025-H2', '2025']);
    expect(longPeriodsEndedBy('2026-Q2')).toEqual(['2026-H1']);
    expect(longPeriodsEndedBy('2026-Q3')).toEqual([]);
    expect(longPeriodsEndedBy('2026-Q1')).toEqual([]);
    expect(longPeriodsEndedBy('2026-07')).toEqual([]);
  });
});
