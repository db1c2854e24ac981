/**
 * What one event may cost is bounded in its schema (issue #15): a leave is at most 366 days, so no
 * single event makes a consumer walk years of staff-months inside one batch.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../shared/domain/events.js';

const leave = (from: string, to: string) => ({
  id: 'lv-1',
  type: 'attendance.leave',
  occurredAt: '2026-10-01T09:00:00+08:00',
  staffId: 's1',
  from,
  to,
  kind: 'sick',
});

describe('attendance.leave length', () => {
  it('accepts a leave of exactly 366 days (a leap year, end to end)', () => {
    expect(EVENT_SCHEMAS['attendance.leave'].safeParse(leave('2027-01-01T00:00:00+08:00', '2028-01-02T00:00:00+08:00')).success).toBe(true);
  });

  it('refuses a leave one second longer than 366 days, naming `to`', () => {
    const r = EVENT_SCHEMAS['attendance.leave'].safeParse(leave('2027-01-01T00:00:00+08:00', '2028-01-02T00:00:01+08:00'));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['to']);
    expect(r.error?.issues[0]?.message).toMatch(/366 days/);
  });

  it('refuses a leave spanning years', () => {
    expect(EVENT_SCHEMAS['attendance.leave'].safeParse(leave('2020-01-01T00:00:00+08:00', '2030-01-01T00:00:00+08:00')).success).toBe(false);
  });
});
