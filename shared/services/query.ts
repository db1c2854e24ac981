/**
 * Reading results (CONTRACT.md §7). A single open sheet is folded on read, so it is always live; lists
 * and rankings of open periods read the stored sheets of the read model (services/lists.ts).
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { StoredEvent } from '../domain/events.js';
import type { Staff, Window, WithId } from '../domain/masterdata.js';
import { isMultiMonth, isPeriod } from '../domain/periods.js';
import { rankPeriod, type Ranking } from '../domain/ranking.js';
import { isYear, monthsOfPeriod } from '../domain/time.js';
import type { Sheet } from '../domain/types.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { ReadCache } from './context.js';
import { mapLimit } from './ingest.js';
import { foldLongPeriod, withYearQuota } from './long-periods.js';
import { activeIn, buildMonthSheet } from './sheets.js';
import { storedPeriodSheets } from './lists.js';

export function parsePeriod(p: string | undefined): string {
  if (!p || !isPeriod(p)) {
    throw badRequest('invalid period', [{ path: 'period', message: 'must be YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY' }]);
  }
  return p;
}

/** The month sheet as it stands: frozen when closed, folded from the store when open. */
export async function monthSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, month: string): Promise<Sheet> {
  const period = await cache.period(month);
  if (period.status === 'closed') {
    const frozen = await cache.store.getSheet(month, staff.id);
    if (frozen) return frozen;
  }
  // Folded on read and not written back: the query function only reads (least privilege).
  return (await buildMonthSheet(cache, tz, staff, month)).sheet;
}

/** A quarter's, half year's or year's sheet: frozen when closed, folded from its month sheets when open (before a year's quota). */
export async function longPeriodSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, period: string): Promise<Sheet> {
  const state = await cache.period(period);
  if (state.status === 'closed') {
    const frozen = await cache.store.getSheet(period, staff.id);
    if (frozen) return frozen;
  }
  const months = await Promise.all(monthsOfPeriod(period).map((m) => monthSheet(cache, tz, staff, m)));
  return foldLongPeriod(cache, staff, period, months, { rules: await cache.rules(), status: 'open', version: 0, live: { tz } });
}

/** v1 name, kept for callers of quarters. */
export const quarterSheet = longPeriodSheet;

export async function staffSheet(store: HallStore, tz: string, period: string, staffId: string): Promise<Sheet> {
  const cache = new ReadCache(store);
  const staff = await cache.staff(staffId);
  if (!staff) throw new HttpError(404, 'not-found', `unknown staff ${staffId}`);
  if (isYear(period) && (await cache.period(period)).status !== 'closed') {
    // An open year's grade depends on the hall's quota: read it from the hall's list.
    const found = (await periodSheets(store, tz, period, {}, { live: true })).find((s) => s.staffId === staffId);
    if (found) return found;
  }
  return isMultiMonth(period) ? longPeriodSheet(cache, tz, staff, period) : monthSheet(cache, tz, staff, period);
}

/** Staff that belong on a period's list: active in it (or in any of its months). */
export function activeInPeriod(staff: Staff, period: string): boolean {
  return monthsOfPeriod(period).some((m) => activeIn(staff, m));
}

/**
 * The sheets of a period's list. Open periods read the read model's stored sheets (CONTRACT.md §7 v2:
 * lists may lag by the refresh window); `live` folds every staff member instead, for the one single
 * sheet that needs the whole hall (an open year's grade depends on the hall's quota, and a single sheet
 * is always live).
 */
export async function periodSheets(
  store: HallStore,
  tz: string,
  period: string,
  filter: { departmentId?: string } = {},
  opts: { live?: boolean } = {},
): Promise<Sheet[]> {
  const cache = new ReadCache(store);
  if ((await cache.period(period)).status === 'closed') {
    // A closed period lists what was published, not staff added since.
    return (await store.listSheets(period))
      .filter((s) => filter.departmentId === undefined || s.departmentId === filter.departmentId)
      .sort((a, b) => (a.staffId < b.staffId ? -1 : 1));
  }
  // A year's quota is over the whole hall: fold everyone, then filter.
  const all = cache.primeStaff(await store.listMaster<Staff>('staff')).filter((s) => activeInPeriod(s, period));
  const staff = isYear(period) ? all : all.filter((s) => filter.departmentId === undefined || s.departmentId === filter.departmentId);
  let sheets = opts.live
    ? await mapLimit(staff, 8, (s) => (isMultiMonth(period) ? longPeriodSheet(cache, tz, s, period) : monthSheet(cache, tz, s, period)))
    : // Open: the read model's stored sheets (refreshed within seconds of any change), not a fold per staff.
      await storedPeriodSheets(cache, tz, period, staff);
  if (isYear(period)) {
    const [windows, rules] = await Promise.all([store.listMaster<Window>('windows'), cache.rules()]);
    sheets = withYearQuota(period, sheets, sheets, windows, rules).filter(
      (s) => filter.departmentId === undefined || s.departmentId === filter.departmentId,
    );
  }
  return sheets.sort((a, b) => (a.staffId < b.staffId ? -1 : 1));
}

export const withoutItems = ({ items: _items, ...rest }: Sheet): Omit<Sheet, 'items'> => rest;

export async function rankings(store: HallStore, tz: string, period: string, hallId: string): Promise<Ranking> {
  const cache = new ReadCache(store);
  const state = await cache.period(period);
  // The red flag threshold of the rules the period was scored with.
  const rulesP = state.status === 'closed' && state.ruleVersion !== undefined ? cache.rulesVersion(state.ruleVersion) : cache.rules();
  const [sheets, windows, rules] = await Promise.all([periodSheets(store, tz, period), store.listMaster<Window>('windows'), rulesP]);
  return rankPeriod({ period, sheets, windows: windows.map((w) => ({ id: w.id, hallId: w.hallId })), hallId, redFlagMinScore: rules.grades.good });
}


/**
 * The stored events of a staff member's period: its months' partitions (with the joined copies of
 * case resolutions and annulments), sorted by occurrence — what the items' refs point at.
 */
export async function sheetEvents(store: HallStore, period: string, staffId: string): Promise<StoredEvent[]> {
  const months = monthsOfPeriod(period);
  const all = (await Promise.all(months.map((m) => store.partitionEvents(keys.staffMonth(staffId, m))))).flat();
  const seen = new Set<string>();
  return all
    .filter((e) => {
      const k = `${e.source}#${e.event.id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.at - b.at || (a.event.id < b.event.id ? -1 : 1));
}
