/**
 * The schedules (CONTRACT.md §5), in hall time: EventBridge Scheduler cron syntax
 * (minute hour day-of-month month day-of-week year). infra/ and the local scheduler both read this.
 */
export type ScheduleKind = 'day' | 'month' | 'quarter' | 'half' | 'year' | 'reconcile' | 'devices' | 'calendar';

export interface Schedule {
  name: string;
  cron: string;
  input: { kind: ScheduleKind };
  description: string;
}

export const SCHEDULES: readonly Schedule[] = [
  { name: 'day-close', cron: '30 23 * * ? *', input: { kind: 'day' }, description: 'Close the hall day at 23:30' },
  { name: 'month-close', cron: '0 2 1 * ? *', input: { kind: 'month' }, description: 'Close the previous month at 02:00 on the 1st' },
  { name: 'quarter-close', cron: '0 2 1 1,4,7,10 ? *', input: { kind: 'quarter' }, description: 'Close the previous quarter at 02:00 on its next 1st' },
  // CONTRACT.md §12: half years and years close like quarters, at 02:00 on the first day after.
  { name: 'half-close', cron: '0 2 1 1,7 ? *', input: { kind: 'half' }, description: 'Close the previous half year at 02:00 on 1 January and 1 July' },
  { name: 'year-close', cron: '0 2 1 1 ? *', input: { kind: 'year' }, description: 'Close the previous year at 02:00 on 1 January' },
  // CONTRACT.md §8: from 1 November of the last covered year the hall must add the next one (a metric; an alarm on AWS).
  { name: 'calendar-check', cron: '0 9 * * ? *', input: { kind: 'calendar' }, description: 'Check that the holiday calendar covers next year, daily at 09:00' },
  { name: 'reconcile', cron: '15 * * * ? *', input: { kind: 'reconcile' }, description: 'Retry mails that could not be delivered (and, at local start-up, refold open sheets)' },
  { name: 'device-check', cron: '2,7,12,17,22,27,32,37,42,47,52,57 * * * ? *', input: { kind: 'devices' }, description: 'Count stale attendance devices (a metric; an alarm on AWS)' },
];

/** Next hall-local wall-clock minute matching a cron of the forms above (numbers, lists, '*', '?'). */
export function nextRun(cron: string, fromLocal: { date: string; time: string }): { date: string; time: string } {
  const [min, hour, dom, mon] = cron.split(' ') as [string, string, string, string];
  const ok = (field: string, v: number) => field === '*' || field === '?' || field.split(',').map(Number).includes(v);
  let d = new Date(`${fromLocal.date}T${fromLocal.time.slice(0, 5)}:00Z`);
  d = new Date(d.getTime() + 60_000);
  for (let i = 0; i < 60 * 24 * 400; i++) {
    if (ok(mon, d.getUTCMonth() + 1) && ok(dom, d.getUTCDate()) && ok(hour, d.getUTCHours()) && ok(min, d.getUTCMinutes())) {
      const iso = d.toISOString();
      return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
    }
    // Skip whole hours/days quickly when they cannot match.
    if (!ok(mon, d.getUTCMonth() + 1) || !ok(dom, d.getUTCDate())) d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
    else if (!ok(hour, d.getUTCHours())) d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1));
    else d = new Date(d.getTime() + 60_000);
  }
  throw new Error(`cron ${cron} never fires`);
}
