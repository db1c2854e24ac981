/**
 * The efficiency part of a monthly sheet (CONTRACT.md §10): the `cases` block with `overdue-case` and
 * `low-participation` items, and the `queue` block (with `long-wait` items when the rule gives points).
 * Called by foldStaffMonth with the partition's deduplicated events of this staff member.
 */
import { judgeCase, type CaseFacts, type WorkdayFn } from './cases.js';
import type { CaseAccepted, CaseCompleted, CaseResumed, CaseSuspended, QueueTicket } from './efficiency-events.js';
import type { StoredEvent } from './events.js';
import type { RuleSet } from './rules.js';
import { daysOfMonth, localDate, localMonth, toHallIso, zonedInstant } from './time.js';
import type { CaseCounts, QueueCounts, SheetItem } from './types.js';

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpEvents = (a: StoredEvent, b: StoredEvent): number => a.at - b.at || cmpStr(a.event.id, b.event.id) || cmpStr(a.source, b.source);
const cents = (points: number): number => Math.round(points * 100) / 100 + 0;

export interface EfficiencyInput {
  period: string;
  tz: string;
  /** Deduplicated events of this staff member's partition (any order). */
  events: readonly StoredEvent[];
  isWorkday: WorkdayFn;
  closedDays: ReadonlySet<string>;
  rules: RuleSet;
  /** Reviews counted in the month (annulled ones left out): the numerator of the participation rate. */
  evaluationsCounted: number;
}

export interface EfficiencyResult {
  cases: CaseCounts;
  queue: QueueCounts;
  items: SheetItem[];
}

/**
 * Every case of the partition with its facts. A case is known by its acceptance: follow-ups of a
 * case whose acceptance is not here yet wait (they are joined again once it arrives).
 * Several acceptances of one caseId: the earliest wins, as with reviews.
 */
export function collectCases(events: readonly StoredEvent[]): CaseFacts[] {
  const accepted = new Map<string, StoredEvent<CaseAccepted>>();
  const pauses = new Map<string, StoredEvent<CaseSuspended | CaseResumed>[]>();
  const completed = new Map<string, StoredEvent<CaseCompleted>>();
  for (const s of [...events].sort(cmpEvents)) {
    const e = s.event;
    if (e.type === 'case.accepted') {
      if (!accepted.has(e.caseId)) accepted.set(e.caseId, s as StoredEvent<CaseAccepted>);
    } else if (e.type === 'case.suspended' || e.type === 'case.resumed') {
      const list = pauses.get(e.caseId) ?? [];
      list.push(s as StoredEvent<CaseSuspended | CaseResumed>);
      pauses.set(e.caseId, list);
    } else if (e.type === 'case.completed') {
      if (!completed.has(e.caseId)) completed.set(e.caseId, s as StoredEvent<CaseCompleted>);
    }
  }
  return [...accepted.values()].map((a) => {
    const c = completed.get(a.event.caseId);
    return { caseId: a.event.caseId, accepted: a, pauses: pauses.get(a.event.caseId) ?? [], ...(c ? { completed: c } : {}) };
  });
}

export const emptyCases = (): CaseCounts => ({ accepted: 0, completed: 0, due: 0, onTime: 0, overdue: 0, pending: 0, participationRate: null });
export const emptyQueue = (): QueueCounts => ({
  served: 0,
  noShow: 0,
  meanWaitMinutes: null,
  longWaits: 0,
  meanServiceMinutes: null,
  totalWaitSeconds: 0,
  totalServiceSeconds: 0,
});

/** min(1, reviews ÷ completed cases), null without completed cases. */
export const participationRate = (reviews: number, completed: number): number | null =>
  completed === 0 ? null : Math.min(1, reviews / completed);

/** Seconds → minutes, two decimals; null for no tickets. */
export const meanMinutes = (totalSeconds: number, n: number): number | null =>
  n === 0 ? null : Math.round((totalSeconds / 60 / n) * 100) / 100 + 0;

/** The queue block from served totals (shared with quarters and window rankings, which pool sums). */
export function queueBlock(q: Omit<QueueCounts, 'meanWaitMinutes' | 'meanServiceMinutes'>): QueueCounts {
  return {
    served: q.served,
    noShow: q.noShow,
    meanWaitMinutes: meanMinutes(q.totalWaitSeconds, q.served),
    longWaits: q.longWaits,
    meanServiceMinutes: meanMinutes(q.totalServiceSeconds, q.served),
    totalWaitSeconds: q.totalWaitSeconds,
    totalServiceSeconds: q.totalServiceSeconds,
  };
}

function caseRefs(f: CaseFacts): string[] {
  return [f.accepted, ...f.pauses, ...(f.completed ? [f.completed] : [])].sort(cmpEvents).map((s) => s.event.id);
}

