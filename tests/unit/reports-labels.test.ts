import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  fmtPoints,
  fmtRank,
  fmtRate,
  fmtScore,
  gradeText,
  itemLabel,
  periodLabel,
  returnText,
} from '../../shared/reports/labels.js';
import { buildDepartmentMail, renderHtml } from '../../shared/reports/index.js';
import { sampleReport } from '../../shared/reports/sample.js';

describe('report labels', () => {
  it('period labels', () => {
    expect(periodLabel('2026-10')).toBe('2026年10月');
    expect(periodLabel('2026-01')).toBe('2026年1月');
    expect(periodLabel('2026-Q1')).toBe('2026年第一季度');
    expect(periodLabel('2026-Q2')).toBe('2026年第二季度');
    expect(periodLabel('2026-Q3')).toBe('2026年第三季度');
    expect(periodLabel('2026-Q4')).toBe('2026年第四季度');
  });

  it('numbers', () => {
    expect(fmtScore(96)).toBe('96.00');
    expect(fmtScore(0)).toBe('0.00');
    expect(fmtScore(-0.001)).toBe('0.00');
    expect(fmtScore(87.456)).toBe('87.46');
    expect(fmtRate(null)).toBe('—');
    expect(fmtRate(1)).toBe('100.0%');
    expect(fmtRate(35 / 37)).toBe('94.6%');
    expect(fmtRate(0.9995)).toBe('100.0%');
    expect(fmtRate(0)).toBe('0.0%');
    expect(fmtPoints(-3)).toBe('-3');
    expect(fmtPoints(2)).toBe('+2');
    expect(fmtPoints(0.1 + 0.2)).toBe('+0.3');
    expect(fmtPoints(0)).toBe('0');
    expect(fmtRank(3, 40)).toBe('3/40');
    expect(fmtRank(undefined, 40)).toBe('—');
  });

  it('grades, items, return reasons', () => {
    expect(gradeText({ grade: 'excellent', veto: false })).toBe('优秀');
    expect(gradeText({ grade: 'good', veto: false })).toBe('良好');
    expect(gradeText({ grade: 'pass', veto: false })).toBe('合格');
    expect(gradeText({ grade: 'fail', veto: false })).toBe('不合格');
    expect(gradeText({ grade: 'fail', veto: true })).toBe('不合格（一票否决）');
    const labels = ['late', 'early-leave', 'missing-punch', 'absent', 'bad-review', 'complaint', 'inspection', 'criticism', 'commendation', 'satisfaction-bonus'].map(itemLabel);
    expect(labels).toEqual(['迟到', '早退', '缺卡', '缺勤(旷岗)', '差评', '有效投诉', '巡查问题', '通报批评', '表扬', '满意度加分']);
    expect(returnText({ returnRecommended: true, returnReasons: ['complaints', 'criticisms'] })).toBe(
      '是（12个月内有效投诉2次及以上；12个月内通报批评2次及以上）',
    );
    expect(returnText({ returnRecommended: false, returnReasons: [] })).toBe('否');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('sample report (scripts/screenshot-mail.ts --sample)', () => {
  it('is self-consistent: scores are 100 + Σ item points', () => {
    for (const kind of ['month', 'quarter', 'correction'] as const) {
      for (const s of sampleReport(kind).sheets) {
        expect(s.score).toBeCloseTo(Math.max(0, 100 + s.items.reduce((a, it) => a + it.points, 0)), 6);
      }
    }
  });

  it('renders all three kinds', async () => {
    expect(renderHtml(sampleReport('month'))).toContain('月度考勤通报');
    const fix = await buildDepartmentMail(sampleReport('correction'), 'hall@example.gov.cn');
    expect(fix.changes).toEqual(['李娜：得分 98.00 → 95.00；新增有效投诉 1 项（-3 分）']);
    expect((await buildDepartmentMail(sampleReport('quarter'), 'hall@example.gov.cn')).subject).toContain('第四季度');
  });
});
