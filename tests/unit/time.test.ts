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
