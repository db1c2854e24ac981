/**
 * Attendance: matching punches to shift sessions and turning them into sheet items (CONTRACT.md §6).
 *
 * Pure: instants are epoch milliseconds, days are hall-local 'YYYY-MM-DD'. Nothing here reads a clock.
 *
 * Session matching, for each session [S, E] of a day (hall-local wall clock):
 * - the day's punches are split between sessions at the midpoints of the gaps between sessions
 *   (the first session's share starts at local midnight, the last one's ends at the next midnight);
 *   a punch exactly at a midpoint belongs to the later session;
 * - arrival = earliest punch of the session's share up to E (inclusive);
 * - departure = latest punch of the session's share strictly later than the arrival
 *   (with no arrival: any punch of the share, which then necessarily lies after E).
 * Punches are truncated to the second and deduplicated by id and by second.
 */
import { CalendarCoverageError, type WorkCalendar } from './calendar.js';
import type { Shift } from './masterdata.js';
import type { RuleSet } from './rules.js';
import { attendanceNote as zh, joinReasons, sessionLabel, withSession } from './notes-zh.js';
import { daysOfMonth, endOfDay, localParts, toHallIso, zonedInstant } from './time.js';
import type { AttendanceCounts, SheetItem } from './types.js';

export interface Punch {
  id: string;
  at: number; // epoch ms
}

/** An approved leave, epoch ms. */
export interface Leave {
  id: string;
  from: number;
  to: number;
}

export interface MonthAttendanceInput {
  month: string; // 'YYYY-MM'
  tz: string; // hall IANA zone, e.g. 'Asia/Shanghai'
  shift: Shift;
  /** The shift's calendar, resolved by the caller (CONTRACT.md §8: calendar data is master data). */
  calendar: WorkCalendar;
  staff: { since?: string; active: boolean };
  punches: Punch[]; // any punches of this staff (may include other months, duplicates)
  leaves: Leave[]; // any approved leaves of this staff (may span months)
  closedDays: ReadonlySet<string>; // hall-local days that are closed
  rules: RuleSet;
}

export interface DayInput {
  date: string; // hall-local 'YYYY-MM-DD'
  tz: string;
  shift: Shift;
  /** Any punches; only those of this hall-local day are used. Need not be sorted or deduplicated. */
  punches: readonly Punch[];
  leaves: readonly Leave[];
  rules: RuleSet;
}

export type AttendanceCode = 'late' | 'early-leave' | 'missing-punch' | 'absent';

export interface SessionResult {
  /** 1-based position in the shift. */
  index: number;
  start: number;
  end: number;
  /** Wholly covered by approved leave: expects nothing, no findings. */
  excused: boolean;
  arrival?: Punch;
  departure?: Punch;
  /** Findings of this session: `absent` alone, or any of late / early-leave / missing-punch. */
  codes: AttendanceCode[];
}

