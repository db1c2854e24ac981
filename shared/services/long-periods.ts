/**
 * Sheets of quarters, half years and years (CONTRACT.md §6, §12), read or closed: the staff member's
 * monthly sheets of the period, the return-rule history before it, and for quarters and years the
 * composite ratings (`rating.recorded`, stored in one small partition per staff member and period,
 * and copied into one partition per period that lists read).
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { capExcellent } from '../domain/annual.js';
import { latestRatings, ratingsByStaff, type Ratings } from '../domain/composite.js';
import type { Staff, Window, WithId } from '../domain/masterdata.js';
import { takesRatings } from '../domain/periods.js';
import { foldStaffPeriod } from '../domain/quarter.js';
import { rankPeriod, type Ranking } from '../domain/ranking.js';
import type { RuleSet } from '../domain/rules.js';
import { addMonths, isYear, monthsOfPeriod } from '../domain/time.js';
import type { Sheet } from '../domain/types.js';
import type { ReadCache } from './context.js';
import { activeIn, history } from './sheets.js';

/** The ratings that count for a staff member and a quarter or year: the exact read (single sheets, the close). */
export async function ratingsOf(store: HallStore, staffId: string, period: string): Promise<Ratings> {
  return latestRatings(await store.partitionEvents(keys.ratings(staffId, period)), staffId, period);
}

/**
 * The ratings that count for every staff member of a quarter or year, in one Query of the period's
 * copies (lists and rankings: a Query per staff member was most of a 1,000-staff list's time, issue
 * #22). The copies are the record consumer's, so they may lag by the bus, within the lists' bound.
 * Staff without a rating are absent from the map.
 */
export async function periodRatings(store: HallStore, period: string): Promise<Map<string, Ratings>> {
  return ratingsByStaff(await store.partitionEvents(keys.periodRatings(period)), period);
}

/**
 * Folds a longer period's sheet from the given monthly sheets of it. `live` folds open months before
 * the period live for the return rule (single sheets: always live); without it they come from the
 * read model's stored sheets (lists, which may lag by the refresh window). `ratings`, if given, are
 * the staff member's ratings read beforehand (lists: periodRatings); otherwise they are read exactly.
 */
export async function foldLongPeriod(
  cache: ReadCache,
  staff: WithId<Staff>,
  period: string,
  monthSheets: Sheet[],
  opts: { rules: RuleSet; status: 'open' | 'closed'; version: number; afterClose?: string[]; live?: { tz: string }; ratings?: Ratings },
): Promise<Sheet> {
  const months = monthsOfPeriod(period);
  const last = months[months.length - 1]!;
  const [hist, ratings] = await Promise.all([
    history(cache, staff.id, addMonths(last, 1), opts.rules.returnRule.windowMonths + 1, opts.live),
    takesRatings(period) ? (opts.ratings ?? ratingsOf(cache.store, staff.id, period)) : Promise.resolve(undefined),
  ]);
  return foldStaffPeriod({
    period,
    months: monthSheets.map((sheet) => ({ sheet, active: activeIn(staff, sheet.period) })),
    history: hist,
    rules: opts.rules,
    status: opts.status,
    version: opts.version,
    afterClose: opts.afterClose ?? [],
    ...(ratings ? { ratings } : {}),
  });
}

/** One ranking per hall that has windows (and always `main`). */
export function hallRankings(period: string, sheets: Sheet[], windows: WithId<Window>[], rules: RuleSet): Map<string, Ranking> {
  const refs = windows.map((w) => ({ id: w.id, hallId: w.hallId }));
  const out = new Map<string, Ranking>();
  for (const hallId of new Set(['main', ...windows.map((w) => w.hallId)])) {
    out.set(hallId, rankPeriod({ period, sheets, windows: refs, hallId, redFlagMinScore: rules.grades.good }));
  }
  return out;
}

/**
 * A year's sheets with the hall quota applied (CONTRACT.md §12); other periods unchanged. `ranked` are
 * the sheets of staff active in the period (the ranking's population); the rest are returned as they are.
 */
export function withYearQuota(period: string, sheets: Sheet[], ranked: Sheet[], windows: WithId<Window>[], rules: RuleSet): Sheet[] {
  if (!isYear(period)) return sheets;
  const rankings = [...hallRankings(period, ranked, windows, rules).values()];
  const capped = new Map(capExcellent(ranked, rankings, rules.annual.excellentQuota).map((s) => [s.staffId, s]));
  return sheets.map((s) => capped.get(s.staffId) ?? s);
}
