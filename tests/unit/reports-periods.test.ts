/**
 * Mails of half years and years (CONTRACT.md §12), the rules legend, the red flag nobody earned, and
 * the rule that a department reads only Chinese: every note from the fold reaches the mail and the
 * workbook in Chinese.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Shift } from '../../shared/domain/masterdata.js';
import { RuleSetBody } from '../../shared/domain/rules.js';
import { foldStaffMonth } from '../../shared/domain/scoring.js';
import type { Sheet } from '../../shared/domain/types.js';
import { buildWorkbook, periodLabel, renderHtml, renderSubject, renderText, returnReasonLabel, type DepartmentReport } from '../../shared/reports/index.js';
import { rulesLegend } from '../../shared/reports/legend.js';
import { commendation, complaint, criticism, inspection, makeSheet, monthInput, onTimeDay, punch, resolution, review } from '../helpers/fixtures.js';

const DEPT = { id: 'tax', name: '税务局', emails: ['tax@example.gov.cn'] };
const report = (over: Partial<DepartmentReport>): DepartmentReport => ({
  period: '2026-10',
  version: 1,
  department: DEPT,
  sheets: [makeSheet({ name: '张三' })],
  windows: { w1: { name: '1号窗口' } },
  ranks: { s1: 1 },
  rankedCount: 1,
  redFlag: null,
  generatedAt: '2026-11-01T02:00:00+08:00',
  ...over,
});

/** Visible text of an HTML body. */
const visible = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
/** Latin words of two or more letters a reader would see (codes, English notes); ids like BJ2026… are not words. */
const latinWords = (text: string): string[] => [...text.matchAll(/(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g)].map((m) => m[0]);

describe('half-year and year mails', () => {
  it('labels and subjects: 上半年/下半年 工作情况通报, 年度考核结果', () => {
    expect(periodLabel('2026-H1')).toBe('2026年上半年');
    expect(periodLabel('2026-H2')).toBe('2026年下半年');
    expect(periodLabel('2026')).toBe('2026年度');
    expect(renderSubject(report({ period: '2026-H1' }))).toBe('【政务服务大厅】2026年上半年窗口工作人员工作情况通报（税务局）');
    expect(renderSubject(report({ period: '2026' }))).toBe('【政务服务大厅】2026年度窗口工作人员考核结果（税务局）');
    const html = renderHtml(report({ period: '2026-H2', sheets: [makeSheet({ period: '2026-H2', name: '张三' })] }));
    expect(html).toContain('考核周期：2026年下半年（2026-07-01 至 2026-12-31）');
    expect(html).not.toContain('月度考勤通报');
  });

  it('a year: the composite columns, the quota and the new return reasons in Chinese', async () => {
    const capped = makeSheet({ period: '2026', staffId: 's1', name: '张三', score: 96, grade: 'good', gradeCapped: true, computedScore: 97, ratings: { leader: 90 } });
    const failed = makeSheet({
      period: '2026',
      staffId: 's2',
      name: '李四',
      score: 60,
      grade: 'fail',
      gradeCapped: false,
      computedScore: 60,
      ratings: {},
      returnRecommended: true,
      returnReasons: ['exposure', 'annual-fail'],
    });
    const r = report({ period: '2026', sheets: [capped, failed], ranks: { s1: 1, s2: 2 }, rankedCount: 2 });
    const html = renderHtml(r);
    expect(returnReasonLabel('exposure')).toBe('被上级机关或媒体通报、曝光');
    expect(returnReasonLabel('annual-fail')).toBe('年度考核不合格');
    expect(visible(html)).toContain('是（被上级机关或媒体通报、曝光；年度考核不合格）');
    expect(visible(html)).toContain('良好（优秀名额已满）');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildWorkbook(r)) as never);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).map(String);
    for (const h of ['计算得分', '自评', '领导评价', '派驻部门评价', '同事互评', '社会评价', '优秀名额限制']) expect(header).toContain(h);
    const values = wb.worksheets[0]!.getRow(2).values as unknown[];
    const cell = (h: string) => values[header.indexOf(h)] ?? null;
    expect(cell('计算得分')).toBe(97);
    expect(cell('领导评价')).toBe(90);
    expect(cell('自评')).toBeNull();
    expect(cell('优秀名额限制')).toBe('是');
  });
});