/** The cases and queue blocks of a month and their items. */
export function foldEfficiency(input: EfficiencyInput): EfficiencyResult {
  const { period, tz, rules } = input;
  const inMonth = (at: number): boolean => localMonth(at, tz) === period;
  const items: SheetItem[] = [];

  // --- cases ---
  const cases = emptyCases();
  const completions: string[] = [];
  for (const f of collectCases(input.events).sort((a, b) => cmpEvents(a.accepted, b.accepted))) {
    if (inMonth(f.accepted.at)) cases.accepted += 1;
    if (f.completed && inMonth(f.completed.at)) {
      cases.completed += 1;
      completions.push(f.completed.event.id);
    }
    const j = judgeCase(f, input.isWorkday, (d) => input.closedDays.has(d), tz);
    if (j.dueDay === null || j.dueAt === null || j.dueDay.slice(0, 7) !== period || j.state === 'not-judged') continue;
    cases.due += 1;
    if (j.state === 'on-time') cases.onTime += 1;
    else if (j.state === 'pending') cases.pending += 1;
    else {
      cases.overdue += 1;
      const a = f.accepted.event;
      const limit = a.limit.kind === 'immediate' ? 'immediate' : `promised ${a.limit.workdays} workdays`;
      items.push({
        code: 'overdue-case',
        points: cents(rules.cases.overdue),
        at: toHallIso(j.dueAt, tz),
        refs: caseRefs(f),
        note: `case ${f.caseId}, ${a.item}, ${limit}, due ${j.dueDay}${f.completed ? `, completed ${localDate(f.completed.at, tz)}` : ', not completed'}`,
      });
    }
  }
  cases.participationRate = participationRate(input.evaluationsCounted, cases.completed);
  const p = rules.participation;
  if (cases.participationRate !== null && cases.completed >= p.minCases && cases.participationRate < p.minRate) {
    const days = daysOfMonth(period);
    items.push({
      code: 'low-participation',
      points: cents(p.points),
      at: toHallIso(zonedInstant(days[days.length - 1]!, '23:59:59', tz), tz),
      refs: completions.sort(cmpStr),
      note: `${input.evaluationsCounted} evaluations for ${cases.completed} completed cases`,
    });
  }

  // --- queue: tickets of the month (by occurredAt), one per ticketId (the earliest) ---
  const tickets = new Map<string, StoredEvent<QueueTicket>>();
  for (const s of [...input.events].sort(cmpEvents)) {
    if (s.event.type !== 'queue.ticket' || !inMonth(s.at)) continue;
    if (!tickets.has(s.event.ticketId)) tickets.set(s.event.ticketId, s as StoredEvent<QueueTicket>);
  }
  const q = { served: 0, noShow: 0, longWaits: 0, totalWaitSeconds: 0, totalServiceSeconds: 0 };
  const long = rules.queue.longWait;
  for (const s of tickets.values()) {
    const t = s.event;
    if (t.outcome === 'no-show') q.noShow += 1;
    if (t.outcome !== 'served' || t.calledAt === undefined || t.finishedAt === undefined) continue;
    q.served += 1;
    const waitS = (Date.parse(t.calledAt) - Date.parse(t.issuedAt)) / 1000;
    q.totalWaitSeconds += waitS;
    q.totalServiceSeconds += (Date.parse(t.finishedAt) - Date.parse(t.calledAt)) / 1000;
    if (waitS > long.minutes * 60) {
      q.longWaits += 1;
      if (long.points !== 0) {
        items.push({
          code: 'long-wait',
          points: cents(long.points),
          at: toHallIso(s.at, tz),
          refs: [t.id],
          note: `ticket ${t.ticketId}, waited ${Math.round((waitS / 60) * 100) / 100} minutes`,
        });
      }
    }
  }
  return { cases, queue: queueBlock(q), items };
}

/** A sheet's blocks; sheets stored before §10 have none (they read as empty). */
type WithEfficiency = { cases?: CaseCounts; queue?: QueueCounts; evaluations: { count: number } };

/**
 * Pools several sheets' blocks (a quarter's months, a window's staff): counts summed, the
 * participation rate as Σ counted reviews ÷ Σ completed cases, queue means from the summed seconds.
 */
export function poolEfficiency(sheets: readonly WithEfficiency[]): { cases: CaseCounts; queue: QueueCounts } {
  const cases = emptyCases();
  const q = { served: 0, noShow: 0, longWaits: 0, totalWaitSeconds: 0, totalServiceSeconds: 0 };
  let reviews = 0;
  for (const s of sheets) {
    const c = s.cases ?? emptyCases();
    cases.accepted += c.accepted;
    cases.completed += c.completed;
    cases.due += c.due;
    cases.onTime += c.onTime;
    cases.overdue += c.overdue;
    cases.pending += c.pending;
    reviews += s.evaluations.count;
    const t = s.queue ?? emptyQueue();
    q.served += t.served;
    q.noShow += t.noShow;
    q.longWaits += t.longWaits;
    q.totalWaitSeconds += t.totalWaitSeconds;
    q.totalServiceSeconds += t.totalServiceSeconds;
  }
  cases.participationRate = participationRate(reviews, cases.completed);
  return { cases, queue: queueBlock(q) };
}

/**
 * The staff-months one staff member's case counts in: its acceptance's, its first completion's and its
 * due day's. The case join copies every event of the case into each of them, so each month's fold
 * sees the whole case. Empty when the staff member accepted no case of these events.
 */
export function monthsOfCase(events: readonly StoredEvent[], staffId: string, isWorkday: WorkdayFn, tz: string): string[] {
  const mine = events.filter((s) => s.event.type !== 'case.accepted' || s.event.staffId === staffId);
  const months = new Set<string>();
  for (const f of collectCases(mine)) {
    months.add(localMonth(f.accepted.at, tz));
    if (f.completed) months.add(localMonth(f.completed.at, tz));
    const j = judgeCase(f, isWorkday, () => false, tz);
    if (j.dueDay !== null) months.add(j.dueDay.slice(0, 7));
  }
  return [...months].sort();
}
