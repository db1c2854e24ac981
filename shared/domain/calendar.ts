/**
 * Working-day calendars of a shift (CONTRACT.md §3): `cn-statutory` follows China's public holidays and
 * make-up workdays (调休) as published in the `chinese-days` package; `mon-fri` is Monday–Friday.
 *
 * chinese-days only knows the years the State Council has published. For any other year it silently
 * answers as if there were no holidays, which would score a whole Spring Festival as absences. So a
 * `cn-statutory` question about a year the package does not cover throws a CalendarCoverageError.
 */
import chineseDays from 'chinese-days';
import { BoundedCache } from './bounded-cache.js';
import type { Calendar } from './masterdata.js';
import { addDays, isDate } from './time.js';

// Named ESM imports of chinese-days fail in plain Node (its main entry is CommonJS): default import, then destructure.
const { isWorkday: cnIsWorkday, getHolidaysInRange } = chineseDays;

export type { Calendar };

/** Thrown for a `cn-statutory` day in a year the installed holiday data does not cover. */
export class CalendarCoverageError extends Error {
  readonly year: number;
  readonly calendar: Calendar;
  readonly covered: { first: number; last: number } | null;

  constructor(year: number, calendar: Calendar = 'cn-statutory') {
    const covered = cnStatutoryCoverage();
    const range = covered ? `${covered.first}–${covered.last}` : 'no year';
    super(
      `No Chinese statutory holiday data for ${year}: the installed chinese-days package covers ${range}. ` +
        `Update the chinese-days package (holiday calendar) to a release that includes ${year} before scoring days of that year.`,
    );
    this.name = 'CalendarCoverageError';
    this.year = year;
    this.calendar = calendar;
    this.covered = covered;
  }
}

const yearCovered = new Map<number, boolean>();

/**
 * Whether chinese-days has holiday data for a year, probed from the package itself: every published year
 * has statutory holidays falling on weekdays (Spring Festival alone guarantees it); an unknown year has none.
 */
export function isCnStatutoryYearCovered(year: number): boolean {
  let covered = yearCovered.get(year);
  if (covered === undefined) {
    const y = String(year).padStart(4, '0');
    covered = Number.isInteger(year) && year >= 1 && year <= 9999 && getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0;
    yearCovered.set(year, covered);
  }
  return covered;
}

/** Probe bounds for the coverage scan (the PRC's statutory holiday system dates from 1949). */
const PROBE_FIRST = 1949;
const PROBE_LAST = 2200;
let coverage: { first: number; last: number } | null | undefined;

/** The first and last year the installed chinese-days covers (null if none), probed once on demand. */
export function cnStatutoryCoverage(): { first: number; last: number } | null {
  if (coverage === undefined) {
    let first: number | undefined;
    let last: number | undefined;
    for (let y = PROBE_FIRST; y <= PROBE_LAST; y++) {
      if (isCnStatutoryYearCovered(y)) {
        first ??= y;
        last = y;
      } else if (last !== undefined) {
        break; // covered years are contiguous; the first gap after them ends the scan
      }
    }
    coverage = first !== undefined && last !== undefined ? { first, last } : null;
  }
  return coverage;
}

function assertDate(date: string): void {
  if (!isDate(date)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

/** (calendar, day) → working day: every staff member's fold asks about the same days of the month. */
const workdays = new BoundedCache<string, boolean>(20_000);

/** Is a hall-local day a working day under a shift calendar? Throws CalendarCoverageError for uncovered cn-statutory years. */
export function isWorkday(date: string, calendar: Calendar): boolean {
  return workdays.get(`${calendar} ${date}`, () => lookUpWorkday(date, calendar)); // bad input throws, and is never cached
}

function lookUpWorkday(date: string, calendar: Calendar): boolean {
  assertDate(date);
  if (calendar === 'mon-fri') {
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
    return dow >= 1 && dow <= 5;
  }
  if (calendar === 'cn-statutory') {
    const year = Number(date.slice(0, 4));
    if (!isCnStatutoryYearCovered(year)) throw new CalendarCoverageError(year, calendar);
    return cnIsWorkday(date);
  }
  throw new RangeError(`unknown calendar: ${JSON.stringify(calendar satisfies never)}`);
}

/** Working days from `first` to `last`, both inclusive, in order ([] when first > last). */
export function workdaysInRange(first: string, last: string, calendar: Calendar): string[] {
  assertDate(first);
  assertDate(last);
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) if (isWorkday(d, calendar)) out.push(d);
  return out;
}
