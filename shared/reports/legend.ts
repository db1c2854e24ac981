/**
 * The rules legend of a department mail (计分规则): the thresholds and points the mail's numbers come
 * from, stated once, from the rule set the period was scored with and the shifts of the department's
 * staff — so a department reading "迟到 2" knows what 迟到 meant for that hall.
 */
import type { Shift } from '../domain/masterdata.js';
import { isHalf, isYear, monthsOfPeriod } from '../domain/time.js';
import type { CompositeWeights, RuleSet } from '../domain/rules.js';
import { COMPLAINT_CATEGORY_ZH } from '../domain/notes-zh.js';

const pts = (n: number): string => String(Math.abs(Math.round(n * 100) / 100));
const minus = (n: number): string => (n < 0 ? `扣${pts(n)}分` : n > 0 ? `加${pts(n)}分` : '不扣分');
const pct = (r: number): string => `${Math.round(r * 1000) / 10}%`;

const RATER_ZH: Record<keyof CompositeWeights, string> = {
  computed: '计算得分',
  self: '自评',
  leader: '领导评价',
  department: '派驻部门评价',
  peer: '同事互评',
  public: '社会评价',
};

/** '计算得分70%、领导评价30%' (shares of the weights that are not 0). */
function weightsText(w: CompositeWeights): string {
  const entries = (Object.keys(RATER_ZH) as (keyof CompositeWeights)[]).filter((k) => w[k] > 0);
  const sum = entries.reduce((s, k) => s + w[k], 0);
  return entries.map((k) => `${RATER_ZH[k]}${pct(w[k] / sum)}`).join('、');
}

const isDefaultWeights = (w: CompositeWeights): boolean =>
  w.self === 0 && w.leader === 0 && w.department === 0 && w.peer === 0 && w.public === 0;

export interface LegendInput {
  rules: RuleSet;
  /** Shifts of the department's staff (their tolerances differ per shift). */
  shifts: Pick<Shift, 'sessions' | 'arriveEarlyMinutes' | 'lateAbsentMinutes' | 'earlyLeaveAbsentMinutes'>[];
  period: string;
}

/** The legend's lines, in Chinese. */
export function rulesLegend({ rules, shifts, period }: LegendInput): string[] {
  const a = rules.attendance;
  const lines: string[] = [];
  lines.push(`本期按考核规则第${rules.version}版计分，满分基数${pts(rules.base)}分。`);

  // One line per distinct set of tolerances (usually one).
  const seen = new Set<string>();
  for (const s of shifts) {
    const key = `${s.arriveEarlyMinutes}|${s.lateAbsentMinutes}|${s.earlyLeaveAbsentMinutes}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const times = s.sessions.map((x) => `${x.start}–${x.end}`).join('、');
    lines.push(
      `考勤（班次 ${times}）：须提前${s.arriveEarlyMinutes}分钟到岗，晚于此时到岗为迟到，${minus(a.late)}；早于下班时间离岗为早退，${minus(a.earlyLeave)}；` +
        `缺少到岗或离岗打卡之一为缺卡，${minus(a.missingPunch)}；整班次无打卡、迟到超过${s.lateAbsentMinutes}分钟或早退超过${s.earlyLeaveAbsentMinutes}分钟为缺勤，每班次${minus(a.absentPerSession)}。`,
    );
  }
  lines.push('请假按班次计入“请假”，不扣分；经批准请假覆盖的班次不要求打卡。');
  const sb = rules.satisfactionBonus;
  lines.push(
    `好差评：“不满意”${minus(rules.evaluation.level2)}，“非常不满意”${minus(rules.evaluation.level1)}；经核实不属实的差评不计；` +
      `月评价不少于${sb.minEvaluations}次且满意率不低于${pct(sb.minRate)}的，${minus(sb.points)}。`,
  );
  const vetoes = rules.complaint.vetoCategories.map((c) => COMPLAINT_CATEGORY_ZH[c] ?? c).join('、');
  lines.push(
    `投诉：经核实的有效投诉，一般${minus(rules.complaint.minor)}，严重${minus(rules.complaint.serious)}` +
      `${vetoes ? `；${vetoes}类有效投诉一票否决（等级为不合格）` : ''}。`,
  );
  lines.push(
    `巡查发现问题每项${minus(rules.inspection.finding)}，脱岗${minus(rules.inspection.absentFromPost)}；通报批评每次${minus(rules.criticism)}；` +
      `表扬每次${minus(rules.commendation)}；每月加分合计不超过${pts(rules.bonusCapPerMonth)}分。`,
  );
  const g = rules.grades;
  lines.push(`等级：≥${pts(g.excellent)}分优秀，≥${pts(g.good)}分良好，≥${pts(g.pass)}分合格，其余不合格。`);

  const months = monthsOfPeriod(period).length;
  if (months > 1) {
    const weights = isYear(period) ? rules.composite.year : isHalf(period) ? undefined : rules.composite.quarter;
    const base = '得分为在岗各月月度得分的平均值；任一月一票否决则本期不合格';
    if (weights && !isDefaultWeights(weights)) {
      lines.push(`${base}。综合评价：${weightsText(weights)}加权计算；缺少的评价不计，其权重按比例分配给其余各项。`);
    } else lines.push(`${base}。`);
  }
  if (isYear(period)) {
    lines.push(
      `年度优秀等次不超过大厅参加排名人数的${pct(rules.annual.excellentQuota)}（向下取整），按排名先后确定，其余达到优秀分数线的评为良好（优秀名额已满）。`,
    );
  }
  const r = rules.returnRule;
  lines.push(
    `建议退回：${r.windowMonths}个月内有效投诉${r.substantiatedComplaints}次及以上、通报批评${r.criticisms}次及以上，或被上级机关、媒体通报曝光` +
      `${isYear(period) ? '，或年度考核不合格' : ''}。`,
  );
  lines.push(`流动红旗授予窗口平均分最高且不低于良好线（${pts(g.good)}分）的窗口；最高分低于良好线时本期不授予。`);
  return lines;
}
