/** Master data schemas (CONTRACT.md §3). Parsed with defaults applied; the id comes from the path. */
import * as z from 'zod';
import { parseCidr } from './cidr.js';
import { HourMinute, Id, LocalDay } from './ids.js';

export const Department = z.object({
  name: z.string().min(1).max(200),
  emails: z.array(z.email()).min(1).max(50),
});

const toMinutes = (hm: string): number => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

export const Session = z
  .object({ start: HourMinute, end: HourMinute })
  .refine((s) => toMinutes(s.start) < toMinutes(s.end), { message: 'start must be before end', path: ['end'] });

/** A shift's calendar: `cn-statutory`, `mon-fri` or a hall calendar's id (CONTRACT.md §8). */
export const Calendar = Id;
export type Calendar = z.infer<typeof Calendar>;

export const Shift = z
  .object({
    sessions: z.array(Session).min(1).max(3),
    arriveEarlyMinutes: z.number().int().min(0).max(240).default(10),
    lateAbsentMinutes: z.number().int().min(0).max(720).default(30),
    earlyLeaveAbsentMinutes: z.number().int().min(0).max(720).default(30),
    calendar: Calendar.default('cn-statutory'),
  })
  .superRefine((s, ctx) => {
    for (let i = 1; i < s.sessions.length; i++) {
      if (toMinutes(s.sessions[i]!.start) < toMinutes(s.sessions[i - 1]!.end)) {
        ctx.addIssue({
          code: 'custom',
          message: 'sessions must be ordered and not overlap',
          path: ['sessions', i, 'start'],
        });
      }
    }
  });

export const Window = z.object({
  name: z.string().min(1).max(200),
  hallId: Id.default('main'),
});

export const Staff = z.object({
  name: z.string().min(1).max(200),
  departmentId: Id,
  windowId: Id,
  shiftId: Id,
  pin: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1–32 letters or digits').optional(),
  active: z.boolean().default(true),
  since: LocalDay.optional(),
});

export const SourceKind = z.enum(['attendance', 'evaluation', 'complaint', 'inspection', 'approval', 'queue']);
export const Source = z
  .object({
    kind: SourceKind,
    key: z.string().min(16).max(256).optional(),
    deviceSn: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must match [A-Za-z0-9._:-]{1,128}').optional(),
    // CONTRACT §9: where a device may talk from, its communication key, and whether any TimeOffset goes.
    allowedIps: z.array(z.string().refine((c) => parseCidr(c) !== undefined, 'must be an IPv4 or IPv6 address or CIDR (10.0.0.0/8, 2001:db8::/32)')).min(1).max(100).optional(),
    commKey: z.string().regex(/^[\x21-\x7e]{1,64}$/, 'must be 1–64 printable ASCII characters').optional(),
    allowAnyTimeOffset: z.boolean().optional(),
  })
  .refine((s) => s.key !== undefined || s.deviceSn !== undefined, {
    message: 'key (≥ 16 characters) is required unless deviceSn is given',
    path: ['key'],
  })
  .refine((s) => s.deviceSn === undefined || s.kind === 'attendance', {
    message: 'a device (deviceSn) must be of kind attendance',
    path: ['kind'],
  })
  .refine((s) => s.deviceSn !== undefined || (s.allowedIps === undefined && s.commKey === undefined && s.allowAnyTimeOffset === undefined), {
    message: 'allowedIps, commKey and allowAnyTimeOffset apply to devices (deviceSn) only',
    path: ['deviceSn'],
  });

export type Department = z.infer<typeof Department>;
export type Session = z.infer<typeof Session>;
export type Shift = z.infer<typeof Shift>;
export type Window = z.infer<typeof Window>;
export type Staff = z.infer<typeof Staff>;
export type Source = z.infer<typeof Source>;

/** A record with its id, as stored and as returned by GET. */
export type WithId<T> = T & { id: string };

export const MASTER_SCHEMAS = {
  departments: Department,
  shifts: Shift,
  windows: Window,
  staff: Staff,
  sources: Source,
} as const;
export type MasterKind = keyof typeof MASTER_SCHEMAS;

export { toMinutes };
