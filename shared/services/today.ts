/**
 * GET /v1/today (CONTRACT.md §13): every active staff member of a hall with today's sessions as
 * they stand, from the stored events of their staff-month (and the month before, for leave that
 * started then). Live: read from the events, not from sheets.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { isWorkday } from '../domain/calendar.js';
import type { StoredEvent } from '../domain/events.js';
import { LocalDay } from '../domain/ids.js';
import type { Shift, Staff, Window, WithId } from '../domain/masterdata.js';
import { liveSessions, overlapsDay, type LiveSession } from '../domain/today.js';
import { addMonths, endOfDay, localDate, zonedInstant } from '../domain/time.js';
import { badRequest } from '../http/errors.js';
import { mapLimit } from './ingest.js';
import { parseId } from './master-data.js';

export interface TodayStaff {
  staffId: string;
  name: string;
  windowId: string;
  departmentId: string;
  onLeave: boolean;
  away: boolean;
  sessions: LiveSession[];
}

export interface Today {
  date: string;
  workday: boolean;
  staff: TodayStaff[];
}

export interface TodayView extends Today {
  /** The day's events of the hall's staff (the screen counts reviews from them). */
  events: StoredEvent[];
}

export function parseTodayQuery(query: Record<string, string | undefined>, now: number, tz: string): { hallId: string; date: string } {
  const hallId = parseId(query.hallId ?? 'main', 'hallId');
  const date = query.date ?? localDate(now, tz);
  if (!LocalDay.safeParse(date).success) throw badRequest('invalid date', [{ path: 'date', message: 'must be YYYY-MM-DD' }]);
  return { hallId, date };
}

type Span = { from: number; to: number };

/** Spans of attendance.leave and (w19's) attendance.away events, told apart by type. */
function spans(events: StoredEvent[], type: string): Span[] {
  return events
    .filter((e) => (e.event as { type: string }).type === type)
    .map((e) => e.event as unknown as { from: string; to: string })
    .map((e) => ({ from: Date.parse(e.from), to: Date.parse(e.to) }))
    .filter((s) => Number.isFinite(s.from) && Number.isFinite(s.to));
}

export async function todayView(store: HallStore, tz: string, now: number, q: { hallId: string; date: string }): Promise<TodayView> {
  const [staffList, windows, shifts, rules] = await Promise.all([
    store.listMaster<Staff>('staff'),
    store.listMaster<Window>('windows'),
    store.listMaster<Shift>('shifts'),
    store.currentRules(),
  ]);
  const hallWindows = new Set(windows.filter((w) => (w.hallId ?? 'main') === q.hallId).map((w) => w.id));
  const shiftById = new Map(shifts.map((s) => [s.id, s as WithId<Shift>]));
  const month = q.date.slice(0, 7);
  const dayStart = zonedInstant(q.date, '00:00', tz);
  const dayEnd = endOfDay(q.date, tz);
  const members = staffList
    .filter((s) => s.active && hallWindows.has(s.windowId))
    .sort((a, b) => (a.windowId < b.windowId ? -1 : a.windowId > b.windowId ? 1 : a.id < b.id ? -1 : 1));
  let workday = false;
  const dayEvents: StoredEvent[] = [];
  const staff = await mapLimit(members, 8, async (s): Promise<TodayStaff> => {
    const shift = shiftById.get(s.shiftId);
    const [cur, prev] = await Promise.all([
      store.partitionEvents(keys.staffMonth(s.id, month)),
      store.partitionEvents(keys.staffMonth(s.id, addMonths(month, -1))),
    ]);
    const events = [...prev, ...cur];
    const leaves = spans(events, 'attendance.leave');
    const away = spans(events, 'attendance.away');
    for (const e of cur) if (e.at >= dayStart && e.at < dayEnd) dayEvents.push(e);
    const row: TodayStaff = {
      staffId: s.id,
      name: s.name,
      windowId: s.windowId,
      departmentId: s.departmentId,
      onLeave: overlapsDay(leaves, dayStart, dayEnd),
      away: overlapsDay(away, dayStart, dayEnd),
      sessions: [],
    };
    if (!shift) return row;
    const works = isWorkday(q.date, shift.calendar);
    workday ||= works;
    if (!works || (s.since !== undefined && q.date < s.since)) return row;
    const punches = events
      .filter((e) => e.event.type === 'attendance.punch')
      .map((e) => ({ id: e.event.id, at: e.at }))
      .filter((p) => p.at >= dayStart && p.at < dayEnd);
    const leaveList = events.filter((e) => e.event.type === 'attendance.leave').map((e) => {
      const l = e.event as { id: string; from: string; to: string };
      return { id: l.id, from: Date.parse(l.from), to: Date.parse(l.to) };
    });
    row.sessions = liveSessions({ date: q.date, tz, now: Math.min(now, dayEnd), shift, punches, leaves: leaveList, rules });
    return row;
  });
  // With nobody on a shift, the day is a working day if the statutory calendar says so.
  if (members.length === 0 || shifts.length === 0) workday = isWorkday(q.date, 'cn-statutory');
  return { date: q.date, workday, staff, events: dayEvents };
}

export async function today(store: HallStore, tz: string, now: number, q: { hallId: string; date: string }): Promise<Today> {
  const { events: _events, ...rest } = await todayView(store, tz, now, q);
  return rest;
}
