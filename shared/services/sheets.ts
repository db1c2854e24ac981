/** Score sheets as a pure fold over stored events: build, store, and read them. */
import { keys } from '../adapters/dynamodb/keys.js';
import type { StoredEvent } from '../domain/events.js';
import type { Shift, Staff, WithId } from '../domain/masterdata.js';
import type { RuleSet } from '../domain/rules.js';
import { foldStaffMonth, summarizeMonth } from '../domain/scoring.js';
import { addMonths, periodDays } from '../domain/time.js';
import type { MonthSummary, Sheet } from '../domain/types.js';
import { HttpError } from '../http/errors.js';
import type { ReadCache } from './context.js';
import { dueMonthsSpan } from './closed-loop.js';

/** Active in a month: flagged active and started (`since`) by the month's last day. */
export function activeIn(staff: Staff, month: string): boolean {
  return staff.active && (staff.since === undefined || staff.since <= periodDays(month).last);
}

/**
 * Summaries of the months before `month` within the return rule's window. Closed months come from
 * the staff member's small history item (written at close). Months still open — usually none, or last
 * month in the hours before its close — are folded live with `live` (single sheets, the refresher,
 * closes: exact, as a single sheet must be), or taken from the stored sheets of the read model without
 * it (lists and rankings, which may lag by the refresh window anyway).
 */
export async function history(
  cache: ReadCache,
  staffId: string,
  month: string,
  windowMonths: number,
  live?: { tz: string },
): Promise<MonthSummary[]> {
  const months = Array.from({ length: windowMonths - 1 }, (_, i) => addMonths(month, -(i + 1)));
  const [closed, hist, staff] = await Promise.all([cache.closedPeriods(), cache.history(staffId), cache.staff(staffId)]);
  const open = months.filter((m) => !closed.has(m));
  const fromHistory = months.filter((m) => closed.has(m)).flatMap((m) => (hist.has(m) ? [hist.get(m)!] : []));
  const summary = (s: Sheet) => summarizeMonth(s, staff ? activeIn(staff, s.period) : false);
  if (live && staff && open.length > 0) {
    // An earlier month's summary does not depend on its own history (only its return flag does).
    const folded = await Promise.all(open.map((m) => buildMonthSheet(cache, live.tz, staff, m, { history: [] })));
    return [...fromHistory, ...folded.map((b) => summary(b.sheet))];
  }
  // Months a list already read whole come from memory; the rest in one BatchGetItem.
  const listed = open.flatMap((m) => {
    const list = cache.listedSheets(m);
    return list ? [list.get(staffId)] : [];
  });
  const unread = open.filter((m) => cache.listedSheets(m) === undefined);
  const sheets = [...listed.filter((s): s is Sheet => s !== undefined), ...(unread.length > 0 ? await cache.store.staffSheets(staffId, unread) : [])];
  return [...fromHistory, ...sheets.map(summary)];
}

/** Closed days of the months a month's bad reviews can be due in (the rectification block needs them). */
async function laterClosed(cache: ReadCache, month: string, rules: RuleSet): Promise<Set<string>> {
  const months = Array.from({ length: dueMonthsSpan(rules.rectification.workdays) }, (_, i) => addMonths(month, i + 1));
  const sets = await Promise.all(months.map((m) => cache.closedDays(m)));
  return new Set(sets.flatMap((d) => [...d]));
}

export interface BuiltSheet {
  sheet: Sheet;
  watermark: number;
  /** Ids of the events the fold read (a close uses them to tell counted from late arrivals). */
  eventIds: string[];
}

/** Folds one staff-month from the store. `rules`/`status`/`version` default to an open sheet under the current rules. */
export async function buildMonthSheet(
  cache: ReadCache,
  tz: string,
  staff: WithId<Staff>,
  month: string,
  opts: { rules?: RuleSet; status?: 'open' | 'closed'; version?: number; afterClose?: string[]; events?: StoredEvent[]; history?: MonthSummary[] } = {},
): Promise<BuiltSheet> {
  const shift = await cache.shift(staff.shiftId);
  if (!shift) throw new HttpError(409, 'unknown-shift', `staff ${staff.id} names shift ${staff.shiftId}, which does not exist`);
  const rules = opts.rules ?? (await cache.rules());
  const [events, closedDays, hist, laterClosedDays, calendars] = await Promise.all([
    opts.events ?? cache.store.partitionEvents(keys.staffMonth(staff.id, month)),
    cache.closedDays(month),
    opts.history ?? history(cache, staff.id, month, rules.returnRule.windowMonths, { tz }),
    laterClosed(cache, month, rules),
    cache.calendars(),
  ]);
  const sheet = foldStaffMonth({
    period: month,
    tz,
    staff,
    shift: shift as WithId<Shift>,
    calendars,
    rules,
    events,
    closedDays,
    laterClosedDays,
    history: hist,
    status: opts.status ?? 'open',
    version: opts.version ?? 0,
    afterClose: opts.afterClose ?? [],
  });
  // Events and closed days only grow; a rules change bumps the version: a larger watermark saw more.
  const watermark = rules.version * 1e12 + events.length * 1000 + closedDays.size + laterClosedDays.size;
  return { sheet, watermark, eventIds: events.map((e) => e.event.id) };
}

/**
 * Recomputes and stores an open staff-month sheet; a closed month is left as published.
 * @param opts.expect event items (sort keys) the partition must hold: the read is then eventually
 *   consistent (half the read units of the refresher's biggest cost), and strongly consistent again if
 *   it lacks one of them. Holding them is enough: a replica applies a partition's writes in order, so
 *   a read that holds the newest items the batch names holds every item written before them too.
 */
export async function refreshMonthSheet(cache: ReadCache, tz: string, staffId: string, month: string, opts: { expect?: Set<string> } = {}): Promise<Sheet | undefined> {
  const staff = await cache.staff(staffId);
  if (!staff) return undefined;
  const period = await cache.period(month);
  if (period.status === 'closed') return cache.store.getSheet(month, staffId);
  // Without events read here, the fold reads the partition strongly consistent itself.
  const events = opts.expect ? await eventualEventsHolding(cache.store, keys.staffMonth(staffId, month), opts.expect) : undefined;
  const { sheet, watermark } = await buildMonthSheet(cache, tz, staff, month, events ? { events } : {});
  await cache.store.putOpenSheet(sheet, watermark);
  return sheet;
}

/** A partition's events read eventually consistent, if that read holds every expected event item. */
async function eventualEventsHolding(store: ReadCache['store'], pk: string, expect: Set<string>): Promise<StoredEvent[] | undefined> {
  const events = await store.partitionEvents(pk, { consistent: false });
  const held = new Set(events.map((e) => keys.eventSk(e.source, e.event.id)));
  return [...expect].every((sk) => held.has(sk)) ? events : undefined;
}
