/**
 * Subject, HTML body and plain-text body of a department's assessment mail (CONTRACT.md §5), in
 * Simplified Chinese. The HTML uses inline styles only (mail clients drop <style>) and escapes all text.
 */
import type { Sheet } from '../domain/types.js';
import { isHalf, isMonth, periodDays } from '../domain/time.js';
import { describeChanges, describeStandingChanges } from './changes.js';
import { efficiencyHtml, efficiencyText } from './efficiency.js';
import {
  ATTENDANCE_CODES,
  badReviews,
  escapeHtml as h,
  fmtInstant,
  fmtPoints,
  fmtRank,
  fmtRate,
  fmtScore,
  gradeText,
  itemLabel,
  itemTime,
  oneLine,
  orderSheets,
  periodLabel,
  returnText,
} from './labels.js';
import type { DepartmentReport } from './types.js';
import { closedLoopHtml, closedLoopText } from './closed-loop.js';

const HALL = '政务服务大厅';

const hallName = (r: DepartmentReport): string => oneLine(r.hallName ?? HALL) || HALL;
const windowName = (r: DepartmentReport, id: string): string => r.windows[id]?.name ?? id;
const isCorrection = (r: DepartmentReport): boolean => r.correction ?? r.version > 1;

/**
 * '2026年10月窗口工作人员考核结果'; a half year is the 工作情况通报 halls send each dispatching department
 * twice a year ('2026年上半年窗口工作人员工作情况通报'); a year the 年度考核结果 ('2026年度窗口工作人员考核结果').
 */
const titleOf = (r: DepartmentReport): string =>
  isHalf(r.period) ? `${periodLabel(r.period)}窗口工作人员工作情况通报` : `${periodLabel(r.period)}窗口工作人员考核结果`;

/**
 * `【政务服务大厅】2026年10月窗口工作人员考核结果（某某局）`; a correction is
 * `【更正】【政务服务大厅】2026年10月窗口工作人员考核结果（某某局）（第2版）`.
 */
export function renderSubject(r: DepartmentReport): string {
  const base = `【${hallName(r)}】${titleOf(r)}（${oneLine(r.department.name)}）`;
  return isCorrection(r) ? `【更正】${base}（第${r.version}版）` : base;
}

/** Attendance line items (月度考勤通报) of the sheets, in time order. */
function attendanceRows(sheets: Sheet[]) {
  const rows = sheets.flatMap((s) =>
    s.items.filter((it) => ATTENDANCE_CODES.has(it.code)).map((it) => ({ s, it, ...itemTime(it) })),
  );
  return rows.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.time !== b.time ? (a.time < b.time ? -1 : 1) : a.s.staffId < b.s.staffId ? -1 : a.s.staffId > b.s.staffId ? 1 : 0,
  );
}

const attendancePoints = (s: Sheet): number =>
  s.items.filter((it) => ATTENDANCE_CODES.has(it.code)).reduce((a, it) => a + it.points, 0);

function gradeCounts(sheets: Sheet[]): string {
  const n = { excellent: 0, good: 0, pass: 0, fail: 0 };
  for (const s of sheets) n[s.grade] += 1;
  const back = sheets.filter((s) => s.returnRecommended).length;
  return `本部门参加考核 ${sheets.length} 人：优秀 ${n.excellent} 人，良好 ${n.good} 人，合格 ${n.pass} 人，不合格 ${n.fail} 人；建议退回 ${back} 人。`;
}

function redFlagText(r: DepartmentReport, sheets: Sheet[]): { main: string; ours: string } {
  if (!r.redFlag && r.redFlagMissed) {
    const m = r.redFlagMissed;
    return { main: `本期无窗口获得流动红旗：最高窗口平均分 ${fmtScore(m.meanScore)} 分（${m.name}），低于良好线 ${m.threshold} 分。`, ours: '' };
  }
  if (!r.redFlag) return { main: '本期无流动红旗窗口。', ours: '' };
  const mine = sheets.filter((s) => s.windowId === r.redFlag!.windowId).map((s) => s.name);
  return {
    main: `流动红旗：${r.redFlag.name}（窗口平均分 ${fmtScore(r.redFlag.meanScore)}）`,
    ours: mine.length > 0 ? `本部门在该窗口的工作人员：${mine.join('、')}` : '',
  };
}

