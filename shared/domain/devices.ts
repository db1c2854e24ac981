/**
 * Attendance devices (CONTRACT.md §9): address lists, the INFO parameter, which iclock path a request
 * means, and when a device is stale. Pure: no I/O, no clock.
 */
import type { WorkCalendar } from './calendar.js';
import { expectsAttendance } from './attendance.js';
import type { Shift, Staff } from './masterdata.js';
import { parseIp } from './cidr.js';
import { localParts } from './time.js';

// ---------- the INFO parameter of getrequest ----------

export interface DeviceInfo {
  firmware?: string;
  users?: number;
  fingerprints?: number;
  attlogs?: number;
  ip?: string;
}

/**
 * `INFO=<firmware>,<users>,<fingerprints>,<attlogs>,<ip>,…` (further fields — algorithm versions,
 * face counts — differ between builds and are not kept). Undefined when nothing usable is in it.
 */
export function parseInfo(raw: string | undefined): DeviceInfo | undefined {
  if (raw === undefined) return undefined;
  const f = raw.split(',').map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '').trim());
  const count = (s: string | undefined) => (s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : undefined);
  const info: DeviceInfo = {};
  const firmware = f[0]?.slice(0, 128);
  if (firmware) info.firmware = firmware;
  const users = count(f[1]);
  const fingerprints = count(f[2]);
  const attlogs = count(f[3]);
  if (users !== undefined) info.users = users;
  if (fingerprints !== undefined) info.fingerprints = fingerprints;
  if (attlogs !== undefined) info.attlogs = attlogs;
  if (f[4] !== undefined && parseIp(f[4]) !== undefined) info.ip = f[4];
  return Object.keys(info).length > 0 ? info : undefined;
}

// ---------- which iclock endpoint a path means ----------

export type IclockEndpoint = 'cdata' | 'getrequest' | 'devicecmd' | 'other';

/** '/iclock/cdata', '/iclock/cdata/', '/iclock/cdata.aspx', '/ICLOCK/CDATA' → 'cdata'; anything else → 'other'. */
export function iclockEndpoint(path: string): IclockEndpoint {
  const name = path
    .toLowerCase()
    .replace(/^\/iclock\/?/, '')
    .replace(/\/+$/, '')
    .replace(/\.aspx$/, '');
  return name === 'cdata' || name === 'getrequest' || name === 'devicecmd' ? name : 'other';
}

// ---------- staleness ----------

export const STALE_AFTER_MS = 30 * 60_000;

/** Is any session of this shift in progress at `now` on a day it expects this staff member? */
export function sessionInProgress(now: number, tz: string, staff: Pick<Staff, 'active' | 'since'>, shift: Shift, calendar: WorkCalendar): boolean {
  const { date, time } = localParts(now, tz);
  const hm = time.slice(0, 5);
  if (!shift.sessions.some((s) => s.start <= hm && hm < s.end)) return false;
  try {
    return expectsAttendance(date, calendar, staff);
  } catch {
    return false; // a calendar that does not cover this year cannot say the hall is working
  }
}

/**
 * A registered device is stale when it has not been seen for 30 minutes while any of its staff (those
 * whose PINs it has delivered) has a session in progress.
 */
export function isStale(
  device: { status: 'registered' | 'pending'; lastSeen: number; staffIds: readonly string[] },
  now: number,
  inSession: (staffId: string) => boolean,
): boolean {
  if (device.status !== 'registered') return false;
  if (now - device.lastSeen < STALE_AFTER_MS) return false;
  return device.staffIds.some(inSession);
}
