/**
 * Assessment periods (CONTRACT.md §5, §12): month `YYYY-MM`, quarter `YYYY-Qn`, half year `YYYY-H1|H2`,
 * year `YYYY`. Longer periods are built from the months they hold; closing one first closes the open
 * periods one level down (a quarter its months; a half year or a year its quarters, never a half year).
 */
import { isHalf, isMonth, isQuarter, isYear, monthsOfPeriod } from './time.js';

export { isHalf, isYear, monthsOfPeriod } from './time.js';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

/** The kind of a period string, or undefined when it is none of the four forms. */
export function periodKind(p: string): PeriodKind | undefined {
  if (isMonth(p)) return 'month';
  if (isQuarter(p)) return 'quarter';
  if (isHalf(p)) return 'half';
  if (isYear(p)) return 'year';
  return undefined;
}

export const isPeriod = (p: string): boolean => periodKind(p) !== undefined;

/** Periods folded from monthly sheets (everything but a month). */
export const isMultiMonth = (p: string): boolean => {
  const k = periodKind(p);
  return k !== undefined && k !== 'month';
};

/** Periods that take composite ratings (`rating.recorded`, rule set `composite.quarter|year`). */
export const takesRatings = (p: string): boolean => isQuarter(p) || isYear(p);

/**
 * What closing a period closes first (CONTRACT.md §5, §12): a quarter its months; a half year or a
 * year its quarters (which close their months); a month nothing (its days are handled by the close).
 */
export function subPeriods(p: string): string[] {
  if (isQuarter(p)) return monthsOfPeriod(p);
  if (isHalf(p) || isYear(p)) {
    const y = p.slice(0, 4);
    const quarters = isYear(p) ? [1, 2, 3, 4] : p.endsWith('H1') ? [1, 2] : [3, 4];
    return quarters.map((q) => `${y}-Q${q}`);
  }
  return [];
}

/** The period of a kind that holds a month: ('2026-08', 'half') → '2026-H2'. */
export function periodOf(month: string, kind: PeriodKind): string {
  const y = month.slice(0, 4);
  const m = Number(month.slice(5, 7));
  switch (kind) {
    case 'month':
      return month;
    case 'quarter':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'half':
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'year':
      return y;
  }
}