function correctionIntro(r: DepartmentReport): { intro: string; lines: string[] } {
  const intro = `本邮件为第${r.version}版，更正此前发布的第${r.previousVersion ?? r.version - 1}版考核结果，请以本版为准。`;
  if (!r.previous) return { intro, lines: [] };
  const lines = describeChanges(r.previous, r.sheets);
  // Other departments' corrections can move this department's ranks or the red flag.
  const standings = describeStandingChanges(r);
  if (lines.length === 0 && standings.length > 0) lines.push('本部门人员得分未变；因其他人员考核结果更正，名次或流动红旗有变化：');
  lines.push(...standings);
  return { intro, lines: lines.length > 0 ? lines : ['与上一版相比，本部门人员考核结果无变化。'] };
}

// ---------------------------------------------------------------- HTML

const FONT = `'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',SimSun,Arial,sans-serif`;
const RED = '#c62828';
const S = {
  body: `margin:0;padding:0;background:#f2f3f5;font-family:${FONT};color:#222;`,
  wrap: `width:100%;background:#f2f3f5;padding:16px 0;`,
  card: `max-width:1360px;margin:0 auto;background:#ffffff;border:1px solid #dcdfe6;`,
  banner: `background:#b71c1c;color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold;letter-spacing:1px;`,
  bannerSub: `display:block;font-size:13px;font-weight:normal;opacity:0.9;margin-top:4px;letter-spacing:0;`,
  inner: `padding:16px 24px 24px 24px;`,
  p: `margin:6px 0;font-size:14px;line-height:1.7;`,
  h2: `margin:22px 0 8px 0;padding-left:8px;border-left:4px solid #b71c1c;font-size:16px;color:#222;`,
  table: `border-collapse:collapse;width:100%;font-size:13px;`,
  th: `border:1px solid #d0d4db;background:#eef1f5;padding:6px 8px;text-align:center;white-space:nowrap;font-weight:bold;`,
  td: `border:1px solid #d0d4db;padding:5px 8px;text-align:center;white-space:nowrap;`,
  tdLeft: `border:1px solid #d0d4db;padding:5px 8px;text-align:left;`,
  flag: `margin:14px 0 4px 0;padding:10px 14px;background:#fff5f5;border:1px solid #f3c4c4;border-left:4px solid ${RED};font-size:14px;`,
  noFlag: `margin:14px 0 4px 0;padding:10px 14px;background:#f7f8fa;border:1px solid #e4e7ed;border-left:4px solid #b0b6bf;font-size:14px;color:#555;`,
  fix: `margin:14px 0 4px 0;padding:10px 14px;background:#fffbe6;border:1px solid #ffe58f;border-left:4px solid #d48806;font-size:14px;`,
  muted: `color:#666;font-size:13px;`,
  footer: `margin-top:24px;padding-top:12px;border-top:1px solid #e4e7ed;color:#888;font-size:12px;line-height:1.7;`,
};

const rowBg = (i: number, alert: boolean): string => (alert ? '#fff1f0' : i % 2 === 1 ? '#f8f9fb' : '#ffffff');
const th = (label: string, extra = ''): string => `<th style="${S.th}${extra}">${h(label)}</th>`;
const td = (text: string | number, extra = ''): string => `<td style="${S.td}${extra}">${h(text)}</td>`;
const red = `color:${RED};font-weight:bold;`;

