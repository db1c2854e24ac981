/**
 * The shipped holiday package (`chinese-days`) read as per-year calendar data, in the same shape a hall
 * gives its own years (CONTRACT.md §8). The only module that imports the package.
 *
 * The package keys its data by date, not by notice. A notice may start its year's 元旦 in the previous
 * December (the 2019 notice: 2018-12-29 上班, 12-30..31 放假), so a December day named 元旦 belongs to the
 * next year's data; that way a package year holds exactly the days of that year's State Council notice.
 */
// The package's own data file (the API answers per date; this is the same data as a list).
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDay, StatutoryYear } from './calendar.js';

let years: ReadonlyMap<number, StatutoryYear> | undefined;

/** The package's years, by year; read once (the data is static). */
export function packageYears(): ReadonlyMap<number, StatutoryYear> {
  years ??= readPackage();
  return years;
}

/** "New Year's Day,元旦,1" (English, Chinese, length) → 元旦. */
function chineseName(label: string): string | undefined {
  const parts = label.split(',');
  return parts.length >= 2 && parts[1] ? parts[1] : undefined;
}

function readPackage(): Map<number, StatutoryYear> {
  const byYear = new Map<number, CalendarDay[]>();
  const add = (date: string, isOffDay: boolean, label: string) => {
    const name = chineseName(label);
    const y = Number(date.slice(0, 4)) + (date.slice(5, 7) === '12' && name === '元旦' ? 1 : 0);
    const day: CalendarDay = { date, isOffDay, ...(name ? { name } : {}) };
    byYear.set(y, [...(byYear.get(y) ?? []), day]);
  };
  for (const [date, label] of Object.entries(data.holidays as Record<string, string>)) add(date, true, label);
  for (const [date, label] of Object.entries(data.workdays as Record<string, string>)) add(date, false, label);
  const out = new Map<number, StatutoryYear>();
  for (const y of [...byYear.keys()].sort((a, b) => a - b)) {
    const days = byYear.get(y)!.sort((a, b) => (a.date < b.date ? -1 : 1));
    out.set(y, { year: y, source: 'package', days, papers: [] });
  }
  return out;
}
