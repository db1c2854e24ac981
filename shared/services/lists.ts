/**
 * Lists and rankings of open periods from the read model (CONTRACT.md §7 v2): the stored sheets the
 * refresher keeps (services/refresh.ts), one Query per month, instead of a fold per staff member and
 * request. A quarter, half year or year is folded in memory from its months' stored sheets
 * (foldLongPeriod; the fold itself is pure), with a quarter's or year's composite ratings read in one
 * Query of the period's ratings partition (not one per staff member). A staff member with no stored
 * sheet yet (no write into the staff-month since it began, e.g. a new hire) is folded live, so nobody
 * is missing from a list.
 */
import type { Staff, WithId } from '../domain/masterdata.js';
import { isMultiMonth, takesRatings } from '../domain/periods.js';
import { addMonths, localDate, monthsOfPeriod, periodDays } from '../domain/time.js';
import type { Sheet } from '../domain/types.js';
import type { ReadCache } from './context.js';
import { mapLimit } from './ingest.js';
import { foldLongPeriod, periodRatings } from './long-periods.js';
import { buildMonthSheet } from './sheets.js';
import { monthSheet } from './query.js';

/**
 * A staff-month with no stored sheet. Any write into its partition makes the refresher store one within
 * the window, so a month that has not begun yet (a quarter's later months) holds no events: fold it
 * from none, without a Query. Otherwise fold it live.
 */
async function unstoredSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, month: string): Promise<Sheet> {
  if (periodDays(month).first > localDate(Date.now(), tz)) return (await buildMonthSheet(cache, tz, staff, month, { events: [] })).sheet;
  return monthSheet(cache, tz, staff, month);
}

/** The open period's sheets of these staff members, as stored (live fold only for a missing one). */
export async function storedPeriodSheets(cache: ReadCache, tz: string, period: string, staff: WithId<Staff>[]): Promise<Sheet[]> {
  if (!isMultiMonth(period)) {
    const stored = await cache.periodSheets(period);
    return mapLimit(staff, 8, async (s) => stored.get(s.id) ?? (await unstoredSheet(cache, tz, s, period)));
  }
  const months = monthsOfPeriod(period);
  const rules = await cache.rules();
  const last = months[months.length - 1]!;
  // The return rule also reads open months before the period: read those lists whole, once.
  const closed = await cache.closedPeriods();
  const earlier = Array.from({ length: rules.returnRule.windowMonths }, (_, i) => addMonths(last, -(i + 1))).filter(
    (m) => !closed.has(m) && !months.includes(m),
  );
  const [byMonth, , , ratings] = await Promise.all([
    // A closed month's partition holds its frozen sheets: the same one Query reads them.
    Promise.all(months.map((m) => cache.periodSheets(m))),
    Promise.all(earlier.map((m) => cache.periodSheets(m))),
    cache.primeHistories(staff.map((s) => s.id)),
    takesRatings(period) ? periodRatings(cache.store, period) : undefined,
  ]);
  return mapLimit(staff, 8, async (s) => {
    const monthSheets = await Promise.all(months.map(async (m, i) => byMonth[i]!.get(s.id) ?? (await unstoredSheet(cache, tz, s, m))));
    // Someone without a rating gets none ({}), not the per-staff read.
    return foldLongPeriod(cache, s, period, monthSheets, { rules, status: 'open', version: 0, ...(ratings ? { ratings: ratings.get(s.id) ?? {} } : {}) });
  });
}
