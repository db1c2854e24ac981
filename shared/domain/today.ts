/**
 * Today's attendance as it stands (CONTRACT.md §13 `GET /v1/today`): the matching rules of §6
 * applied to the punches so far. Pure: `now` is an input.
 *
 * A session whose end has not passed is `upcoming` (before its start) or `in-progress`, except that
 * it is `late` as soon as its arrival deadline (start − arriveEarlyMinutes, the §6 rule for late)
 * has passed without a punch, or the arrival punch was late. A session whose end has passed has the
 * finding the day close would give it from the punches so far (absent, late, early-leave,
 * missing-punch), or `on-time`; `excused` when approved leave covers it.
 */
import { evaluateDay, type Leave, type Punch } from './attendance.js';
import type { Shift } from './masterdata.js';
import type { RuleSet } from './rules.js';
import { localParts, toHallIso } from './time.js';

export type SessionStatus = 'upcoming' | 'in-progress' | 'on-time' | 'late' | 'early-leave' | 'missing-punch' | 'absent' | 'excused';

export interface LiveSession {
  start: string; // HH:MM
  end: string; // HH:MM
  arrival?: string; // RFC 3339, hall offset
  departure?: string;
  status: SessionStatus;
}

export interface LiveDayInput {
  date: string;
  tz: string;
  now: number;
  shift: Shift;
  punches: readonly Punch[];
  leaves: readonly Leave[];
  rules: RuleSet;
}

const MINUTE = 60_000;

export function liveSessions(input: LiveDayInput): LiveSession[] {
  const { shift, now, tz } = input;
  const seen = input.punches.filter((p) => p.at <= now);
  const day = evaluateDay({ date: input.date, tz, shift, punches: seen, leaves: input.leaves, rules: input.rules });
  return day.sessions.map((s, i) => {
    const spec = shift.sessions[i]!;
    const out: LiveSession = { start: spec.start, end: spec.end, status: 'on-time' };
    if (s.arrival) out.arrival = toHallIso(s.arrival.at, tz);
    if (s.departure) out.departure = toHallIso(s.departure.at, tz);
    if (s.excused) return { ...out, status: 'excused' };
    if (now < s.end) {
      const deadline = s.start - shift.arriveEarlyMinutes * MINUTE;
      const lateArrival = s.arrival !== undefined && s.arrival.at > deadline;
      const overdue = s.arrival === undefined && now > deadline;
      if (lateArrival || overdue) return { ...out, status: 'late' };
      return { ...out, status: now < s.start ? 'upcoming' : 'in-progress' };
    }
    const codes = s.codes;
    const status: SessionStatus = codes.includes('absent')
      ? 'absent'
      : codes.includes('late')
        ? 'late'
        : codes.includes('early-leave')
          ? 'early-leave'
          : codes.includes('missing-punch')
            ? 'missing-punch'
            : 'on-time';
    return { ...out, status };
  });
}

/** Whether any approved leave (or away period) overlaps the hall-local day. */
export function overlapsDay(spans: readonly { from: number; to: number }[], dayStart: number, dayEnd: number): boolean {
  return spans.some((l) => l.from < dayEnd && l.to > dayStart);
}

/** The hall-local date of an instant. */
export const hallDate = (at: number, tz: string): string => localParts(at, tz).date;

export interface DaySummary {
  expected: number;
  present: number;
  late: number;
  absent: number;
  onLeave: number;
}

/**
 * Head counts for the hall screen: `expected` staff have at least one session today not excused;
 * `present` of them punched in at least once; `late` / `absent` have a session in that state;
 * `onLeave` are on approved leave today.
 */
export function summarizeDay(staff: readonly { onLeave: boolean; sessions: readonly LiveSession[] }[]): DaySummary {
  const out: DaySummary = { expected: 0, present: 0, late: 0, absent: 0, onLeave: 0 };
  for (const s of staff) {
    if (s.onLeave) out.onLeave += 1;
    const due = s.sessions.filter((x) => x.status !== 'excused');
    if (due.length === 0) continue;
    out.expected += 1;
    if (due.some((x) => x.arrival !== undefined || x.departure !== undefined)) out.present += 1;
    if (due.some((x) => x.status === 'late')) out.late += 1;
    if (due.some((x) => x.status === 'absent')) out.absent += 1;
  }
  return out;
}
