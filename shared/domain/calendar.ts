/**
 * Working-day calendars (CONTRACT.md §3, §8), as values the fold receives as input.
 *
 * - `cn-statutory`: China's public holidays and make-up workdays (调休), from the hall's own year data
 *   where the hall has given some, else from the shipped package (`calendar-package.ts`).
 * - `mon-fri`: Monday–Friday, every year.
 * - hall calendars (local holidays such as 广西 三月三): listed days override a base calendar.
 *
 * A `cn-statutory` question about a year no data covers throws CalendarCoverageError: an unknown year
 * answered as "no holidays" would score a whole Spring Festival as absences.
 *
 * Pure: `Calendars.from(data)` builds everything from master data read by the caller.
 */
import { BoundedCache } from './bounded-cache.js';
import { packageYears } from './calendar-package.js';
import { addDays, isDate } from './time.js';

/** The built-in calendar ids; any other id names a hall calendar. */
export const CN_STATUTORY = 'cn-statutory';
export const MON_FRI = 'mon-fri';
export const BUILT_IN_CALENDARS: readonly string[] = [CN_STATUTORY, MON_FRI];

/** A day a calendar lists: a day off (`isOffDay: true`) or a make-up working day. */
export interface CalendarDay {
  date: string; // YYYY-MM-DD
  isOffDay: boolean;
  name?: string;
}

/** One year of cn-statutory data (from the package, or given by the hall). */
export interface StatutoryYear {
  year: number;
  source: 'package' | 'hall';
  /** Dates from December of the year before to December of the year, sorted. */
  days: CalendarDay[];
  /** Where the data comes from (the notice's title or address). */
  papers: string[];
}

/** A hall calendar (master data). */
export interface HallCalendar {
  id: string;
  name: string;
  base: typeof CN_STATUTORY | typeof MON_FRI;
  days: CalendarDay[];
}

/** Calendar master data as the store holds it. */
export interface CalendarData {
  /** The hall's own cn-statutory years (each replaces the package's year). */
  years: readonly StatutoryYear[];
  hallCalendars: readonly HallCalendar[];
}

/** A calendar a shift can follow. `isWorkday` throws CalendarCoverageError for a year it does not cover. */
export interface WorkCalendar {
  readonly id: string;
  isWorkday(date: string): boolean;
  covers(year: number): boolean;
  /** First and last year of the unbroken run of covered years; null: every year (mon-fri and its hall calendars). */
  readonly firstCovered: number | null;
  readonly coveredThrough: number | null;
}

/** Thrown for a `cn-statutory` day (or a hall calendar based on it) in a year no data covers. */
export class CalendarCoverageError extends Error {
  readonly year: number;
  readonly calendar: string;
  readonly covered: { first: number; last: number } | null;

  constructor(year: number, calendar: string, covered: { first: number; last: number } | null) {
    const range = covered ? `${covered.first}–${covered.last}` : 'no year';
    const via = calendar === CN_STATUTORY ? '' : ` (calendar ${calendar} is based on cn-statutory)`;
    super(
      `No Chinese statutory holiday data for ${year}${via}: the holiday calendar covers ${range}. ` +
        `Add the year: PUT /v1/calendars/cn-statutory/years/${year} with the State Council notice ` +
        `(国务院办公厅关于${year}年部分节假日安排的通知) pasted as text/plain, or its holiday-cn ${year}.json ` +
        `(CLI: npx hallscore calendar import notice-${year}.txt).`,
    );
    this.name = 'CalendarCoverageError';
    this.year = year;
    this.calendar = calendar;
    this.covered = covered;
  }
}

/** Thrown when a shift names a calendar that does not exist. */
export class UnknownCalendarError extends Error {
  constructor(readonly calendar: string) {
    super(`unknown calendar ${calendar}: PUT /v1/calendars/${calendar} first, or use cn-statutory or mon-fri`);
    this.name = 'UnknownCalendarError';
  }
}

