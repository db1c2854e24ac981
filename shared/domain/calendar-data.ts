/**
 * Validation of calendar data a hall gives (CONTRACT.md §8): a cn-statutory year in the holiday-cn
 * file format, and hall calendars. Pure; errors carry contract paths (`days.3.date`).
 */
import * as z from 'zod';
import { isWeekend, type CalendarDay, type HallCalendar } from './calendar.js';
import { Id, LocalDay } from './ids.js';

export interface DataError {
  path: string;
  message: string;
}

const Day = z.object({
  date: LocalDay,
  isOffDay: z.boolean(),
  name: z.string().min(1).max(100).optional(),
});

/** holiday-cn's `{year}.json`; other top-level fields (`year`, `$schema`, `$id`) are accepted and ignored. */
export const StatutoryYearBody = z.object({
  papers: z.array(z.string().min(1).max(2000)).max(50).optional(),
  days: z.array(Day).max(400),
});

export const HallCalendarBody = z.object({
  name: z.string().min(1).max(200),
  base: z.enum(['cn-statutory', 'mon-fri']),
  days: z.array(Day).max(2000),
});

/** A year in the contract's range (4 digits; the statutory system dates from 1949). */
export function isCalendarYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1949 && year <= 9999;
}

/**
 * The rules a year's days obey: dates from December of the year before to December of the year, no
 * date twice, make-up working days only on Saturdays and Sundays. Returns the days sorted by date.
 */
export function checkYearDays(year: number, days: readonly CalendarDay[]): { days: CalendarDay[]; errors: DataError[] } {
  const errors: DataError[] = [];
  const first = `${String(year - 1).padStart(4, '0')}-12-01`;
  const last = `${String(year).padStart(4, '0')}-12-31`;
  const seen = new Map<string, number>();
  days.forEach((d, i) => {
    if (d.date < first || d.date > last) {
      errors.push({ path: `days.${i}.date`, message: `${d.date} is outside ${first} … ${last} (December of the year before to December of ${year})` });
    }
    const prev = seen.get(d.date);
    if (prev !== undefined) errors.push({ path: `days.${i}.date`, message: `${d.date} is listed twice (also days.${prev})` });
    else seen.set(d.date, i);
    if (!d.isOffDay && !isWeekend(d.date)) {
      errors.push({ path: `days.${i}.isOffDay`, message: `${d.date} is a weekday: only a Saturday or Sunday can be a make-up working day` });
    }
  });
  if (days.length === 0) errors.push({ path: 'days', message: `lists no day: a year of the statutory calendar has holidays` });
  return { days: sortDays(days), errors };
}

/** A hall calendar's days: no date twice. */
export function checkHallDays(days: readonly CalendarDay[]): { days: CalendarDay[]; errors: DataError[] } {
  const errors: DataError[] = [];
  const seen = new Map<string, number>();
  days.forEach((d, i) => {
    const prev = seen.get(d.date);
    if (prev !== undefined) errors.push({ path: `days.${i}.date`, message: `${d.date} is listed twice (also days.${prev})` });
    else seen.set(d.date, i);
  });
  return { days: sortDays(days), errors };
}

export function sortDays(days: readonly CalendarDay[]): CalendarDay[] {
  return [...days]
    .map((d) => ({ date: d.date, isOffDay: d.isOffDay, ...(d.name !== undefined ? { name: d.name } : {}) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A hall calendar id: any id except the built-in ones. */
export function hallCalendarIdError(id: string): DataError | undefined {
  if (!Id.safeParse(id).success) return { path: 'id', message: 'must match [A-Za-z0-9._:-]{1,128}' };
  if (id === 'cn-statutory' || id === 'mon-fri') return { path: 'id', message: `${id} is built in; a hall calendar needs another id` };
  return undefined;
}

export type { HallCalendar };
