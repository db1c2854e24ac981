/**
 * `hallscore calendar show|import` (CONTRACT.md §8): what the holiday calendar covers, and loading a
 * year from the State Council's notice (pasted into a text file) or a holiday-cn JSON file. Messages
 * are for hall staff, in Simplified Chinese.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { calendarWarningZh } from '../shared/domain/calendar-warning.js';
import { ApiError, enc, type HallscoreClient } from './client.js';
import type { Io, Opts } from './commands.js';
import { UsageError } from './commands.js';
import { table } from './table.js';

interface Day {
  date: string;
  isOffDay: boolean;
  name?: string;
}
interface YearAnswer {
  year: number;
  source: 'package' | 'hall';
  days: Day[];
  papers: string[];
}
interface CalendarView {
  id: string;
  name: string;
  base?: string;
  coveredThrough: number | null;
  firstCovered: number | null;
  years?: { year: number; source: 'package' | 'hall'; days: number; papers: string[] }[];
  days?: Day[];
}

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (date: string) => WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
const SOURCE_ZH = { package: '随程序发布', hall: '本大厅导入' } as const;
const coverage = (c: CalendarView) => (c.coveredThrough === null ? '不限年份' : `${c.firstCovered}–${c.coveredThrough} 年`);

/** The early warning for hall staff, when the server gives one (printed by every command, see main.ts). */
export async function calendarWarning(api: HallscoreClient): Promise<string | undefined> {
  try {
    const r = await api.raw('GET', '/health', { auth: false });
    if (r.status !== 200) return undefined;
    const h = JSON.parse(r.text) as { calendar?: { coveredThrough: number | null }; warnings?: string[] };
    if (!h.warnings?.length || !h.calendar) return undefined;
    return calendarWarningZh(h.calendar.coveredThrough);
  } catch {
    return undefined; // no answer: the command itself has said so
  }
}

function daysTable(days: Day[]): string[] {
  return table(
    ['日期', '星期', '安排', '名称'],
    days.map((d) => [d.date, weekday(d.date), d.isOffDay ? '放假' : '上班（调休）', d.name ?? '']),
  );
}

export async function calendarCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let code: number;
  if (sub === 'show') code = await show(api, io, o, rest);
  else if (sub === 'import') code = await importFile(api, io, o, rest);
  else throw new UsageError(`calendar needs show or import (got ${JSON.stringify(sub ?? '')})`);
  // After the answer (an import may just have ended it), the early warning, as GET /health gives it.
  const warning = await calendarWarning(api);
  if (warning) io.err(warning);
  return code;
}

async function show(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const [what] = args;
  if (what !== undefined && /^\d{4}$/.test(what)) {
    const y = await api.get<YearAnswer>(`/v1/calendars/cn-statutory/years/${what}`);
    if (o.json) return print(io, y);
    io.out(`${y.year} 年国家法定节假日（${SOURCE_ZH[y.source]}）：放假 ${y.days.filter((d) => d.isOffDay).length} 天，调休上班 ${y.days.filter((d) => !d.isOffDay).length} 天`);
    if (y.papers.length > 0) io.out(`依据：${y.papers.join('；')}`);
    for (const l of daysTable(y.days)) io.out(l);
    return 0;
  }
  if (what !== undefined) {
    const c = await api.get<CalendarView>(`/v1/calendars/${enc(what)}`);
    if (o.json) return print(io, c);
    io.out(`${c.id}  ${c.name}  覆盖：${coverage(c)}${c.base ? `  基于：${c.base}` : ''}`);
    if (c.days) for (const l of daysTable(c.days)) io.out(l);
    if (c.years) for (const l of yearsTable(c.years)) io.out(l);
    return 0;
  }
  const { calendars } = await api.get<{ calendars: CalendarView[] }>('/v1/calendars');
  if (o.json) return print(io, { calendars });
  for (const l of table(['日历', '名称', '基于', '覆盖'], calendars.map((c) => [c.id, c.name, c.base ?? '', coverage(c)]))) io.out(l);
  const cn = calendars.find((c) => c.id === 'cn-statutory');
  if (cn?.years) {
    io.out('');
    io.out('国家法定节假日，最近的年份：');
    for (const l of yearsTable(cn.years.slice(-5))) io.out(l);
    io.out(`已覆盖到 ${cn.coveredThrough}-12-31。添加下一年：npx hallscore calendar import 通知.txt（通知全文存为文本文件）`);
  }
  return 0;
}

