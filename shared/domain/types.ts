/** Shapes shared across the domain: score sheets (CONTRACT.md §7) and the inputs of the pure folds. */
import type { StoredEvent } from './events.js';
import type { Shift, Staff, WithId } from './masterdata.js';

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';

export type ItemCode =
  | 'late'
  | 'early-leave'
  | 'missing-punch'
  | 'absent'
  | 'bad-review'
  | 'complaint'
  | 'inspection'
  | 'criticism'
  | 'commendation'
  | 'satisfaction-bonus'
  | 'overdue-case'
  | 'low-participation'
  | 'long-wait';

export interface SheetItem {
  code: ItemCode;
  points: number;
  /** RFC 3339 in hall time: the decisive moment (punch, session deadline, review, resolution…). */
  at?: string;
  /** Ids of the events behind the item (for an absence: the session's missing punches → []). */
  refs: string[];
  note?: string;
  /** A criticism by a superior body or the media (CONTRACT.md §12); absent for the hall's own. */
  kind?: 'superior' | 'media';
}

export interface AttendanceCounts {
  workdays: number;
  sessions: number;
  late: number;
  earlyLeave: number;
  missingPunch: number;
  absent: number;
  excused: number;
}

export interface EvaluationCounts {
  count: number;
  byLevel: Record<'1' | '2' | '3' | '4' | '5', number>;
  satisfactionRate: number | null;
}

export interface ComplaintCounts {
  filed: number;
  substantiated: number;
  unsubstantiated: number;
  pending: number;
}

/** Cases (办件) of a staff-month (CONTRACT.md §10): onTime + overdue + pending = due. */
export interface CaseCounts {
  accepted: number;
  completed: number;
  due: number;
  onTime: number;
  overdue: number;
  pending: number;
  /** min(1, counted reviews ÷ completed cases); null with no completed case. */
  participationRate: number | null;
}

/** Queue tickets (叫号) of a staff-month; minutes to two decimals, null when nothing was served. */
export interface QueueCounts {
  served: number;
  noShow: number;
  meanWaitMinutes: number | null;
  longWaits: number;
  meanServiceMinutes: number | null;
  /** Sums over served tickets (seconds), so quarters and windows pool exactly instead of averaging means. */
  totalWaitSeconds: number;
  totalServiceSeconds: number;
}

export interface Sheet {
  period: string;
  staffId: string;
  name: string;
  departmentId: string;
  windowId: string;
  ruleVersion: number;
  status: 'open' | 'closed';
  version: number;
  score: number;
  grade: Grade;
  veto: boolean;
  returnRecommended: boolean;
  returnReasons: string[];
  items: SheetItem[];
  attendance: AttendanceCounts;
  evaluations: EvaluationCounts;
  complaints: ComplaintCounts;
  cases: CaseCounts;
  queue: QueueCounts;
  afterClose: string[];
  /** Quarters and years (CONTRACT.md §12): the latest rating of each rater, and the mean of active months. */
  ratings?: import('./composite.js').Ratings;
  computedScore?: number;
  /** Years: an excellent score beyond the hall's quota, graded good. */
  gradeCapped?: boolean;
}

/** Per-month numbers the return rule (12 months) and quarter sheets need from earlier months. */
export interface MonthSummary {
  period: string;
  score: number;
  veto: boolean;
  active: boolean;
  substantiatedComplaints: number;
  criticisms: number;
  /** Criticisms by a superior body or the media (absent in summaries stored before v2: none). */
  exposures?: number;
  /** Reviews pooled for satisfaction rate: count of reviews and of level ≥ 3. */
  reviews: number;
  satisfiedReviews: number;
}

/** Everything the monthly fold needs; no I/O happens inside it. */
export interface StaffMonthInput {
  period: string; // YYYY-MM
  tz: string;
  staff: WithId<Staff>;
  shift: WithId<Shift>;
  /**
   * The hall's calendars (CONTRACT.md §8), built by the caller from stored calendar data. Working-day
   * arithmetic on the staff member's calendar: `input.calendars.get(input.shift.calendar)`.
   */
  calendars: import('./calendar.js').Calendars;
  rules: import('./rules.js').RuleSet;
  /**
   * Every event of the staff-month partition: punches, leaves (that overlap the month), reviews and their
   * annulments, complaints and their resolutions (either half may lie in another month), inspections,
   * criticisms, commendations. May hold duplicates of one (source, id); the fold ignores repeats.
   */
  events: StoredEvent[];
  /** Hall-local days of the month that have been closed: attendance items appear only for these. */
  closedDays: ReadonlySet<string>;
  /** Summaries of the 11 months before `period` (any order, missing months allowed). */
  history: MonthSummary[];
  status: 'open' | 'closed';
  version: number;
  afterClose: string[];
}
