/**
 * Rankings of a period and hall (CONTRACT.md §6, §7): staff by score, windows by mean staff score,
 * and the red flag window (流动红旗). Satisfaction rates are compared as exact fractions of the
 * review counts (no float rounding decides a tie).
 */
import { poolEfficiency } from './efficiency.js';
import { fromCents, satisfactionRate, toCents } from './scoring.js';
import type { Grade, QueueCounts, Sheet } from './types.js';

export interface StaffRank {
  rank: number;
  staffId: string;
  score: number;
  grade: Grade;
}

export interface WindowRank {
  rank: number;
  windowId: string;
  meanScore: number;
  satisfactionRate: number | null;
  /** The window's tickets pooled over its staff's sheets (CONTRACT.md §10). */
  queue: QueueCounts;
  /** Σ counted reviews ÷ Σ completed cases of its staff (capped at 1), null without completed cases. */
  participationRate: number | null;
}

export interface Ranking {
  period: string;
  staff: StaffRank[];
  windows: WindowRank[];
  redFlagWindowId: string | null;
}

export interface RankInput {
  period: string;
  /** Sheets of the period's active staff (vetoed ones included). */
  sheets: Sheet[];
  /** Windows from master data (any hall); only those of `hallId` are ranked. */
  windows: { id: string; hallId: string }[];
  hallId: string;
  /**
   * The red flag needs at least this mean score (CONTRACT.md §12: the `good` threshold); below it no
   * window earns it. Omitted: no threshold.
   */
  redFlagMinScore?: number;
}

/** Satisfied and total reviews. */
interface Reviews {
  satisfied: number;
  all: number;
}

const reviewsOf = (s: Sheet): Reviews => {
  const b = s.evaluations.byLevel;
  return { satisfied: b['3'] + b['4'] + b['5'], all: b['1'] + b['2'] + b['3'] + b['4'] + b['5'] };
};

/** Higher rate first; no reviews (null) last. Exact: a/b > c/d ⇔ a·d > c·b. */
function cmpRateDesc(x: Reviews, y: Reviews): number {
  if (x.all === 0 || y.all === 0) return (x.all === 0 ? 1 : 0) - (y.all === 0 ? 1 : 0);
  return y.satisfied * x.all - x.satisfied * y.all;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranks a period's staff and windows of one hall.
 *
 * - Staff: only sheets whose window belongs to the hall; score desc → higher satisfaction rate (none
 *   lowest) → smaller staff id; ranks 1..n, no shared ranks.
 * - Windows: windows of the hall with at least one staff sheet; meanScore = mean of the staff's
 *   two-decimal scores, rounded to two decimals; ties on that meanScore → higher pooled satisfaction
 *   rate → smaller window id.
 * - redFlagWindowId: the first window, or null when no window has staff or the first window's
 *   meanScore is below `redFlagMinScore`.
 */
export function rankPeriod(input: RankInput): Ranking {
  const hallWindows = new Set(input.windows.filter((w) => w.hallId === input.hallId).map((w) => w.id));
  // One sheet per staff member: the highest version.
  const byStaff = new Map<string, Sheet>();
  for (const s of input.sheets) {
    if (!hallWindows.has(s.windowId)) continue;
    const prev = byStaff.get(s.staffId);
    if (!prev || s.version > prev.version) byStaff.set(s.staffId, s);
  }
  const sheets = [...byStaff.values()];

  const staff = sheets
    .map((s) => ({ s, cents: toCents(s.score), reviews: reviewsOf(s) }))
    .sort((a, b) => b.cents - a.cents || cmpRateDesc(a.reviews, b.reviews) || cmpStr(a.s.staffId, b.s.staffId))
    .map(({ s }, i) => ({ rank: i + 1, staffId: s.staffId, score: s.score, grade: s.grade }));

  const perWindow = new Map<string, { cents: number; n: number; reviews: Reviews; byLevel: Sheet['evaluations']['byLevel']; sheets: Sheet[] }>();
  for (const s of sheets) {
    const w = perWindow.get(s.windowId) ?? {
      cents: 0,
      n: 0,
      reviews: { satisfied: 0, all: 0 },
      byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      sheets: [],
    };
    w.sheets.push(s);
    w.cents += toCents(s.score);
    w.n += 1;
    const r = reviewsOf(s);
    w.reviews.satisfied += r.satisfied;
    w.reviews.all += r.all;
    for (const k of ['1', '2', '3', '4', '5'] as const) w.byLevel[k] += s.evaluations.byLevel[k];
    perWindow.set(s.windowId, w);
  }
  const windows = [...perWindow]
    .map(([windowId, w]) => ({ windowId, meanCents: Math.round(w.cents / w.n), reviews: w.reviews, rate: satisfactionRate(w.byLevel), pooled: poolEfficiency(w.sheets) }))
    .sort((a, b) => b.meanCents - a.meanCents || cmpRateDesc(a.reviews, b.reviews) || cmpStr(a.windowId, b.windowId))
    .map((w, i) => ({
      rank: i + 1,
      windowId: w.windowId,
      meanScore: fromCents(w.meanCents),
      satisfactionRate: w.rate,
      queue: w.pooled.queue,
      participationRate: w.pooled.cases.participationRate,
    }));

  const best = windows[0];
  const earned = best !== undefined && (input.redFlagMinScore === undefined || toCents(best.meanScore) >= toCents(input.redFlagMinScore));
  return { period: input.period, staff, windows, redFlagWindowId: earned ? best.windowId : null };
}
