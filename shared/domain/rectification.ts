/**
 * The 好差评 closed loop (CONTRACT.md §11): every counted bad review (level 1–2, not annulled) must be
 * rectified (整改) within `rectification.workdays` working days, counted like a promised case: from the
 * day after the review's day, on the staff member's shift calendar; due by the end (23:59:59, hall time)
 * of the N-th counted day. Return visits (回访) and appeals (申诉) are reported, not scored.
 * Pure: instants are epoch ms, days hall-local 'YYYY-MM-DD'.
 */
import type {
  EvaluationAnnulled,
  EvaluationAppealed,
  EvaluationRectified,
  EvaluationRevisited,
  EvaluationSubmitted,
  StoredEvent,
} from './events.js';
import { CalendarCoverageError, isMonToFri, type WorkCalendar } from './calendar.js';
import type { RuleSet } from './rules.js';
import { addDays, localDate, zonedInstant } from './time.js';
import type { SheetItem } from './types.js';

export interface RectificationCounts {
  badReviews: number;
  rectified: number;
  onTime: number;
  overdue: number;
  pending: number;
  appealed: number;
  revisited: number;
  revisitSatisfied: number;
}

export const emptyRectification = (): RectificationCounts => ({
  badReviews: 0,
  rectified: 0,
  onTime: 0,
  overdue: 0,
  pending: 0,
  appealed: 0,
  revisited: 0,
  revisitSatisfied: 0,
});

export type BadReviewStatus = 'annulled' | 'rectified' | 'overdue' | 'open';
export type BadReviewFilter = 'open' | 'overdue' | 'rectified' | 'annulled' | 'appealed';
export const BAD_REVIEW_FILTERS: readonly BadReviewFilter[] = ['open', 'overdue', 'rectified', 'annulled', 'appealed'];

/** A bad review and where its closed loop stands. */
export interface BadReviewState {
  review: StoredEvent<EvaluationSubmitted>;
  annulled: boolean;
  dueDay: string;
  dueAt: number;
  /** Whether the due day has been closed (until then a missing rectification is only pending). */
  dueClosed: boolean;
  /** The earliest rectification. */
  rectification?: StoredEvent<EvaluationRectified>;
  /** The latest return visit: its result is the one that stands. */
  revisit?: StoredEvent<EvaluationRevisited>;
  /** The earliest appeal. */
  appeal?: StoredEvent<EvaluationAppealed>;
  onTime: boolean;
  overdue: boolean;
  status: BadReviewStatus;
  /** The overlapping list filters this review matches. */
  matches: ReadonlySet<BadReviewFilter>;
}

/** '办件编号 c2，整改期限 2026-10-19，2026-10-20 整改（逾期）' — notes are read by people (notes-zh.ts). */
export const rectificationOverdueNote = (caseId: string, dueDay: string, rectifiedOn?: string): string =>
  `办件编号 ${caseId}，整改期限 ${dueDay}，${rectifiedOn ? `${rectifiedOn} 整改（逾期）` : '逾期未整改'}`;

/** Longest search for a due day: a calendar with no working day for a year is not a calendar. */
const MAX_SEARCH_DAYS = 366 * 2;

/**
 * The due day of something dated `day` with `workdays` working days, counting from the next day.
 * @param isWorkday the staff member's calendar
 */
export function dueDayAfter(day: string, workdays: number, isWorkday: (date: string) => boolean): string {
  let d = day;
  let counted = 0;
  for (let i = 0; counted < workdays; i++) {
    if (i > MAX_SEARCH_DAYS) throw new RangeError(`no ${workdays} working days within ${MAX_SEARCH_DAYS} days after ${day}`);
    d = addDays(d, 1);
    if (isWorkday(d)) counted++;
  }
  return d;
}

/**
 * A working day of the shift calendar; for a year the holiday data does not cover yet, Monday–Friday,
 * so a due day can always be named (and is named again from the real calendar once it is installed).
 */
export function workdayOrWeekday(date: string, calendar: WorkCalendar): boolean {
  try {
    return calendar.isWorkday(date);
  } catch (e) {
    if (e instanceof CalendarCoverageError) return isMonToFri(date);
    throw e;
  }
}

/** The due instant: the last second of the due day, hall time. */
export const dueInstant = (dueDay: string, tz: string): number => zonedInstant(dueDay, '23:59:59', tz);

const toSecond = (at: number): number => Math.floor(at / 1000) * 1000;
const cmp = (a: StoredEvent, b: StoredEvent): number => a.at - b.at || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);

