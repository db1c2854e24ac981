/**
 * Sheets of quarters, half years and years (CONTRACT.md §6, §12): built from the period's monthly
 * sheets, never from events, so a longer period always agrees with the months it reports.
 */
import { poolEfficiency } from './efficiency.js';
import { compositeScore, type Ratings } from './composite.js';
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
import { isQuarter, isYear, monthsOfPeriod } from './time.js';
import type { AttendanceCounts, ComplaintCounts, MonthSummary, Sheet } from './types.js';

export interface StaffPeriodInput {
  /** 'YYYY-Qn', 'YYYY-H1|H2' or 'YYYY' */
  period: string;
  /** The staff member's monthly sheets of the period (months outside it are ignored). */
  months: { sheet: Sheet; active: boolean }[];
  /** Summaries of earlier months, for the return rule (any order; the quarter's own months are taken from `months`). */
  history: MonthSummary[];
  rules: RuleSet;
  status: 'open' | 'closed';
  version: number;
  afterClose: string[];
  /** Quarters and years: the ratings that count (latestRatings); ignored for half years. */
  ratings?: Ratings;
}

/** The v1 quarter input (`quarter` instead of `period`). */
export type StaffQuarterInput = Omit<StaffPeriodInput, 'period'> & { quarter: string };

export const foldStaffQuarter = ({ quarter, ...rest }: StaffQuarterInput): Sheet => foldStaffPeriod({ period: quarter, ...rest });

/**
 * Folds the monthly sheets of a quarter, half year or year into the period's sheet.
 *
 * - computed score: mean of the scores of the months the staff member was active (two decimals, half
 *   up); with no active month, the mean of all given months (the sheet still shows what happened;
 *   such a staff member is not ranked anyway).
 * - quarters and years: score = the composite of the computed score and the ratings
 *   (`composite.quarter|year`); the sheet shows `ratings` and `computedScore`. Half years: the computed score.
 * - veto if any month has one; grade by the same thresholds (a year's quota is applied over the hall
 *   afterwards: capExcellent).
 * - items: every month's items in time order; counts summed; satisfaction rate pooled.
 * - return rule over the `windowMonths` months ending with the period's last month; a year graded
 *   `fail` is returned too (`annual-fail`).
 * @throws Error when `months` is empty (the period would name no staff member)
 */
export function foldStaffPeriod(input: StaffPeriodInput): Sheet {
  const { period: quarter, rules } = input;
  const quarterMonths = monthsOfPeriod(quarter);
  // One sheet per month: the highest version wins.
  const byMonth = new Map<string, { sheet: Sheet; active: boolean }>();
  for (const m of input.months) {
    if (!quarterMonths.includes(m.sheet.period)) continue;
    const prev = byMonth.get(m.sheet.period);
    if (!prev || m.sheet.version > prev.sheet.version) byMonth.set(m.sheet.period, m);
  }
  const months = [...byMonth.values()].sort((a, b) => (a.sheet.period < b.sheet.period ? -1 : 1));
  const latest = months[months.length - 1];
  if (!latest) throw new Error(`foldStaffPeriod(${quarter}): no monthly sheet of the period was given`);

  const active = months.filter((m) => m.active);
  const scored = active.length > 0 ? active : months;
  const computed = fromCents(Math.round(scored.reduce((s, m) => s + toCents(m.sheet.score), 0) / scored.length));
  const composite = isQuarter(quarter) ? rules.composite.quarter : isYear(quarter) ? rules.composite.year : undefined;
  const ratings = composite ? { ...(input.ratings ?? {}) } : undefined;
  const score = composite ? compositeScore(computed, ratings!, composite) : computed;
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
  const lastMonth = quarterMonths[quarterMonths.length - 1]!;
  const window = returnWindow(lastMonth, rules.returnRule.windowMonths);
  let substantiated = 0;
  let criticisms = 0;
  let exposures = 0;
  for (const m of months) {
    const s = summarizeMonth(m.sheet, m.active);
    if (!window.has(s.period)) continue;
    substantiated += s.substantiatedComplaints;
    criticisms += s.criticisms;
    exposures += s.exposures ?? 0;
  }
  for (const h of summariesByMonth(input.history).values()) {
    if (byMonth.has(h.period) || !window.has(h.period)) continue;
    substantiated += h.substantiatedComplaints;
    criticisms += h.criticisms;
    exposures += h.exposures ?? 0;
  }
  const grade = gradeOf(score, veto, rules.grades);
  const returnReasons = returnReasonsFor(substantiated, criticisms, rules.returnRule, exposures);
  // 年度考核不合格 → 退回 (CONTRACT.md §12). The quota only turns excellent into good, never into fail.
  if (isYear(quarter) && grade === 'fail') returnReasons.push('annual-fail');

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
    grade,
    veto,
    returnRecommended: returnReasons.length > 0,
    returnReasons,
    items: sortItems(months.flatMap((m) => m.sheet.items.map((i) => ({ ...i, refs: [...i.refs] })))),
    attendance,
    evaluations: { count, byLevel, satisfactionRate: satisfactionRate(byLevel) },
    complaints,
    ...poolEfficiency(months.map((m) => m.sheet)),
    afterClose: [...input.afterClose],
    ...(ratings ? { ratings, computedScore: computed } : {}),
    ...(isYear(quarter) ? { gradeCapped: false } : {}),
  };
}
