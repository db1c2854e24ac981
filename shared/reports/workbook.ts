/**
 * The .xlsx attachment of a department mail (exceljs): 汇总 (one row per staff), 明细 (one row per
 * sheet item, with its rule and time) and, for months, 考勤 (attendance items). Row 1 of each sheet
 * is a frozen, filterable header; numbers are stored as numbers, times as Excel date-times in hall time.
 * Plain styling only, so the file opens the same in Excel and WPS.
 */
import type ExcelJS from 'exceljs';
import { loadOptional } from './load-module.js';

/**
 * exceljs is loaded on first use: on Lambda it lives in a layer (it is larger than the whole close
 * function), and days closes — the frequent work — never pay for loading it.
 */
const loadExcel = (): Promise<typeof ExcelJS> => loadOptional<typeof ExcelJS>('exceljs', () => import('exceljs'));
import type { Sheet, SheetItem } from '../domain/types.js';
import { isMonth, isQuarter, isYear } from '../domain/time.js';
import { RATERS } from '../domain/composite.js';
import {
  ATTENDANCE_CODES,
  badReviews,
  gradeLabel,
  itemLabel,
  oneLine,
  orderSheets,
  periodLabel,
  returnReasonLabel,
} from './labels.js';
import type { DepartmentReport } from './types.js';
import { EFFICIENCY_HEADERS, EFFICIENCY_SHEET, efficiencyValues, hasEfficiency } from './efficiency.js';

type Cell = string | number | Date | null;
interface Col {
  header: string;
  /** Excel number format for the column's data cells. */
  numFmt?: string;
  /** Minimum width in characters. */
  min?: number;
  /** Maximum width in characters (longer text wraps in Excel). */
  max?: number;
}

export const SUMMARY_SHEET = '汇总';
export const ITEMS_SHEET = '明细';
export const ATTENDANCE_SHEET = '考勤';

const SCORE_FMT = '0.00';
const RATE_FMT = '0.0%';
const TIME_FMT = 'yyyy-mm-dd hh:mm:ss';
const RED = 'FFC62828';

/** Display width of text in Excel columns: CJK and full-width characters count twice. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x2e80 && !(c >= 0xff61 && c <= 0xff9f) ? 2 : 1;
  }
  return w;
}

/** Roughly how a cell shows in Excel, to size its column. */
function cellText(v: Cell, numFmt?: string): string {
  if (v === null) return '';
  if (v instanceof Date) return 'yyyy-mm-dd hh:mm:ss';
  if (typeof v === 'number') return numFmt === SCORE_FMT ? v.toFixed(2) : numFmt === RATE_FMT ? `${(v * 100).toFixed(1)}%` : String(v);
  return v;
}

/** An item's hall-local time (`at` is RFC 3339 in hall time) as a Date whose UTC fields are that wall clock. */
function itemDate(it: SheetItem): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)/.exec(it.at ?? '');
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const byTime = (a: SheetItem, b: SheetItem): number => {
  const x = a.at ?? '\uffff';
  const y = b.at ?? '\uffff';
  return x < y ? -1 : x > y ? 1 : 0;
};

function addTable(
  wb: ExcelJS.Workbook,
  name: string,
  cols: Col[],
  rows: Cell[][],
  opts: { alert?: (rowIndex: number) => boolean[] | null } = {},
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }] });
  const header = ws.addRow(cols.map((c) => c.header));
  header.height = 20;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EBF0' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF9AA4B1' } } };
  });
  // One style object per (column, has value, red), shared by its cells: exceljs resolves a style
  // object it has seen before from a WeakMap, so shared objects are rendered once instead of per cell.
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  const styleFor = (c: Col, j: number, hasValue: boolean, red: boolean): Partial<ExcelJS.Style> => {
    const key = `${j}|${hasValue ? 1 : 0}|${red ? 1 : 0}`;
    let style = shared.get(key);
    if (!style) {
      style = {};
      if (c.numFmt && hasValue) style.numFmt = c.numFmt;
      if (c.max !== undefined) style.alignment = { wrapText: true, vertical: 'top' };
      if (red) style.font = { color: { argb: RED }, bold: true };
      shared.set(key, style);
    }
    return style;
  };
  rows.forEach((values, i) => {
    const row = ws.addRow(values);
    const red = opts.alert?.(i) ?? null;
    cols.forEach((c, j) => {
      row.getCell(j + 1).style = styleFor(c, j, values[j] !== null, red?.[j] === true);
    });
  });
  cols.forEach((c, j) => {
    const widest = Math.max(textWidth(c.header), ...rows.map((r) => textWidth(cellText(r[j] ?? null, c.numFmt))));
    ws.getColumn(j + 1).width = Math.min(c.max ?? 60, Math.max(c.min ?? 6, widest + 2));
  });
  if (cols.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: cols.length } };
  return ws;
}

