/**
 * The device registry for the admin (CONTRACT.md §9): GET /v1/devices, registering a pending device
 * (its kept lines ingested once), the paged unmatched/rejected lists, and the stale-device check.
 */
import { isStale, sessionInProgress } from '../domain/devices.js';
import { loadCalendarData } from '../adapters/dynamodb/calendar-store.js';
import { Calendars } from '../domain/calendar.js';
import { MAX_LINES_PER_REQUEST } from '../domain/iclock.js';
import type { Shift, Staff } from '../domain/masterdata.js';
import { toHallIso } from '../domain/time.js';
import { DeviceStore, type DeviceState, type ListCursor } from '../adapters/dynamodb/devices.js';
import { badRequest } from '../http/errors.js';
import type { IngestDeps } from './ingest.js';
import { uploadAttlog } from './iclock.js';
import { logger } from '../logger.js';

export interface DeviceView {
  sn: string;
  sourceId?: string;
  status: 'registered' | 'pending';
  firstSeen: string;
  lastSeen: string;
  lastAttlogAt?: string;
  userAgent?: string;
  info?: DeviceState['info'];
  lines: DeviceState['lines'];
  stale: boolean;
}

/** Staff id → is a session of theirs in progress now? Master data is read only when a device is silent long enough to ask. */
async function sessionCheck(deps: IngestDeps, now: number, states: DeviceState[]): Promise<(staffId: string) => boolean> {
  const asks = states.some((s) => isStale(s, now, () => true));
  if (!asks) return () => false;
  const [staff, shifts, calendarData] = await Promise.all([deps.store.listMaster<Staff>('staff'), deps.store.listMaster<Shift>('shifts'), loadCalendarData(deps.store)]);
  const calendars = Calendars.from(calendarData);
  const shiftById = new Map(shifts.map((s) => [s.id, s]));
  const inSession = new Set(
    staff.filter((s) => {
      const shift = shiftById.get(s.shiftId);
      return shift !== undefined && calendars.has(shift.calendar) && sessionInProgress(now, deps.tz, s, shift, calendars.get(shift.calendar));
    }).map((s) => s.id),
  );
  return (id) => inSession.has(id);
}

export async function listDevices(deps: IngestDeps, status: string | undefined): Promise<{ devices: DeviceView[] }> {
  if (status !== undefined && status !== 'pending' && status !== 'registered') {
    throw badRequest('status must be pending or registered', [{ path: 'status', message: 'must be pending or registered' }]);
  }
  const now = deps.clock.now();
  const states = (await new DeviceStore(deps.store).list()).filter((d) => status === undefined || d.status === status);
  const inSession = await sessionCheck(deps, now, states);
  const iso = (t: number) => toHallIso(t, deps.tz);
  return {
    devices: states.map((d) => ({
      sn: d.sn,
      ...(d.sourceId !== undefined && d.status === 'registered' ? { sourceId: d.sourceId } : {}),
      status: d.status,
      firstSeen: iso(d.firstSeen),
      lastSeen: iso(d.lastSeen),
      ...(d.lastAttlogAt !== undefined ? { lastAttlogAt: iso(d.lastAttlogAt) } : {}),
      ...(d.userAgent !== undefined ? { userAgent: d.userAgent } : {}),
      ...(d.info !== undefined ? { info: d.info } : {}),
      lines: d.lines,
      stale: isStale(d, now, inSession),
    })),
  };
}

/** The scheduled check (AWS: a metric with an alarm on it): which registered devices are stale now. */
export async function staleDevices(deps: IngestDeps): Promise<{ stale: string[] }> {
  const { devices } = await listDevices(deps, 'registered');
  return { stale: devices.filter((d) => d.stale).map((d) => d.sn) };
}

/**
 * A device source was stored: its SN is registered now. A pending device's kept lines are ingested
 * as if just received (duplicates count once), then dropped, so registering again ingests nothing.
 */
export async function adoptDevice(deps: IngestDeps, sn: string, sourceId: string): Promise<{ ingested: number }> {
  const devices = new DeviceStore(deps.store);
  const policy = await devices.policy(sn);
  if (!policy) return { ingested: 0 };
  const kept = await devices.keptLines(sn);
  await devices.markRegistered(sn, sourceId);
  let ingested = 0;
  for (let i = 0; i < kept.length; i += MAX_LINES_PER_REQUEST) {
    const chunk = kept.slice(i, i + MAX_LINES_PER_REQUEST);
    const r = await uploadAttlog(deps, { sn, ...policy }, chunk.map((l) => l.raw).join('\n'));
    ingested += r.processed;
    // Dropped only once ingested: a crash in between leaves them for the next registration (repeats are duplicates).
    await devices.dropKeptLines(sn, chunk.map((l) => l.sk));
  }
  if (kept.length > 0) logger.info('pending device registered; kept lines ingested', { sn, sourceId, lines: ingested });
  return { ingested };
}

// ---------- GET /v1/unmatched-punches, paged ----------

export const MAX_PAGE = 1000;

interface PageCursor {
  p?: ListCursor | null;
  r?: ListCursor | null;
}

function decodeCursor(raw: string | undefined): PageCursor {
  if (raw === undefined) return {};
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageCursor;
    const okPart = (x: unknown) => x === undefined || x === null || (typeof x === 'object' && Number.isInteger((x as ListCursor).shard));
    if (typeof c !== 'object' || c === null || !okPart(c.p) || !okPart(c.r)) throw new Error('shape');
    return c;
  } catch {
    throw badRequest('cursor is not one this service gave out', [{ path: 'cursor', message: 'use the nextCursor of the previous page' }]);
  }
}

/**
 * `{punches, rejectedLines, nextCursor?}`: both lists page together, up to `limit` (default and
 * maximum 1,000) of each; `null` in the cursor marks a list already read to its end.
 */
export async function unmatchedPage(deps: IngestDeps, query: { limit?: string; cursor?: string }): Promise<object> {
  const limit = query.limit === undefined ? MAX_PAGE : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw badRequest(`limit must be 1–${MAX_PAGE}`, [{ path: 'limit', message: `must be an integer 1–${MAX_PAGE}` }]);
  }
  const cursor = decodeCursor(query.cursor);
  const devices = new DeviceStore(deps.store);
  const read = async (list: 'UNMATCHED' | 'REJECTED', from: ListCursor | null | undefined) =>
    from === null ? { items: [], next: undefined } : devices.page(list, limit, from);
  const [p, r] = await Promise.all([read('UNMATCHED', cursor.p), read('REJECTED', cursor.r)]);
  const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest;
  const punches = p.items.map(strip);
  const rejectedLines = r.items.map((i) => ({ sn: i.sn, receivedAt: i.receivedAt, line: i.line, raw: i.raw, message: i.message }));
  const more = p.next !== undefined || r.next !== undefined;
  const next: PageCursor = { p: p.next ?? null, r: r.next ?? null };
  return { punches, rejectedLines, ...(more ? { nextCursor: Buffer.from(JSON.stringify(next)).toString('base64url') } : {}) };
}
