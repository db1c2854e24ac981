/**
 * Realistic hall data for the bench: master data (through the store's own methods), a seeded
 * generator of a staff-month's events, the store's item format for direct BatchWrite loading, and a
 * year of closed sheets as history (the return rule reads 11 earlier months on every refold).
 *
 * Volumes per staff and workday (documented assumptions, see bench/cost.ts for the same numbers):
 * 4 punches (3 % late arrivals, 2 % early departures, 1 % missing, 2 % double punches), ~9.5
 * reviews (7–12; 88 % level 5, 8 % 4, 2.5 % 3, 1 % 2, 0.5 % 1), 0.05 complaints (resolved 2–10 days
 * later, 40 % substantiated), 0.1 inspection findings, 0.01 leaves. 1,000 staff × 22 workdays ≈ 300k events.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import { caseJoinItem, eventItem, HallStore, storedEventOf } from '../shared/adapters/dynamodb/store.js';
import { Calendars } from '../shared/domain/calendar.js';
import type {
  ComplaintFiled,
  ComplaintResolved,
  EvaluationSubmitted,
  HallEvent,
  InspectionRecorded,
  LeaveEvent,
  PunchEvent,
  StoredEvent,
} from '../shared/domain/events.js';
import { Department, Shift, Staff, Window, type WithId } from '../shared/domain/masterdata.js';
import { DEFAULT_RULES } from '../shared/domain/rules.js';
import { foldStaffMonth, summarizeMonth } from '../shared/domain/scoring.js';
import { addMonths, daysOfMonth, toHallIso, zonedInstant } from '../shared/domain/time.js';
import type { MonthSummary, Sheet } from '../shared/domain/types.js';
import { hashKey } from '../shared/services/auth.js';
import { mapLimit } from '../shared/services/ingest.js';
import { Progress } from './report.js';

export const TZ = 'Asia/Shanghai';
export const SHIFT_ID = 'std';

export const SOURCE_KEYS = {
  attendance: 'bench-attendance-key-0001',
  evaluation: 'bench-evaluation-key-0001',
  complaint: 'bench-complaint-key-00001',
  inspection: 'bench-inspection-key-0001',
} as const;
export const SOURCE_IDS = { attendance: 'att-1', evaluation: 'eval-1', complaint: 'cmp-1', inspection: 'insp-1', admin: 'admin' } as const;

// ---------------------------------------------------------------------------------------------
// Randomness: seeded, so every run generates the same hall.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    // mulberry32
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Master data

export interface Hall {
  staff: WithId<Staff>[];
  departments: string[];
  shift: WithId<Shift>;
}

export const staffId = (i: number): string => `s${String(i).padStart(5, '0')}`;

export function hallShape(staffCount: number): { departments: number; windows: number } {
  // ~25 staff per dispatching department, 2.5 per window.
  return { departments: Math.max(2, Math.round(staffCount / 25)), windows: Math.max(2, Math.round(staffCount / 2.5)) };
}

/** Departments, one shift, windows, staff (with PINs), the four sources: all through HallStore. */
export async function seedMasterData(store: HallStore, staffCount: number): Promise<Hall> {
  const shape = hallShape(staffCount);
  const depts = Array.from({ length: shape.departments }, (_, i) => `d${String(i + 1).padStart(3, '0')}`);
  const windows = Array.from({ length: shape.windows }, (_, i) => `w${String(i + 1).padStart(4, '0')}`);
  const shift = { ...Shift.parse({ sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] }), id: SHIFT_ID };
  await store.putMaster('shifts', SHIFT_ID, Shift.parse({ sessions: shift.sessions }));
  await mapLimit(depts, 8, (d, i) =>
    store.putMaster('departments', d, Department.parse({ name: `部门${i + 1}`, emails: [`${d}@example.gov.cn`, `${d}-head@example.gov.cn`] })),
  );
  await mapLimit(windows, 8, (w, i) => store.putMaster('windows', w, Window.parse({ name: `${i + 1}号窗口` })));
  const staff = Array.from({ length: staffCount }, (_, i) => {
    const s = Staff.parse({
      name: `员工${i + 1}`,
      departmentId: depts[i % depts.length]!,
      windowId: windows[Math.floor(i / 2.5) % windows.length]!,
      shiftId: SHIFT_ID,
      pin: String(10000 + i),
    });
    return { ...s, id: staffId(i + 1) };
  });
  await mapLimit(staff, 8, ({ id, ...s }) => store.putStaff(id, s));
  for (const [kind, key] of Object.entries(SOURCE_KEYS)) {
    await store.putSource(SOURCE_IDS[kind as keyof typeof SOURCE_KEYS], { kind: kind as keyof typeof SOURCE_KEYS }, hashKey(key));
  }
  return { staff, departments: depts, shift };
}