function perCase<E extends StoredEvent<{ caseId: string } & StoredEvent['event']>>(events: readonly E[], last: boolean): Map<string, E> {
  const out = new Map<string, E>();
  for (const e of events) {
    const prev = out.get(e.event.caseId);
    if (!prev || (last ? cmp(e, prev) > 0 : cmp(e, prev) < 0)) out.set(e.event.caseId, e);
  }
  return out;
}

export interface ClosedLoopInput {
  /** Deduplicated events (voids applied) of one staff member: reviews and the evaluation.* of their cases. */
  events: readonly StoredEvent[];
  tz: string;
  workdays: number;
  isWorkday: (date: string) => boolean;
  isClosedDay: (date: string) => boolean;
}

/**
 * Every bad review among the events (one review per case: the earliest), annulled ones included,
 * ordered by time.
 */
export function badReviewStates(input: ClosedLoopInput): BadReviewState[] {
  const of = <T extends StoredEvent['event']['type']>(t: T) =>
    input.events.filter((e): e is StoredEvent<Extract<StoredEvent['event'], { type: T }>> => e.event.type === t);
  const reviews = perCase(of('evaluation.submitted'), false);
  const annulled = new Set(of('evaluation.annulled').map((e: StoredEvent<EvaluationAnnulled>) => e.event.caseId));
  const rectified = perCase(of('evaluation.rectified'), false);
  const revisits = perCase(of('evaluation.revisited'), true);
  const appeals = perCase(of('evaluation.appealed'), false);

  const out: BadReviewState[] = [];
  for (const review of [...reviews.values()].sort(cmp)) {
    if (review.event.level > 2) continue;
    const caseId = review.event.caseId;
    const dueDay = dueDayAfter(localDate(review.at, input.tz), input.workdays, input.isWorkday);
    const dueAt = dueInstant(dueDay, input.tz);
    const dueClosed = input.isClosedDay(dueDay);
    const rectification = rectified.get(caseId);
    const revisit = revisits.get(caseId);
    const appeal = appeals.get(caseId);
    const isAnnulled = annulled.has(caseId);
    const onTime = rectification !== undefined && toSecond(rectification.at) <= dueAt;
    const overdue = !onTime && dueClosed;
    const matches = new Set<BadReviewFilter>();
    if (isAnnulled) matches.add('annulled');
    else {
      if (rectification === undefined && !dueClosed) matches.add('open');
      if (overdue) matches.add('overdue');
      if (rectification !== undefined) matches.add('rectified');
      if (appeal !== undefined) matches.add('appealed');
    }
    const status: BadReviewStatus = isAnnulled ? 'annulled' : rectification !== undefined ? 'rectified' : overdue ? 'overdue' : 'open';
    out.push({
      review,
      annulled: isAnnulled,
      dueDay,
      dueAt,
      dueClosed,
      ...(rectification ? { rectification } : {}),
      ...(revisit ? { revisit } : {}),
      ...(appeal ? { appeal } : {}),
      onTime,
      overdue,
      status,
      matches,
    });
  }
  return out;
}

/**
 * The month's `rectification` block (bad reviews submitted in the month) and its
 * `rectification-overdue` items (overdue reviews whose due day is in the month), from the states.
 */
export function rectificationForMonth(
  states: readonly BadReviewState[],
  period: string,
  tz: string,
  rules: RuleSet['rectification'],
  hallIso: (at: number) => string,
  points: (p: number) => number,
): { counts: RectificationCounts; items: SheetItem[] } {
  const counts = emptyRectification();
  const items: SheetItem[] = [];
  for (const s of states) {
    if (s.annulled) continue;
    if (localDate(s.review.at, tz).slice(0, 7) === period) {
      counts.badReviews += 1;
      if (s.rectification) counts.rectified += 1;
      if (s.onTime) counts.onTime += 1;
      else if (s.overdue) counts.overdue += 1;
      else counts.pending += 1;
      if (s.appeal) counts.appealed += 1;
      if (s.revisit) {
        counts.revisited += 1;
        if (s.revisit.event.satisfied) counts.revisitSatisfied += 1;
      }
    }
    if (s.overdue && s.dueDay.slice(0, 7) === period) {
      items.push({
        code: 'rectification-overdue',
        points: points(rules.overdue),
        at: hallIso(s.dueAt),
        refs: s.rectification ? [s.review.event.id, s.rectification.event.id] : [s.review.event.id],
        note: rectificationOverdueNote(s.review.event.caseId, s.dueDay, s.rectification ? localDate(s.rectification.at, tz) : undefined),
      });
    }
  }
  return { counts, items };
}