describe('the red flag nobody earned', () => {
  it('the mail says no window earned it and why', () => {
    const r = report({ redFlag: null, redFlagMissed: { name: '1号窗口', meanScore: 84.5, threshold: 85 } });
    const text = visible(renderHtml(r));
    expect(text).toContain('本期无窗口获得流动红旗：最高窗口平均分 84.50 分（1号窗口），低于良好线 85 分。');
    expect(renderText(r)).toContain('本期无窗口获得流动红旗：最高窗口平均分 84.50 分（1号窗口），低于良好线 85 分。');
  });
});

describe('the rules legend, from the rule set in force', () => {
  const shift = Shift.parse({ sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }], arriveEarlyMinutes: 15 });

  it('states the thresholds and points the numbers come from', () => {
    const rules = { ...RuleSetBody.parse({ attendance: { late: -2 }, grades: { excellent: 96 } }), version: 4 };
    const lines = rulesLegend({ rules, shifts: [shift], period: '2026-10' });
    const all = lines.join('\n');
    expect(all).toContain('须提前15分钟到岗');
    expect(all).toContain('为迟到，扣2分');
    expect(all).toContain('请假按班次计入“请假”，不扣分');
    expect(all).toContain('≥96分优秀');
    expect(all).toContain('第4版');
    expect(latinWords(all)).toEqual([]);
  });

  it('is shown once in the mail', () => {
    const rules = { ...RuleSetBody.parse({}), version: 0 };
    const r = report({ legend: rulesLegend({ rules, shifts: [shift], period: '2026-10' }) });
    const html = renderHtml(r);
    expect(html.split('计分规则').length - 1).toBe(1);
    expect(html).toContain('须提前15分钟到岗');
    expect(renderText(r)).toContain('须提前15分钟到岗');
  });

  it('a year says how the composite and the quota work', () => {
    const rules = { ...RuleSetBody.parse({ composite: { year: { computed: 0.7, leader: 0.3 } } }), version: 2 };
    const all = rulesLegend({ rules, shifts: [shift], period: '2026' }).join('\n');
    expect(all).toContain('计算得分70%');
    expect(all).toContain('领导评价30%');
    expect(all).toContain('15%');
    expect(latinWords(all)).toEqual([]);
  });
});

describe('every note a department reads is Chinese', () => {
  it('a month of every kind of item: the mail body and the workbook carry no English words', async () => {
    const events = [
      ...onTimeDay('2026-10-12'),
      punch('late', '2026-10-13 08:53:14'),
      punch('l2', '2026-10-13 17:30'),
      punch('m1', '2026-10-14 08:40'),
      // 100 satisfied + 1 bad: 100/101 ≥ 99 % earns the satisfaction bonus
      ...Array.from({ length: 100 }, (_, i) => review(`r${i}`, `c${i}`, 5, `2026-10-15 ${String(9 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`)),
      review('bad', 'BJ2026101600017', 2, '2026-10-16 10:00'),
      complaint('f1', 'k1', '2026-10-16 10:00', { category: 'integrity' }),
      resolution('v1', 'k1', '2026-10-17 10:00', { severity: 'serious' }),
      inspection('i1', '2026-10-19 10:00', { item: 'badge' }),
      criticism('n1', '2026-10-20 10:00', { kind: 'media', note: '暗访曝光' }),
      ...[1, 2, 3].map((i) => commendation(`m${i}`, `2026-10-2${i} 10:00`, { kind: 'banner' })),
    ];
    const closed = new Set(['2026-10-12', '2026-10-13', '2026-10-14']);
    const sheet: Sheet = foldStaffMonth(monthInput({ events, closedDays: closed, status: 'closed' }));
    expect(sheet.items.length).toBeGreaterThan(8);
    for (const it of sheet.items) expect(latinWords(it.note ?? ''), `${it.code}: ${it.note}`).toEqual([]);
    const r = report({ sheets: [sheet] });
    expect(visible(renderHtml(r))).toContain('第1班次 09:00–12:00：08:53:14到岗');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildWorkbook(r)) as never);
    const notes: string[] = [];
    for (const ws of wb.worksheets) {
      const header = (ws.getRow(1).values as unknown[]).map(String);
      const col = header.indexOf('备注');
      if (col < 0) continue;
      ws.eachRow((row, n) => {
        if (n > 1 && row.getCell(col).value) notes.push(String(row.getCell(col).value));
      });
    }
    expect(notes.some((n) => n.includes('评价101次，满意100次'))).toBe(true);
    for (const n of notes) expect(latinWords(n), n).toEqual([]);
  });
});