function mainTable(r: DepartmentReport, sheets: Sheet[]): string {
  const head = [
    '姓名', '窗口', '得分', '等级', '排名', '应出勤天数', '迟到', '早退', '缺卡', '缺勤', '请假', '评价数', '满意率', '差评',
  ].map((x) => th(x));
  head.push(`<th style="${S.th}" title="有效/不属实/待核">投诉<br><span style="font-weight:normal;font-size:12px;">有效/不属实/待核</span></th>`);
  head.push(th('建议退回'));
  const rows = sheets.map((s, i) => {
    const fail = s.grade === 'fail';
    const back = s.returnRecommended;
    const a = s.attendance;
    const c = s.complaints;
    return [
      `<tr style="background:${rowBg(i, fail || back)};">`,
      `<td style="${S.td}font-weight:bold;">${h(s.name)}</td>`,
      `<td style="${S.td}">${h(windowName(r, s.windowId))}</td>`,
      td(fmtScore(s.score), `font-weight:bold;${fail ? red : ''}`),
      td(gradeText(s), fail ? red : ''),
      td(fmtRank(r.ranks[s.staffId], r.rankedCount)),
      td(a.workdays),
      td(a.late, a.late > 0 ? `color:${RED};` : ''),
      td(a.earlyLeave, a.earlyLeave > 0 ? `color:${RED};` : ''),
      td(a.missingPunch, a.missingPunch > 0 ? `color:${RED};` : ''),
      td(a.absent, a.absent > 0 ? `color:${RED};` : ''),
      td(a.excused),
      td(s.evaluations.count),
      td(fmtRate(s.evaluations.satisfactionRate)),
      td(badReviews(s)),
      td(`${c.substantiated}/${c.unsubstantiated}/${c.pending}`, c.substantiated > 0 ? `color:${RED};` : ''),
      `<td style="${S.td}${back ? `${red}white-space:normal;min-width:120px;` : ''}">${h(returnText(s))}</td>`,
      '</tr>',
    ].join('');
  });
  if (rows.length === 0) rows.push(`<tr><td colspan="16" style="${S.td}">本期无考核人员。</td></tr>`);
  return `<table role="presentation" cellspacing="0" cellpadding="0" style="${S.table}"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function attendanceSection(r: DepartmentReport, sheets: Sheet[]): string {
  const counts = sheets.map((s, i) => {
    const a = s.attendance;
    const pts = attendancePoints(s);
    return `<tr style="background:${rowBg(i, false)};">${[
      `<td style="${S.td}font-weight:bold;">${h(s.name)}</td>`,
      td(windowName(r, s.windowId)),
      td(a.workdays),
      td(a.sessions),
      td(a.late, a.late > 0 ? `color:${RED};` : ''),
      td(a.earlyLeave, a.earlyLeave > 0 ? `color:${RED};` : ''),
      td(a.missingPunch, a.missingPunch > 0 ? `color:${RED};` : ''),
      td(a.absent, a.absent > 0 ? `color:${RED};` : ''),
      td(a.excused),
      td(fmtPoints(pts), pts < 0 ? `color:${RED};` : ''),
    ].join('')}</tr>`;
  });
  const countTable = `<table role="presentation" cellspacing="0" cellpadding="0" style="${S.table}"><thead><tr>${[
    '姓名', '窗口', '应出勤天数', '应出勤班次', '迟到', '早退', '缺卡', '缺勤', '请假(班次)', '考勤扣分',
  ]
    .map((x) => th(x))
    .join('')}</tr></thead><tbody>${counts.join('')}</tbody></table>`;

  const items = attendanceRows(sheets);
  const detail =
    items.length === 0
      ? `<p style="${S.p}${S.muted}">本月无迟到、早退、缺卡、缺勤记录。</p>`
      : `<table role="presentation" cellspacing="0" cellpadding="0" style="${S.table}margin-top:10px;"><thead><tr>${[
          '日期', '时间', '姓名', '窗口', '类型', '扣分', '说明',
        ]
          .map((x) => th(x))
          .join('')}</tr></thead><tbody>${items
          .map(
            ({ s, it, date, time }, i) =>
              `<tr style="background:${rowBg(i, false)};">${[
                td(date || '—'),
                td(time || '—'),
                td(s.name),
                td(windowName(r, s.windowId)),
                td(itemLabel(it.code), it.code === 'absent' ? red : ''),
                td(fmtPoints(it.points)),
                `<td style="${S.tdLeft}">${h(it.note ?? '')}</td>`,
              ].join('')}</tr>`,
          )
          .join('')}</tbody></table>`;
  return [
    `<h2 style="${S.h2}">月度考勤通报</h2>`,
    `<p style="${S.p}">${h(`${periodLabel(r.period)}本部门派驻人员考勤情况如下（请假按班次计，不扣分）：`)}</p>`,
    countTable,
    `<p style="${S.p}margin-top:12px;">考勤异常明细：</p>`,
    detail,
  ].join('\n');
}

/** The full HTML document of the mail body. */
export function renderHtml(r: DepartmentReport): string {
  const sheets = orderSheets(r.sheets, r.ranks);
  const { first, last } = periodDays(r.period);
  const subject = renderSubject(r);
  const flag = redFlagText(r, sheets);
  const parts: string[] = [];

  parts.push(`<p style="${S.p}">${h(`${oneLine(r.department.name)}：`)}</p>`);
  parts.push(
    `<p style="${S.p}">${h(
      `现将${periodLabel(r.period)}贵单位派驻${hallName(r)}窗口工作人员的考核结果通报如下，详细扣分、加分明细见附件 Excel 表格。`,
    )}</p>`,
  );
  parts.push(
    `<p style="${S.p}${S.muted}">${[
      `考核周期：${periodLabel(r.period)}（${first} 至 ${last}）`,
      `发布版本：第${r.version}版${isCorrection(r) ? '（更正）' : ''}`,
      `生成时间：${fmtInstant(r.generatedAt, r.tz)}`,
    ]
      .map(h)
      .join('&emsp;')}</p>`,
  );

  if (isCorrection(r)) {
    const fix = correctionIntro(r);
    parts.push(
      `<div style="${S.fix}"><div style="font-weight:bold;margin-bottom:4px;">更正说明</div><div>${h(fix.intro)}</div>${
        fix.lines.length > 0
          ? `<ul style="margin:6px 0 0 0;padding-left:22px;">${fix.lines.map((l) => `<li style="margin:2px 0;">${h(l)}</li>`).join('')}</ul>`
          : ''
      }</div>`,
    );
  }

  parts.push(`<h2 style="${S.h2}">考核结果</h2>`);
  parts.push(`<p style="${S.p}">${h(gradeCounts(sheets))}</p>`);
  parts.push(`<div style="overflow-x:auto;">${mainTable(r, sheets)}</div>`);
  parts.push(
    `<p style="${S.p}${S.muted}">${h(
      `排名为全大厅排名（共 ${r.rankedCount} 人参加排名）；满意率 = 基本满意及以上评价数 / 评价总数；差评指“不满意”“非常不满意”评价；红色标示不合格或建议退回人员。`,
    )}</p>`,
  );
  parts.push(
    r.redFlag
      ? `<div style="${S.flag}"><span style="color:${RED};font-weight:bold;">&#9873; ${h(flag.main)}</span>${
          flag.ours ? `<br><span style="font-size:13px;">${h(flag.ours)}</span>` : ''
        }</div>`
      : `<div style="${S.noFlag}">${h(flag.main)}</div>`,
  );

  parts.push(closedLoopHtml(sheets, (s) => windowName(r, s.windowId), S));
  if (isMonth(r.period)) parts.push(attendanceSection(r, sheets));
  parts.push(
    efficiencyHtml(sheets, (id) => windowName(r, id), { ...S, th, td, rowBg, alert: red, escape: h }),
  );

  if (r.legend && r.legend.length > 0) {
    parts.push(`<h2 style="${S.h2}">计分规则</h2>`);
    parts.push(`<ul style="margin:6px 0;padding-left:22px;${S.muted}line-height:1.7;">${r.legend.map((l) => `<li>${h(l)}</li>`).join('')}</ul>`);
  }

  parts.push(
    `<div style="${S.footer}">${[
      `本邮件由${hallName(r)}考核系统自动生成，请勿直接回复。`,
      '如对考核结果有异议，请与大厅管理办公室联系。',
    ]
      .map(h)
      .join('<br>')}</div>`,
  );

  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(subject)}</title>`,
    '</head>',
    `<body style="${S.body}">`,
    `<div style="${S.wrap}">`,
    `<div style="${S.card}">`,
    `<div style="${S.banner}">${h(`${hallName(r)} · ${titleOf(r)}`)}${
      isCorrection(r) ? `<span style="background:#ffffff;color:#b71c1c;font-size:13px;padding:2px 8px;margin-left:12px;border-radius:3px;">更正 · 第${r.version}版</span>` : ''
    }<span style="${S.bannerSub}">${h(`派驻部门：${oneLine(r.department.name)}`)}</span></div>`,
    `<div style="${S.inner}">`,
    parts.join('\n'),
    '</div>',
    '</div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- plain text

