/** The 好差评 closed loop in the consumer and the read side (CONTRACT.md §11). */
import type { EvaluationSubmitted, StoredEvent } from '../domain/events.js';
import { dueDayAfter, workdayOrWeekday } from '../domain/rectification.js';
import { addMonths, localDate, localMonth } from '../domain/time.js';
import type { ReadCache } from './context.js';

/**
 * The months after a bad review's own month up to the month of its due day: its overdue item lands
 * there, so those staff-months need the review and its case events too. Empty for good reviews.
 */
export async function dueMonthsAfter(cache: ReadCache, tz: string, review: StoredEvent<EvaluationSubmitted>): Promise<string[]> {
  if (review.event.level > 2) return [];
  const staff = await cache.staff(review.event.staffId);
  const shift = staff ? await cache.shift(staff.shiftId) : undefined;
  if (!shift) return [];
  const [rules, calendars] = await Promise.all([cache.rules(), cache.calendars()]);
  const calendar = calendars.get(shift.calendar);
  const due = dueDayAfter(localDate(review.at, tz), rules.rectification.workdays, (d) => workdayOrWeekday(d, calendar));
  const months: string[] = [];
  for (let m = addMonths(localMonth(review.at, tz), 1); m <= due.slice(0, 7); m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * How many months after a month its bad reviews' due days can reach under a rule set: N working days
 * are at most N + 2·⌈N/5⌉ weekend days + the longest holiday run (about 10 days) later.
 */
export function dueMonthsSpan(workdays: number): number {
  const days = workdays + 2 * Math.ceil(workdays / 5) + 10;
  return Math.ceil(days / 28);
}
