/**
 * The device path (CONTRACT.md §4, ZKTeco-style push): ATTLOG lines become attendance.punch events of
 * the device's source; unknown PINs are kept for the admin; malformed lines are counted and kept.
 */
import type { PunchEvent } from '../domain/events.js';
import { countAnswer, ICLOCK_OK, optionsResponse, parseAttlog, parseQuery } from '../domain/iclock.js';
import { offsetMinutes } from '../domain/time.js';
import { HttpError } from '../http/errors.js';
import { storeAndPublish, type IngestDeps } from './ingest.js';
import { logger } from '../logger.js';

export interface IclockResult {
  status: number;
  body: string;
}

export interface DeviceRequest {
  method: 'GET' | 'POST';
  path: '/iclock/cdata' | '/iclock/getrequest' | '/iclock/ping' | '/iclock/devicecmd';
  query: Record<string, string | undefined>;
  body: string;
}

export const MAX_ICLOCK_BODY_BYTES = 1024 * 1024;

export async function handleDevice(deps: IngestDeps, req: DeviceRequest): Promise<IclockResult> {
  const q = parseQuery(req.query);
  if (!q.sn) throw new HttpError(401, 'unknown-device', 'SN is required');
  const sourceId = await deps.store.sourceByDevice(q.sn);
  if (!sourceId) throw new HttpError(401, 'unknown-device', `device ${q.sn} is not registered`);

  if (req.path === '/iclock/cdata' && req.method === 'GET') {
    return { status: 200, body: optionsResponse(q.sn, { tzOffsetHours: offsetMinutes(deps.clock.now(), deps.tz) / 60 }) };
  }
  if (req.path === '/iclock/cdata' && req.method === 'POST') {
    if (Buffer.byteLength(req.body, 'utf8') > MAX_ICLOCK_BODY_BYTES) {
      throw new HttpError(413, 'payload-too-large', `request bodies are limited to ${MAX_ICLOCK_BODY_BYTES} bytes`);
    }
    if ((q.table ?? '').toUpperCase() !== 'ATTLOG') {
      // Other tables (OPERLOG, ATTPHOTO, options…) are acknowledged and ignored.
      return { status: 200, body: countAnswer(req.body.split('\n').filter((l) => l.trim()).length) };
    }
    const n = await uploadAttlog(deps, q.sn, sourceId, req.body);
    return { status: 200, body: countAnswer(n) };
  }
  return { status: 200, body: ICLOCK_OK };
}

/** Returns the number of lines processed (stored, duplicate, unmatched or rejected). */
async function uploadAttlog(deps: IngestDeps, sn: string, sourceId: string, body: string): Promise<number> {
  const now = deps.clock.now();
  const receivedAt = new Date(now).toISOString();
  const { records, errors } = parseAttlog(body, deps.tz);
  const future = records.filter((r) => r.at > now + 5 * 60_000);
  const timely = records.filter((r) => r.at <= now + 5 * 60_000);
  const byPin = await deps.store.staffIdsByPins(timely.map((r) => r.pin));

  const punches: PunchEvent[] = [];
  const unmatched = [];
  for (const r of timely) {
    const staffId = byPin.get(r.pin);
    if (!staffId) {
      unmatched.push(r);
      continue;
    }
    punches.push({
      type: 'attendance.punch',
      // (SN, PIN, time) identifies a device punch: the source is the device, the id PIN + local time.
      id: `${r.pin}-${r.local.replace(/[- :]/g, '')}`,
      occurredAt: r.occurredAt,
      staffId,
      pin: r.pin,
      deviceSn: sn,
      ...(r.status !== undefined ? { status: r.status } : {}),
      ...(r.verify !== undefined ? { verify: r.verify } : {}),
    });
  }
  await Promise.all(
    unmatched.map((r) =>
      deps.store.putUnmatched({ sn, sourceId, pin: r.pin, local: r.local, occurredAt: r.occurredAt, receivedAt, status: r.status, verify: r.verify }),
    ),
  );
  const rejected = [
    ...errors.map((e) => ({ line: e.line, raw: e.raw, message: e.message })),
    ...future.map((r) => ({ line: r.line, raw: r.raw, message: 'time is more than 5 minutes in the future (device clock?)' })),
  ];
  await deps.store.putRejectedLines(sn, receivedAt, rejected);
  if (rejected.length > 0) {
    logger.warn('iclock lines rejected', { sn, count: rejected.length, first: rejected[0] });
  }
  if (punches.length > 0) await storeAndPublish(deps, sourceId, punches, now);
  return records.length + errors.length;
}
