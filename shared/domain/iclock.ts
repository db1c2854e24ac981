/**
 * ZKTeco-style PUSH ("iclock" / ADMS) protocol: pure helpers.
 *
 * CONTRACT §4 "Attendance devices". Bodies are text/plain, one record per LF-terminated line,
 * fields separated by TAB:
 *   PIN \t YYYY-MM-DD HH:MM:SS \t Status \t Verify \t Workcode \t Reserved1 \t Reserved2
 *   [\t MaskFlag \t Temperature \t ConvTemperature \t TimeOffset \t ExtendData]
 * Times are device (= hall) local unless a TimeOffset (seconds east of UTC) is present.
 *
 * No I/O, no clock: everything here is a function of its arguments.
 */

import { toHallIso, zonedInstant } from './time.js';

export interface AttlogRecord {
  /** 1-based physical line number in the body (blank lines count). */
  line: number;
  pin: string;
  /** Wall clock as sent: 'YYYY-MM-DD HH:MM:SS'. */
  local: string;
  /** Epoch ms. */
  at: number;
  /** RFC 3339 with the applied offset, e.g. '2026-10-12T08:41:00+08:00'. */
  occurredAt: string;
  status?: string;
  verify?: string;
  workcode?: string;
  /** The TimeOffset field (seconds east of UTC) when the firmware sent one. */
  offsetSeconds?: number;
  /** The line as received, minus trailing CR (and a leading BOM on line 1). */
  raw: string;
}

export interface AttlogError {
  line: number;
  raw: string;
  message: string;
}

export const ICLOCK_OK = 'OK';

/** Longest accepted line, in UTF-16 code units (after CR stripping). */
export const MAX_LINE_LENGTH = 4096;
/** Longest `raw` kept on an error for an over-long line. */
const RAW_ERROR_PREVIEW = 256;
/** Field index of TimeOffset (after MaskFlag, Temperature, ConvTemperature). */
const TIME_OFFSET_INDEX = 10;
/** ±14 h, the widest real UTC offset. */
const MAX_OFFSET_SECONDS = 14 * 3600;

const PIN_RE = /^[A-Za-z0-9]{1,32}$/;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Fallback for firmwares/proxies that send single spaces instead of TABs. */
const SPACE_LINE_RE = /^(\S+) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})( .*)?$/;
const OFFSET_RE = /^[+-]?\d{1,6}$/;

type Parsed = { ok: true; record: AttlogRecord } | { ok: false; message: string };

/** Validates 'YYYY-MM-DD HH:MM:SS' as a real calendar time; returns its parts or an error message. */
function checkTime(value: string): { date: string; time: string; utcMs: number } | string {
  const m = TIME_RE.exec(value);
  if (!m) return `invalid time "${clip(value)}": expected YYYY-MM-DD HH:MM:SS`;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1970) return `invalid time "${value}": year before 1970`;
  if (h > 23 || mi > 59 || s > 59) return `invalid time "${value}": not a real time of day`;
  const utcMs = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utcMs);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return `invalid time "${value}": not a real calendar date`;
  }
  return { date: value.slice(0, 10), time: value.slice(11), utcMs };
}

/** A TimeOffset field in seconds, or undefined when absent/invalid (then the hall zone applies). */
function timeOffsetSeconds(field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const v = field.trim();
  if (!OFFSET_RE.test(v)) return undefined;
  const n = Number(v);
  // RFC 3339 offsets are minute-granular; a seconds remainder means garbage, not a zone.
  if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_OFFSET_SECONDS || n % 60 !== 0) return undefined;
  return n;
}

