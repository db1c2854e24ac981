/** Chinese labels and number/text formatting shared by the mail body and the workbook. */
import type { Grade, ItemCode, Sheet, SheetItem } from '../domain/types.js';
import { isHalf, isMonth, isQuarter, isYear, localParts } from '../domain/time.js';

export const GRADE_LABELS: Record<Grade, string> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
};

export const ITEM_LABELS: Record<ItemCode, string> = {
  late: '迟到',
  'early-leave': '早退',
  'missing-punch': '缺卡',
  absent: '缺勤(旷岗)',
  'bad-review': '差评',
  complaint: '有效投诉',
  inspection: '巡查问题',
  criticism: '通报批评',
  commendation: '表扬',
  'satisfaction-bonus': '满意度加分',
  'overdue-case': '办件超期',
  'low-participation': '参评率偏低',
  'long-wait': '超时等候',
};

/** Item codes that belong to attendance (月度考勤通报). */
export const ATTENDANCE_CODES: ReadonlySet<string> = new Set<ItemCode>(['late', 'early-leave', 'missing-punch', 'absent']);

export const RETURN_REASON_LABELS: Record<string, string> = {
  complaints: '12个月内有效投诉2次及以上',
  criticisms: '12个月内通报批评2次及以上',
  exposure: '被上级机关或媒体通报、曝光',
  'annual-fail': '年度考核不合格',
};

const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

/**
 * '2026-10' → '2026年10月'; '2026-Q4' → '2026年第四季度'; '2026-H1' → '2026年上半年'; '2026' → '2026年度';
 * anything else is returned as is.
 */
export function periodLabel(period: string): string {
  if (isMonth(period)) return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
  if (isQuarter(period)) return `${period.slice(0, 4)}年第${QUARTER_NAMES[Number(period.slice(6)) - 1]}季度`;
  if (isHalf(period)) return `${period.slice(0, 4)}年${period.endsWith('H1') ? '上' : '下'}半年`;
  if (isYear(period)) return `${period}年度`;
  return period;
}

export const gradeLabel = (g: Grade | string): string => GRADE_LABELS[g as Grade] ?? g;
export const itemLabel = (code: ItemCode | string): string => ITEM_LABELS[code as ItemCode] ?? code;
export const returnReasonLabel = (r: string): string => RETURN_REASON_LABELS[r] ?? r;

/** Grade as shown to people: '不合格（一票否决）' for a veto; '良好（优秀名额已满）' for a year beyond the quota. */
export const gradeText = (s: Pick<Sheet, 'grade' | 'veto' | 'gradeCapped'>): string =>
  s.veto ? `${gradeLabel(s.grade)}（一票否决）` : s.gradeCapped ? `${gradeLabel(s.grade)}（优秀名额已满）` : gradeLabel(s.grade);

/** '是（12个月内有效投诉2次及以上）' / '否'. */
export function returnText(s: Pick<Sheet, 'returnRecommended' | 'returnReasons'>): string {
  if (!s.returnRecommended) return '否';
  const reasons = s.returnReasons.map(returnReasonLabel).join('；');
  return reasons ? `是（${reasons}）` : '是';
}

/** Two decimals, never '-0.00'. */
export const fmtScore = (n: number): string => (Object.is(Math.round(n * 100), -0) ? 0 : n).toFixed(2);

/** Signed points, up to two decimals: '+2', '-1', '-0.5'. */
export function fmtPoints(n: number): string {
  const r = Math.round(n * 100) / 100;
  if (r === 0) return '0';
  return `${r > 0 ? '+' : '-'}${String(Math.abs(r))}`;
}

/** Satisfaction rate (fraction) → '98.5%'; null → '—'. */
export const fmtRate = (r: number | null): string => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

/** Rank as 'n/N' or '—'. */
export const fmtRank = (rank: number | undefined, of: number): string => (rank === undefined ? '—' : `${rank}/${of}`);

/** Number of bad reviews (level 1 or 2) on a sheet. */
export const badReviews = (s: Sheet): number => (s.evaluations.byLevel['1'] ?? 0) + (s.evaluations.byLevel['2'] ?? 0);

/** Hall-time parts of an item's RFC 3339 `at` (already in hall time): date and HH:MM:SS; '' when absent. */
export function itemTime(it: Pick<SheetItem, 'at'>): { date: string; time: string } {
  const at = it.at;
  if (!at || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at)) return { date: at ?? '', time: '' };
  const time = at.slice(11, 19);
  return { date: at.slice(0, 10), time: time.length === 5 ? `${time}:00` : time };
}

/** '2026-11-01 02:00' in the zone. */
export function fmtInstant(iso: string, tz = 'Asia/Shanghai'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const { date, time } = localParts(ms, tz);
  return `${date} ${time.slice(0, 5)}`;
}

/** One-line text for headers and file names: no control characters, collapsed whitespace. */
export const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();

/** A file-name-safe rendering of a name (Windows and mail clients). */
export const fileSafe = (s: string): string => oneLine(s).replace(/[\\/:*?"<>|]+/g, '_') || '_';

/** Staff ordered as in the reports: by hall rank, unranked after, then score desc, then staff id. */
export function orderSheets(sheets: readonly Sheet[], ranks: Record<string, number>): Sheet[] {
  return [...sheets].sort((a, b) => {
    const ra = ranks[a.staffId] ?? Number.POSITIVE_INFINITY;
    const rb = ranks[b.staffId] ?? Number.POSITIVE_INFINITY;
    if (ra !== rb) return ra < rb ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
  });
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
