/**
 * The device path (CONTRACT.md §4 and §9, ZKTeco-style push). Every request under /iclock/ is answered
 * 200 text/plain — firmware retries anything else forever — except no SN (400) and the two 403s
 * (an address outside the source's allowedIps or a wrong pushcommkey; a 51st pending device).
 * ATTLOG lines of a registered device become attendance.punch events of its source; those of an
 * unregistered (pending) device are kept until it is registered.
 */
import { createHash } from 'node:crypto';
import { ipAllowed } from '../domain/cidr.js';
import { iclockEndpoint, parseInfo, type DeviceInfo } from '../domain/devices.js';
import type { PunchEvent } from '../domain/events.js';
import { countAnswer, ICLOCK_OK, MAX_LINES_PER_REQUEST, optionsResponse, parseAttlog, parseQuery } from '../domain/iclock.js';
import { offsetMinutes } from '../domain/time.js';
import { DeviceStore, type DevicePolicy, type LineCounts } from '../adapters/dynamodb/devices.js';
import type { RejectedLine, UnmatchedPunch } from '../adapters/dynamodb/store.js';
import { storeAndPublish, type IngestDeps } from './ingest.js';
import { logger } from '../logger.js';

export interface IclockResult {
  status: number;
  body: string;
}

export interface DeviceRequest {
  method: string;
  /** The raw path, e.g. '/iclock/cdata', '/iclock/cdata.aspx', '/iclock/fdata/'. */
  path: string;
  query: Record<string, string | undefined>;
  body: string;
  /** The TCP peer as API Gateway (requestContext.http.sourceIp) or the local socket saw it. */
  sourceIp?: string;
  userAgent?: string;
}

/** Bytes of a body the service reads; a longer body is cut at its last whole line (the device resends the rest). */
export const MAX_ICLOCK_BODY_BYTES = 1024 * 1024;
/** Seen bookkeeping is written at most this often per device and process (pings come every few seconds). */
export const SEEN_WRITE_INTERVAL_MS = 60_000;
/** A TimeOffset further than this from the hall's offset is a rejected line (unless allowAnyTimeOffset). */
export const MAX_OFFSET_DRIFT_SECONDS = 3600;

/** The deviceSn a source may name (CONTRACT §3). */
const REGISTRABLE_SN = /^[A-Za-z0-9._:-]{1,128}$/;

const ok = (body: string): IclockResult => ({ status: 200, body });
const refuse = (body: string): IclockResult => ({ status: 403, body });

/** sn → when this process last wrote its seen bookkeeping (and the INFO it wrote). */
const lastSeenWrite = new Map<string, { at: number; info?: string }>();

export async function handleDevice(deps: IngestDeps, req: DeviceRequest): Promise<IclockResult> {
  const q = parseQuery(req.query);
  if (!q.sn) return { status: 400, body: 'SN is required\n' };
  const sn = q.sn;
  const devices = new DeviceStore(deps.store);
  const now = deps.clock.now();
  const policy = await devices.policy(sn);

  if (policy) {
    const why = refusal(policy, req, q.pushcommkey);
    if (why) {
      logger.warn('iclock request refused', { sn, sourceId: policy.sourceId, reason: why, sourceIp: req.sourceIp, path: req.path });
      return refuse('FORBIDDEN\n');
    }
  }

  const endpoint = iclockEndpoint(req.path);
  const info = endpoint === 'getrequest' ? parseInfo(q.info) : undefined;
  if (!policy && !REGISTRABLE_SN.test(sn)) {
    // No source could ever be registered for it (CONTRACT §3 deviceSn): answered, never kept.
    return ok(endpoint === 'cdata' && req.method.toUpperCase() === 'GET' ? optionsResponse(sn, { tzOffsetHours: offsetMinutes(now, deps.tz) / 60 }) : ICLOCK_OK);
  }
  if (!policy) {
    const admitted = await admit(devices, sn, now, req.userAgent);
    if (!admitted) {
      logger.warn('iclock: too many pending devices', { sn, sourceIp: req.sourceIp });
      return refuse('TOO MANY PENDING DEVICES\n');
    }
  }
  await noteSeen(devices, sn, now, policy, req.userAgent, info, q.info);

  const method = req.method.toUpperCase();
  if (endpoint === 'cdata' && method === 'GET') {
    return ok(optionsResponse(sn, { tzOffsetHours: offsetMinutes(now, deps.tz) / 60 }));
  }
  if (endpoint === 'cdata' && method === 'POST' && (q.table ?? '').toUpperCase() === 'ATTLOG') {
    const body = wholeLines(req.body);
    if (!policy) return ok(countAnswer(await keepPending(devices, deps.tz, sn, body, now)));
    const r = await uploadAttlog(deps, { sn, ...policy }, body);
    return ok(countAnswer(r.processed));
  }
  // Other tables (OPERLOG, ATTPHOTO, BIODATA, options…), command results, and paths the service does
  // not use (fdata, registry, querydata, exchange…) are acknowledged and ignored.
  return ok(ICLOCK_OK);
}

