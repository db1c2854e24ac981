/** What changed between two published versions of a period's sheets, in Chinese (更正说明). */
import type { Sheet, SheetItem } from '../domain/types.js';
import { fmtPoints, fmtRate, fmtScore, gradeLabel, gradeText, itemLabel, returnText } from './labels.js';

const yesNo = (b: boolean): string => (b ? '是' : '否');

/** Identity of an item across versions: same code, points, time and events. */
const itemKey = (it: SheetItem): string => JSON.stringify([it.code, it.points, it.at ?? '', [...it.refs].sort()]);

/** Per code: count and points of the items of `a` that `b` lacks (multiset difference). */
function itemDiff(a: readonly SheetItem[], b: readonly SheetItem[]): Map<string, { n: number; points: number }> {
  const left = new Map<string, number>();
  for (const it of b) left.set(itemKey(it), (left.get(itemKey(it)) ?? 0) + 1);
  const out = new Map<string, { n: number; points: number }>();
  for (const it of a) {
    const k = itemKey(it);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      continue;
    }
    const acc = out.get(it.code) ?? { n: 0, points: 0 };
    acc.n += 1;
    acc.points += it.points;
    out.set(it.code, acc);
  }
  return out;
}

const summarise = (verb: string, d: Map<string, { n: number; points: number }>): string[] =>
  [...d].map(([code, { n, points }]) => `${verb}${itemLabel(code)} ${n} 项（${fmtPoints(points)} 分）`);

const who = (s: Sheet): string => `${s.name}（${s.staffId}）`;

/**
 * One Chinese line per staff whose result changed, e.g.
 * '张三：得分 96.00 → 93.00，等级 优秀 → 良好；新增有效投诉 1 项（-3 分）',
 * plus '新增：…' / '移除：…' for staff only in one version. Unchanged staff get no line.
 */
export function describeChanges(previous: Sheet[], current: Sheet[]): string[] {
  const before = new Map(previous.map((s) => [s.staffId, s]));
  const after = new Map(current.map((s) => [s.staffId, s]));
  const lines: string[] = [];

  for (const cur of current) {
    const prev = before.get(cur.staffId);
    if (!prev) {
      lines.push(`新增：${who(cur)}，得分 ${fmtScore(cur.score)}，等级 ${gradeText(cur)}`);
      continue;
    }
    const parts: string[] = [];
    if (fmtScore(prev.score) !== fmtScore(cur.score)) parts.push(`得分 ${fmtScore(prev.score)} → ${fmtScore(cur.score)}`);
    if (prev.grade !== cur.grade) parts.push(`等级 ${gradeLabel(prev.grade)} → ${gradeLabel(cur.grade)}`);
    if (prev.veto !== cur.veto) parts.push(`一票否决 ${yesNo(prev.veto)} → ${yesNo(cur.veto)}`);
    if (returnText(prev) !== returnText(cur)) parts.push(`建议退回 ${returnText(prev)} → ${returnText(cur)}`);
    const rp = prev.evaluations.satisfactionRate;
    const rc = cur.evaluations.satisfactionRate;
    if (fmtRate(rp) !== fmtRate(rc)) parts.push(`满意率 ${fmtRate(rp)} → ${fmtRate(rc)}`);
    const itemParts = [
      ...summarise('新增', itemDiff(cur.items, prev.items)),
      ...summarise('撤销', itemDiff(prev.items, cur.items)),
    ];
    if (parts.length === 0 && itemParts.length === 0) continue;
    const head = parts.length > 0 ? parts.join('，') : `得分 ${fmtScore(cur.score)} 不变`;
    lines.push(`${cur.name}：${head}${itemParts.length > 0 ? `；${itemParts.join('，')}` : ''}`);
  }
  for (const prev of previous) {
    if (!after.has(prev.staffId)) lines.push(`移除：${who(prev)}（原得分 ${fmtScore(prev.score)}，等级 ${gradeText(prev)}）`);
  }
  return lines;
}

/**
 * What moved in a correction without any of the department's own sheets changing: its staff's hall
 * ranks and the red flag, e.g. '王五（s3）：名次 3 → 2', '流动红旗：1号窗口 → 2号窗口'.
 */
export function describeStandingChanges(r: {
  sheets: Sheet[];
  ranks: Record<string, number>;
  redFlag: { name: string } | null;
  previousStandings?: { ranks: Record<string, number>; redFlag: { name: string } | null };
}): string[] {
  const before = r.previousStandings;
  if (!before) return [];
  const rank = (n: number | undefined) => (n === undefined ? '未排名' : String(n));
  const lines = r.sheets
    .filter((s) => before.ranks[s.staffId] !== r.ranks[s.staffId])
    .map((s) => `${who(s)}：名次 ${rank(before.ranks[s.staffId])} → ${rank(r.ranks[s.staffId])}`);
  const flag = (f: { name: string } | null) => f?.name ?? '无';
  if (flag(before.redFlag) !== flag(r.redFlag)) lines.push(`流动红旗：${flag(before.redFlag)} → ${flag(r.redFlag)}`);
  return lines;
}
