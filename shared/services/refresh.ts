/**
 * The read model's refresher (CONTRACT.md §7 v2): folds each staff-month a batch of change records
 * names once and stores it as the open sheet that lists and rankings read. The write is conditional on
 * the sheet's watermark (store.putOpenSheet), so a refresher that saw less can never roll a sheet back,
 * however refreshers, day closes and sweeps interleave. Idempotent: refolding from the store again
 * changes nothing.
 */
import { DIRTY_SK, type ChangeRecord } from '../bus/refresh.js';
import { storedEventOf, type HallStore } from '../adapters/dynamodb/store.js';
import { CalendarCoverageError } from '../domain/calendar.js';
import { localDate } from '../domain/time.js';
import { errorText, logger } from '../logger.js';
import { ReadCache } from './context.js';
import { mapLimit } from './ingest.js';
import { parseStaffMonth } from './partitions.js';
import { refreshMonthSheet } from './sheets.js';

export interface RefreshDeps {
  store: HallStore;
  tz: string;
}

export interface DirtyStaffMonth {
  staffId: string;
  month: string;
  /** Indexes of the records behind it (reported failed together). */
  indexes: number[];
  /**
   * Whether it must be refolded whatever its days: any change but a punch. A punch on a day that is
   * not closed changes nothing visible (attendance items appear at day close, which refolds), so
   * punches alone only count on closed days (`punchDates`).
   */
  always: boolean;
  punchDates: Set<string>;
  /**
   * The event items the records wrote (sort keys), when the records are event writes only: the fold
   * may then read the partition eventually consistent and check it holds them. A marker (a change that
   * is not an event) leaves nothing to check against, so its refold reads strongly consistent.
   */
  eventSks?: Set<string>;
}

/** Groups change records by staff-month; records of other partitions and removals are ignored. */
export function dirtyStaffMonths(records: ChangeRecord[], tz: string): DirtyStaffMonth[] {
  const out = new Map<string, DirtyStaffMonth>();
  records.forEach((r, i) => {
    if (r.eventName === 'REMOVE') return;
    const pk = r.dynamodb?.Keys?.pk?.S;
    const sk = r.dynamodb?.Keys?.sk?.S;
    const target = pk === undefined ? undefined : parseStaffMonth(pk);
    if (!target || sk === undefined || !(sk === DIRTY_SK || sk.startsWith('E#'))) return;
    const entry = out.get(pk!) ?? { ...target, indexes: [], always: false, punchDates: new Set<string>(), eventSks: new Set<string>() };
    entry.indexes.push(i);
    const e = r.dynamodb?.NewImage?.e?.S;
    const stored = sk !== DIRTY_SK && e !== undefined ? storedEventOf({ e }) : undefined;
    if (stored) entry.eventSks?.add(sk);
    else delete entry.eventSks;
    if (stored?.event.type === 'attendance.punch') entry.punchDates.add(localDate(stored.at, tz));
    else entry.always = true; // markers, every other event, or an image we cannot read: refold
    out.set(pk!, entry);
  });
  return [...out.values()];
}

/** Refreshes the staff-months of a batch; returns the indexes of records whose refresh failed. */
export async function refreshChanges(deps: RefreshDeps, records: ChangeRecord[]): Promise<number[]> {
  const cache = new ReadCache(deps.store);
  const failed = new Set<number>();
  const dirty = dirtyStaffMonths(records, deps.tz);
  const needed = await Promise.all(
    dirty.map(async (d) => {
      if (d.always) return true;
      try {
        const closed = await cache.closedDays(d.month);
        return [...d.punchDates].some((date) => closed.has(date));
      } catch (err) {
        logger.error('refresh: closed days unreadable', { ...d, error: errorText(err) });
        for (const i of d.indexes) failed.add(i);
        return false;
      }
    }),
  );
  const todo = dirty.filter((_, i) => needed[i]);
  const staffIds = [...new Set(todo.map((d) => d.staffId))];
  if (staffIds.length > 0) {
    try {
      // One BatchGetItem each for the staff records and return-rule histories, not two GetItems a sheet.
      await Promise.all([cache.primeStaffIds(staffIds), cache.primeHistories(staffIds)]);
    } catch (err) {
      logger.warn('refresh: priming reads failed', { error: errorText(err) });
    }
  }
  await mapLimit(todo, 8, async (d) => {
    try {
      await refreshMonthSheet(cache, deps.tz, d.staffId, d.month, d.eventSks ? { expect: d.eventSks } : {});
    } catch (err) {
      if (err instanceof CalendarCoverageError) {
        // Not transient: retries would only dead-letter it. The month stays without a stored sheet, so
        // lists fold it live (and answer the same 422 a single sheet does) until its year is added.
        logger.warn('refresh skipped: calendar does not cover the month', { staffId: d.staffId, month: d.month, error: errorText(err) });
        return;
      }
      logger.error('refresh failed', { staffId: d.staffId, month: d.month, error: errorText(err) });
      for (const i of d.indexes) failed.add(i);
    }
  });
  return [...failed].sort((a, b) => a - b);
}