/** Column headers of 汇总, in order. */
export const SUMMARY_COLUMNS: readonly Col[] = [
  { header: '工号' },
  { header: '姓名' },
  { header: '窗口' },
  { header: '得分', numFmt: SCORE_FMT },
  { header: '等级' },
  { header: '排名' },
  { header: '参加排名人数' },
  { header: '一票否决' },
  { header: '建议退回' },
  { header: '退回原因', max: 40 },
  { header: '应出勤天数' },
  { header: '应出勤班次' },
  { header: '迟到' },
  { header: '早退' },
  { header: '缺卡' },
  { header: '缺勤' },
  { header: '请假' },
  { header: '评价数' },
  { header: '满意率', numFmt: RATE_FMT },
  { header: '差评' },
  { header: '受理投诉' },
  { header: '有效投诉' },
  { header: '不属实投诉' },
  { header: '待核投诉' },
];

/** Column headers of 明细, in order. */
export const ITEM_COLUMNS: readonly Col[] = [
  { header: '工号' },
  { header: '姓名' },
  { header: '窗口' },
  { header: '项目代码' },
  { header: '考核项目' },
  { header: '分值' },
  { header: '时间', numFmt: TIME_FMT, min: 20 },
  { header: '关联事件', max: 50 },
  { header: '备注', max: 50 },
];

/** Column headers of 考勤, in order. */
export const ATTENDANCE_COLUMNS: readonly Col[] = [
  { header: '日期' },
  { header: '时间' },
  { header: '工号' },
  { header: '姓名' },
  { header: '窗口' },
  { header: '类型' },
  { header: '分值' },
  { header: '备注', max: 50 },
];

const yesNo = (b: boolean): string => (b ? '是' : '否');

const RATER_HEADERS: Record<(typeof RATERS)[number], string> = {
  self: '自评',
  leader: '领导评价',
  department: '派驻部门评价',
  peer: '同事互评',
  public: '社会评价',
};

/** Extra 汇总 columns of quarters and years (CONTRACT.md §12): the computed score, each rating, the quota. */
function compositeColumns(period: string): { cols: Col[]; row: (s: Sheet) => Cell[] } {
  if (!isQuarter(period) && !isYear(period)) return { cols: [], row: () => [] };
  const cols: Col[] = [{ header: '计算得分', numFmt: SCORE_FMT }, ...RATERS.map((r) => ({ header: RATER_HEADERS[r], numFmt: SCORE_FMT }))];
  if (isYear(period)) cols.push({ header: '优秀名额限制' });
  return {
    cols,
    row: (s) => [
      s.computedScore ?? s.score,
      ...RATERS.map((r) => s.ratings?.[r] ?? null),
      ...(isYear(period) ? [yesNo(s.gradeCapped === true)] : []),
    ],
  };
}

function summaryRow(r: DepartmentReport, s: Sheet): Cell[] {
  const a = s.attendance;
  const c = s.complaints;
  return [
    s.staffId,
    s.name,
    r.windows[s.windowId]?.name ?? s.windowId,
    s.score,
    gradeLabel(s.grade),
    r.ranks[s.staffId] ?? null,
    r.rankedCount,
    yesNo(s.veto),
    yesNo(s.returnRecommended),
    s.returnReasons.map(returnReasonLabel).join('；') || null,
    a.workdays,
    a.sessions,
    a.late,
    a.earlyLeave,
    a.missingPunch,
    a.absent,
    a.excused,
    s.evaluations.count,
    s.evaluations.satisfactionRate,
    badReviews(s),
    c.filed,
    c.substantiated,
    c.unsubstantiated,
    c.pending,
  ];
}

