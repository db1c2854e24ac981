/**
 * Calendar routes and checks (CONTRACT.md §8): the hall's cn-statutory years (holiday-cn JSON or the
 * State Council notice as text), hall calendars, coverage, the early warning, and the refold of open
 * months a calendar change causes.
 */
import { deleteCalendarYear, loadCalendarData, putCalendarYear, putHallCalendar } from '../adapters/dynamodb/calendar-store.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { CN_STATUTORY, Calendars, MON_FRI, type CalendarDay, type HallCalendar, type WorkCalendar } from '../domain/calendar.js';
import { checkHallDays, checkYearDays, hallCalendarIdError, HallCalendarBody, isCalendarYear, StatutoryYearBody, type DataError } from '../domain/calendar-data.js';
import { calendarWarnings } from '../domain/calendar-warning.js';
import { parseNotice } from '../domain/holiday-notice.js';
import type { Shift } from '../domain/masterdata.js';
import { addMonths, localMonth } from '../domain/time.js';
import { badRequest, HttpError, issuesToErrors } from '../http/errors.js';
import type { Clock } from '../ports.js';
import { refreshMonth } from './close-day.js';
import { markStaffMonthsDirty, openStoredMonths } from './dirty.js';
import type { Staff } from '../domain/masterdata.js';

export interface CalendarDeps {
  store: HallStore;
  tz: string;
  clock: Clock;
}

export async function loadCalendars(store: HallStore): Promise<Calendars> {
  return Calendars.from(await loadCalendarData(store));
}

/**
 * Fails with CalendarCoverageError (422) unless every calendar a shift names covers every given day;
 * a shift naming a calendar that does not exist fails with UnknownCalendarError (409).
 */
export async function assertDayCovered(store: HallStore, dates: readonly string[]): Promise<void> {
  if (dates.length === 0) return;
  const [shifts, calendars] = await Promise.all([store.listMaster<Shift>('shifts'), loadCalendars(store)]);
  for (const id of new Set(shifts.map((s) => s.calendar))) {
    const cal = calendars.get(id);
    for (const d of dates) cal.isWorkday(d);
  }
}

/** `GET /health`'s calendar part. */
export async function calendarHealth(store: HallStore, now: number, tz: string): Promise<{ calendar: { coveredThrough: number | null }; warnings: string[] }> {
  const cal = (await loadCalendars(store)).statutory;
  return { calendar: { coveredThrough: cal.coveredThrough }, warnings: calendarWarnings(cal.coveredThrough, now, tz) };
}

// ---------------------------------------------------------------------------------------------
// Views

const NAMES: Record<string, string> = {
  [CN_STATUTORY]: '国家法定节假日（国务院办公厅通知）',
  [MON_FRI]: '周一至周五',
};

function view(calendars: Calendars, cal: WorkCalendar): Record<string, unknown> {
  const base = { id: cal.id, coveredThrough: cal.coveredThrough, firstCovered: cal.firstCovered };
  if (cal.id === CN_STATUTORY) {
    return {
      ...base,
      name: NAMES[CN_STATUTORY],
      years: calendars.statutoryYears().map((y) => ({ year: y.year, source: y.source, days: y.days.length, papers: y.papers })),
    };
  }
  if (cal.id === MON_FRI) return { ...base, name: NAMES[MON_FRI] };
  const h = calendars.hallCalendars.find((c) => c.id === cal.id)!;
  return { ...base, name: h.name, base: h.base, days: h.days };
}

export async function listCalendars(store: HallStore): Promise<{ calendars: Record<string, unknown>[] }> {
  const calendars = await loadCalendars(store);
  const ids = [CN_STATUTORY, MON_FRI, ...calendars.hallCalendars.map((c) => c.id)];
  return { calendars: ids.map((id) => view(calendars, calendars.get(id))) };
}

export async function getCalendar(store: HallStore, id: string): Promise<Record<string, unknown>> {
  const calendars = await loadCalendars(store);
  if (!calendars.has(id)) throw new HttpError(404, 'not-found', `no calendar ${id}`);
  return view(calendars, calendars.get(id));
}

export interface YearAnswer {
  year: number;
  source: 'package' | 'hall';
  days: CalendarDay[];
  papers: string[];
}

export function parseYear(raw: string | undefined): number {
  const year = /^\d{4}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!isCalendarYear(year)) throw badRequest('invalid year', [{ path: 'year', message: 'must be a year YYYY (1949–9999)' }]);
  return year;
}

export async function getStatutoryYear(store: HallStore, year: number): Promise<YearAnswer> {
  const y = (await loadCalendars(store)).statutoryYears().find((s) => s.year === year);
  if (!y) throw new HttpError(404, 'not-found', `no cn-statutory data for ${year}: add it with PUT /v1/calendars/cn-statutory/years/${year}`);
  return { year, source: y.source, days: y.days, papers: y.papers };
}

// ---------------------------------------------------------------------------------------------
// Writes

