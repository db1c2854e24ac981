/** Day close (CONTRACT.md §5): marks a hall day closed and refolds that month's sheets. */
import { assertDayCovered } from './calendars.js';
import type { Shift, Staff } from '../domain/masterdata.js';
import { addDays, addMonths, endOfDay, isDate, isMonth, isQuarter, localDate, localMonth, monthsOfQuarter } from '../domain/time.js';
import { periodOf } from '../domain/periods.js';
import { rejoinRatings, rejoinStaffMonth } from './record.js';
import { retryUndelivered } from './close-period.js';
import type { Deps } from '../runtime.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { Clock } from '../ports.js';
import { ReadCache } from './context.js';
import { mapLimit, publishKeptEvents } from './ingest.js';
import { activeIn, refreshMonthSheet } from './sheets.js';
import { dueMonthsSpan } from './closed-loop.js';
import { markStaffMonthsDirty, openStoredMonths } from './dirty.js';

export interface CloseDayResult {
  date: string;
  sheets: number;
  alreadyClosed: boolean;
}

/** Refolds every staff sheet of an open month (after a day close, a rules change, or a sweep). */
export async function refreshMonth(store: HallStore, tz: string, month: string): Promise<number> {
  const cache = new ReadCache(store);
  const staff = cache.primeStaff(await store.listMaster<Staff>('staff')).filter((s) => activeIn(s, month));
  await cache.primeHistories(staff.map((s) => s.id));
  const done = await mapLimit(staff, 12, (s) => refreshMonthSheet(cache, tz, s.id, month));
  return done.filter(Boolean).length;
}

/**
 * A closed day can be the due day of a bad review of an earlier month (its rectification-overdue item
 * lands there once the day closes), so the earlier open months a due day can reach are marked dirty
 * for the read model; the refresher refolds them within its window.
 */
async function markEarlierDue(deps: { store: HallStore; tz: string; clock: Clock }, month: string): Promise<void> {
  const rules = await deps.store.currentRules();
  const earlier = Array.from({ length: dueMonthsSpan(rules.rectification.workdays) }, (_, i) => addMonths(month, -(i + 1)));
  const open = await openStoredMonths(deps);
  const targets = earlier.filter((m) => open.includes(m));
  if (targets.length === 0) return;
  const staff = (await deps.store.listMaster<Staff>('staff')).filter((s) => targets.some((m) => activeIn(s, m)));
  await markStaffMonthsDirty(deps, staff.flatMap((s) => targets.map((m) => ({ staffId: s.id, month: m }))));
}

/**
 * `scheduled`: the 23:30 schedule closes its own day (the hall's sessions are over by then; a later
 * punch simply refolds the day). A manual close waits until the day has ended.
 */
export async function closeDay(
  deps: { store: HallStore; tz: string; clock: Clock },
  date: string,
  opts: { scheduled?: boolean } = {},
): Promise<CloseDayResult> {
  if (!isDate(date)) throw badRequest('invalid date', [{ path: 'date', message: 'must be YYYY-MM-DD' }]);
  if (!opts.scheduled && endOfDay(date, deps.tz) > deps.clock.now()) {
    throw new HttpError(409, 'period-not-ended', `${date} has not ended yet in the hall's time zone (${deps.tz})`);
  }
  // A year the holiday calendar does not cover throws CalendarCoverageError (HTTP 422) before anything is marked.
  await assertDayCovered(deps.store, [date]);
  const month = date.slice(0, 7);
  const already = (await deps.store.closedDays(month)).has(date);
  if (already) return { date, sheets: 0, alreadyClosed: true }; // closing again changes nothing
  await deps.store.closeDay(date);
  const period = await deps.store.getPeriod(month);
  const sheets = period.status === 'closed' ? 0 : await refreshMonth(deps.store, deps.tz, month);
  await markEarlierDue(deps, month);
  return { date, sheets, alreadyClosed: false };
}

/** The days the 23:30 schedule closes: its own day, and yesterday in case yesterday's run was missed. */
export function daysToClose(now: number, tz: string): string[] {
  const today = localDate(now, tz);
  return [addDays(today, -1), today];
}

/**
 * Reconcile sweep. Hourly (AWS and `npm start`): sends mails of closed periods that could not be
 * delivered. With `refold` (at local start-up, after a crash): also refolds the open months' sheets
 * from the store. On AWS the nightly day close refolds every open sheet anyway, so the hourly run
 * skips that (it would be most of the hall's DynamoDB bill).
 */
export async function reconcile(
  deps: Pick<Deps, 'store' | 'bus' | 'mailer' | 'clock' | 'tz' | 'mailFrom'>,
  opts: { refold?: boolean } = {},
): Promise<{ months: string[]; sheets: number; mailsRetried: number; republished: number }> {
  const month = localMonth(deps.clock.now(), deps.tz);
  const months = opts.refold ? [addMonths(month, -1), month] : [];
  let sheets = 0;
  const open: string[] = [];
  for (const m of months) {
    if ((await deps.store.getPeriod(m)).status === 'closed') continue;
    open.push(m);
    sheets += await refreshMonth(deps.store, deps.tz, m);
  }
  // Events accepted while the bus was down reach their consumers now (joins and sheets).
  const republished = await publishKeptEvents(deps);
  // Mails of closed periods that could not be delivered are tried again.
  const mailsRetried = (await retryUndelivered(deps)).sent;
  return { months: open, sheets, mailsRetried, republished };
}

/**
 * Operator replay: re-makes the joins of every staff-month of the period from the stored events and
 * refolds the open sheets. Closed months are left as published (use close ?revise=true for those).
 * The ratings of the quarter and year holding the period are re-copied into their period partitions
 * (what lists read; one small Query per staff member and period).
 */
export async function replayPeriod(deps: { store: HallStore; tz: string }, period: string): Promise<{ period: string; sheets: number; events: number; closedMonths: string[] }> {
  const months = isQuarter(period) ? monthsOfQuarter(period) : [period];
  const staff = await deps.store.listMaster<Staff>('staff');
  let events = 0;
  let sheets = 0;
  const closedMonths: string[] = [];
  for (const month of months) {
    if ((await deps.store.getPeriod(month)).status === 'closed') {
      closedMonths.push(month);
      continue;
    }
    const counts = await mapLimit(staff, 8, (s) => rejoinStaffMonth(deps, s.id, month));
    events += counts.reduce((a, b) => a + b, 0);
    sheets += await refreshMonth(deps.store, deps.tz, month);
  }
  for (const rated of new Set(months.filter(isMonth).flatMap((m) => [periodOf(m, 'quarter'), periodOf(m, 'year')]))) {
    const counts = await mapLimit(staff, 8, (s) => rejoinRatings(deps, s.id, rated));
    events += counts.reduce((a, b) => a + b, 0);
  }
  return { period, sheets, events, closedMonths };
}
