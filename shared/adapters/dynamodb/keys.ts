import { createHash } from 'node:crypto';

/**
 * Single-table key design (README "Data" lists the access patterns). Every item has pk/sk strings.
 * A staff member's month lives in one partition so the sheet fold is a single Query.
 */
export const keys = {
  master: (kind: string, id?: string) => ({ pk: `MD#${kind}`, sk: id ?? '' }),
  pin: (pin: string) => ({ pk: `PIN#${pin}`, sk: 'PIN' }),
  apiKey: (hash: string) => ({ pk: `KEY#${hash}`, sk: 'KEY' }),
  /** A role key's record (name, role, department; its hash, never the key); listed under one partition. */
  roleKey: (id?: string) => ({ pk: 'ROLEKEYS', sk: id ?? '' }),
  device: (sn: string) => ({ pk: `DEV#${sn}`, sk: 'DEV' }),
  rules: (version?: number) => ({ pk: 'RULES', sk: version === undefined ? '' : `V#${String(version).padStart(10, '0')}` }),
  /** Events and joined copies of one staff-month. */
  staffMonth: (staffId: string, month: string) => `SM#${staffId}#${month}`,
  /** The composite ratings (rating.recorded) of one staff member and quarter or year: the period's sheet reads them in one Query. */
  ratings: (staffId: string, period: string) => `RATE#${staffId}#${period}`,
  /**
   * Copies of every staff member's ratings of one quarter or year (and of voids of them), made by the
   * record consumer: lists and rankings read a period's ratings in one Query instead of one per staff
   * member. The per-staff partition stays the exact read (single sheets, the close); this one may lag
   * by the bus, within the lists' bound (CONTRACT.md §7 v2).
   */
  periodRatings: (period: string) => `RATES#${period}`,
  /** Case-referencing events (annulments, resolutions) and the links to the staff-months that hold the case. */
  casePk: (kind: 'evaluation' | 'complaint' | 'case', caseId: string) => `CASE#${kind}#${caseId}`,
  /** The one item where both halves of a case meet (links as `L#staff#month`, joined events as `E#source#id`). */
  caseJoin: (casePk: string) => ({ pk: casePk, sk: 'J' }),
  caseLinkSk: (staffId: string, month: string) => `L#${staffId}#${month}`,
  eventSk: (source: string, id: string) => `E#${source}#${id}`,
  /** The identity of an event, (source, id), wherever its content puts it: the accept's conditional put. */
  eventId: (source: string, id: string) => ({ pk: `ID#${source}#${id}`, sk: 'ID' }),
  closedDay: (month: string, date?: string) => ({ pk: `DAYS#${month}`, sk: date ?? '' }),
  period: (period: string) => ({ pk: 'PERIOD', sk: period }),
  sheet: (period: string, staffId?: string) => ({ pk: `SHEET#${period}`, sk: staffId ?? '' }),
  frozenSheet: (period: string, staffId: string, version: number) => ({ pk: `SHEETV#${period}`, sk: `${staffId}#${String(version).padStart(4, '0')}` }),
  /** Device lines for unknown PINs, spread over LIST_SHARDS partitions (a day's re-push is thousands of lines). */
  unmatched: (sn: string, pin: string, local: string) => sharded('UNMATCHED', `${sn}#${pin}#${local}`),
  /** A malformed device line, once per (SN, line content): resends overwrite rather than pile up. */
  rejectedLine: (sn: string, rawDigest: string) => sharded('REJECTED', `${sn}#${rawDigest}`),
  /** One item per device that ever talked (registered or pending), in one small partition. */
  deviceState: (sn: string) => ({ pk: 'DEVICES', sk: `D#${sn}` }),
  /** How many devices are pending (CONTRACT §9: at most 50). */
  pendingCount: () => ({ pk: 'DEVICES', sk: 'PENDING' }),
  /** A pending device's kept ATTLOG lines, oldest punch time first. */
  pendingLine: (sn: string, sk?: string) => ({ pk: `PENDING#${sn}`, sk: sk ?? '' }),
  /** A staff member's closed-month summaries (return rule history), one small item. */
  history: (staffId: string) => ({ pk: `HIST#${staffId}`, sk: 'HIST' }),
  /** Calendar master data in one partition, so a fold's calendars are one Query: `Y#{year}` (cn-statutory years), `H#{id}` (hall calendars). */
  calendarYear: (year: number) => ({ pk: 'CAL', sk: `Y#${String(year).padStart(4, '0')}` }),
  hallCalendar: (id: string) => ({ pk: 'CAL', sk: `H#${id}` }),
  mail: (period: string, departmentId: string, version: number) => ({ pk: `MAIL#${period}`, sk: `${departmentId}#${String(version).padStart(4, '0')}` }),
  /** A mail not delivered yet (queued, failed): the reconcile sweep's one Query. */
  mailDue: (period?: string, departmentId?: string, version?: number) => ({
    pk: 'MAILDUE',
    sk: period === undefined ? '' : `${period}#${departmentId ?? ''}${version === undefined ? '' : `#${String(version).padStart(4, '0')}`}`,
  }),
  /** An accepted event whose publication failed, until the reconcile sweep publishes it (keyed by identity: a repeat overwrites). */
  unpublished: (source?: string, id?: string) => ({ pk: 'UNPUB', sk: source === undefined ? '' : `${source}#${id ?? ''}` }),
  /** A lease (e.g. `close#2026-Q3`): at most one holder at a time across processes. */
  lease: (name?: string) => ({ pk: 'LEASE', sk: name ?? '' }),
};

/** Partitions of each admin list; the shard of an item is a digest of its sort key. */
export const LIST_SHARDS = 16;

function sharded(list: string, sk: string): { pk: string; sk: string } {
  return { pk: `${list}#${String(createHash('sha256').update(sk).digest()[0]! % LIST_SHARDS).padStart(2, '0')}`, sk };
}

export const listShard = (list: 'UNMATCHED' | 'REJECTED', shard: number): string => `${list}#${String(shard).padStart(2, '0')}`;
