/** GET /v1/today's session states (shared/domain/today.ts): the §6 matching rules applied to the punches so far. */
import { describe, expect, it } from 'vitest';
import { Shift } from '../../shared/domain/masterdata.js';
import { DEFAULT_RULES } from '../../shared/domain/rules.js';
import { liveSessions, summarizeDay } from '../../shared/domain/today.js';

const tz = 'Asia/Shanghai';
const shift = Shift.parse({ sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] });
const at = (hm: string) => Date.parse(`2026-09-08T${hm}:00+08:00`);
const punch = (id: string, hm: string) => ({ id, at: at(hm) });
const live = (now: string, punches: { id: string; at: number }[], leaves: { id: string; from: number; to: number }[] = []) =>
  liveSessions({ date: '2026-09-08', tz, now: at(now), shift, punches, leaves, rules: DEFAULT_RULES }).map((s) => s.status);

describe('liveSessions', () => {
  it('before the arrival deadline a session is upcoming; after it, without a punch, late', () => {
    expect(live('08:40', [])).toEqual(['upcoming', 'upcoming']);
    expect(live('08:51', [])).toEqual(['late', 'upcoming']);
  });

  it('an on-time arrival makes the session upcoming, then in-progress; a late one shows late at once', () => {
    expect(live('08:46', [punch('a', '08:45')])).toEqual(['upcoming', 'upcoming']);
    expect(live('10:00', [punch('a', '08:45')])).toEqual(['in-progress', 'upcoming']);
    expect(live('09:06', [punch('a', '09:05')])).toEqual(['late', 'upcoming']);
  });

  it('a session whose end has passed has its finding from the punches so far', () => {
    expect(live('12:30', [punch('a', '08:45'), punch('b', '12:00')])).toEqual(['on-time', 'upcoming']);
    expect(live('12:30', [punch('a', '08:45'), punch('b', '11:40')])).toEqual(['early-leave', 'upcoming']);
    expect(live('12:30', [punch('a', '08:45')])).toEqual(['missing-punch', 'upcoming']);
    expect(live('12:30', [])).toEqual(['absent', 'upcoming']);
    expect(live('18:00', [punch('a', '08:45'), punch('b', '12:00'), punch('c', '13:40'), punch('d', '17:00')])).toEqual(['on-time', 'late']);
  });

  it('punches after now do not count yet', () => {
    expect(live('10:00', [punch('a', '08:45'), punch('b', '12:00')])).toEqual(['in-progress', 'upcoming']);
  });

  it('approved leave covering a session excuses it', () => {
    expect(live('10:00', [], [{ id: 'l', from: at('08:00'), to: at('12:30') }])).toEqual(['excused', 'upcoming']);
  });
});

describe('summarizeDay', () => {
  it('counts expected, present, late, absent and on-leave staff', () => {
    const s = (status: string, arrival?: string) => ({ start: '09:00', end: '12:00', status: status as never, ...(arrival ? { arrival } : {}) });
    expect(
      summarizeDay([
        { onLeave: false, sessions: [s('on-time', 'x')] },
        { onLeave: false, sessions: [s('late', 'x')] },
        { onLeave: false, sessions: [s('absent')] },
        { onLeave: true, sessions: [s('excused')] },
        { onLeave: false, sessions: [] },
      ]),
    ).toEqual({ expected: 3, present: 2, late: 1, absent: 1, onLeave: 1 });
  });
});
