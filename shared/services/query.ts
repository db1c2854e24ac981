/**
 * Reading results (CONTRACT.md §7). A single open sheet is folded on read, so it is always live; lists
 * and rankings of open periods read the stored sheets of the read model (services/lists.ts).
 */
import type { Staff, Window, WithId } from '../domain/masterdata.js';
import { foldStaffQuarter } from '../domain/quarter.js';
import { rankPeriod, type Ranking } from '../domain/ranking.js';
import { addMonths, isMonth, isQuarter, monthsOfQuarter } from '../domain/time.js';
import type { Sheet } from '../domain/types.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { ReadCache } from './context.js';
import { activeIn, buildMonthSheet, history } from './sheets.js';
import { storedPeriodSheets } from './lists.js';

export function parsePeriod(p: string | undefined): string {
  if (!p || !(isMonth(p) || isQuarter(p))) {
    throw badRequest('invalid period', [{ path: 'period', message: 'must be YYYY-MM or YYYY-Qn' }]);
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

export async function quarterSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, quarter: string): Promise<Sheet> {
  const state = await cache.period(quarter);
  if (state.status === 'closed') {
    const frozen = await cache.store.getSheet(quarter, staff.id);
    if (frozen) return frozen;
  }
  const months = await Promise.all(monthsOfQuarter(quarter).map((m) => monthSheet(cache, tz, staff, m)));
  const rules = await cache.rules();
  const last = monthsOfQuarter(quarter)[2]!;
  return foldStaffQuarter({
    quarter,
    months: months.map((sheet) => ({ sheet, active: activeIn(staff, sheet.period) })),
    history: await history(cache, staff.id, addMonths(last, 1), rules.returnRule.windowMonths + 1, { tz }),
    rules,
    status: 'open',
    version: 0,
    afterClose: [],
  });
}

export async function staffSheet(store: HallStore, tz: string, period: string, staffId: string): Promise<Sheet> {
  const cache = new ReadCache(store);
  const staff = await cache.staff(staffId);
  if (!staff) throw new HttpError(404, 'not-found', `unknown staff ${staffId}`);
  return isQuarter(period) ? quarterSheet(cache, tz, staff, period) : monthSheet(cache, tz, staff, period);
}

/** Staff that belong on a period's list: active in it (or in any of its months). */
export function activeInPeriod(staff: Staff, period: string): boolean {
  return (isQuarter(period) ? monthsOfQuarter(period) : [period]).some((m) => activeIn(staff, m));
}

export async function periodSheets(store: HallStore, tz: string, period: string, filter: { departmentId?: string } = {}): Promise<Sheet[]> {
  const cache = new ReadCache(store);
  if ((await cache.period(period)).status === 'closed') {
    // A closed period lists what was published, not staff added since.
    return (await store.listSheets(period))
      .filter((s) => filter.departmentId === undefined || s.departmentId === filter.departmentId)
      .sort((a, b) => (a.staffId < b.staffId ? -1 : 1));
  }
  const staff = cache.primeStaff(await store.listMaster<Staff>('staff')).filter(
    (s) => activeInPeriod(s, period) && (filter.departmentId === undefined || s.departmentId === filter.departmentId),
  );
  // Open: the read model's stored sheets (refreshed within seconds of any change), not a fold per staff.
  const sheets = await storedPeriodSheets(cache, tz, period, staff);
  return sheets.sort((a, b) => (a.staffId < b.staffId ? -1 : 1));
}

export const withoutItems = ({ items: _items, ...rest }: Sheet): Omit<Sheet, 'items'> => rest;

export async function rankings(store: HallStore, tz: string, period: string, hallId: string): Promise<Ranking> {
  const [sheets, windows] = await Promise.all([periodSheets(store, tz, period), store.listMaster<Window>('windows')]);
  return rankPeriod({ period, sheets, windows: windows.map((w) => ({ id: w.id, hallId: w.hallId })), hallId });
}