/** The plain-text alternative of the mail body. */
export function renderText(r: DepartmentReport): string {
  const sheets = orderSheets(r.sheets, r.ranks);
  const { first, last } = periodDays(r.period);
  const flag = redFlagText(r, sheets);
  const out: string[] = [];
  out.push(`${hallName(r)} ${titleOf(r)}`, '');
  out.push(`${oneLine(r.department.name)}：`);
  out.push(`现将${periodLabel(r.period)}贵单位派驻${hallName(r)}窗口工作人员的考核结果通报如下，详细明细见附件 Excel 表格。`);
  out.push(`考核周期：${periodLabel(r.period)}（${first} 至 ${last}）`);
  out.push(`发布版本：第${r.version}版${isCorrection(r) ? '（更正）' : ''}`);
  out.push(`生成时间：${fmtInstant(r.generatedAt, r.tz)}`, '');

  if (isCorrection(r)) {
    const fix = correctionIntro(r);
    out.push('【更正说明】', fix.intro, ...fix.lines.map((l) => `  - ${l}`), '');
  }

  out.push('【考核结果】', gradeCounts(sheets));
  sheets.forEach((s, i) => {
    const a = s.attendance;
    const c = s.complaints;
    out.push(
      `${i + 1}. ${s.name}（${windowName(r, s.windowId)}）：得分 ${fmtScore(s.score)}，等级 ${gradeText(s)}，排名 ${fmtRank(r.ranks[s.staffId], r.rankedCount)}`,
      `   应出勤天数 ${a.workdays}，迟到 ${a.late}，早退 ${a.earlyLeave}，缺卡 ${a.missingPunch}，缺勤 ${a.absent}，请假 ${a.excused}`,
      `   评价数 ${s.evaluations.count}，满意率 ${fmtRate(s.evaluations.satisfactionRate)}，差评 ${badReviews(s)}，投诉（有效/不属实/待核）${c.substantiated}/${c.unsubstantiated}/${c.pending}`,
      `   建议退回：${returnText(s)}`,
    );
  });
  if (sheets.length === 0) out.push('本期无考核人员。');
  out.push('', flag.main);
  if (flag.ours) out.push(flag.ours);

  out.push('', ...closedLoopText(sheets));

  if (isMonth(r.period)) {
    out.push('', '【月度考勤通报】');
    for (const s of sheets) {
      const a = s.attendance;
      out.push(
        `${s.name}：应出勤 ${a.workdays} 天 ${a.sessions} 班次，迟到 ${a.late}，早退 ${a.earlyLeave}，缺卡 ${a.missingPunch}，缺勤 ${a.absent}，请假 ${a.excused}，考勤扣分 ${fmtPoints(attendancePoints(s))}`,
      );
    }
    const items = attendanceRows(sheets);
    out.push('考勤异常明细：');
    if (items.length === 0) out.push('  本月无迟到、早退、缺卡、缺勤记录。');
    for (const { s, it, date, time } of items) {
      out.push(`  ${date || '—'} ${time || '—'} ${s.name} ${itemLabel(it.code)} ${fmtPoints(it.points)}${it.note ? ` ${oneLine(it.note)}` : ''}`);
    }
  }

  out.push(...efficiencyText(sheets));
  if (r.legend && r.legend.length > 0) out.push('', '【计分规则】', ...r.legend.map((l) => `  - ${l}`));

  out.push('', `本邮件由${hallName(r)}考核系统自动生成，请勿直接回复。`);
  out.push('如对考核结果有异议，请与大厅管理办公室联系。', '');
  return out.join('\n');
}
