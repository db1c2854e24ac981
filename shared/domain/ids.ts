import * as z from 'zod';

/** Contract §2: ids are [A-Za-z0-9._:-]{1,128}. */
export const Id = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must match [A-Za-z0-9._:-]{1,128}');

/** Earliest year hallscore accepts: the first year of the statutory holiday data (chinese-days). */
export const MIN_YEAR = 2004;

/** A real calendar date and time of day (no 02-30, no 24:00), not the rolled-over value Date.parse gives. */
function realDateTime(y: number, mo: number, d: number, h = 0, mi = 0, sec = 0): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return (
    t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === sec
  );
}

/** RFC 3339 with an explicit offset (Z or ±HH:MM), a real date and time, year ≥ MIN_YEAR. */
export const Instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
    'must be an RFC 3339 time with an offset, e.g. 2026-10-12T08:41:00+08:00',
  )
  .refine((s) => {
    const [y, mo, d, h, mi, sec] = [0, 5, 8, 11, 14, 17].map((i) => Number(s.slice(i, i + (i === 0 ? 4 : 2))));
    const off = /([+-])(\d{2}):(\d{2})$/.exec(s);
    return realDateTime(y!, mo!, d!, h!, mi!, sec!) && (!off || (Number(off[2]) <= 14 && Number(off[3]) <= 59));
  }, 'is not a real date and time')
  .refine((s) => Number(s.slice(0, 4)) >= MIN_YEAR, `must be in the year ${MIN_YEAR} or later`);

export const LocalDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((d) => realDateTime(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))), 'is not a calendar day');

export const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');
