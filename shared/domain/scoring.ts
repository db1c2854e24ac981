/**
 * The monthly score sheet (CONTRACT.md §6, §7) as a pure fold over a staff-month's stored events.
 *
 * The same set of events in any order, with any repeats of one (source, id), gives a deep-equal
 * sheet: events are deduplicated first, every choice between events is made by a total order
 * (time, then id, then source), and the items are sorted by (at, code, refs).
 * Points are summed in hundredths so that float drift cannot change a score.
 */
import { attendanceForMonth, type Leave, type Punch } from './attendance.js';
import { foldEfficiency } from './efficiency.js';
import type {
  ComplaintFiled,
  ComplaintResolved,
  EvaluationSubmitted,
  HallEvent,
  StoredEvent,
} from './events.js';
import { staffOf } from './events.js';
import { gradeOf } from './grade.js';
import {
  badReviewNote,
  cappedNote,
  COMMENDATION_KIND_ZH,
  complaintNote,
  criticismNote,
  INSPECTION_ITEM_ZH,
  labelled,
  satisfactionNote,
} from './notes-zh.js';
import type { RuleSet } from './rules.js';
import { addMonths, daysOfMonth, localMonth, toHallIso, zonedInstant } from './time.js';
import type {
  ComplaintCounts,
  EvaluationCounts,
  MonthSummary,
  Sheet,
  SheetItem,
  StaffMonthInput,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// Small shared helpers (also used by quarter.ts and ranking.ts)

/** Points → integer hundredths (the unit every sum is done in). */
export const toCents = (points: number): number => Math.round(points * 100);
/** Integer hundredths → a two-decimal number. */
export const fromCents = (cents: number): number => cents / 100 + 0; // `+ 0` turns -0 into 0

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function cmpRefs(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmpStr(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const itemTime = (i: SheetItem): number => (i.at === undefined ? Number.POSITIVE_INFINITY : Date.parse(i.at));

/** The item order of every sheet: time, then code, then refs (then points and note, for a total order). */
export function compareItems(a: SheetItem, b: SheetItem): number {
  const ta = itemTime(a);
  const tb = itemTime(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (
    cmpStr(a.code, b.code) ||
    cmpRefs(a.refs, b.refs) ||
    a.points - b.points ||
    cmpStr(a.note ?? '', b.note ?? '')
  );
}

export const sortItems = (items: SheetItem[]): SheetItem[] => [...items].sort(compareItems);

/** Reviews of level ≥ 3 / all reviews; null without reviews. */
export function satisfactionRate(byLevel: EvaluationCounts['byLevel']): number | null {
  const all = byLevel['1'] + byLevel['2'] + byLevel['3'] + byLevel['4'] + byLevel['5'];
  return all === 0 ? null : (byLevel['3'] + byLevel['4'] + byLevel['5']) / all;
}

export const emptyByLevel = (): EvaluationCounts['byLevel'] => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

/**
 * The return rule (建议退回) over summed counts.
 * @returns the reason codes, 'complaints' then 'criticisms'; empty when nothing is recommended
 */
export function returnReasonsFor(substantiated: number, criticisms: number, rule: RuleSet['returnRule'], exposures = 0): string[] {
  const reasons: string[] = [];
  if (substantiated >= rule.substantiatedComplaints) reasons.push('complaints');
  if (criticisms >= rule.criticisms) reasons.push('criticisms');
  // 被上级机关或媒体通报、曝光: one is enough (CONTRACT.md §12).
  if (exposures > 0) reasons.push('exposure');
  return reasons;
}

/**
 * Months of the return window: `windowMonths` months ending with `lastMonth` (inclusive).
 */
export function returnWindow(lastMonth: string, windowMonths: number): Set<string> {
  const months = new Set<string>();
  for (let i = 0; i < windowMonths; i++) months.add(addMonths(lastMonth, -i));
  return months;
}

/**
 * One summary per month (history may repeat a month): the entry with the highest counts wins,
 * so the choice does not depend on the order the caller read them in.
 */
export function summariesByMonth(history: readonly MonthSummary[]): Map<string, MonthSummary> {
  const byMonth = new Map<string, MonthSummary>();
  for (const h of history) {
    const prev = byMonth.get(h.period);
    if (
      !prev ||
      h.substantiatedComplaints > prev.substantiatedComplaints ||
      (h.substantiatedComplaints === prev.substantiatedComplaints &&
        (h.criticisms > prev.criticisms || (h.criticisms === prev.criticisms && (h.exposures ?? 0) > (prev.exposures ?? 0))))
    ) {
      byMonth.set(h.period, h);
    }
  }
  return byMonth;
}

// ---------------------------------------------------------------------------------------------
// Event selection

/** Total order on stored events: time, then event id, then source. */
function cmpEvents(a: StoredEvent, b: StoredEvent): number {
  return a.at - b.at || cmpStr(a.event.id, b.event.id) || cmpStr(a.source, b.source);
}

/**
 * Drops repeats of one (source, id). Copies should be identical; if they are not, the one received
 * first (then the smaller serialisation) is kept so the choice never depends on input order.
 */
function dedupe(events: readonly StoredEvent[]): StoredEvent[] {
  const kept = new Map<string, StoredEvent>();
  for (const e of events) {
    const key = `${e.source}\u0000${e.event.id}`;
    const prev = kept.get(key);
    if (!prev) {
      kept.set(key, e);
      continue;
    }
    // Serialised only on a repeat: most partitions have none, and this runs on every refold.
    const c = cmpStr(e.receivedAt, prev.receivedAt) || cmpStr(JSON.stringify(e), JSON.stringify(prev));
    if (c < 0) kept.set(key, e);
  }
  return [...kept.values()].sort(cmpEvents);
}

type Of<T extends HallEvent['type']> = StoredEvent<Extract<HallEvent, { type: T }>>;

function ofType<T extends HallEvent['type']>(events: readonly StoredEvent[], type: T): Of<T>[] {
  return events.filter((e): e is Of<T> => e.event.type === type);
}

/** Per caseId, the first event in `cmpEvents` order (or the last when `last`). */
function pickPerCase<E extends StoredEvent<EvaluationSubmitted | ComplaintFiled | ComplaintResolved>>(
  events: readonly E[],
  last: boolean,
): Map<string, E> {
  const out = new Map<string, E>();
  for (const e of events) {
    const prev = out.get(e.event.caseId);
    if (!prev) out.set(e.event.caseId, e);
    else {
      const c = cmpEvents(e, prev);
      if (last ? c > 0 : c < 0) out.set(e.event.caseId, e);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The fold

/**
 * Scores one staff member's month.
 * @param input the staff-month partition's events with master data, rule set, closed days and the
 *   summaries of earlier months (for the return rule)
 * @returns the sheet, deep-equal for any order and repetition of the same events
 */
export function foldStaffMonth(input: StaffMonthInput): Sheet {
  const { period, tz, rules, staff } = input;
  const inMonth = (at: number): boolean => localMonth(at, tz) === period;
  const hall = (at: number): string => toHallIso(at, tz);

  // Events naming another staff member do not belong to this sheet; those naming none (resolutions,
  // annulments, punches known only by PIN) belong to the partition they were stored in.
  const events = dedupe(input.events).filter((e) => {
    const s = staffOf(e.event);
    return s === undefined || s === staff.id;
  });

  const items: SheetItem[] = [];
  // Bonuses are kept apart until the cap is applied.
  const bonuses: { item: SheetItem; t: number }[] = [];

  // --- attendance (delegated; only days of this month, only closed days) ---
  const punches: Punch[] = ofType(events, 'attendance.punch').map((e) => ({ id: e.event.id, at: e.at }));
  const leaves: Leave[] = ofType(events, 'attendance.leave')
    .map((e) => ({ id: e.event.id, from: Date.parse(e.event.from), to: Date.parse(e.event.to) }))
    .sort((a, b) => a.from - b.from || a.to - b.to || cmpStr(a.id, b.id));
  const att = attendanceForMonth({
    month: period,
    tz,
    shift: input.shift,
    calendar: input.calendars.get(input.shift.calendar),
    staff: { ...(staff.since !== undefined ? { since: staff.since } : {}), active: staff.active },
    punches,
    leaves,
    closedDays: input.closedDays,
    rules,
  });
  for (const i of att.items) items.push({ ...i, points: fromCents(toCents(i.points)), refs: [...i.refs] });

  // --- evaluations: one review per case (the earliest), annulled cases left out of everything ---
  const annulled = new Set(ofType(events, 'evaluation.annulled').map((e) => e.event.caseId));
  const reviews = [...pickPerCase(ofType(events, 'evaluation.submitted'), false).values()]
    .filter((e) => !annulled.has(e.event.caseId) && inMonth(e.at))
    .sort(cmpEvents);
  const byLevel = emptyByLevel();
  for (const r of reviews) {
    const level = String(r.event.level) as keyof typeof byLevel;
    byLevel[level] += 1;
    const points = r.event.level === 1 ? rules.evaluation.level1 : r.event.level === 2 ? rules.evaluation.level2 : null;
    if (points !== null) {
      items.push({
        code: 'bad-review',
        points: fromCents(toCents(points)),
        at: hall(r.at),
        refs: [r.event.id],
        note: badReviewNote(r.event.level, r.event.caseId),
      });
    }
  }
  const rate = satisfactionRate(byLevel);
  const evaluations: EvaluationCounts = { count: reviews.length, byLevel, satisfactionRate: rate };

  // --- complaints: joined by caseId; the latest resolution decides ---
  const filed = pickPerCase(ofType(events, 'complaint.filed'), false);
  const resolutions = pickPerCase(ofType(events, 'complaint.resolved'), true);
  const complaints: ComplaintCounts = { filed: 0, substantiated: 0, unsubstantiated: 0, pending: 0 };
  let veto = false;
  for (const [caseId, f] of [...filed].sort((a, b) => cmpEvents(a[1], b[1]))) {
    const r = resolutions.get(caseId);
    if (inMonth(f.at)) {
      complaints.filed += 1;
      // Pending as of the month's end: a verdict in a later month leaves this month's count as it was.
      if (!r || localMonth(r.at, tz) > period) complaints.pending += 1;
    }
    if (!r || !inMonth(r.at)) continue;
    if (r.event.verdict === 'unsubstantiated') {
      complaints.unsubstantiated += 1;
      continue;
    }
    complaints.substantiated += 1;
    const severity = r.event.severity ?? 'minor';
    const vetoes = rules.complaint.vetoCategories.includes(f.event.category);
    if (vetoes) veto = true;
    items.push({
      code: 'complaint',
      points: fromCents(toCents(severity === 'serious' ? rules.complaint.serious : rules.complaint.minor)),
      at: hall(r.at),
      refs: [f.event.id, r.event.id],
      note: complaintNote(f.event.category, severity, vetoes, caseId),
    });
  }

  // --- inspections, criticisms, commendations: at their own time ---
  for (const e of ofType(events, 'inspection.recorded')) {
    if (!inMonth(e.at)) continue;
    const points = e.event.item === 'absent-from-post' ? rules.inspection.absentFromPost : rules.inspection.finding;
    items.push({
      code: 'inspection',
      points: fromCents(toCents(points)),
      at: hall(e.at),
      refs: [e.event.id],
      note: labelled(INSPECTION_ITEM_ZH, e.event.item, e.event.note),
    });
  }
  let criticisms = 0;
  let exposures = 0;
  for (const e of ofType(events, 'criticism.notified')) {
    if (!inMonth(e.at)) continue;
    criticisms += 1;
    const kind = e.event.kind ?? 'hall';
    if (kind !== 'hall') exposures += 1;
    items.push({
      code: 'criticism',
      points: fromCents(toCents(rules.criticism)),
      at: hall(e.at),
      refs: [e.event.id],
      note: criticismNote(kind, e.event.note),
      ...(kind !== 'hall' ? { kind } : {}),
    });
  }
  for (const e of ofType(events, 'commendation.recorded')) {
    if (!inMonth(e.at)) continue;
    bonuses.push({
      t: e.at,
      item: {
        code: 'commendation',
        points: fromCents(toCents(rules.commendation)),
        at: hall(e.at),
        refs: [e.event.id],
        note: labelled(COMMENDATION_KIND_ZH, e.event.kind, e.event.note),
      },
    });
  }

  // --- satisfaction bonus: at the month's last second ---
  const sb = rules.satisfactionBonus;
  if (rate !== null && reviews.length >= sb.minEvaluations && rate >= sb.minRate) {
    const days = daysOfMonth(period);
    const t = zonedInstant(days[days.length - 1]!, '23:59:59', tz);
    bonuses.push({
      t,
      item: {
        code: 'satisfaction-bonus',
        points: fromCents(toCents(sb.points)),
        at: hall(t),
        refs: [],
        note: satisfactionNote(reviews.length, byLevel['3'] + byLevel['4'] + byLevel['5']),
      },
    });
  }

  // --- service efficiency: cases, participation rate, queue tickets (efficiency.ts) ---
  const efficiency = foldEfficiency({
    period,
    tz,
    events,
    isWorkday: (d) => input.calendars.get(input.shift.calendar).isWorkday(d),
    closedDays: input.closedDays,
    rules,
    evaluationsCounted: reviews.length,
  });
  items.push(...efficiency.items);

  // --- bonus cap: in time order, an item beyond the cap keeps its place with what remains ---
  let remaining = toCents(rules.bonusCapPerMonth);
  for (const { item } of bonuses.sort((a, b) => a.t - b.t || compareItems(a.item, b.item))) {
    const want = toCents(item.points);
    const granted = Math.max(0, Math.min(want, remaining));
    remaining -= granted;
    if (granted < want) {
      const plus = (c: number): string => (c > 0 ? `+${fromCents(c)}` : '0');
      const capped = cappedNote(plus(granted), plus(want), plus(toCents(rules.bonusCapPerMonth)));
      items.push({ ...item, points: fromCents(granted), note: item.note ? `${item.note}；${capped}` : capped });
    } else items.push(item);
  }

  // --- score, grade, return rule ---
  const sorted = sortItems(items);
  const total = sorted.reduce((s, i) => s + toCents(i.points), toCents(rules.base));
  const score = fromCents(Math.max(toCents(rules.floor), total));

  const window = returnWindow(period, rules.returnRule.windowMonths);
  let substantiated12 = complaints.substantiated;
  let criticisms12 = criticisms;
  let exposures12 = exposures;
  for (const h of summariesByMonth(input.history).values()) {
    if (h.period === period || !window.has(h.period)) continue;
    substantiated12 += h.substantiatedComplaints;
    criticisms12 += h.criticisms;
    exposures12 += h.exposures ?? 0;
  }
  const returnReasons = returnReasonsFor(substantiated12, criticisms12, rules.returnRule, exposures12);

  return {
    period,
    staffId: staff.id,
    name: staff.name,
    departmentId: staff.departmentId,
    windowId: staff.windowId,
    ruleVersion: rules.version,
    status: input.status,
    version: input.version,
    score,
    grade: gradeOf(score, veto, rules.grades),
    veto,
    returnRecommended: returnReasons.length > 0,
    returnReasons,
    items: sorted,
    attendance: { ...att.counts },
    evaluations,
    complaints,
    cases: efficiency.cases,
    queue: efficiency.queue,
    afterClose: [...input.afterClose],
  };
}

/**
 * The numbers later months and quarters need from a month's sheet.
 * @param sheet a monthly sheet
 * @param active whether the staff member was active in that month
 */
export function summarizeMonth(sheet: Sheet, active: boolean): MonthSummary {
  const b = sheet.evaluations.byLevel;
  return {
    period: sheet.period,
    score: sheet.score,
    veto: sheet.veto,
    active,
    substantiatedComplaints: sheet.complaints.substantiated,
    criticisms: sheet.items.filter((i) => i.code === 'criticism').length,
    exposures: sheet.items.filter((i) => i.code === 'criticism' && i.kind !== undefined).length,
    reviews: b['1'] + b['2'] + b['3'] + b['4'] + b['5'],
    satisfiedReviews: b['3'] + b['4'] + b['5'],
  };
}
