/**
 * The annual assessment's quota (CONTRACT.md §12): at most `annual.excellentQuota` of a hall's ranked
 * staff keep `excellent` for a year, in rank order; the others of them become `good` (gradeCapped).
 * 优秀 places are scarce in a 年度考核, so the hall's ranking — not the order sheets were read in — decides.
 */
import type { Ranking } from './ranking.js';
import type { Sheet } from './types.js';

/** ⌊quota × ranked⌋, immune to float dust (0.29 × 100 = 28.999…). */
export function excellentAllowed(ranked: number, quota: number): number {
  return Math.floor(Math.round(quota * ranked * 1e6) / 1e6);
}

/**
 * Applies the quota per hall ranking (each hall has its own). Vetoed and other non-excellent staff
 * count among the ranked but take no place. Sheets not in any ranking are returned unchanged.
 */
export function capExcellent(sheets: readonly Sheet[], rankings: readonly Ranking[], quota: number): Sheet[] {
  const byId = new Map(sheets.map((s) => [s.staffId, s]));
  const capped = new Set<string>();
  for (const r of rankings) {
    let left = excellentAllowed(r.staff.length, quota);
    for (const entry of r.staff) {
      const s = byId.get(entry.staffId);
      if (!s || s.grade !== 'excellent') continue;
      if (left > 0) left--;
      else capped.add(s.staffId);
    }
  }
  return sheets.map((s) => (capped.has(s.staffId) ? { ...s, grade: 'good' as const, gradeCapped: true } : s));
}

/** A ranking whose grades are those of the (capped) sheets. */
export function withSheetGrades(r: Ranking, sheets: readonly Sheet[]): Ranking {
  const grade = new Map(sheets.map((s) => [s.staffId, s.grade]));
  return { ...r, staff: r.staff.map((e) => ({ ...e, grade: grade.get(e.staffId) ?? e.grade })) };
}
