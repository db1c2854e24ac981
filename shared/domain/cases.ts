/**
 * Cases and their time limits (限时办结, CONTRACT.md §10): due-instant arithmetic on a working-day
 * calendar with legal pauses (特别程序), and the judgement of a case as on time, overdue or pending.
 * Pure: the calendar is a function passed in, so this module knows nothing of where calendars live.
 */
import type { CaseAccepted, CaseCompleted, CaseLimit, CaseResumed, CaseSuspended } from './efficiency-events.js';
import type { StoredEvent } from './events.js';
import { addDays, localDate, zonedInstant } from './time.js';

/** Is a hall-local day ('YYYY-MM-DD') a working day of the staff member's shift calendar? */
export type WorkdayFn = (date: string) => boolean;

/** A legal pause [from, to); `to` null: never resumed. Epoch ms. */
export interface Suspension {
  from: number;
  to: number | null;
}

/** The clock only ever runs this far: a limit of 365 working days spans well under 3 years of days. */
const MAX_SCAN_DAYS = 366 * 20;

/**
 * The day a case is due by (its last permitted day), or null when it has none: suspended and never
 * resumed before the clock could run out.
 *
 * - immediate (即办件): the day of acceptance; a case paused on that day and resumed later is due by the
 *   end of the day of its resumption (the clock stopped with the day still running).
 * - promised (承诺件) of N working days: the N-th counted day after the day of acceptance; a day counts
 *   when it is a working day and its 12:00:00 lies in no suspension [from, to).
 * @throws whatever `isWorkday` throws (e.g. CalendarCoverageError for a year the calendar does not cover)
 */
export function dueDay(acceptedAt: number, limit: CaseLimit, suspensions: readonly Suspension[], isWorkday: WorkdayFn, tz: string): string | null {
  const acceptDay = localDate(acceptedAt, tz);
  if (limit.kind === 'immediate') {
    let day = acceptDay;
    for (const s of suspensions) {
      const end = endOf(day, tz);
      // Only a pause that starts while the case is still due matters.
      if (s.from > end || s.from < acceptedAt) continue;
      if (s.to === null) return null;
      const resumedDay = localDate(s.to, tz);
      if (resumedDay > day) day = resumedDay;
    }
    return day;
  }
  const paused = (t: number) => suspensions.some((s) => s.from <= t && (s.to === null || t < s.to));
  const openFrom = suspensions.reduce((m, s) => (s.to === null ? Math.min(m, s.from) : m), Number.POSITIVE_INFINITY);
  let counted = 0;
  let day = acceptDay;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    day = addDays(day, 1);
    const noon = zonedInstant(day, '12:00:00', tz);
    if (noon >= openFrom) return null; // the clock stopped and never started again
    if (!isWorkday(day) || paused(noon)) continue;
    counted += 1;
    if (counted === limit.workdays) return day;
  }
  return null;
}

/** The due instant: 23:59:59 hall time of a due day. */
export const endOf = (day: string, tz: string): number => zonedInstant(day, '23:59:59', tz);

/**
 * Pairs pauses and resumptions in time order: a resumption closes the open pause; a second pause
 * while paused, or a resumption while running, changes nothing.
 */
export function suspensionsOf(events: readonly { type: 'case.suspended' | 'case.resumed'; at: number }[]): Suspension[] {
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.type === b.type ? 0 : a.type === 'case.suspended' ? -1 : 1));
  const out: Suspension[] = [];
  let open: number | null = null;
  for (const e of sorted) {
    if (e.type === 'case.suspended') {
      if (open === null) open = e.at;
    } else if (open !== null) {
      out.push({ from: open, to: e.at });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: null });
  return out;
}

/** What the store holds about one case, in any order, deduplicated. */
export interface CaseFacts {
  caseId: string;
  accepted: StoredEvent<CaseAccepted>;
  pauses: StoredEvent<CaseSuspended | CaseResumed>[];
  /** The first completion in time order, if any. */
  completed?: StoredEvent<CaseCompleted>;
}

export type CaseState = 'on-time' | 'overdue' | 'pending' | 'not-judged' | 'no-due-day';

export interface JudgedCase {
  facts: CaseFacts;
  /** null: no due day (suspended and never resumed, or a calendar year not covered yet). */
  dueDay: string | null;
  dueAt: number | null;
  state: CaseState;
}

/** Times are compared to the second (CONTRACT.md §6): 23:59:59.400 is still 23:59:59. */
const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/**
 * Judges one case.
 * - completed at or before its due instant: on time, unless withdrawn/transferred (not judged);
 * - completed after it: overdue at once (whatever the result);
 * - not completed: overdue once its due day is closed, pending until then.
 * @param isDayClosed whether a hall-local day has been closed
 */
export function judgeCase(facts: CaseFacts, isWorkday: WorkdayFn, isDayClosed: (day: string) => boolean, tz: string): JudgedCase {
  const pauses = suspensionsOf(facts.pauses.map((p) => ({ type: p.event.type, at: p.at })));
  let day: string | null;
  try {
    day = dueDay(facts.accepted.at, facts.accepted.event.limit, pauses, isWorkday, tz);
  } catch (err) {
    // A due day in a year the holiday calendar does not cover yet is unknown, not an error of the sheet.
    if (err instanceof Error && err.name === 'CalendarCoverageError') day = null;
    else throw err;
  }
  if (day === null) return { facts, dueDay: null, dueAt: null, state: 'no-due-day' };
  const dueAt = endOf(day, tz);
  const c = facts.completed;
  let state: CaseState;
  if (c && toSecond(c.at) <= dueAt) {
    state = c.event.result === 'withdrawn' || c.event.result === 'transferred' ? 'not-judged' : 'on-time';
  } else if (c || isDayClosed(day)) state = 'overdue';
  else state = 'pending';
  return { facts, dueDay: day, dueAt, state };
}
