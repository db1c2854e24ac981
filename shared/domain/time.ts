/** Hall-local calendar arithmetic. All instants are epoch milliseconds; all days are 'YYYY-MM-DD' in the hall time zone. */
import { BoundedCache } from './bounded-cache.js';

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  date: string; // YYYY-MM-DD
  time: string; // HH:MM:SS
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A wall-clock date and time read as UTC, numerically (Date.parse would refuse a year past 9999). */
function wallAsUtc(date: string, time: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, sec = 0] = time.split(':').map(Number) as [number, number, number?];
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad2(i));
/** Day number since the epoch → 'YYYY-MM-DD': a fold asks for the same few days hundreds of times. */
const dayNames = new BoundedCache<number, string>(10_000);

/** 'YYYY-MM-DD' of a UTC day number, without toISOString (which writes years past 9999 as '+010000'). */
function dayName(day: number): string {
  return dayNames.get(day, () => {
    const d = new Date(day * DAY_MS);
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  });
}

/** Date and time of a UTC instant, to the second, by arithmetic (this is the fold's hottest path). */
function utcParts(ms: number): LocalParts {
  // Same domain as Date (toISOString threw here before): NaN or past ±8.64e15 ms is not a time.
  if (!(Math.abs(ms) <= 8.64e15)) throw new RangeError(`Invalid time value: ${ms}`);
  const day = Math.floor(ms / DAY_MS);
  const sec = Math.floor((ms - day * DAY_MS) / 1000);
  const time = `${TWO_DIGITS[Math.floor(sec / 3600)]}:${TWO_DIGITS[Math.floor(sec / 60) % 60]}:${TWO_DIGITS[sec % 60]}`;
  return { date: dayName(day), time };
}

function intlParts(at: number, tz: string): LocalParts {
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(tz).formatToParts(new Date(at))) p[type] = value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

const BUCKET_MS = 15 * 60_000;
/** Per zone: 15-minute bucket → offset (numeric keys: no string building on the hot path). */
const offsetCache = new Map<string, BoundedCache<number, number | null>>();

/** UTC offset (ms) of a zone over a 15-minute bucket, or null when it changes inside the bucket. */
function bucketOffset(at: number, tz: string): number | null {
  const bucket = Math.floor(at / BUCKET_MS);
  let zone = offsetCache.get(tz);
  if (!zone) offsetCache.set(tz, (zone = new BoundedCache(50_000)));
  return zone.get(bucket, () => {
    const offAt = (t: number) => {
      const { date, time } = intlParts(t, tz);
      return wallAsUtc(date, time) - t;
    };
    const start = bucket * BUCKET_MS;
    const a = offAt(start);
    return a === offAt(start + BUCKET_MS - 1000) ? a : null;
  });
}

/**
 * The hall-local wall clock of an instant. Intl is slow (µs a call, hundreds per sheet fold), so the
 * zone's offset is cached per 15-minute bucket and applied arithmetically; buckets that contain an
 * offset change fall back to Intl.
 */
export function localParts(at: number, tz: string): LocalParts {
  const off = bucketOffset(at, tz);
  if (off === null) return intlParts(at, tz);
  return utcParts(Math.floor(at / 1000) * 1000 + off);
}

export const localDate = (at: number, tz: string): string => localParts(at, tz).date;
export const localMonth = (at: number, tz: string): string => localDate(at, tz).slice(0, -3); // 'YYYY-MM' (or a 5-digit year)

/** Offset of the zone from UTC at an instant, in minutes (Asia/Shanghai → 480). */
export function offsetMinutes(at: number, tz: string): number {
  const off = bucketOffset(at, tz);
  if (off !== null) return Math.round(off / 60000);
  const { date, time } = localParts(at, tz);
  return Math.round((wallAsUtc(date, time) - Math.floor(at / 1000) * 1000) / 60000);
}

/** (zone, day, wall time) → instant: every staff member's fold asks for the same session bounds of the same days. */
const instants = new BoundedCache<string, number>(50_000);

/** The instant of a hall-local wall-clock time ('HH:MM' or 'HH:MM:SS') on a day. */
export function zonedInstant(date: string, time: string, tz: string): number {
  return instants.get(`${tz} ${date} ${time}`, () => {
    const guess = wallAsUtc(date, time);
    // Two passes settle DST edges; China has no DST but halls may configure other zones.
    const first = guess - offsetMinutes(guess, tz) * 60000;
    return guess - offsetMinutes(first, tz) * 60000;
  });
}

/** Days of a month, 'YYYY-MM' → ['YYYY-MM-01', …]. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${pad2(i + 1)}`);
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return utcParts(Date.UTC(y, m - 1, d + n)).date;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return utcParts(Date.UTC(y, m - 1 + n, 1)).date.slice(0, -3);
}

/** 'YYYY-MM' → 'YYYY-Qn'. */
export const quarterOf = (month: string): string =>
  `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** 'YYYY-Qn' → its three months. */
export function monthsOfQuarter(quarter: string): string[] {
  const y = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  return [1, 2, 3].map((i) => `${y}-${pad2((q - 1) * 3 + i)}`);
}

export const isMonth = (p: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(p) && Number(p.slice(0, 4)) >= 1970;
export const isQuarter = (p: string): boolean => /^\d{4}-Q[1-4]$/.test(p) && Number(p.slice(0, 4)) >= 1970;
export const isDate = (d: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`); // NaN for month 13 or day 00: toISOString would throw
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d && Number(d.slice(0, 4)) >= 1970;
};

/** 'YYYY-H1' | 'YYYY-H2' (CONTRACT.md §12). */
export const isHalf = (p: string): boolean => /^\d{4}-H[12]$/.test(p) && Number(p.slice(0, 4)) >= 1970;
/** 'YYYY' (CONTRACT.md §12). */
export const isYear = (p: string): boolean => /^\d{4}$/.test(p) && Number(p) >= 1970;

/** The months of a month, quarter, half year or year, in order. */
export function monthsOfPeriod(period: string): string[] {
  if (isQuarter(period)) return monthsOfQuarter(period);
  if (isHalf(period)) {
    const first = period.endsWith('H1') ? 1 : 7;
    return Array.from({ length: 6 }, (_, i) => `${period.slice(0, 4)}-${pad2(first + i)}`);
  }
  if (isYear(period)) return Array.from({ length: 12 }, (_, i) => `${period}-${pad2(i + 1)}`);
  return [period];
}

/** First and last day of a month, quarter, half year or year. */
export function periodDays(period: string): { first: string; last: string } {
  const months = monthsOfPeriod(period);
  const last = daysOfMonth(months[months.length - 1]!);
  return { first: `${months[0]}-01`, last: last[last.length - 1]! };
}

/** The instant a hall-local day ends (midnight after it). */
export const endOfDay = (date: string, tz: string): number => zonedInstant(addDays(date, 1), '00:00', tz);

/** RFC 3339 in the hall's offset, to the second: 2026-10-12T08:41:00+08:00. */
export function toHallIso(at: number, tz: string): string {
  const { date, time } = localParts(at, tz);
  const off = offsetMinutes(at, tz);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${date}T${time}${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}
