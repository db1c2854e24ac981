/** Assessment periods as the console names and picks them (CONTRACT.md §5, §12). */
import { currentMonth } from './api';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';
export const PERIOD_KIND: Record<PeriodKind, string> = { month: '月度', quarter: '季度', half: '半年', year: '年度' };

export function kindOf(p: string): PeriodKind | null {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(p)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(p)) return 'quarter';
  if (/^\d{4}-H[12]$/.test(p)) return 'half';
  if (/^\d{4}$/.test(p)) return 'year';
  return null;
}

/** The period of a kind that holds the given month ('2026-08', 'half') → '2026-H2'. */
export function periodOf(kind: PeriodKind, month = currentMonth()): string {
  const [y, m] = [month.slice(0, 4), Number(month.slice(5, 7))];
  switch (kind) {
    case 'month':
      return month;
    case 'quarter':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'half':
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'year':
      return y;
  }
}

/** '2026-H2' → '2026年下半年' (page titles and messages). */
export function periodLabel(p: string): string {
  const k = kindOf(p);
  if (k === 'month') return `${p.slice(0, 4)}年${Number(p.slice(5))}月`;
  if (k === 'quarter') return `${p.slice(0, 4)}年第${'一二三四'[Number(p.slice(6)) - 1]}季度`;
  if (k === 'half') return `${p.slice(0, 4)}年${p.endsWith('1') ? '上' : '下'}半年`;
  if (k === 'year') return `${p}年度`;
  return p;
}
