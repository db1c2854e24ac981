/**
 * The 好差评 closed loop in department mails and workbooks (CONTRACT.md §11): 整改率 (rectified ÷ bad
 * reviews) and 回访率 (revisited ÷ bad reviews), for the department and per staff member. Bad reviews
 * are those submitted in the period, as on the sheets.
 */
import { emptyRectification, type RectificationCounts } from '../domain/rectification.js';
import type { Sheet } from '../domain/types.js';
import { escapeHtml as h, fmtRate } from './labels.js';

export const CLOSED_LOOP_SHEET = '好差评整改';

/** The department's pooled counts (sheets without the block count nothing). */
export function pooledRectification(sheets: readonly Sheet[]): RectificationCounts {
  const total = emptyRectification();
  for (const s of sheets) {
    const r = s.rectification;
    if (!r) continue;
    for (const k of Object.keys(total) as (keyof RectificationCounts)[]) total[k] += r[k];
  }
  return total;
}

/** 整改率 and 回访率 as fractions; null with no bad review. */
export function closedLoopRates(r: RectificationCounts): { rectificationRate: number | null; revisitRate: number | null } {
  if (r.badReviews === 0) return { rectificationRate: null, revisitRate: null };
  return { rectificationRate: r.rectified / r.badReviews, revisitRate: r.revisited / r.badReviews };
}

/** '差评 5 件，整改率 40.0%，回访率 60.0%（按时整改 1 件，超期 3 件，待整改 1 件；申诉 1 件；回访满意 1 件）' */
export function closedLoopSummary(r: RectificationCounts): string {
  if (r.badReviews === 0) return '本期无差评，整改率 —，回访率 —。';
  const { rectificationRate, revisitRate } = closedLoopRates(r);
  return (
    `本部门差评 ${r.badReviews} 件，整改率 ${fmtRate(rectificationRate)}，回访率 ${fmtRate(revisitRate)}` +
    `（已整改 ${r.rectified} 件，其中按时 ${r.onTime} 件；超期 ${r.overdue} 件；待整改 ${r.pending} 件；申诉 ${r.appealed} 件；回访满意 ${r.revisitSatisfied} 件）。`
  );
}

export const CLOSED_LOOP_HEADERS = ['差评', '已整改', '按时整改', '超期', '待整改', '申诉', '已回访', '回访满意', '整改率', '回访率'] as const;

/** One staff member's (or the department's) cells under CLOSED_LOOP_HEADERS. */
export function closedLoopCells(r: RectificationCounts): (number | null)[] {
  const { rectificationRate, revisitRate } = closedLoopRates(r);
  return [r.badReviews, r.rectified, r.onTime, r.overdue, r.pending, r.appealed, r.revisited, r.revisitSatisfied, rectificationRate, revisitRate];
}

/** The mail's section: a summary line and a table per staff member. */
export function closedLoopHtml(
  sheets: readonly Sheet[],
  name: (s: Sheet) => string,
  styles: { h2: string; p: string; table: string; th: string; td: string; muted: string },
): string {
  const total = pooledRectification(sheets);
  const cell = (v: number | null, i: number) => (i >= 8 ? fmtRate(v) : String(v ?? 0));
  const rows = sheets
    .filter((s) => s.rectification && s.rectification.badReviews > 0)
    .map(
      (s) =>
        `<tr><td style="${styles.td}font-weight:bold;">${h(s.name)}</td><td style="${styles.td}">${h(name(s))}</td>${closedLoopCells(s.rectification!)
          .map((v, i) => `<td style="${styles.td}">${h(cell(v, i))}</td>`)
          .join('')}</tr>`,
    );
  const table =
    rows.length === 0
      ? ''
      : `<table role="presentation" cellspacing="0" cellpadding="0" style="${styles.table}"><thead><tr>${['姓名', '窗口', ...CLOSED_LOOP_HEADERS]
          .map((x) => `<th style="${styles.th}">${h(x)}</th>`)
          .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return [
    `<h2 style="${styles.h2}">好差评整改与回访</h2>`,
    `<p style="${styles.p}">${h(closedLoopSummary(total))}</p>`,
    table,
    `<p style="${styles.p}${styles.muted}">${h(
      '差评指本期提交、未被核销的“不满意”“非常不满意”评价；须在规定工作日内整改，逾期未整改每件扣分；整改率 = 已整改 / 差评，回访率 = 已回访 / 差评。',
    )}</p>`,
  ].join('\n');
}

/** The plain-text lines of the same section. */
export function closedLoopText(sheets: readonly Sheet[]): string[] {
  const out = ['【好差评整改与回访】', closedLoopSummary(pooledRectification(sheets))];
  for (const s of sheets) {
    const r = s.rectification;
    if (!r || r.badReviews === 0) continue;
    const { rectificationRate, revisitRate } = closedLoopRates(r);
    out.push(`${s.name}：差评 ${r.badReviews}，已整改 ${r.rectified}（按时 ${r.onTime}），超期 ${r.overdue}，待整改 ${r.pending}，整改率 ${fmtRate(rectificationRate)}，回访率 ${fmtRate(revisitRate)}`);
  }
  return out;
}