export interface DayResult {
  date: string;
  sessions: SessionResult[];
  /** Items of the day, sorted by instant then code. */
  items: SheetItem[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Truncate to the second (contract: times are compared to the second). */
const toSecond = (at: number): number => Math.floor(at / SECOND) * SECOND;

/** Sorted by instant (to the second), one punch per id and per second (the smallest id wins a shared second). */
export function normalizePunches(punches: readonly Punch[]): Punch[] {
  const byId = new Map<string, Punch>();
  for (const p of punches) {
    if (!Number.isFinite(p.at)) continue;
    const q = { id: p.id, at: toSecond(p.at) };
    const seen = byId.get(q.id);
    // A repeated id is one punch: keep its earliest instant so the result does not depend on input order.
    if (!seen || q.at < seen.at) byId.set(q.id, q);
  }
  const sorted = [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Punch[] = [];
  for (const p of sorted) if (out.length === 0 || out[out.length - 1]!.at !== p.at) out.push(p);
  return out;
}

/** Whether [start, end] lies wholly inside the union of the leaves (adjacent or overlapping leaves join). */
export function coveredByLeave(start: number, end: number, leaves: readonly Leave[]): boolean {
  const relevant = leaves
    .filter((l) => Number.isFinite(l.from) && Number.isFinite(l.to) && l.from <= l.to && l.to >= start && l.from <= end)
    .sort((a, b) => a.from - b.from);
  let reached = start; // [start, reached] is covered so far
  for (const l of relevant) {
    if (l.from > reached) return false; // a gap (or the first leave starts after the session start)
    if (l.to > reached) reached = l.to;
    if (reached >= end) return true;
  }
  return false;
}

const hms = (at: number, tz: string): string => localParts(at, tz).time;

/**
 * Evaluates one day's sessions as expected sessions. Whether the day expects anything at all (working day,
 * since, active) is the caller's decision: see `expectsAttendance`.
 */
export function evaluateDay(input: DayInput): DayResult {
  const { date, tz, shift, rules } = input;
  const dayStart = zonedInstant(date, '00:00', tz);
  const dayEnd = endOfDay(date, tz);
  const punches = normalizePunches(input.punches).filter((p) => p.at >= dayStart && p.at < dayEnd);

  const bounds = shift.sessions.map((s) => ({ start: zonedInstant(date, s.start, tz), end: zonedInstant(date, s.end, tz) }));
  const sessions: SessionResult[] = [];
  const found: { at: number; item: SheetItem }[] = [];

  bounds.forEach(({ start, end }, i) => {
    const prev = bounds[i - 1];
    const next = bounds[i + 1];
    // The session's share of the day's punches: [from, until).
    const from = prev ? Math.floor((prev.end + start) / 2) : dayStart;
    const until = next ? Math.floor((end + next.start) / 2) : dayEnd;
    const spec = shift.sessions[i]!;
    const label = sessionLabel(i + 1, spec.start, spec.end);
    const result: SessionResult = { index: i + 1, start, end, excused: false, codes: [] };
    sessions.push(result);

    if (coveredByLeave(start, end, input.leaves)) {
      result.excused = true;
      return;
    }

    const share = punches.filter((p) => p.at >= from && p.at < until);
    const arrival = share.find((p) => p.at <= end);
    const later = arrival ? share.filter((p) => p.at > arrival.at) : share;
    const departure = later[later.length - 1];
    if (arrival) result.arrival = arrival;
    if (departure) result.departure = departure;

    const add = (code: AttendanceCode, points: number, at: number, refs: string[], note: string): void => {
      result.codes.push(code);
      found.push({ at, item: { code, points, at: toHallIso(at, tz), refs, note: withSession(label, note) } });
    };
    const a = rules.attendance;

    if (!arrival && !departure) {
      add('absent', a.absentPerSession, start, [], zh.noPunch());
      return;
    }
    const absentLate = arrival !== undefined && arrival.at > start + shift.lateAbsentMinutes * MINUTE;
    const absentEarly = departure !== undefined && departure.at < end - shift.earlyLeaveAbsentMinutes * MINUTE;
    if (absentLate || absentEarly) {
      const reasons: string[] = [];
      const refs: string[] = [];
      if (absentLate) {
        reasons.push(zh.absentLate(hms(arrival.at, tz), shift.lateAbsentMinutes));
        refs.push(arrival.id);
      }
      if (absentEarly) {
        reasons.push(zh.absentEarly(hms(departure.at, tz), shift.earlyLeaveAbsentMinutes));
        refs.push(departure.id);
      }
      add('absent', a.absentPerSession, absentLate ? arrival.at : departure!.at, refs, joinReasons(reasons));
      return;
    }

    if (arrival && arrival.at > start - shift.arriveEarlyMinutes * MINUTE) {
      add('late', a.late, arrival.at, [arrival.id], zh.late(hms(arrival.at, tz)));
    }
    if (departure && departure.at < end) {
      add('early-leave', a.earlyLeave, departure.at, [departure.id], zh.earlyLeave(hms(departure.at, tz)));
    }
    if (!arrival && departure) {
      add('missing-punch', a.missingPunch, start, [departure.id], zh.noArrival(hms(departure.at, tz)));
    } else if (arrival && !departure) {
      add('missing-punch', a.missingPunch, end, [arrival.id], zh.noDeparture(hms(arrival.at, tz)));
    }
  });

  return { date, sessions, items: sortItems(found) };
}

function sortItems(found: { at: number; item: SheetItem }[]): SheetItem[] {
  return found
    .sort((x, y) => x.at - y.at || (x.item.code < y.item.code ? -1 : x.item.code > y.item.code ? 1 : 0))
    .map((f) => f.item);
}

/**
 * Does a day expect attendance of this staff member under this shift? Not for inactive staff, not before
 * `since`, not on non-working days of the shift's calendar. Throws CalendarCoverageError for uncovered years.
 */
export function expectsAttendance(date: string, calendar: WorkCalendar, staff: { since?: string; active: boolean }): boolean {
  if (!staff.active) return false;
  if (staff.since !== undefined && date < staff.since) return false;
  return calendar.isWorkday(date);
}

/** A month of attendance: counts over the whole month (items and findings only for closed days). */
export function attendanceForMonth(input: MonthAttendanceInput): { counts: AttendanceCounts; items: SheetItem[] } {
  const counts: AttendanceCounts = { workdays: 0, sessions: 0, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 };
  const found: { at: number; item: SheetItem }[] = [];
  if (!input.staff.active) return { counts, items: [] };

  const punches = normalizePunches(input.punches);
  const perSession = input.shift.sessions.length;

  for (const date of daysOfMonth(input.month)) {
    let expected: boolean;
    try {
      expected = expectsAttendance(date, input.calendar, input.staff);
    } catch (e) {
      // A year the holiday calendar does not cover: an open day is simply not counted yet (no
      // guessing, no failure for live reads); a closed one cannot be scored, so that fails loudly.
      if (e instanceof CalendarCoverageError && !input.closedDays.has(date)) continue;
      throw e;
    }
    if (!expected) continue;
    counts.workdays += 1;
    counts.sessions += perSession;
    if (!input.closedDays.has(date)) continue;

    const from = zonedInstant(date, '00:00', input.tz);
    const until = endOfDay(date, input.tz);
    const dayPunches = punches.filter((p) => p.at >= from && p.at < until);
    const day = evaluateDay({ date, tz: input.tz, shift: input.shift, punches: dayPunches, leaves: input.leaves, rules: input.rules });
    for (const s of day.sessions) {
      if (s.excused) counts.excused += 1;
      for (const code of s.codes) {
        if (code === 'late') counts.late += 1;
        else if (code === 'early-leave') counts.earlyLeave += 1;
        else if (code === 'missing-punch') counts.missingPunch += 1;
        else counts.absent += 1;
      }
    }
    for (const item of day.items) found.push({ at: Date.parse(item.at!), item });
  }
  return { counts, items: sortItems(found) };
}
