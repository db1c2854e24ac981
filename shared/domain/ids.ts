import { z } from 'zod';

/** Contract §2: ids are [A-Za-z0-9._:-]{1,128}. */
export const Id = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must match [A-Za-z0-9._:-]{1,128}');

/** RFC 3339 with an explicit offset (Z or ±HH:MM). */
export const Instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
    'must be an RFC 3339 time with an offset, e.g. 2026-10-12T08:41:00+08:00',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid time');

export const LocalDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a calendar day');

export const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');
