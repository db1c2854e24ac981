/**
 * The early warning of CONTRACT.md §8: from 1 November (hall time) of the last covered year, the hall is
 * told to add the next year's calendar (the State Council publishes it in November). Pure.
 */
import { zonedInstant } from './time.js';

/** When the warning starts: 1 November 00:00 hall time of the last covered year. */
export function warningStarts(coveredThrough: number, tz: string): number {
  return zonedInstant(`${String(coveredThrough).padStart(4, '0')}-11-01`, '00:00', tz);
}

/** Whether the hall should be warned now (also when the covered run has already ended). */
export function calendarWarningDue(coveredThrough: number | null, now: number, tz: string): boolean {
  return coveredThrough === null || now >= warningStarts(coveredThrough, tz);
}

/** The warnings of `GET /health` (English, as the contract words them). */
export function calendarWarnings(coveredThrough: number | null, now: number, tz: string): string[] {
  if (!calendarWarningDue(coveredThrough, now, tz)) return [];
  if (coveredThrough === null) {
    return ['holiday calendar covers no year: add one (PUT /v1/calendars/cn-statutory/years/{year} with the State Council notice)'];
  }
  const next = coveredThrough + 1;
  return [
    `holiday calendar covers only up to ${coveredThrough}-12-31: add ${next} (PUT /v1/calendars/cn-statutory/years/${next} with the State Council notice)`,
  ];
}

/** The same warning for hall staff (CLI, `npm start`, console). */
export function calendarWarningZh(coveredThrough: number | null): string {
  if (coveredThrough === null) return '警告：节假日日历没有任何年份的数据，请导入国务院办公厅节假日安排通知（npx hallscore calendar import 通知.txt）。';
  const next = coveredThrough + 1;
  return (
    `警告：节假日日历只覆盖到 ${coveredThrough}-12-31，请导入 ${next} 年的节假日安排` +
    `（将《国务院办公厅关于${next}年部分节假日安排的通知》全文存为文本文件，执行 npx hallscore calendar import 通知.txt）。` +
    `否则从 ${next}-01-01 起无法关闭考勤日。`
  );
}