/** The workbook of a department report, as .xlsx bytes. */
export async function buildWorkbook(r: DepartmentReport): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const generated = new Date(r.generatedAt);
  const when = Number.isNaN(generated.getTime()) ? new Date(0) : generated;
  wb.creator = 'hallscore';
  wb.lastModifiedBy = 'hallscore';
  wb.created = when;
  wb.modified = when;
  wb.title = `${periodLabel(r.period)}窗口工作人员考核结果（${oneLine(r.department.name)}）`;
  wb.subject = `${r.period} v${r.version}`;

  const sheets = orderSheets(r.sheets, r.ranks);
  const win = (s: Sheet): string => r.windows[s.windowId]?.name ?? s.windowId;

  const composite = compositeColumns(r.period);
  const sumCols = [...SUMMARY_COLUMNS, ...composite.cols];
  const gradeCol = sumCols.findIndex((c) => c.header === '等级');
  const scoreCol = sumCols.findIndex((c) => c.header === '得分');
  const backCol = sumCols.findIndex((c) => c.header === '建议退回');
  const reasonCol = sumCols.findIndex((c) => c.header === '退回原因');
  addTable(wb, SUMMARY_SHEET, [...sumCols], sheets.map((s) => [...summaryRow(r, s), ...composite.row(s)]), {
    alert: (i) => {
      const s = sheets[i]!;
      if (s.grade !== 'fail' && !s.returnRecommended) return null;
      return sumCols.map(
        (_, j) =>
          (s.grade === 'fail' && (j === gradeCol || j === scoreCol)) || (s.returnRecommended && (j === backCol || j === reasonCol)),
      );
    },
  });

  const itemRows: Cell[][] = [];
  for (const s of sheets) {
    for (const it of [...s.items].sort(byTime)) {
      itemRows.push([
        s.staffId,
        s.name,
        win(s),
        it.code,
        itemLabel(it.code),
        it.points,
        itemDate(it),
        it.refs.join(', ') || null,
        it.note ?? null,
      ]);
    }
  }
  addTable(wb, ITEMS_SHEET, [...ITEM_COLUMNS], itemRows);

  if (isMonth(r.period)) {
    const rows: { key: string; cells: Cell[] }[] = [];
    for (const s of sheets) {
      for (const it of s.items) {
        if (!ATTENDANCE_CODES.has(it.code)) continue;
        const d = itemDate(it);
        const date = d ? d.toISOString().slice(0, 10) : (it.at ?? '');
        const time = d ? d.toISOString().slice(11, 19) : '';
        rows.push({
          key: `${date} ${time} ${s.staffId}`,
          cells: [date || null, time || null, s.staffId, s.name, win(s), itemLabel(it.code), it.points, it.note ?? null],
        });
      }
    }
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    addTable(wb, ATTENDANCE_SHEET, [...ATTENDANCE_COLUMNS], rows.map((x) => x.cells));
  }

  if (hasEfficiency(sheets)) {
    const cols: Col[] = [{ header: '工号' }, { header: '姓名' }, { header: '窗口' }, ...EFFICIENCY_HEADERS.map((h) => (h === '参评率' ? { header: h, numFmt: RATE_FMT } : { header: h }))];
    addTable(wb, EFFICIENCY_SHEET, cols, sheets.map((s) => [s.staffId, s.name, win(s), ...efficiencyValues(s)]));
  }

  // Fastest deflate level: exceljs zips in pure JS (pako), where level 6 costs a month close ~0.5 s
  // of CPU across the departments' mails for ~15 % smaller attachments.
  const out = await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as ExcelJS.XlsxWriteOptions);
  return Buffer.from(out as unknown as ArrayBuffer);
}
