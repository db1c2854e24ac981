/**
 * Marking staff-months dirty for the read model (CONTRACT.md §7 v2). Events mark their own staff-month
 * by being written into its partition; everything else that changes a fold — master data, rule sets,
 * calendars — calls these, and the refresher refolds the marked staff-months within its batching window.
 */
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { Staff } from '../domain/masterdata.js';
import { addMonths, localMonth } from '../domain/time.js';
import type { Clock } from '../ports.js';

export interface DirtyDeps {
  store: HallStore;
  tz: string;
  clock: Clock;
}

export interface StaffMonth {
  staffId: string;
  month: string;
}

/** Marks exactly these staff-months dirty (one small marker write each, batched). */
export async function markStaffMonthsDirty(deps: Pick<DirtyDeps, 'store' | 'clock'>, targets: StaffMonth[]): Promise<number> {
  await deps.store.markDirty(targets, deps.clock.now());
  return new Set(targets.map((t) => `${t.staffId}|${t.month}`)).size;
}

/** How far back an open month can still hold stored sheets worth refreshing (the return rule's year). */
const LOOKBACK_MONTHS = 12;

/**
 * The months whose stored open sheets a master-data, rule or calendar change can make stale: not
 * closed, within the last year (and next month, which a leave may reach), and holding stored sheets.
 * A month without stored sheets needs nothing: its lists fold live.
 */
export async function openStoredMonths(deps: DirtyDeps): Promise<string[]> {
  const current = localMonth(deps.clock.now(), deps.tz);
  const closed = new Set((await deps.store.listPeriods()).filter((p) => p.status === 'closed').map((p) => p.period));
  const months = Array.from({ length: LOOKBACK_MONTHS + 2 }, (_, i) => addMonths(current, 1 - i)).filter((m) => !closed.has(m));
  const held = await Promise.all(months.map((m) => deps.store.hasSheets(m)));
  return months.filter((_, i) => held[i]);
}

/**
 * Marks the open months of these staff members dirty (all staff when `staffIds` is omitted: a rule set
 * or a calendar change). Returns how many staff-months were marked.
 */
export async function markStaffDirty(deps: DirtyDeps, staffIds?: string[]): Promise<number> {
  const [months, ids] = await Promise.all([
    openStoredMonths(deps),
    staffIds ?? deps.store.listMaster<Staff>('staff').then((list) => list.map((s) => s.id)),
  ]);
  return markStaffMonthsDirty(deps, ids.flatMap((staffId) => months.map((month) => ({ staffId, month }))));
}

/** Staff on a shift (a shift's sessions or calendar changed). */
export async function staffOnShift(store: HallStore, shiftId: string): Promise<string[]> {
  return (await store.listMaster<Staff>('staff')).filter((s) => s.shiftId === shiftId).map((s) => s.id);
}