/** The body of `PUT …/years/{year}`: holiday-cn JSON or the notice as text, by content type. */
export function parseYearBody(year: number, contentType: string | undefined, rawBody: string): { days: CalendarDay[]; papers: string[] } {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/plain') {
    const r = parseNotice(rawBody, year);
    if (r.errors.length > 0) throw badRequest(`the notice for ${year} could not be read`, r.errors, 'invalid-notice');
    return finish(year, r.days, [...r.papers]);
  }
  if (type === 'application/json' || type === '') {
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch (e) {
      throw badRequest('request body is not valid JSON', [{ path: '(body)', message: (e as Error).message }], 'invalid-json');
    }
    const r = StatutoryYearBody.safeParse(body);
    if (!r.success) throw badRequest(`calendar year ${year} is invalid`, issuesToErrors(r.error.issues));
    return finish(year, r.data.days, r.data.papers ?? []);
  }
  throw new HttpError(415, 'unsupported-media-type', `send application/json (holiday-cn format) or text/plain (the State Council notice), not ${type}`);
}

function finish(year: number, days: CalendarDay[], papers: string[]): { days: CalendarDay[]; papers: string[] } {
  const r = checkYearDays(year, days);
  if (r.errors.length > 0) throw badRequest(`calendar year ${year} is invalid`, r.errors);
  return { days: r.days, papers };
}

export async function putStatutoryYear(
  deps: CalendarDeps,
  year: number,
  body: { days: CalendarDay[]; papers: string[] },
  opts: { dryRun?: boolean } = {},
): Promise<YearAnswer & { refreshed?: number }> {
  const answer: YearAnswer = { year, source: 'hall', days: body.days, papers: body.papers };
  if (opts.dryRun) return answer;
  const before = (await loadCalendars(deps.store)).statutoryYears().find((y) => y.year === year);
  await putCalendarYear(deps.store, year, body);
  await refoldOpenMonths(deps, changedMonths([...(before?.days ?? []), ...body.days], year));
  return answer;
}

export async function deleteStatutoryYear(deps: CalendarDeps, year: number): Promise<void> {
  const before = (await loadCalendars(deps.store)).statutoryYears().find((y) => y.year === year);
  if (!(await deleteCalendarYear(deps.store, year))) return; // nothing of the hall's: nothing changes
  const after = (await loadCalendars(deps.store)).statutoryYears().find((y) => y.year === year);
  await refoldOpenMonths(deps, changedMonths([...(before?.days ?? []), ...(after?.days ?? [])], year));
}

export async function putCalendar(deps: CalendarDeps, rawId: string | undefined, body: unknown): Promise<HallCalendar> {
  const id = rawId ?? '';
  const idError = hallCalendarIdError(id);
  if (idError) throw badRequest('invalid calendar id', [idError]);
  const r = HallCalendarBody.safeParse(body);
  if (!r.success) throw badRequest('hall calendar is invalid', issuesToErrors(r.error.issues));
  const checked = checkHallDays(r.data.days);
  if (checked.errors.length > 0) throw badRequest('hall calendar is invalid', checked.errors);
  const cal: HallCalendar = { id, name: r.data.name, base: r.data.base, days: checked.days };
  const before = (await loadCalendarData(deps.store)).hallCalendars.find((c) => c.id === id);
  await putHallCalendar(deps.store, cal);
  const dates = [...(before?.days ?? []), ...cal.days].map((d) => d.date);
  // A changed base changes every day: refold what a day close would (this month and the last).
  const months = before && before.base !== cal.base ? 'all' : new Set(dates.map((d) => d.slice(0, 7)));
  await refoldOpenMonths(deps, months);
  return cal;
}

/** Months a change of these days touches (a year's own months, where its days are). */
function changedMonths(days: readonly CalendarDay[], year: number): Set<string> {
  const months = new Set(days.map((d) => d.date.slice(0, 7)));
  // A year appearing or disappearing changes coverage: every month of it counts its workdays again.
  for (let m = 1; m <= 12; m++) months.add(`${year}-${String(m).padStart(2, '0')}`);
  return months;
}

/**
 * Refolds the stored sheets of the open months a change touches among this month and the last (the
 * months the nightly day close keeps refolding: done now, so they are exact when the call returns),
 * and marks the older open months that hold stored sheets dirty for the read model's refresher (lists
 * read stored sheets of every open month: CONTRACT.md §7 v2, within 10 s). A future month has no sheet
 * yet; a closed one changes only through `?revise=true`. Returns how many sheets were written.
 */
async function refoldOpenMonths(deps: CalendarDeps, months: Set<string> | 'all'): Promise<number> {
  const current = localMonth(deps.clock.now(), deps.tz);
  const touches = (m: string) => months === 'all' || months.has(m);
  const recent = [addMonths(current, -1), current].filter(touches);
  let sheets = 0;
  for (const m of recent) {
    if ((await deps.store.getPeriod(m)).status === 'closed') continue;
    sheets += await refreshMonth(deps.store, deps.tz, m);
  }
  const older = (await openStoredMonths(deps)).filter((m) => touches(m) && !recent.includes(m));
  if (older.length > 0) {
    const staff = await deps.store.listMaster<Staff>('staff');
    await markStaffMonthsDirty(deps, staff.flatMap((s) => older.map((month) => ({ staffId: s.id, month }))));
  }
  return sheets;
}

export type { DataError };
