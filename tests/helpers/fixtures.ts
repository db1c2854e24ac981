/**
 * Reusable test factories: master data, stored events (one builder per event type, times written as
 * hall-local wall clock), monthly inputs, sheets and summaries.
 *
 * Times: `'2026-10-12 08:41'`, `'2026-10-12 08:41:30'` or `'2026-10-12T08:41:30'`, read in `TZ`
 * (Asia/Shanghai) unless a `tz` is given. Sources default to one per kind (`att-1`, `eval-1`,
 * `cmp-1`, `insp-1`, `admin`); every builder takes overrides for anything else.
 */
import { Calendars } from '../../shared/domain/calendar.js';
import type {
  CommendationRecorded,
  ComplaintFiled,
  ComplaintResolved,
  CriticismNotified,
  EvaluationAnnulled,
  EvaluationSubmitted,
  HallEvent,
  InspectionRecorded,
  LeaveEvent,
  PunchEvent,
  StoredEvent,
} from '../../shared/domain/events.js';
import type { CaseAccepted, CaseCompleted, CaseResumed, CaseSuspended, QueueTicket } from '../../shared/domain/efficiency-events.js';
import type { Shift, Staff, WithId } from '../../shared/domain/masterdata.js';
import { emptyCases, emptyQueue } from '../../shared/domain/efficiency.js';
import { DEFAULT_RULES, type RuleSet } from '../../shared/domain/rules.js';
import { toHallIso, zonedInstant } from '../../shared/domain/time.js';
import type { MonthSummary, Sheet, SheetItem, StaffMonthInput } from '../../shared/domain/types.js';

export const TZ = 'Asia/Shanghai';

// ---------------------------------------------------------------------------------------------
// Time

/**
 * Epoch ms of a hall-local wall-clock time.
 * @param local 'YYYY-MM-DD HH:MM[:SS]' (a 'T' separator works too)
 * @param tz hall time zone
 */
export function at(local: string, tz: string = TZ): number {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(local);
  if (!m) throw new Error(`fixtures.at: expected 'YYYY-MM-DD HH:MM[:SS]', got '${local}'`);
  return zonedInstant(m[1]!, m[2]!, tz);
}

/** RFC 3339 in hall time of a hall-local wall-clock time: '2026-10-12 08:41' → '2026-10-12T08:41:00+08:00'. */
export const iso = (local: string, tz: string = TZ): string => toHallIso(at(local, tz), tz);

// ---------------------------------------------------------------------------------------------
// Master data

/** A staff member (id `s1`, window `w1`, department `d1`, shift `sh1`, active). */
export function makeStaff(overrides: Partial<WithId<Staff>> = {}): WithId<Staff> {
  return { id: 's1', name: '张三', departmentId: 'd1', windowId: 'w1', shiftId: 'sh1', active: true, ...overrides };
}

/** A shift: 09:00–12:00 and 13:30–17:30, default tolerances, statutory calendar. */
export function makeShift(overrides: Partial<WithId<Shift>> = {}): WithId<Shift> {
  return {
    id: 'sh1',
    sessions: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ],
    arriveEarlyMinutes: 10,
    lateAbsentMinutes: 30,
    earlyLeaveAbsentMinutes: 30,
    calendar: 'cn-statutory',
    ...overrides,
  };
}