function assertDate(date: string): void {
  if (!isDate(date)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

const weekdays = new BoundedCache<string, boolean>(20_000);
/** Monday–Friday. */
export function isMonToFri(date: string): boolean {
  return weekdays.get(date, () => {
    assertDate(date);
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
    return dow >= 1 && dow <= 5;
  });
}

export function isWeekend(date: string): boolean {
  return !isMonToFri(date);
}

const monFri: WorkCalendar = {
  id: MON_FRI,
  isWorkday: isMonToFri,
  covers: () => true,
  firstCovered: null,
  coveredThrough: null,
};

/** First and last year of the unbroken run of covered years that starts at the first one. */
function coverageRun(years: Iterable<number>): { first: number; last: number } | null {
  const set = new Set(years);
  if (set.size === 0) return null;
  const first = Math.min(...set);
  let last = first;
  while (set.has(last + 1)) last++;
  return { first, last };
}

class StatutoryCalendar implements WorkCalendar {
  readonly id = CN_STATUTORY;
  readonly firstCovered: number | null;
  readonly coveredThrough: number | null;
  /** Effective years: the hall's where given, else the package's. */
  readonly years: ReadonlyMap<number, StatutoryYear>;
  private readonly listed = new Map<string, boolean>();
  private readonly run: { first: number; last: number } | null;

  constructor(hallYears: readonly StatutoryYear[]) {
    const years = new Map(packageYears());
    for (const y of hallYears) years.set(y.year, y);
    this.years = new Map([...years.entries()].sort((a, b) => a[0] - b[0]));
    // Years in order, so where two years list the same date the later year's entry wins.
    for (const y of this.years.values()) for (const d of y.days) this.listed.set(d.date, !d.isOffDay);
    this.run = coverageRun(this.years.keys());
    this.firstCovered = this.run?.first ?? null;
    this.coveredThrough = this.run?.last ?? null;
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  isWorkday(date: string): boolean {
    assertDate(date);
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) throw new CalendarCoverageError(year, CN_STATUTORY, this.run);
    return this.listed.get(date) ?? isMonToFri(date);
  }
}

class OverrideCalendar implements WorkCalendar {
  readonly id: string;
  private readonly listed: Map<string, boolean>;
  constructor(
    readonly calendar: HallCalendar,
    private readonly base: WorkCalendar,
  ) {
    this.id = calendar.id;
    this.listed = new Map(calendar.days.map((d) => [d.date, !d.isOffDay]));
  }
  get firstCovered() {
    return this.base.firstCovered;
  }
  get coveredThrough() {
    return this.base.coveredThrough;
  }
  covers(year: number): boolean {
    return this.base.covers(year);
  }
  isWorkday(date: string): boolean {
    assertDate(date);
    const year = Number(date.slice(0, 4));
    // It covers what its base covers: a listed day in an uncovered year is no more known than the rest.
    if (!this.base.covers(year)) throw new CalendarCoverageError(year, this.id, coverageOf(this.base));
    return this.listed.get(date) ?? this.base.isWorkday(date);
  }
}

function coverageOf(c: WorkCalendar): { first: number; last: number } | null {
  return c.firstCovered !== null && c.coveredThrough !== null ? { first: c.firstCovered, last: c.coveredThrough } : null;
}

/** Every calendar of the hall, resolved by id. Build one per request/batch from the stored data. */
export class Calendars {
  readonly statutory: StatutoryCalendar;
  private readonly byId = new Map<string, WorkCalendar>();
  readonly hallCalendars: readonly HallCalendar[];

  private constructor(data: CalendarData) {
    this.statutory = new StatutoryCalendar(data.years);
    this.byId.set(CN_STATUTORY, this.statutory);
    this.byId.set(MON_FRI, monFri);
    this.hallCalendars = [...data.hallCalendars].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const h of this.hallCalendars) {
      this.byId.set(h.id, new OverrideCalendar(h, h.base === MON_FRI ? monFri : this.statutory));
    }
  }

  static from(data: CalendarData): Calendars {
    return new Calendars(data);
  }

  /** The package's data alone (no hall data): tests, the demo's planning, tools without a store. */
  static packageOnly(): Calendars {
    return (packageOnly ??= new Calendars({ years: [], hallCalendars: [] }));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The calendar named `id`; throws UnknownCalendarError when there is none. */
  get(id: string): WorkCalendar {
    const c = this.byId.get(id);
    if (!c) throw new UnknownCalendarError(id);
    return c;
  }

  /** The effective cn-statutory years (hall data where given, else the package's), in order. */
  statutoryYears(): StatutoryYear[] {
    return [...this.statutory.years.values()];
  }
}
let packageOnly: Calendars | undefined;

/** Working days from `first` to `last`, both inclusive, in order ([] when first > last). */
export function workdaysInRange(calendar: WorkCalendar, first: string, last: string): string[] {
  assertDate(first);
  assertDate(last);
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) if (calendar.isWorkday(d)) out.push(d);
  return out;
}

/**
 * The working day `n` working days after `date` (n > 0), or before it (n < 0); n = 0: `date` itself if
 * it is a working day, else the next one. For due dates ("within 5 working days").
 */
export function addWorkdays(calendar: WorkCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  assertDate(date);
  let d = date;
  if (n === 0) {
    while (!calendar.isWorkday(d)) d = addDays(d, 1);
    return d;
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (calendar.isWorkday(d)) left--;
  }
  return d;
}
