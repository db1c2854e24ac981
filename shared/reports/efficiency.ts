/**
 * The service-efficiency part of a department report (CONTRACT.md §10): 办件 (cases and their time
 * limits), 参评率 (participation rate) and 叫号 (queue tickets), for the mail body (HTML and text) and
 * the workbook. mail-html.ts and workbook.ts each call in once; the layout helpers are passed in so
 * this module keeps to what is shown.
 */
import { emptyCases, emptyQueue } from '../domain/efficiency.js';
import type { CaseCounts, QueueCounts, Sheet } from '../domain/types.js';
import { fmtPoints, fmtRate, itemTime, oneLine } from './labels.js';

export const EFFICIENCY_SHEET = '办件与叫号';

const casesOf = (s: Sheet): CaseCounts => s.cases ?? emptyCases();
const queueOf = (s: Sheet): QueueCounts => s.queue ?? emptyQueue();

/** Minutes with up to two decimals; '—' when nothing was served. */
export const fmtMinutes = (m: number | null): string => (m === null ? '—' : String(Math.round(m * 100) / 100));

/** Column headers shared by the mail table and the workbook sheet (after name and window). */
export const EFFICIENCY_HEADERS = [
  '办件总数',
  '办结',
  '到期应办结',
  '按时办结',
  '超期',
  '待办结',
  '参评率',
  '叫号服务人次',
  '过号',
  '平均等候时长(分钟)',
  '超时等候',
  '平均办理时长(分钟)',
] as const;

/** The numbers of a sheet in EFFICIENCY_HEADERS order (rates as fractions, minutes as numbers or null). */
export function efficiencyValues(s: Sheet): (number | null)[] {
  const c = casesOf(s);
  const q = queueOf(s);
  return [c.accepted, c.completed, c.due, c.onTime, c.overdue, c.pending, c.participationRate, q.served, q.noShow, q.meanWaitMinutes, q.longWaits, q.meanServiceMinutes];
}

const EFFICIENCY_CODES: ReadonlySet<string> = new Set(['overdue-case', 'low-participation', 'long-wait']);

/** Whether any sheet has a case or a ticket (a hall without approval or queue systems shows nothing). */
export const hasEfficiency = (sheets: readonly Sheet[]): boolean =>
  sheets.some((s) => {
    const c = casesOf(s);
    const q = queueOf(s);
    return c.accepted + c.completed + c.due + q.served + q.noShow > 0;
  });

export interface HtmlKit {
  h2: string;
  p: string;
  muted: string;
  table: string;
  tdLeft: string;
  th: (label: string) => string;
  td: (text: string | number, extra?: string) => string;
  rowBg: (i: number, alert: boolean) => string;
  alert: string;
  escape: (s: unknown) => string;
}

/** The mail's 办件与叫号情况 section (HTML). */
export function efficiencyHtml(sheets: readonly Sheet[], windowName: (id: string) => string, k: HtmlKit, longWaitMinutes = 30): string {
  if (!hasEfficiency(sheets)) return '';
  const head = ['姓名', '窗口', ...EFFICIENCY_HEADERS.map((x) => (x === '超时等候' ? `超时等候(>${longWaitMinutes}分钟)` : x))].map(k.th).join('');
  const rows = sheets.map((s, i) => {
    const c = casesOf(s);
    const q = queueOf(s);
    const low = s.items.some((it) => it.code === 'low-participation');
    return `<tr style="background:${k.rowBg(i, c.overdue > 0)};">${[
      k.td(s.name, 'font-weight:bold;'),
      k.td(windowName(s.windowId)),
      k.td(c.accepted),
      k.td(c.completed),
      k.td(c.due),
      k.td(c.onTime),
      k.td(c.overdue, c.overdue > 0 ? k.alert : ''),
      k.td(c.pending),
      k.td(fmtRate(c.participationRate), low ? k.alert : ''),
      k.td(q.served),
      k.td(q.noShow),
      k.td(fmtMinutes(q.meanWaitMinutes)),
      k.td(q.longWaits, q.longWaits > 0 ? k.alert : ''),
      k.td(fmtMinutes(q.meanServiceMinutes)),
    ].join('')}</tr>`;
  });
  const details = detailRows(sheets);
  const detail =
    details.length === 0
      ? `<p style="${k.p}${k.muted}">本期无超期办件、参评率偏低记录。</p>`
      : `<table role="presentation" cellspacing="0" cellpadding="0" style="${k.table}margin-top:10px;"><thead><tr>${['日期', '时间', '姓名', '类型', '扣分', '说明']
          .map(k.th)
          .join('')}</tr></thead><tbody>${details
          .map(
            (d, i) =>
              `<tr style="background:${k.rowBg(i, false)};">${[k.td(d.date), k.td(d.time), k.td(d.name), k.td(d.label), k.td(d.points)].join('')}<td style="${k.tdLeft}">${k.escape(d.note)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return [
    `<h2 style="${k.h2}">办件与叫号情况</h2>`,
    `<p style="${k.p}">${k.escape(
      '办件按限时办结要求统计：即办件当日办结，承诺件自受理次日起按工作日计算时限（特别程序期间不计）；超期办件每件扣分。参评率 = 评价数 / 办结件数；等候时长 = 叫号时间 − 取号时间。',
    )}</p>`,
    `<div style="overflow-x:auto;"><table role="presentation" cellspacing="0" cellpadding="0" style="${k.table}"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
    `<p style="${k.p}margin-top:12px;">超期办件及参评率明细：</p>`,
    detail,
  ].join('\n');
}

const DETAIL_LABELS: Record<string, string> = { 'overdue-case': '办件超期', 'low-participation': '参评率偏低', 'long-wait': '超时等候' };

function detailRows(sheets: readonly Sheet[]) {
  const rows = sheets.flatMap((s) =>
    s.items
      .filter((it) => EFFICIENCY_CODES.has(it.code))
      .map((it) => ({ ...itemTime(it), name: s.name, staffId: s.staffId, label: DETAIL_LABELS[it.code] ?? it.code, points: fmtPoints(it.points), note: oneLine(it.note ?? '') })),
  );
  return rows.sort((a, b) => (a.date + a.time + a.staffId < b.date + b.time + b.staffId ? -1 : 1));
}

/** The mail's 【办件与叫号情况】 part (plain text). */
export function efficiencyText(sheets: readonly Sheet[]): string[] {
  if (!hasEfficiency(sheets)) return [];
  const out = ['', '【办件与叫号情况】'];
  for (const s of sheets) {
    const c = casesOf(s);
    const q = queueOf(s);
    out.push(
      `${s.name}：办件总数 ${c.accepted}，办结 ${c.completed}，到期应办结 ${c.due}（按时办结 ${c.onTime}，超期 ${c.overdue}，待办结 ${c.pending}），参评率 ${fmtRate(c.participationRate)}；` +
        `叫号服务 ${q.served} 人次，过号 ${q.noShow}，平均等候时长 ${fmtMinutes(q.meanWaitMinutes)} 分钟，超时等候 ${q.longWaits}，平均办理时长 ${fmtMinutes(q.meanServiceMinutes)} 分钟`,
    );
  }
  const details = detailRows(sheets);
  if (details.length > 0) {
    out.push('超期办件及参评率明细：');
    for (const d of details) out.push(`  ${d.date} ${d.time} ${d.name} ${d.label} ${d.points}${d.note ? ` ${d.note}` : ''}`);
  }
  return out;
}