/** A rule set: the default table with overrides (shallow per section). */
export function makeRules(overrides: Partial<RuleSet> = {}): RuleSet {
  return { ...DEFAULT_RULES, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Stored events

export interface EventOpts {
  /** Sending source id (defaults per event kind). */
  source?: string;
  /** Staff id for events that name one (default `s1`). */
  staffId?: string;
  tz?: string;
  /** receivedAt; defaults to occurredAt. */
  receivedAt?: string;
}

/**
 * Wraps an event as the store holds it (`at` = occurredAt in epoch ms).
 * @param event a parsed event
 * @param source the sending source's id
 */
export function stored<E extends HallEvent>(event: E, source: string, receivedAt?: string): StoredEvent<E> {
  return { source, receivedAt: receivedAt ?? event.occurredAt, at: Date.parse(event.occurredAt), event };
}

const when = (local: string, o: EventOpts): string => iso(local, o.tz ?? TZ);

export function punch(id: string, local: string, o: EventOpts & { pin?: string } = {}): StoredEvent<PunchEvent> {
  const e: PunchEvent = { id, type: 'attendance.punch', occurredAt: when(local, o), staffId: o.staffId ?? 's1' };
  if (o.pin !== undefined) e.pin = o.pin;
  return stored(e, o.source ?? 'att-1', o.receivedAt);
}

export function leave(
  id: string,
  fromLocal: string,
  toLocal: string,
  o: EventOpts & { kind?: LeaveEvent['kind']; occurred?: string } = {},
): StoredEvent<LeaveEvent> {
  const e: LeaveEvent = {
    id,
    type: 'attendance.leave',
    occurredAt: when(o.occurred ?? fromLocal, o),
    staffId: o.staffId ?? 's1',
    from: when(fromLocal, o),
    to: when(toLocal, o),
    kind: o.kind ?? 'personal',
  };
  return stored(e, o.source ?? 'admin', o.receivedAt);
}

export function review(
  id: string,
  caseId: string,
  level: number,
  local: string,
  o: EventOpts & { channel?: EvaluationSubmitted['channel'] } = {},
): StoredEvent<EvaluationSubmitted> {
  const e: EvaluationSubmitted = {
    id,
    type: 'evaluation.submitted',
    occurredAt: when(local, o),
    caseId,
    staffId: o.staffId ?? 's1',
    level,
    channel: o.channel ?? 'pad',
  };
  return stored(e, o.source ?? 'eval-1', o.receivedAt);
}

export function annul(id: string, caseId: string, local: string, o: EventOpts = {}): StoredEvent<EvaluationAnnulled> {
  const e: EvaluationAnnulled = { id, type: 'evaluation.annulled', occurredAt: when(local, o), caseId, reason: 'unfounded on verification' };
  return stored(e, o.source ?? 'eval-1', o.receivedAt);
}

export function complaint(
  id: string,
  caseId: string,
  local: string,
  o: EventOpts & { category?: ComplaintFiled['category']; channel?: ComplaintFiled['channel'] } = {},
): StoredEvent<ComplaintFiled> {
  const e: ComplaintFiled = {
    id,
    type: 'complaint.filed',
    occurredAt: when(local, o),
    caseId,
    staffId: o.staffId ?? 's1',
    category: o.category ?? 'attitude',
    channel: o.channel ?? '12345',
    summary: '办事群众反映窗口人员态度生硬',
  };
  return stored(e, o.source ?? 'cmp-1', o.receivedAt);
}

export function resolution(
  id: string,
  caseId: string,
  local: string,
  o: EventOpts & { verdict?: ComplaintResolved['verdict']; severity?: ComplaintResolved['severity'] } = {},
): StoredEvent<ComplaintResolved> {
  const e: ComplaintResolved = {
    id,
    type: 'complaint.resolved',
    occurredAt: when(local, o),
    caseId,
    verdict: o.verdict ?? 'substantiated',
    severity: o.severity ?? 'minor',
  };
  return stored(e, o.source ?? 'cmp-1', o.receivedAt);
}

export function inspection(
  id: string,
  local: string,
  o: EventOpts & { item?: InspectionRecorded['item']; note?: string } = {},
): StoredEvent<InspectionRecorded> {
  const e: InspectionRecorded = { id, type: 'inspection.recorded', occurredAt: when(local, o), staffId: o.staffId ?? 's1', item: o.item ?? 'dress' };
  if (o.note !== undefined) e.note = o.note;
  return stored(e, o.source ?? 'insp-1', o.receivedAt);
}

export function criticism(
  id: string,
  local: string,
  o: EventOpts & { note?: string; kind?: CriticismNotified['kind'] } = {},
): StoredEvent<CriticismNotified> {
  const e: CriticismNotified = { id, type: 'criticism.notified', occurredAt: when(local, o), staffId: o.staffId ?? 's1', note: o.note ?? '通报批评' };
  if (o.kind !== undefined) e.kind = o.kind;
  return stored(e, o.source ?? 'admin', o.receivedAt);
}

export function commendation(
  id: string,
  local: string,
  o: EventOpts & { kind?: CommendationRecorded['kind']; note?: string } = {},
): StoredEvent<CommendationRecorded> {
  const e: CommendationRecorded = { id, type: 'commendation.recorded', occurredAt: when(local, o), staffId: o.staffId ?? 's1', kind: o.kind ?? 'banner' };
  if (o.note !== undefined) e.note = o.note;
  return stored(e, o.source ?? 'insp-1', o.receivedAt);
}

/** Punches for both sessions of a day on time (08:45, 12:00, 13:15, 17:30), ids `${prefix}-1..4`. */
export function onTimeDay(date: string, prefix = `p-${date}`, o: EventOpts = {}): StoredEvent<PunchEvent>[] {
  return ['08:45', '12:00', '13:15', '17:30'].map((t, i) => punch(`${prefix}-${i + 1}`, `${date} ${t}`, o));
}

// ---------------------------------------------------------------------------------------------
// Inputs and outputs of the folds

/** A monthly input for `foldStaffMonth` (October 2026, no events, no closed day, default rules). */
export function monthInput(overrides: Partial<StaffMonthInput> = {}): StaffMonthInput {
  return {
    period: '2026-10',
    tz: TZ,
    staff: makeStaff(),
    shift: makeShift(),
    calendars: Calendars.packageOnly(),
    rules: DEFAULT_RULES,
    events: [],
    closedDays: new Set<string>(),
    history: [],
    status: 'open',
    version: 1,
    afterClose: [],
    ...overrides,
  };
}

/** A blank sheet (score 100, nothing happened) with overrides. */
export function makeSheet(overrides: Partial<Sheet> = {}): Sheet {
  return {
    period: '2026-10',
    staffId: 's1',
    name: '张三',
    departmentId: 'd1',
    windowId: 'w1',
    ruleVersion: 0,
    status: 'closed',
    version: 1,
    score: 100,
    grade: 'excellent',
    veto: false,
    returnRecommended: false,
    returnReasons: [],
    items: [],
    attendance: { workdays: 0, sessions: 0, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 },
    evaluations: { count: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, satisfactionRate: null },
    complaints: { filed: 0, substantiated: 0, unsubstantiated: 0, pending: 0 },
    cases: emptyCases(),
    queue: emptyQueue(),
    afterClose: [],
    ...overrides,
  };
}

/**
 * Evaluation counts from a level histogram, e.g. `evals({ 5: 9, 2: 1 })`.
 */
export function evals(levels: Partial<Record<1 | 2 | 3 | 4 | 5, number>>): Sheet['evaluations'] {
  const byLevel = { '1': levels[1] ?? 0, '2': levels[2] ?? 0, '3': levels[3] ?? 0, '4': levels[4] ?? 0, '5': levels[5] ?? 0 };
  const count = byLevel['1'] + byLevel['2'] + byLevel['3'] + byLevel['4'] + byLevel['5'];
  return { count, byLevel, satisfactionRate: count === 0 ? null : (byLevel['3'] + byLevel['4'] + byLevel['5']) / count };
}

/** A month summary (nothing happened, active) with overrides. */
export function makeSummary(period: string, overrides: Partial<MonthSummary> = {}): MonthSummary {
  return { period, score: 100, veto: false, active: true, substantiatedComplaints: 0, criticisms: 0, reviews: 0, satisfiedReviews: 0, ...overrides };
}

/** Shorthand for an item in expectations. */
export function item(code: SheetItem['code'], points: number, local: string, refs: string[], extra: Partial<SheetItem> = {}): SheetItem {
  return { code, points, at: iso(local), refs, ...extra };
}

/** Sum of item points in hundredths (items add up to score − base before the floor). */
export const itemsTotal = (items: readonly SheetItem[]): number => items.reduce((s, i) => s + Math.round(i.points * 100), 0) / 100;

// ---------------------------------------------------------------------------------------------
// Service efficiency (CONTRACT.md §10): cases and queue tickets

export function caseAccepted(
  id: string,
  caseId: string,
  local: string,
  limit: CaseAccepted['limit'] = { kind: 'immediate' },
  o: EventOpts & { item?: string } = {},
): StoredEvent<CaseAccepted> {
  const e: CaseAccepted = { id, type: 'case.accepted', occurredAt: when(local, o), caseId, staffId: o.staffId ?? 's1', item: o.item ?? '营业执照变更登记', limit };
  return stored(e, o.source ?? 'appr-1', o.receivedAt);
}

export function caseSuspended(id: string, caseId: string, local: string, o: EventOpts = {}): StoredEvent<CaseSuspended> {
  return stored({ id, type: 'case.suspended', occurredAt: when(local, o), caseId, reason: '现场核查（特别程序）' }, o.source ?? 'appr-1', o.receivedAt);
}

export function caseResumed(id: string, caseId: string, local: string, o: EventOpts = {}): StoredEvent<CaseResumed> {
  return stored({ id, type: 'case.resumed', occurredAt: when(local, o), caseId }, o.source ?? 'appr-1', o.receivedAt);
}

export function caseCompleted(
  id: string,
  caseId: string,
  local: string,
  o: EventOpts & { result?: CaseCompleted['result'] } = {},
): StoredEvent<CaseCompleted> {
  return stored({ id, type: 'case.completed', occurredAt: when(local, o), caseId, result: o.result ?? 'approved' }, o.source ?? 'appr-1', o.receivedAt);
}

/** A queue ticket; `issued`/`called`/`finished` are hall-local; occurredAt = finished (or called, or issued). */
export function ticket(
  id: string,
  issued: string,
  called: string | undefined,
  finished: string | undefined,
  o: EventOpts & { outcome?: QueueTicket['outcome']; windowId?: string; ticketId?: string } = {},
): StoredEvent<QueueTicket> {
  const e: QueueTicket = {
    id,
    type: 'queue.ticket',
    occurredAt: when(finished ?? called ?? issued, o),
    ticketId: o.ticketId ?? `T-${id}`,
    staffId: o.staffId ?? 's1',
    windowId: o.windowId ?? 'w1',
    issuedAt: when(issued, o),
    outcome: o.outcome ?? 'served',
  };
  if (called !== undefined) e.calledAt = when(called, o);
  if (finished !== undefined) e.finishedAt = when(finished, o);
  return stored(e, o.source ?? 'queue-1', o.receivedAt);
}
