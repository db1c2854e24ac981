/**
 * The State Council's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知), pasted as published,
 * read into calendar days (CONTRACT.md §8). Pure.
 *
 * Grammar (the contract's, applied to each line):
 * - Annotations in full- or half-width parentheses (`（周六）`, `（农历腊月二十八、周日）`) are removed first.
 * - A rule line is `<ordinal 一…十>、<names joined by 、>：<description>`; every other line (title,
 *   salutation, closing paragraphs, signature, date) is ignored, except that a title naming another
 *   year than the notice's is an error.
 * - The description's sentences (split at `，。；`) ending in 放假 / 放假调休 / 补休 / 调休 / 公休 (then
 *   optionally `N天`) name days off; those ending in 上班 name make-up working days. A sentence
 *   beginning with 不 (不调休) names nothing; a sentence without a date is ignored (共3天, 与周末连休,
 *   鼓励…休息); a sentence with a date in any other form is an error naming its line — never a skip.
 * - Dates are `[YYYY年][M月]D日`, ranges `A至B`, lists `A、B`. A missing month comes from the previous
 *   date of the line; a missing year from the previous date only when the month is missing too;
 *   otherwise the notice's year, except a December date on a line that also names January (the year before).
 *
 * Text is NFKC-normalised before matching, so full-width and half-width punctuation and digits read the same.
 */
import type { CalendarDay } from './calendar.js';
import { isWeekend } from './calendar.js';
import { addDays, isDate } from './time.js';

export interface NoticeError {
  path: string; // 'line 4' or '(body)'
  message: string;
}

export interface NoticeResult {
  days: CalendarDay[];
  /** The notice's title (what `papers` records), when the text has one. */
  papers: string[];
  errors: NoticeError[];
}

const ORDINAL_LINE = /^[一二三四五六七八九十]+、/;
const RULE_LINE = /^[一二三四五六七八九十]+、([^:]+):(.*)$/;
const ANNOTATION = /\([^()]*\)/g;
const TITLE_YEAR = /国务院办公厅关于(\d{4})年/;
const DATE = /^(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日/;
const OFF_ENDING = /(放假调休|放假|补休|调休|公休)(?:\d+天)?$/;
const WORK_ENDING = /上班$/;
/** Longest run one rule may name (the longest holiday so far is 9 days; this only catches typos such as 至30日 for 至3日). */
const MAX_RANGE_DAYS = 31;

interface DateToken {
  year: number | undefined;
  month: number | undefined;
  day: number;
}

class LineError extends Error {}

/** Reads a pasted notice for `year`. Errors name the line (1-based, as pasted) and quote it. */
export function parseNotice(text: string, year: number): NoticeResult {
  const errors: NoticeError[] = [];
  const papers: string[] = [];
  const found = new Map<string, { day: CalendarDay; line: number }>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const path = `line ${lineNo}`;
    const shown = raw.trim().slice(0, 200);
    const line = normalize(raw);
    if (line === '') return;

    const title = TITLE_YEAR.exec(line);
    if (title && !ORDINAL_LINE.test(line)) {
      const named = Number(title[1]);
      if (named !== year) errors.push({ path, message: `"${shown}": the notice is for ${named}, not ${year} (the year of the request path)` });
      else if (papers.length === 0) papers.push(`国务院办公厅关于${year}年部分节假日安排的通知`);
      return;
    }
    if (!ORDINAL_LINE.test(line)) return; // title continuation, salutation, closing, signature, date

    const rule = RULE_LINE.exec(line);
    if (!rule) {
      if (/\d+日/.test(line)) errors.push({ path, message: `"${shown}": a rule line needs "names：description" (e.g. 一、元旦：1月1日放假)` });
      return;
    }
    const names = rule[1]!.split('、').map((n) => n.trim()).filter(Boolean).join('、');
    try {
      const days = readDescription(rule[2]!, year, names);
      for (const d of days) {
        const prev = found.get(d.date);
        if (prev) throw new LineError(`${d.date} is already named on line ${prev.line}`);
        if (!d.isOffDay && !isWeekend(d.date)) throw new LineError(`${d.date} is a weekday: only a Saturday or Sunday can be a make-up working day (上班)`);
        found.set(d.date, { day: d, line: lineNo });
      }
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      errors.push({ path, message: `"${shown}": ${e.message}` });
    }
  });

  if (errors.length === 0 && found.size === 0) {
    errors.push({ path: '(body)', message: 'the text names no day: paste the whole notice, with its lines 一、元旦：… to the last holiday' });
  }
  const days = [...found.values()].map((f) => f.day).sort((a, b) => (a.date < b.date ? -1 : 1));
  return { days, papers, errors };
}

