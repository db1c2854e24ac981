import ExcelJS from 'exceljs';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grade, ItemCode, Sheet, SheetItem } from '../../shared/domain/types.js';
import {
  assembleMime,
  buildDepartmentMail,
  buildWorkbook,
  describeChanges,
  renderHtml,
  renderSubject,
  renderText,
  type DepartmentReport,
} from '../../shared/reports/index.js';
import { ITEM_COLUMNS, SUMMARY_COLUMNS } from '../../shared/reports/workbook.js';
import { emptyCases, emptyQueue } from '../../shared/domain/efficiency.js';

// ------------------------------------------------------------------ fixtures

const item = (code: ItemCode, points: number, at: string, refs: string[] = [], note?: string): SheetItem => ({
  code,
  points,
  at,
  refs,
  ...(note !== undefined ? { note } : {}),
});

function sheet(p: Partial<Sheet> & Pick<Sheet, 'staffId' | 'name' | 'windowId' | 'score' | 'grade'>): Sheet {
  return {
    period: '2026-10',
    departmentId: 'd-tax',
    ruleVersion: 1,
    status: 'closed',
    version: 1,
    veto: false,
    returnRecommended: false,
    returnReasons: [],
    items: [],
    attendance: { workdays: 22, sessions: 44, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 },
    evaluations: { count: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, satisfactionRate: null },
    complaints: { filed: 0, substantiated: 0, unsubstantiated: 0, pending: 0 },
    cases: emptyCases(),
    queue: emptyQueue(),
    afterClose: [],
    ...p,
  };
}

/** Vetoed: a substantiated integrity complaint; 90 points but graded fail. */
const vetoed = (): Sheet =>
  sheet({
    staffId: 's-001',
    name: '赵六',
    windowId: 'w1',
    score: 90,
    grade: 'fail',
    veto: true,
    items: [item('complaint', -10, '2026-10-20T15:00:00+08:00', ['c-9'], 'integrity')],
    evaluations: { count: 40, byLevel: { '1': 0, '2': 0, '3': 2, '4': 8, '5': 30 }, satisfactionRate: 1 },
    complaints: { filed: 1, substantiated: 1, unsubstantiated: 0, pending: 0 },
  });

/** Return recommended: two substantiated complaints in 12 months (one this month). */
const returned = (): Sheet =>
  sheet({
    staffId: 's-002',
    name: '张三',
    windowId: 'w2',
    score: 96,
    grade: 'excellent',
    returnRecommended: true,
    returnReasons: ['complaints'],
    items: [
      item('complaint', -3, '2026-10-09T10:30:00+08:00', ['c-1']),
      item('commendation', 2, '2026-10-12T09:00:00+08:00', ['k-1']),
      item('bad-review', -1, '2026-10-15T11:20:05+08:00', ['r-7']),
      item('bad-review', -2, '2026-10-16T14:00:00+08:00', ['r-8']),
    ],
    evaluations: { count: 37, byLevel: { '1': 1, '2': 1, '3': 5, '4': 10, '5': 20 }, satisfactionRate: 35 / 37 },
    complaints: { filed: 3, substantiated: 1, unsubstantiated: 1, pending: 1 },
  });

/** A name that must be escaped; attendance items. */
const tricky = (): Sheet =>
  sheet({
    staffId: 's-003',
    name: '李<b>&四',
    windowId: 'w1',
    score: 94,
    grade: 'good',
    items: [
      item('late', -1, '2026-10-12T08:52:13+08:00', ['p-1']),
      item('missing-punch', -1, '2026-10-13T17:30:00+08:00', [], '下午未签退'),
      item('absent', -3, '2026-10-14T12:00:00+08:00', []),
      item('inspection', -1, '2026-10-21T10:00:00+08:00', ['i-4', 'i-5']),
    ],
    attendance: { workdays: 21, sessions: 42, late: 1, earlyLeave: 0, missingPunch: 1, absent: 1, excused: 2 },
    evaluations: { count: 8, byLevel: { '1': 0, '2': 0, '3': 1, '4': 2, '5': 5 }, satisfactionRate: 1 },
  });

const DEPT = { id: 'd-tax', name: '某某局', emails: ['office@tax.example.gov.cn', 'hr@tax.example.gov.cn'] };
const FROM = '政务服务大厅 <noreply@hall.example.gov.cn>';