function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const mins = Math.abs(seconds) / 60;
  return `${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

const opt = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

function splitFields(line: string): string[] | string {
  if (line.includes('\t')) return line.split('\t');
  const m = SPACE_LINE_RE.exec(line);
  if (m) return [m[1]!, m[2]!, ...(m[3] !== undefined ? m[3].slice(1).split(' ') : [])];
  const trimmed = line.trim();
  if (/^\S+$/.test(trimmed)) {
    return PIN_RE.test(trimmed) ? 'missing time field' : `not an ATTLOG record: "${clip(trimmed)}"`;
  }
  return `not an ATTLOG record (expected PIN<TAB>YYYY-MM-DD HH:MM:SS…): "${clip(trimmed)}"`;
}

function parseLine(raw: string, lineNo: number, tz: string): Parsed {
  const fields = splitFields(raw);
  if (typeof fields === 'string') return { ok: false, message: fields };

  const pin = fields[0]!.trim();
  if (!pin) return { ok: false, message: 'missing PIN' };
  if (!PIN_RE.test(pin)) return { ok: false, message: `invalid PIN "${clip(pin)}": expected 1–32 letters/digits` };

  const timeField = fields[1]?.trim() ?? '';
  if (!timeField) return { ok: false, message: 'missing time field' };
  const t = checkTime(timeField);
  if (typeof t === 'string') return { ok: false, message: t };

  const offset = timeOffsetSeconds(fields[TIME_OFFSET_INDEX]);
  let at: number;
  let occurredAt: string;
  if (offset !== undefined) {
    at = t.utcMs - offset * 1000;
    occurredAt = `${t.date}T${t.time}${formatOffset(offset)}`;
  } else {
    at = zonedInstant(t.date, t.time, tz);
    occurredAt = toHallIso(at, tz);
  }

  const record: AttlogRecord = { line: lineNo, pin, local: timeField, at, occurredAt, raw };
  if (offset !== undefined) record.offsetSeconds = offset;
  const status = opt(fields[2]);
  const verify = opt(fields[3]);
  const workcode = opt(fields[4]);
  if (status !== undefined) record.status = status;
  if (verify !== undefined) record.verify = verify;
  if (workcode !== undefined) record.workcode = workcode;
  return { ok: true, record };
}

/** Most ATTLOG lines one request has processed (CONTRACT §9): the device sends the rest next time. */
export const MAX_LINES_PER_REQUEST = 5000;

/**
 * Parses a `table=ATTLOG` body. Never throws on body content: malformed lines go to `errors`.
 * Stops after `maxLines` non-blank lines (`processed` says how many were read).
 * Throws RangeError only when `tz` is not a valid IANA zone (a configuration error, not device data).
 */
export function parseAttlog(
  body: string,
  tz: string,
  maxLines = Number.POSITIVE_INFINITY,
): { records: AttlogRecord[]; errors: AttlogError[]; processed: number } {
  // Fail fast on a bad zone instead of once per line.
  new Intl.DateTimeFormat('en', { timeZone: tz });

  const records: AttlogRecord[] = [];
  const errors: AttlogError[] = [];
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const lines = text.split('\n');

  let processed = 0;
  for (let i = 0; i < lines.length && processed < maxLines; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.replace(/\r+$/, '');
    if (raw.trim() === '') continue;
    processed++;
    if (raw.length > MAX_LINE_LENGTH) {
      errors.push({
        line: lineNo,
        raw: raw.slice(0, RAW_ERROR_PREVIEW),
        message: `line too long (${raw.length} chars, max ${MAX_LINE_LENGTH})`,
      });
      continue;
    }
    const r = parseLine(raw, lineNo, tz);
    if (r.ok) records.push(r.record);
    else errors.push({ line: lineNo, raw, message: r.message });
  }
  return { records, errors, processed };
}

/** Strips anything that could break the line-oriented reply (CR, LF, other control chars). */
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, '').trim();

/**
 * Handshake answer for `GET /iclock/cdata?SN=..&options=all`.
 * TimeZone is in hours; half-hour zones (e.g. 5.5) are sent in minutes (330), as the protocol specifies.
 */
export function optionsResponse(sn: string, opts: { tzOffsetHours?: number; stamp?: string } = {}): string {
  const hours = opts.tzOffsetHours ?? 8;
  if (!Number.isFinite(hours) || Math.abs(hours) > 14) throw new RangeError(`tzOffsetHours out of range: ${hours}`);
  const timeZone = Number.isInteger(hours) ? String(hours) : String(Math.round(hours * 60));
  const stamp = opts.stamp !== undefined && oneLine(opts.stamp) !== '' ? oneLine(opts.stamp) : 'None';
  return [
    `GET OPTION FROM: ${oneLine(sn)}`,
    // Both spellings: firmware builds read either ATTLOGStamp/OPERLOGStamp or Stamp/OpStamp.
    `ATTLOGStamp=${stamp}`,
    'OPERLOGStamp=9999',
    'ATTPHOTOStamp=None',
    `Stamp=${stamp}`,
    'OpStamp=9999',
    'ErrorDelay=30',
    'Delay=10',
    'TransTimes=00:00;14:05',
    'TransInterval=1',
    'TransFlag=TransData AttLog',
    `TimeZone=${timeZone}`,
    'Realtime=1',
    'Encrypt=0',
    '',
  ].join('\n');
}

/**
 * Reads the iclock query parameters with case-insensitive keys (SN/sn, table/TABLE, Stamp/stamp).
 * Accepts 'SN=..&table=..', '?SN=..', a path with a query ('/iclock/cdata?SN=..'), or a decoded
 * parameter record (API Gateway `queryStringParameters`). First non-empty occurrence wins; values are
 * trimmed; empty values are treated as absent. Values are returned as sent (table=ATTLOG vs table=options).
 */
export interface IclockQuery {
  sn?: string;
  table?: string;
  options?: string;
  stamp?: string;
  /** The device communication key, when the firmware sends one. */
  pushcommkey?: string;
  /** getrequest's `INFO=firmware,users,fingerprints,attlogs,ip,…`. */
  info?: string;
}

export function parseQuery(rawQuery: string | Record<string, string | undefined>): IclockQuery {
  const names = ['sn', 'table', 'options', 'stamp', 'pushcommkey', 'info'] as const;
  const wanted = new Map<string, (typeof names)[number]>(names.map((n) => [n, n]));
  const out: IclockQuery = {};
  const entries: Iterable<[string, string | undefined]> =
    typeof rawQuery === 'string'
      ? new URLSearchParams(rawQuery.includes('?') ? rawQuery.slice(rawQuery.indexOf('?') + 1) : rawQuery)
      : Object.entries(rawQuery);
  for (const [k, v] of entries) {
    const key = wanted.get(k.trim().toLowerCase());
    if (!key || out[key] !== undefined || v === undefined) continue;
    const value = v.trim();
    if (value !== '') out[key] = value;
  }
  return out;
}

/** Reply to a data upload: 'OK:<n>', n = lines processed. */
export function countAnswer(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`count must be a non-negative integer: ${n}`);
  return `OK:${n}`;
}