function refusal(policy: DevicePolicy, req: DeviceRequest, pushcommkey: string | undefined): string | undefined {
  if (policy.allowedIps && !ipAllowed(req.sourceIp, policy.allowedIps)) return 'address outside allowedIps';
  if (policy.commKeyHash !== undefined) {
    if (pushcommkey === undefined) return 'pushcommkey missing';
    if (createHash('sha256').update(pushcommkey).digest('hex') !== policy.commKeyHash) return 'pushcommkey does not match';
  }
  return undefined;
}

/** An unregistered SN becomes (or stays) pending; false when 50 others are pending. */
async function admit(devices: DeviceStore, sn: string, now: number, userAgent: string | undefined): Promise<boolean> {
  const recent = lastSeenWrite.get(sn);
  if (recent && now - recent.at < SEEN_WRITE_INTERVAL_MS) return true;
  if ((await devices.admitPending(sn, now, userAgent)) === 'full') return false;
  remember(sn, { at: now });
  return true;
}

async function noteSeen(devices: DeviceStore, sn: string, now: number, policy: DevicePolicy | undefined, userAgent: string | undefined, info: DeviceInfo | undefined, rawInfo: string | undefined): Promise<void> {
  const recent = lastSeenWrite.get(sn);
  const newInfo = info !== undefined && recent?.info !== rawInfo;
  if (recent && now - recent.at < SEEN_WRITE_INTERVAL_MS && !newInfo) return;
  await devices.touch(sn, {
    now,
    status: policy ? 'registered' : 'pending',
    ...(policy ? { sourceId: policy.sourceId } : {}),
    ...(userAgent ? { userAgent: userAgent.slice(0, 200) } : {}),
    ...(info ? { info } : {}),
  });
  remember(sn, { at: now, ...(rawInfo !== undefined && info ? { info: rawInfo } : recent?.info !== undefined ? { info: recent.info } : {}) });
}

function remember(sn: string, v: { at: number; info?: string }): void {
  if (lastSeenWrite.size >= 10_000) lastSeenWrite.clear();
  lastSeenWrite.set(sn, v);
}

/** A body cut to MAX_ICLOCK_BODY_BYTES at its last whole line (the device sends the rest next time). */
function wholeLines(body: string): string {
  if (Buffer.byteLength(body, 'utf8') <= MAX_ICLOCK_BODY_BYTES) return body;
  const head = Buffer.from(body, 'utf8').subarray(0, MAX_ICLOCK_BODY_BYTES).toString('utf8');
  const end = head.lastIndexOf('\n');
  return end < 0 ? '' : head.slice(0, end + 1);
}