export const workdaysOf = (month: string): string[] => daysOfMonth(month).filter((d) => Calendars.packageOnly().get('cn-statutory').isWorkday(d));

// ---------------------------------------------------------------------------------------------
// Events

const at = (date: string, hhmmss: string) => zonedInstant(date, hhmmss, TZ);
const hms = (minutes: number, seconds = 0) => {
  const m = Math.floor(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
};
const iso = (t: number) => toHallIso(t, TZ);

/** A punch for a session edge: 'in' before start (sometimes late), 'out' after end (sometimes early). */
function punchTime(rng: Rng, date: string, edgeMinutes: number, dir: 'in' | 'out'): number {
  let m: number;
  if (dir === 'in') {
    // The hall asks for arrival 10 minutes before the session (CONTRACT.md §6 arriveEarlyMinutes): 3 % come
    // after the start, 5 % inside those 10 minutes (late by the hall's rule too), the rest 11–30 minutes early.
    const r = rng.next();
    m = r < 0.03 ? edgeMinutes + rng.int(1, 40) : r < 0.08 ? edgeMinutes - rng.int(1, 10) : edgeMinutes - rng.int(11, 30);
  }
  else m = rng.chance(0.02) ? edgeMinutes - rng.int(1, 40) : edgeMinutes + rng.int(0, 15);
  return at(date, hms(m, rng.int(0, 59)));
}

export function makePunch(rng: Rng, staff: string, date: string, slot: number, id: string): PunchEvent {
  const edges: [number, 'in' | 'out'][] = [
    [9 * 60, 'in'],
    [12 * 60, 'out'],
    [13 * 60 + 30, 'in'],
    [17 * 60, 'out'],
  ];
  const [edge, dir] = edges[slot % 4]!;
  return { id, type: 'attendance.punch', occurredAt: iso(punchTime(rng, date, edge, dir)), staffId: staff };
}

function level(rng: Rng): number {
  const r = rng.next();
  return r < 0.88 ? 5 : r < 0.96 ? 4 : r < 0.985 ? 3 : r < 0.995 ? 2 : 1;
}

/** A time inside the sessions (09:00–12:00, 13:30–17:00). */
function serviceTime(rng: Rng, date: string): number {
  const m = rng.chance(3 / 6.5) ? rng.int(9 * 60, 12 * 60 - 1) : rng.int(13 * 60 + 30, 17 * 60 - 1);
  return at(date, hms(m, rng.int(0, 59)));
}

export function makeReview(rng: Rng, staff: string, date: string, id: string): EvaluationSubmitted {
  return {
    id,
    type: 'evaluation.submitted',
    occurredAt: iso(serviceTime(rng, date)),
    caseId: `case-${id}`,
    staffId: staff,
    level: level(rng),
    channel: rng.chance(0.8) ? 'pad' : rng.pick(['qr', 'sms', 'app'] as const),
  };
}

export function makeComplaint(rng: Rng, staff: string, date: string, id: string): ComplaintFiled {
  return {
    id,
    type: 'complaint.filed',
    occurredAt: iso(serviceTime(rng, date)),
    caseId: `cc-${id}`,
    staffId: staff,
    category: rng.chance(0.005) ? 'integrity' : rng.pick(['attitude', 'efficiency', 'discipline', 'other'] as const),
    channel: rng.pick(['12345', 'onsite', 'phone', 'web'] as const),
    summary: '办事群众反映窗口人员办理业务时态度生硬，未一次性告知所需材料',
  };
}

export function makeResolution(rng: Rng, filed: ComplaintFiled, date: string, id: string): ComplaintResolved {
  return {
    id,
    type: 'complaint.resolved',
    occurredAt: iso(at(date, hms(rng.int(10 * 60, 16 * 60)))),
    caseId: filed.caseId,
    verdict: rng.chance(0.4) ? 'substantiated' : 'unsubstantiated',
    severity: rng.chance(0.9) ? 'minor' : 'serious',
  };
}

function makeInspection(rng: Rng, staff: string, date: string, id: string): InspectionRecorded {
  return {
    id,
    type: 'inspection.recorded',
    occurredAt: iso(serviceTime(rng, date)),
    staffId: staff,
    item: rng.pick(['dress', 'badge', 'desk', 'phone', 'conduct', 'absent-from-post'] as const),
    note: '巡查发现',
  };
}

function makeLeave(staff: string, date: string, id: string, afternoon: boolean): LeaveEvent {
  return {
    id,
    type: 'attendance.leave',
    occurredAt: iso(at(date, '08:00')),
    staffId: staff,
    from: iso(at(date, afternoon ? '13:00' : '08:30')),
    to: iso(at(date, afternoon ? '17:30' : '12:30')),
    kind: 'personal',
  };
}

const stored = (event: HallEvent, source: string): StoredEvent => {
  const t = Date.parse(event.occurredAt);
  return { source, receivedAt: new Date(t + 3000).toISOString(), at: t, event };
};


/**
 * Every item one staff-month holds once the record consumer has joined everything: the events in
 * SM#staff#month, complaint resolutions in their CASE# partition plus their copy and case link.
 * `days` limits generation to the first n workdays (--quick).
 */
export function* staffMonthItems(seed: number, staff: string, month: string, workdays: string[]): Generator<Record<string, unknown>> {
  const rng = new Rng(seed);
  const pk = keys.staffMonth(staff, month);
  const lastDay = daysOfMonth(month).at(-1)!;
  for (const date of workdays) {
    const d = date.slice(5).replace('-', '');
    for (let slot = 0; slot < 4; slot++) {
      if (rng.chance(0.01)) continue; // missing punch
      yield eventItem(pk, stored(makePunch(rng, staff, date, slot, `p-${staff}-${d}-${slot}`), SOURCE_IDS.attendance));
      if (rng.chance(0.02)) yield eventItem(pk, stored(makePunch(rng, staff, date, slot, `p-${staff}-${d}-${slot}b`), SOURCE_IDS.attendance));
    }
    const reviews = rng.int(7, 12);
    for (let r = 0; r < reviews; r++) yield eventItem(pk, stored(makeReview(rng, staff, date, `r-${staff}-${d}-${r}`), SOURCE_IDS.evaluation));
    if (rng.chance(0.05)) {
      const filed = makeComplaint(rng, staff, date, `c-${staff}-${d}`);
      const fs = stored(filed, SOURCE_IDS.complaint);
      yield eventItem(pk, fs);
      const casePk = keys.casePk('complaint', filed.caseId);
      const link = { staffId: staff, month, eventSk: keys.eventSk(fs.source, filed.id) };
      const resDate = new Date(Date.parse(`${date}T00:00:00Z`) + rng.int(2, 10) * 86400_000).toISOString().slice(0, 10);
      if (resDate <= lastDay) {
        const rs = stored(makeResolution(rng, filed, resDate, `cr-${staff}-${d}`), SOURCE_IDS.complaint);
        yield eventItem(casePk, rs);
        yield eventItem(pk, rs, { copy: true });
        yield caseJoinItem(casePk, { links: [link], events: [rs] });
      } else yield caseJoinItem(casePk, { links: [link] });
    }
    if (rng.chance(0.1)) yield eventItem(pk, stored(makeInspection(rng, staff, date, `i-${staff}-${d}`), SOURCE_IDS.inspection));
    if (rng.chance(0.01)) yield eventItem(pk, stored(makeLeave(staff, date, `l-${staff}-${d}`, rng.chance(0.5)), SOURCE_IDS.admin));
  }
}

/** StoredEvents of a staff-month (for folding template sheets): the SM# items, parsed back. */
/** Mean rows of the staff-month partitions of `staffIds` (what each refold's Query reads). */
export async function meanPartitionRows(store: HallStore, staffIds: string[], month: string): Promise<number> {
  const rows = await Promise.all(staffIds.map(async (id) => (await store.partitionEvents(keys.staffMonth(id, month))).length));
  return rows.reduce((a, b) => a + b, 0) / Math.max(1, rows.length);
}

export function staffMonthEvents(seed: number, staff: string, month: string, workdays: string[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const i of staffMonthItems(seed, staff, month, workdays)) {
    if (!String(i.pk).startsWith('SM#') || !String(i.sk).startsWith('E#')) continue;
    out.push(storedEventOf(i));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * BatchWriteItem (25 items a request, `concurrency` requests in flight) from a lazy item source,
 * retrying unprocessed items; prints a running counter.
 */
export async function batchLoad(
  store: HallStore,
  items: Iterable<Record<string, unknown>>,
  opts: { total: number; label: string; concurrency?: number; unit?: string },
): Promise<{ items: number; seconds: number }> {
  const it = items[Symbol.iterator]();
  const progress = new Progress(opts.label, opts.total, opts.unit ?? 'items');
  let written = 0;
  const take = (): Record<string, unknown>[] => {
    const chunk: Record<string, unknown>[] = [];
    while (chunk.length < 25) {
      const n = it.next();
      if (n.done) break;
      chunk.push(n.value);
    }
    return chunk;
  };
  const worker = async () => {
    for (let chunk = take(); chunk.length > 0; chunk = take()) {
      let pending: { PutRequest: { Item: Record<string, unknown> } }[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        const r = await store.db.send(new BatchWriteCommand({ RequestItems: { [store.table]: pending } }));
        pending = (r.UnprocessedItems?.[store.table] ?? []) as typeof pending;
      }
      written += chunk.length;
      progress.add(chunk.length);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  const seconds = progress.done();
  return { items: written, seconds };
}

/** Counts what staffMonthItems yields for a hall (cheap: generation only, no I/O). */
export function countItems(staff: string[], month: string, workdays: string[], seedOf: (i: number) => number): { items: number; events: number } {
  let items = 0;
  let events = 0;
  staff.forEach((s, i) => {
    for (const it of staffMonthItems(seedOf(i), s, month, workdays)) {
      items++;
      if (String(it.sk).startsWith('E#') && it.copy !== true) events++;
    }
  });
  return { items, events };
}

// ---------------------------------------------------------------------------------------------
// History: 11 closed months before `month`, with sheet bodies as large as real ones.

/** Folds a few staff-months of generated events into closed sheets, to copy as history. */
export function templateSheets(hall: Hall, month: string, n = 12): Sheet[] {
  const workdays = workdaysOf(month);
  const closedDays = new Set(daysOfMonth(month));
  return hall.staff.slice(0, n).map((staff, i) =>
    foldStaffMonth({
      calendars: Calendars.packageOnly(),
      period: month,
      tz: TZ,
      staff,
      shift: hall.shift,
      rules: DEFAULT_RULES,
      events: staffMonthEvents(9000 + i, staff.id, month, workdays),
      closedDays,
      history: [],
      status: 'closed',
      version: 1,
      afterClose: [],
    }),
  );
}

/**
 * Items exactly as the store would write them: a HallStore over a capturing client, so the bench's
 * bulk loads follow the store's format (whatever its sheet encoding) and still go in by BatchWriteItem.
 */
export function capturingStore(table: string): { store: HallStore; items: Record<string, unknown>[] } {
  const items: Record<string, unknown>[] = [];
  type Input = {
    Item?: Record<string, unknown>;
    RequestItems?: Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>;
    TransactItems?: { Put?: { Item: Record<string, unknown> } }[];
    Key?: Record<string, unknown>;
    UpdateExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  /**
   * An UpdateItem of plain assignments (`SET a = :x, #b = :y [REMOVE c]`, as putClosedSheets writes the
   * latest copy of a sheet) on an item that does not exist yet is a put of Key + those attributes.
   */
  const updateAsItem = (i: Input): Record<string, unknown> | undefined => {
    const m = /^SET (.+?)(?: REMOVE [\w#, ]+)?$/.exec(i.UpdateExpression ?? '');
    if (!i.Key || !m) return undefined;
    const item: Record<string, unknown> = { ...i.Key };
    for (const part of m[1]!.split(',')) {
      const a = /^\s*(#?\w+)\s*=\s*(:\w+)\s*$/.exec(part);
      if (!a) return undefined;
      const name = a[1]!.startsWith('#') ? i.ExpressionAttributeNames?.[a[1]!] : a[1]!;
      if (!name || !(a[2]! in (i.ExpressionAttributeValues ?? {}))) return undefined;
      item[name] = i.ExpressionAttributeValues![a[2]!];
    }
    return item;
  };
  const db = {
    send: async (cmd: { input: Input }) => {
      const i = cmd.input;
      if (i.Item) {
        items.push(i.Item);
      } else if (i.RequestItems) {
        for (const l of Object.values(i.RequestItems)) for (const r of l) if (r.PutRequest) items.push(r.PutRequest.Item);
      } else if (i.TransactItems) {
        for (const t of i.TransactItems) if (t.Put) items.push(t.Put.Item);
      } else if (updateAsItem(i)) {
        items.push(updateAsItem(i)!);
      } else {
        throw new Error('capturingStore: the store issued a command the bench cannot capture');
      }
      return {};
    },
  };
  return { store: new HallStore(db as unknown as DynamoDBDocumentClient, table), items };
}

/**
 * The 11 closed months before `month` for every staff member, as the store's putClosedSheet writes
 * them (captured, then BatchWriteItem), plus their PERIOD state.
 */
export async function seedHistory(store: HallStore, hall: Hall, month: string, templates: Sheet[]): Promise<{ sheets: number; items: number; seconds: number }> {
  const cap = capturingStore(store.table);
  let sheets = 0;
  const history = new Map(hall.staff.map((s) => [s.id, new Map<string, MonthSummary>()]));
  for (let k = 1; k <= 11; k++) {
    const period = addMonths(month, -k);
    const frozen: Sheet[] = hall.staff.map((s, i) => {
      const t = templates[(i + k) % templates.length]!;
      return { ...t, period, staffId: s.id, name: s.name, departmentId: s.departmentId, windowId: s.windowId };
    });
    await cap.store.putClosedSheets(frozen);
    for (const f of frozen) history.get(f.staffId)!.set(period, summarizeMonth(f, true));
    sheets += frozen.length;
    await cap.store.putPeriod({ period, status: 'closed', version: 1, ruleVersion: 0, closedAt: `${addMonths(period, 1)}-01T02:00:00Z` });
  }
  // What month close writes beside the sheets: the per-staff history the return rule reads.
  await cap.store.putHistories([...history].map(([staffId, months]) => ({ staffId, months })));
  const r = await batchLoad(store, cap.items, { total: cap.items.length, label: 'history', unit: 'items' });
  return { sheets, items: r.items, seconds: r.seconds };
}

/** DynamoDB's item size: attribute names + values (strings UTF-8, numbers ≈ digits/2 + 1, booleans 1). */
export function itemBytes(item: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) {
    n += Buffer.byteLength(k);
    if (typeof v === 'string') n += Buffer.byteLength(v);
    else if (v instanceof Uint8Array) n += v.length;
    else if (v instanceof Set) n += [...v].reduce((a: number, x) => a + Buffer.byteLength(String(x)), 0);
    else if (typeof v === 'number') n += Math.ceil(String(v).length / 2) + 1;
    else if (typeof v === 'boolean') n += 1;
    else n += Buffer.byteLength(JSON.stringify(v) ?? '');
  }
  return n;
}