/** NFKC (full-width → half-width), annotations removed, spaces gone (they carry nothing in a notice). */
function normalize(raw: string): string {
  let s = raw.normalize('NFKC');
  // Nested or repeated annotations: remove innermost first until none is left.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(ANNOTATION, '');
  }
  return s.replace(/\s+/g, '');
}

function readDescription(description: string, year: number, name: string): CalendarDay[] {
  const sentences = description.split(/[,.;。]/).filter((s) => s !== '');
  const tokens = sentences.map((s) => ({ s, hasDate: /\d+日/.test(s) }));
  // A December date is in the year before only when the line also names January.
  const namesJanuary = /(^|[^\d])1月\d/.test(description);
  const ctx: { prev: DateToken | undefined } = { prev: undefined };
  const out: CalendarDay[] = [];
  for (const { s, hasDate } of tokens) {
    if (s.startsWith('不')) continue; // 不调休, 不放假…: names nothing
    if (!hasDate) continue; // 共3天, 与周末连休, 鼓励…休息
    const off = OFF_ENDING.exec(s);
    const work = off ? null : WORK_ENDING.exec(s);
    if (!off && !work) {
      throw new LineError(`cannot read "${s}": a sentence with a date must end in 放假, 放假调休, 补休, 调休 or 公休 (optionally N天), or in 上班`);
    }
    const datesPart = s.slice(0, s.length - (off ?? work)![0].length);
    for (const date of readDates(datesPart, year, namesJanuary, ctx, s)) {
      out.push({ date, isOffDay: off !== null, name });
    }
  }
  return out;
}

/** `A至B、C` → every date; throws LineError for anything else. */
function readDates(part: string, year: number, namesJanuary: boolean, ctx: { prev: DateToken | undefined }, sentence: string): string[] {
  if (part === '') throw new LineError(`cannot read "${sentence}": no date before its ending`);
  const out: string[] = [];
  for (const item of part.split('、')) {
    const ends = item.split('至');
    if (ends.length > 2 || ends.some((e) => e === '')) throw new LineError(`cannot read "${sentence}": "${item}" is not a date or a range A至B`);
    const resolved = ends.map((e) => resolve(readDate(e, sentence), year, namesJanuary, ctx, sentence));
    const [first, last] = [resolved[0]!, resolved[resolved.length - 1]!];
    if (last < first) throw new LineError(`cannot read "${sentence}": the range ${first} … ${last} ends before it starts`);
    let n = 0;
    for (let d = first; d <= last; d = addDays(d, 1)) {
      if (++n > MAX_RANGE_DAYS) throw new LineError(`cannot read "${sentence}": ${first} … ${last} is longer than ${MAX_RANGE_DAYS} days`);
      out.push(d);
    }
  }
  return out;
}

function readDate(text: string, sentence: string): DateToken {
  const m = DATE.exec(text);
  if (!m || m[0].length !== text.length) throw new LineError(`cannot read "${sentence}": "${text}" is not a date ([YYYY年][M月]D日)`);
  return { year: m[1] ? Number(m[1]) : undefined, month: m[2] ? Number(m[2]) : undefined, day: Number(m[3]) };
}

function resolve(t: DateToken, year: number, namesJanuary: boolean, ctx: { prev: DateToken | undefined }, sentence: string): string {
  let { year: y, month } = t;
  if (month === undefined) {
    if (!ctx.prev) throw new LineError(`cannot read "${sentence}": ${t.day}日 has no month (and no earlier date on the line to take it from)`);
    month = ctx.prev.month;
    y ??= ctx.prev.year;
  }
  y ??= month === 12 && namesJanuary ? year - 1 : year;
  const full: DateToken = { year: y, month, day: t.day };
  ctx.prev = full;
  const date = `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  if (!isDate(date)) throw new LineError(`cannot read "${sentence}": ${y}年${month}月${t.day}日 is not a calendar day`);
  return date;
}