/** A pending device's lines: kept (the first 5,000 of a request), one copy per (PIN, time) or raw line. */
async function keepPending(devices: DeviceStore, tz: string, sn: string, body: string, now: number): Promise<number> {
  const { records, errors, processed } = parseAttlog(body, tz, MAX_LINES_PER_REQUEST);
  const digest = (raw: string) => createHash('sha256').update(raw).digest('hex').slice(0, 24);
  const lines = new Map<string, string>();
  // Sort keys order the kept lines oldest punch first, so trimming to 10,000 drops the oldest.
  for (const r of records) lines.set(`T#${r.local}#${r.pin}`, r.raw);
  for (const e of errors) lines.set(`!#${digest(e.raw)}`, e.raw);
  await devices.keepLines(
    sn,
    [...lines].map(([sk, raw]) => ({ sk, raw })),
    now,
  );
  return processed;
}

export interface UploadResult {
  processed: number;
  counts: LineCounts;
}

/**
 * ATTLOG lines of a registered device (or a pending one's kept lines, at registration): punches stored
 * and published, unknown PINs kept for the admin, malformed/future/foreign-offset lines rejected.
 */
export async function uploadAttlog(deps: IngestDeps, device: DevicePolicy & { sn: string }, body: string): Promise<UploadResult> {
  const { sn, sourceId } = device;
  const devices = new DeviceStore(deps.store);
  const now = deps.clock.now();
  const receivedAt = new Date(now).toISOString();
  const { records, errors, processed } = parseAttlog(body, deps.tz, MAX_LINES_PER_REQUEST);

  const rejected: RejectedLine[] = errors.map((e) => ({ line: e.line, raw: e.raw, message: e.message }));
  const timely = records.filter((r) => {
    if (r.at > now + 5 * 60_000) {
      rejected.push({ line: r.line, raw: r.raw, message: 'time is more than 5 minutes in the future (device clock?)' });
      return false;
    }
    if (r.offsetSeconds !== undefined && !device.allowAnyTimeOffset) {
      const hall = offsetMinutes(r.at, deps.tz) * 60;
      if (Math.abs(r.offsetSeconds - hall) > MAX_OFFSET_DRIFT_SECONDS) {
        rejected.push({ line: r.line, raw: r.raw, message: `TimeOffset ${r.offsetSeconds} s is more than an hour from the hall's ${hall} s (device zone misconfigured?)` });
        return false;
      }
    }
    return true;
  });
  const byPin = await deps.store.staffIdsByPins(timely.map((r) => r.pin));

  const punches: PunchEvent[] = [];
  const unmatched: UnmatchedPunch[] = [];
  for (const r of timely) {
    const staffId = byPin.get(r.pin);
    if (!staffId) {
      unmatched.push({ sn, sourceId, pin: r.pin, local: r.local, occurredAt: r.occurredAt, receivedAt, ...(r.status !== undefined ? { status: r.status } : {}), ...(r.verify !== undefined ? { verify: r.verify } : {}) });
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
  // Repeats of one unmatched line within the body count once.
  const uniqueUnmatched = [...new Map(unmatched.map((u) => [`${u.pin}#${u.local}`, u])).values()];
  const [newUnmatched] = await Promise.all([devices.putUnmatched(uniqueUnmatched), devices.putRejected(sn, receivedAt, rejected)]);
  if (rejected.length > 0) logger.warn('iclock lines rejected', { sn, count: rejected.length, first: rejected[0] });
  const published = punches.length > 0 ? await storeAndPublish(deps, sourceId, punches, now) : { accepted: 0, duplicates: 0 };
  const counts: LineCounts = {
    stored: published.accepted,
    duplicate: published.duplicates + (unmatched.length - newUnmatched),
    unmatched: newUnmatched,
    rejected: rejected.length,
  };
  await devices.countLines(sn, sourceId, now, counts, [...new Set(punches.map((p) => p.staffId!))]);
  return { processed, counts };
}