function report(over: Partial<DepartmentReport> = {}): DepartmentReport {
  return {
    period: '2026-10',
    version: 1,
    department: DEPT,
    sheets: [vetoed(), returned(), tricky()],
    windows: { w1: { name: '税务综合1号窗口' }, w2: { name: '发票<申领>窗口' } },
    ranks: { 's-002': 3, 's-003': 5, 's-001': 11 },
    rankedCount: 12,
    redFlag: { windowId: 'w9', name: '公安户政3号窗口', meanScore: 98.456 },
    generatedAt: '2026-10-31T18:00:05Z', // 2026-11-01 02:00:05 in Shanghai
    ...over,
  };
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? ''));

async function loadXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/** Rows of a worksheet as header → value objects (row 1 is the header). */
function table(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const values = ws.getRow(i).values as unknown[];
    out.push(Object.fromEntries(header.map((h, j) => [h, values[j + 1] ?? null])));
  }
  return out;
}

// ------------------------------------------------------------------ the whole mail

describe('buildDepartmentMail (month)', () => {
  let parsed: ParsedMail;
  let built: Awaited<ReturnType<typeof buildDepartmentMail>>;

  beforeAll(async () => {
    built = await buildDepartmentMail(report(), FROM);
    parsed = await simpleParser(built.raw);
  });

  it('names the attachment after period and department', () => {
    expect(built.attachmentName).toBe('2026年10月考核结果-某某局.xlsx');
  });

  it('has sender, recipients and the exact Chinese subject, RFC 2047 encoded on the wire', () => {
    expect(addresses(parsed.from)).toEqual(['noreply@hall.example.gov.cn']);
    expect(parsed.from?.value[0]?.name).toBe('政务服务大厅');
    expect(addresses(parsed.to)).toEqual(DEPT.emails);
    const subject = '【政务服务大厅】2026年10月窗口工作人员考核结果（某某局）';
    expect(parsed.subject).toBe(subject);
    expect(built.subject).toBe(subject);
    const head = built.raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(/[^\x00-\x7f]/.test(head)).toBe(false); // headers are 7-bit
    expect(parsed.messageId).toBe('<hallscore.2026-10.d-tax.v1@hall.example.gov.cn>');
    expect(parsed.date?.toISOString()).toBe('2026-10-31T18:00:05.000Z');
  });

  it('HTML body: every name escaped, numbers from the sheets, flags and sections', () => {
    const html = parsed.html as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('李&lt;b&gt;&amp;四');
    expect(html).not.toContain('李<b>&四');
    expect(html).not.toContain('<b>');
    expect(html).toContain('发票&lt;申领&gt;窗口');
    expect(html).toContain('赵六');
    expect(html).toContain('张三');
    for (const s of ['90.00', '96.00', '94.00']) expect(html).toContain(`>${s}<`);
    expect(html).toContain('不合格（一票否决）');
    expect(html).toContain('>良好<');
    expect(html).toContain('>3/12<');
    expect(html).toContain('>11/12<');
    expect(html).toContain('>94.6%<'); // 35/37
    expect(html).toContain('>100.0%<');
    expect(html).toContain('>1/1/1<'); // 张三's complaints
    expect(html).toContain('是（12个月内有效投诉2次及以上）');
    expect(html).toContain('流动红旗：公安户政3号窗口（窗口平均分 98.46）');
    expect(html).toContain('月度考勤通报');
    expect(html).toContain('2026-10-12</td>');
    expect(html).toContain('08:52:13');
    expect(html).toContain('缺勤(旷岗)');
    expect(html).toContain('下午未签退');
    expect(html).toContain('考核周期：2026年10月（2026-10-01 至 2026-10-31）');
    expect(html).toContain('发布版本：第1版');
    expect(html).toContain('生成时间：2026-11-01 02:00');
    expect(html).toContain('自动生成');
    expect(html).not.toContain('更正说明');
    // fail and return-recommended rows are marked red
    expect(html).toMatch(/<tr style="background:#fff1f0;"><td[^>]*>赵六</);
    expect(html).toMatch(/<tr style="background:#fff1f0;"><td[^>]*>张三</);
    // rows in rank order
    expect(html.indexOf('>张三<')).toBeLessThan(html.indexOf('>李&lt;b&gt;&amp;四<'));
    expect(html.indexOf('>李&lt;b&gt;&amp;四<')).toBeLessThan(html.indexOf('>赵六<'));
  });

  it('plain-text body carries the same results', () => {
    const text = parsed.text ?? '';
    expect(text).toContain('李<b>&四（税务综合1号窗口）：得分 94.00，等级 良好，排名 5/12');
    expect(text).toContain('赵六（税务综合1号窗口）：得分 90.00，等级 不合格（一票否决），排名 11/12');
    expect(text).toContain('建议退回：是（12个月内有效投诉2次及以上）');
    expect(text).toContain('【月度考勤通报】');
    expect(text).toContain('2026-10-13 17:30:00 李<b>&四 缺卡 -1 下午未签退');
  });

  it('attaches the workbook with its Chinese file name', () => {
    expect(parsed.attachments).toHaveLength(1);
    const a = parsed.attachments[0]!;
    expect(a.filename).toBe('2026年10月考核结果-某某局.xlsx');
    expect(a.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(a.content.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('workbook: 汇总 rows equal the sheets, 明细 has one row per item, 考勤 the attendance items', async () => {
    const wb = await loadXlsx(parsed.attachments[0]!.content);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细', '考勤']);

    const sum = wb.getWorksheet('汇总')!;
    expect(sum.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sum.getColumn(2).width).toBeGreaterThan(5);
    const rows = table(sum);
    const sheets = [vetoed(), returned(), tricky()];
    expect(rows.map((r) => r['工号'])).toEqual(['s-002', 's-003', 's-001']); // rank order
    for (const s of sheets) {
      const row = rows.find((r) => r['工号'] === s.staffId)!;
      expect(row['姓名']).toBe(s.name);
      expect(row['得分']).toBe(s.score);
      expect(typeof row['得分']).toBe('number');
      expect(row['应出勤天数']).toBe(s.attendance.workdays);
      expect(row['迟到']).toBe(s.attendance.late);
      expect(row['缺卡']).toBe(s.attendance.missingPunch);
      expect(row['缺勤']).toBe(s.attendance.absent);
      expect(row['请假']).toBe(s.attendance.excused);
      expect(row['评价数']).toBe(s.evaluations.count);
      expect(row['满意率']).toBe(s.evaluations.satisfactionRate);
      expect(row['有效投诉']).toBe(s.complaints.substantiated);
      expect(row['不属实投诉']).toBe(s.complaints.unsubstantiated);
      expect(row['待核投诉']).toBe(s.complaints.pending);
      expect(row['参加排名人数']).toBe(12);
    }
    const byId = (id: string) => rows.find((r) => r['工号'] === id)!;
    expect(byId('s-001')).toMatchObject({ 等级: '不合格', 一票否决: '是', 建议退回: '否', 排名: 11, 窗口: '税务综合1号窗口' });
    expect(byId('s-002')).toMatchObject({ 等级: '优秀', 建议退回: '是', 退回原因: '12个月内有效投诉2次及以上', 差评: 2 });
    expect(byId('s-003')).toMatchObject({ 等级: '良好', 排名: 5 });
    expect(sum.getRow(2).getCell(4).numFmt).toBe('0.00');
    // Styles are shared per column and flag: red only where the sheet failed or is recommended for return.
    const col = (h: string) => SUMMARY_COLUMNS.findIndex((c) => c.header === h) + 1;
    const rowOf = (id: string) => sum.getRow(rows.findIndex((r) => r['工号'] === id) + 2);
    const isRed = (id: string, h: string) => rowOf(id).getCell(col(h)).font?.color?.argb === 'FFC62828';
    expect([isRed('s-001', '等级'), isRed('s-001', '得分'), isRed('s-001', '建议退回')]).toEqual([true, true, false]);
    expect([isRed('s-002', '等级'), isRed('s-002', '建议退回'), isRed('s-002', '退回原因')]).toEqual([false, true, true]);
    expect([isRed('s-003', '等级'), isRed('s-003', '得分')]).toEqual([false, false]);
    expect(rowOf('s-002').getCell(col('退回原因')).alignment).toMatchObject({ wrapText: true });
    expect(rowOf('s-003').getCell(col('满意率')).numFmt).toBe('0.0%');

    const det = wb.getWorksheet('明细')!;
    expect(det.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const items = table(det);
    const all = sheets.flatMap((s) => s.items.map((it) => ({ s, it })));
    expect(items).toHaveLength(all.length);
    for (const { s, it } of all) {
      const row = items.find((r) => r['工号'] === s.staffId && r['项目代码'] === it.code && r['关联事件'] === (it.refs.join(', ') || null) && (r['时间'] as Date).toISOString().startsWith(it.at!.slice(0, 19)));
      expect(row, `${s.staffId} ${it.code} ${it.at}`).toBeDefined();
      expect(row!['分值']).toBe(it.points);
      expect(row!['姓名']).toBe(s.name);
    }
    const late = items.find((r) => r['项目代码'] === 'late')!;
    expect(late['考核项目']).toBe('迟到');
    expect(late['时间']).toEqual(new Date('2026-10-12T08:52:13Z')); // hall wall clock
    expect(det.getRow(items.indexOf(late) + 2).getCell(ITEM_COLUMNS.findIndex((c) => c.header === '时间') + 1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(items.find((r) => r['项目代码'] === 'absent')!['考核项目']).toBe('缺勤(旷岗)');
    expect(items.find((r) => r['项目代码'] === 'inspection')!['关联事件']).toBe('i-4, i-5');

    const att = table(wb.getWorksheet('考勤')!);
    expect(att.map((r) => [r['日期'], r['时间'], r['姓名'], r['类型'], r['分值']])).toEqual([
      ['2026-10-12', '08:52:13', '李<b>&四', '迟到', -1],
      ['2026-10-13', '17:30:00', '李<b>&四', '缺卡', -1],
      ['2026-10-14', '12:00:00', '李<b>&四', '缺勤(旷岗)', -3],
    ]);
  });
});

// ------------------------------------------------------------------ corrections

describe('corrections', () => {
  it('describeChanges names score and grade changes, item changes, new and removed staff', () => {
    const before = returned();
    const after = {
      ...returned(),
      score: 93,
      grade: 'good' as Grade,
      items: [...returned().items, item('complaint', -3, '2026-10-28T10:00:00+08:00', ['c-2'])],
    };
    const gone = tricky();
    const added = sheet({ staffId: 's-009', name: '王五', windowId: 'w1', score: 100, grade: 'excellent' });
    const lines = describeChanges([before, gone, vetoed()], [after, vetoed(), added]);
    expect(lines).toEqual([
      '张三：得分 96.00 → 93.00，等级 优秀 → 良好；新增有效投诉 1 项（-3 分）',
      '新增：王五（s-009），得分 100.00，等级 优秀',
      '移除：李<b>&四（s-003）（原得分 94.00，等级 良好）',
    ]);
    expect(describeChanges([vetoed()], [vetoed()])).toEqual([]);
  });

  it('describeChanges reports withdrawn items and return-recommendation changes', () => {
    const before = { ...tricky(), returnRecommended: true, returnReasons: ['criticisms'] };
    const after = { ...tricky(), score: 95, grade: 'excellent' as Grade, items: tricky().items.filter((i) => i.code !== 'late') };
    expect(describeChanges([before], [after])).toEqual([
      '李<b>&四：得分 94.00 → 95.00，等级 良好 → 优秀，建议退回 是（12个月内通报批评2次及以上） → 否；撤销迟到 1 项（-1 分）',
    ]);
  });

  it('a version-2 mail is marked as a correction and says what changed', async () => {
    const prev = [vetoed(), returned(), tricky()];
    const cur = [
      vetoed(),
      { ...returned(), version: 2, score: 93, grade: 'good' as Grade, items: [...returned().items, item('complaint', -3, '2026-10-28T10:00:00+08:00', ['c-2'])] },
      tricky(),
    ];
    const r = report({ version: 2, sheets: cur, previous: prev });
    const mail = await buildDepartmentMail(r, FROM);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('【更正】【政务服务大厅】2026年10月窗口工作人员考核结果（某某局）（第2版）');
    expect(parsed.subject).toContain('第2版');
    expect(mail.attachmentName).toBe('2026年10月考核结果-某某局-更正v2.xlsx');
    expect(parsed.attachments[0]!.filename).toBe('2026年10月考核结果-某某局-更正v2.xlsx');
    expect(parsed.messageId).toBe('<hallscore.2026-10.d-tax.v2@hall.example.gov.cn>');
    const html = parsed.html as string;
    expect(html).toContain('更正说明');
    expect(html).toContain('本邮件为第2版，更正此前发布的第1版考核结果');
    expect(html).toContain('<li style="margin:2px 0;">张三：得分 96.00 → 93.00，等级 优秀 → 良好；新增有效投诉 1 项（-3 分）</li>');
    expect(html).toContain('发布版本：第2版（更正）');
    expect(parsed.text).toContain('张三：得分 96.00 → 93.00，等级 优秀 → 良好');
    expect(mail.changes).toEqual(['张三：得分 96.00 → 93.00，等级 优秀 → 良好；新增有效投诉 1 项（-3 分）']);
    const wb = await loadXlsx(parsed.attachments[0]!.content);
    const row = table(wb.getWorksheet('汇总')!).find((x) => x['工号'] === 's-002')!;
    expect(row['得分']).toBe(93);
    expect(table(wb.getWorksheet('明细')!).filter((x) => x['工号'] === 's-002')).toHaveLength(5);
  });

  it('a correction without changes says so', () => {
    const html = renderHtml(report({ version: 3, previous: [vetoed(), returned(), tricky()] }));
    expect(html).toContain('与上一版相比，本部门人员考核结果无变化。');
  });
});

// ------------------------------------------------------------------ quarters and odd inputs

describe('quarters and edge cases', () => {
  const quarter = (): DepartmentReport =>
    report({
      period: '2026-Q4',
      sheets: [vetoed(), returned(), tricky()].map((s) => ({ ...s, period: '2026-Q4' })),
      redFlag: null,
    });

  it('quarter subject, no monthly attendance report, no 考勤 sheet', async () => {
    const r = quarter();
    expect(renderSubject(r)).toBe('【政务服务大厅】2026年第四季度窗口工作人员考核结果（某某局）');
    expect(renderSubject({ ...r, period: '2027-Q1' })).toBe('【政务服务大厅】2027年第一季度窗口工作人员考核结果（某某局）');
    const html = renderHtml(r);
    expect(html).not.toContain('月度考勤通报');
    expect(html).toContain('考核周期：2026年第四季度（2026-10-01 至 2026-12-31）');
    expect(html).toContain('本期无流动红旗窗口');
    expect(renderText(r)).not.toContain('月度考勤通报');
    const wb = await loadXlsx(await buildWorkbook(r));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const mail = await buildDepartmentMail(r, FROM);
    expect(mail.attachmentName).toBe('2026年第四季度考核结果-某某局.xlsx');
  });

  it('month labels have no leading zero; satisfaction rate null shows a dash and an empty cell', async () => {
    const noReviews = sheet({ staffId: 's-010', name: '孙七', windowId: 'w1', score: 100, grade: 'excellent' });
    const r = report({ period: '2026-03', sheets: [{ ...noReviews, period: '2026-03' }], ranks: {}, redFlag: null });
    expect(renderSubject(r)).toBe('【政务服务大厅】2026年3月窗口工作人员考核结果（某某局）');
    const html = renderHtml(r);
    expect(html).toContain('>—<'); // rate and rank
    expect(html).toContain('本月无迟到、早退、缺卡、缺勤记录');
    const wb = await loadXlsx(await buildWorkbook(r));
    const row = table(wb.getWorksheet('汇总')!)[0]!;
    expect(row['满意率']).toBeNull();
    expect(row['排名']).toBeNull();
    expect(wb.getWorksheet('明细')!.rowCount).toBe(1); // header only
  });

  it('escapes the department name and keeps headers single-line', async () => {
    const r = report({ department: { ...DEPT, name: 'A&B<局>\r\nBcc: x@evil.example' } });
    const html = renderHtml(r);
    expect(html).toContain('A&amp;B&lt;局&gt;');
    expect(html).not.toContain('A&B<局>');
    const mail = await buildDepartmentMail(r, FROM);
    expect(mail.subject).toBe('【政务服务大厅】2026年10月窗口工作人员考核结果（A&B<局> Bcc: x@evil.example）');
    expect(mail.attachmentName).toBe('2026年10月考核结果-A&B_局_ Bcc_ x@evil.example.xlsx');
    const parsed = await simpleParser(mail.raw);
    expect(parsed.bcc).toBeUndefined();
    expect(addresses(parsed.to)).toEqual(DEPT.emails);
  });

  it('assembleMime: UTF-8 bodies, RFC 2047 subject, attachment bytes intact', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const raw = await assembleMime({
      from: 'a@example.com',
      to: ['b@example.com'],
      subject: '测试：考核结果',
      html: '<p>你好</p>',
      text: '你好',
      attachments: [{ filename: '明细.bin', content: bytes, contentType: 'application/octet-stream' }],
      date: new Date('2026-11-01T00:00:00Z'),
    });
    expect(raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?/m);
    const p = await simpleParser(raw);
    expect(p.subject).toBe('测试：考核结果');
    expect(p.text?.trim()).toBe('你好');
    expect(p.html).toContain('<p>你好</p>');
    expect(p.attachments[0]!.filename).toBe('明细.bin');
    expect(Buffer.compare(p.attachments[0]!.content, bytes)).toBe(0);
    await expect(assembleMime({ from: 'a@example.com', to: [], subject: 'x', html: '', text: '', attachments: [] })).rejects.toThrow();
  });
});
