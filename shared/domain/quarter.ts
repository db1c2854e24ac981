/**
 * The quarterly sheet (CONTRACT.md §6): built from the quarter's monthly sheets, never from events,
 * so a quarter always agrees with the months it reports.
 */
import { poolEfficiency } from './efficiency.js';
import { gradeOf } from './grade.js';
import type { RuleSet } from './rules.js';
import {
  emptyByLevel,
  fromCents,
  returnReasonsFor,
  returnWindow,
  satisfactionRate,
  sortItems,
  summariesByMonth,
  summarizeMonth,
  toCents,
} from './scoring.js';
import { monthsOfQuarter } from './time.js';
import type { AttendanceCounts, ComplaintCounts, MonthSummary, Sheet } from './types.js';

export interface StaffQuarterInput {
  /** 'YYYY-Qn' */
  quarter: string;
  /** The staff member's monthly sheets of the quarter (months outside it are ignored). */
  months: { sheet: Sheet; active: boolean }[];
  /** Summaries of earlier months, for the return rule (any order; the quarter's own months are taken from `months`). */
  history: MonthSummary[];
  rules: RuleSet;
  status: 'open' | 'closed';
  version: number;
  afterClose: string[];
}

/**
 * Folds three monthly sheets into the quarter's sheet.
 *
 * - score: mean of the scores of the months the staff member was active (two decimals, half up);
 *   with no active month, the mean of all given months (the sheet still shows what happened;
 *   such a staff member is not ranked anyway).
 * - veto if any month has one; grade by the same thresholds.
 * - items: every month's items in time order; counts summed; satisfaction rate pooled.
 * - return rule over the `windowMonths` months ending with the quarter's last month.
 * @throws Error when `months` is empty (the quarter would name no staff member)
 */
export function foldStaffQuarter(input: StaffQuarterInput): Sheet {
  const { quarter, rules } = input;
  const quarterMonths = monthsOfQuarter(quarter);
  // One sheet per month: the highest version wins.
  const byMonth = new Map<string, { sheet: Sheet; active: boolean }>();
  for (const m of input.months) {
    if (!quarterMonths.includes(m.sheet.period)) continue;
    const prev = byMonth.get(m.sheet.period);
    if (!prev || m.sheet.version > prev.sheet.version) byMonth.set(m.sheet.period, m);
  }
  const months = [...byMonth.values()].sort((a, b) => (a.sheet.period < b.sheet.period ? -1 : 1));
  const latest = months[months.length - 1];
  if (!latest) throw new Error(`foldStaffQuarter(${quarter}): no monthly sheet of the quarter was given`);

  const active = months.filter((m) => m.active);
  const scored = active.length > 0 ? active : months;
  const score = fromCents(Math.round(scored.reduce((s, m) => s + toCents(m.sheet.score), 0) / scored.length));
  const veto = months.some((m) => m.sheet.veto);

  const attendance: AttendanceCounts = { workdays: 0, sessions: 0, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 };
  const complaints: ComplaintCounts = { filed: 0, substantiated: 0, unsubstantiated: 0, pending: 0 };
  const byLevel = emptyByLevel();
  for (const { sheet } of months) {
    for (const k of Object.keys(attendance) as (keyof AttendanceCounts)[]) attendance[k] += sheet.attendance[k];
    for (const k of Object.keys(complaints) as (keyof ComplaintCounts)[]) complaints[k] += sheet.complaints[k];
    for (const k of Object.keys(byLevel) as (keyof typeof byLevel)[]) byLevel[k] += sheet.evaluations.byLevel[k];
  }
  const count = byLevel['1'] + byLevel['2'] + byLevel['3'] + byLevel['4'] + byLevel['5'];

  // Return rule: the quarter's sheets are authoritative for its months; history fills the rest.
  const lastMonth = quarterMonths[2]!;
  const window = returnWindow(lastMonth, rules.returnRule.windowMonths);
  let substantiated = 0;
  let criticisms = 0;
  for (const m of months) {
    const s = summarizeMonth(m.sheet, m.active);
    if (!window.has(s.period)) continue;
    substantiated += s.substantiatedComplaints;
    criticisms += s.criticisms;
  }
  for (const h of summariesByMonth(input.history).values()) {
    if (byMonth.has(h.period) || !window.has(h.period)) continue;
    substantiated += h.substantiatedComplaints;
    criticisms += h.criticisms;
  }
  const returnReasons = returnReasonsFor(substantiated, criticisms, rules.returnRule);

  return {
    period: quarter,
    staffId: latest.sheet.staffId,
    name: latest.sheet.name,
    departmentId: latest.sheet.departmentId,
    windowId: latest.sheet.windowId,
    ruleVersion: rules.version,
    status: input.status,
    version: input.version,
    score,
    grade: gradeOf(score, veto, rules.grades),
    veto,
    returnRecommended: returnReasons.length > 0,
    returnReasons,
    items: sortItems(months.flatMap((m) => m.sheet.items.map((i) => ({ ...i, refs: [...i.refs] })))),
    attendance,
    evaluations: { count, byLevel, satisfactionRate: satisfactionRate(byLevel) },
    complaints,
    ...poolEfficiency(months.map((m) => m.sheet)),
    afterClose: [...input.afterClose],
  };
}