function yearsTable(years: NonNullable<CalendarView['years']>): string[] {
  return table(['年份', '来源', '天数', '依据'], years.map((y) => [String(y.year), SOURCE_ZH[y.source], String(y.days), y.papers.join('；')]));
}

/** The year a file is for: the notice's title, the JSON's `year`, else a 4-digit year in the file name. */
export function yearOfFile(file: string, text: string, isJson: boolean): number | undefined {
  if (isJson) {
    try {
      const y = (JSON.parse(text) as { year?: unknown }).year;
      if (typeof y === 'number' && Number.isInteger(y)) return y;
    } catch {
      // the server will say what is wrong with it
    }
  } else {
    const m = /国务院办公厅关于(\d{4})年/.exec(text.normalize('NFKC'));
    if (m) return Number(m[1]);
  }
  const f = /(?:^|\D)(\d{4})(?:\D|$)/.exec(basename(file));
  return f ? Number(f[1]) : undefined;
}

async function importFile(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const [file, extra] = args;
  if (!file) throw new UsageError('calendar import needs a file: the notice as a .txt, or a holiday-cn .json');
  if (extra !== undefined) throw new UsageError(`calendar import takes one file (got also ${JSON.stringify(extra)})`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`无法读取文件 ${file}：${(e as Error).message}`);
    return 1;
  }
  const isJson = extname(file).toLowerCase() === '.json';
  const year = yearOfFile(file, text, isJson);
  if (year === undefined) {
    io.err(`无法确定 ${file} 是哪一年的安排：通知应含标题“国务院办公厅关于YYYY年部分节假日安排的通知”，JSON 应含 "year"，或在文件名中写明年份（如 2027.txt）`);
    return 1;
  }
  let json: unknown;
  if (isJson) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      io.err(`${file} 不是有效的 JSON：${(e as Error).message}`);
      return 1;
    }
  }
  const path = `/v1/calendars/cn-statutory/years/${year}${o.dryRun ? '?dryRun=true' : ''}`;
  const r = await api.raw('PUT', path, isJson ? { json } : { text });
  let body: unknown;
  try {
    body = r.text ? JSON.parse(r.text) : undefined;
  } catch {
    body = undefined;
  }
  if (r.status !== 200) {
    const b = body as { error?: string; message?: string; errors?: { path: string; message: string }[] } | undefined;
    if (r.status >= 500 || b === undefined) throw new ApiError('PUT', path, r.status, b?.error ?? '', b?.message ?? r.text.slice(0, 300));
    io.err(`未能导入 ${year} 年的节假日安排（${file}）：`);
    for (const e of b.errors ?? []) {
      const line = /^line (\d+)$/.exec(e.path);
      io.err(`  ${line ? `${file}:${line[1]}` : e.path}：${e.message}`);
    }
    if ((b.errors ?? []).length === 0) io.err(`  ${b.message ?? `HTTP ${r.status}`}`);
    io.err(r.status === 401 || r.status === 403 ? '请使用管理员密钥（--key）。' : '请核对该行与通知原文，修改后重新导入；未保存任何内容。');
    return 1;
  }
  const y = body as YearAnswer;
  if (o.json) return print(io, y);
  const off = y.days.filter((d) => d.isOffDay).length;
  io.out(`${o.dryRun ? '预览（未保存）' : '已导入'} ${y.year} 年节假日安排：放假 ${off} 天，调休上班 ${y.days.length - off} 天`);
  for (const l of daysTable(y.days)) io.out(l);
  if (o.dryRun) io.out(`核对无误后去掉 --dry-run 再执行一次即可保存。`);
  return 0;
}

function print(io: Io, v: unknown): number {
  io.out(JSON.stringify(v, null, 2));
  return 0;
}

export { calendarWarningZh };
