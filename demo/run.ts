/**
 * The demo runner: sends a simulated period (demo/simulate.ts) to a hallscore over its public HTTP
 * API and the iclock device protocol — nothing else — then closes the days, the months and the
 * quarter and reads back rankings, red flag windows, return recommendations and the mails.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, enc, HallscoreClient } from '../cli/client.js';
import { fmtRate, fmtScore, GRADE_ZH, table } from '../cli/table.js';
import { Calendars, type StatutoryYear, type WorkCalendar } from '../shared/domain/calendar.js';
import { addMonths, localMonth, quarterOf } from '../shared/domain/time.js';
import { planTotals, simulate, type DayPlan, type DemoEvent, type DemoPlan, type Sender } from './simulate.js';

export interface DemoRunOptions {
  url: string;
  /** The admin key of that hallscore. */
  key: string;
  seed?: number;
  staff?: number;
  /** 'YYYY-Qn' (default: the last fully past quarter the holiday calendar covers) or 'YYYY-MM'. */
  period?: string;
  tz?: string;
  /** The folder the server writes mails to, when known (an in-process stack). */
  outbox?: string;
  /** Close every day with POST /v1/close/day (as the 23:30 schedule would). Default true. */
  closeDays?: boolean;
  progress?: (p: DemoProgress) => void;
}

export interface DemoProgress {
  index: number;
  total: number;
  day: DayPlan;
  punches: number;
  events: number;
  elapsedMs: number;
}

export interface CloseAnswer {
  period: string;
  version: number;
  sheets: number;
  emails: number;
  undelivered?: { departmentId: string; reason: string }[];
}

export interface RankingAnswer {
  period: string;
  staff: { rank: number; staffId: string; score: number; grade: string }[];
  windows: {
    rank: number;
    windowId: string;
    meanScore: number;
    satisfactionRate: number | null;
    participationRate?: number | null;
    queue?: { served: number; noShow: number; meanWaitMinutes: number | null; longWaits: number; meanServiceMinutes: number | null };
  }[];
  redFlagWindowId: string | null;
}

export interface SheetSummary {
  period: string;
  staffId: string;
  name: string;
  departmentId: string;
  windowId: string;
  status: string;
  version: number;
  score: number;
  grade: string;
  veto: boolean;
  returnRecommended: boolean;
  returnReasons: string[];
  attendance: Record<string, number>;
  evaluations: { count: number; satisfactionRate: number | null };
  complaints: Record<string, number>;
  cases?: { accepted: number; completed: number; due: number; onTime: number; overdue: number; pending: number; participationRate: number | null };
}

export interface DemoResult {
  plan: DemoPlan;
  url: string;
  totals: Record<string, number>;
  closes: CloseAnswer[];
  ranking: RankingAnswer;
  monthRankings: RankingAnswer[];
  sheets: SheetSummary[];
  mails: { period: string; dir: string; files: string[] }[];
  /** The half year and year closed after the quarter (longPeriodsEndedBy), with their rankings and sheets. */
  longer: { period: string; ranking: RankingAnswer; sheets: (SheetSummary & { gradeCapped?: boolean })[] }[];
  /** Sending the days (with their day closes), closing the months and quarter, all of it. */
  timings: { daysMs: number; periodsMs: number; totalMs: number };
}

/**
 * The last quarter that has fully ended at `now` and whose year the statutory calendar covers (the
 * stack's calendar when the demo runs; the shipped package's when no stack is asked).
 */
export function defaultQuarter(now: number = Date.now(), tz = 'Asia/Shanghai', calendar: WorkCalendar = Calendars.packageOnly().get('cn-statutory')): string {
  const month = localMonth(now, tz);
  const firstOfQuarter = addMonths(month, -((Number(month.slice(5, 7)) - 1) % 3));
  let q = quarterOf(addMonths(firstOfQuarter, -1));
  const last = calendar.coveredThrough;
  if (last !== null && Number(q.slice(0, 4)) > last) q = `${last}-Q4`;
  while (!calendar.covers(Number(q.slice(0, 4))) && Number(q.slice(0, 4)) > 2004) q = quarterOf(addMonths(`${q.slice(0, 4)}-01`, -1));
  return q;
}

/** The stack's cn-statutory calendar, as its API reports it (its hall years over its package). */
export async function stackCalendar(api: HallscoreClient): Promise<WorkCalendar> {
  const cal = await api.get<{ years: { year: number; source: string }[] }>('/v1/calendars/cn-statutory');
  const years = await mapLimit(cal.years, 6, (y) => api.get<StatutoryYear>(`/v1/calendars/cn-statutory/years/${y.year}`));
  return Calendars.from({ years: years.map((y) => ({ ...y, source: 'hall' as const })), hallCalendars: [] }).get('cn-statutory');
}

const SENDERS: Sender[] = ['admin', 'app', 'evaluation', 'complaint', 'inspection', 'approval', 'queue'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The demo's default: the fourth quarter of the last fully past year the calendar covers, so one
 * simulated quarter also ends a half year and a year (closed after it: 半年工作情况通报, 年度考核结果).
 */
export function defaultDemoQuarter(now: number = Date.now(), tz = 'Asia/Shanghai', calendar: WorkCalendar = Calendars.packageOnly().get('cn-statutory')): string {
  const q = defaultQuarter(now, tz, calendar);
  return q.endsWith('-Q4') ? q : `${Number(q.slice(0, 4)) - 1}-Q4`;
}

/** The half year and year a simulated quarter ends, closed after it: Q2 → H1; Q4 → H2 and the year. */
export function longPeriodsEndedBy(period: string): string[] {
  const m = /^(\d{4})-Q([24])$/.exec(period);
  if (!m) return [];
  return m[2] === '2' ? [`${m[1]}-H1`] : [`${m[1]}-H2`, m[1]!];
}

/** Runs the whole demo against a running hallscore; returns what it saw (the summary is formatSummary). */
export async function runDemo(opts: DemoRunOptions): Promise<DemoResult> {
  const t0 = Date.now();
  const api = new HallscoreClient(opts.url, opts.key);
  await api.waitHealthy(10_000);
  const calendar = await stackCalendar(api);
  const period = opts.period ?? defaultQuarter(Date.now(), opts.tz, calendar);
  const plan = simulate({ seed: opts.seed ?? 42, staff: opts.staff ?? 60, period, tz: opts.tz, calendar });

  // --- master data, as the hall office would enter it ----------------------------------------
  for (const d of plan.departments) await api.put(`/v1/departments/${enc(d.id)}`, { name: d.name, emails: d.emails });
  for (const s of plan.shifts) await api.put(`/v1/shifts/${enc(s.id)}`, { sessions: s.sessions, calendar: s.calendar });
  for (const w of plan.windows) await api.put(`/v1/windows/${enc(w.id)}`, { name: w.name });
  await mapLimit(plan.staff, 6, (s) =>
    api.put(`/v1/staff/${enc(s.id)}`, {
      name: s.name,
      departmentId: s.departmentId,
      windowId: s.windowId,
      shiftId: s.shiftId,
      pin: s.pin,
      // The made-up hall's staff start with the simulated period, so a half year or year closed after
      // it scores the simulated months only (its earlier months hold nobody, not 0-point absences).
      since: s.since ?? plan.days[0]!.date,
    }),
  );
  for (const d of plan.devices) await api.put(`/v1/sources/${enc(d.sourceId)}`, { kind: 'attendance', deviceSn: d.sn });
  for (const s of plan.sources) await api.put(`/v1/sources/${enc(s.id)}`, { kind: s.kind, key: s.key });
  const keyOf: Record<Sender, string> = {
    admin: opts.key,
    evaluation: plan.sources.find((s) => s.sender === 'evaluation')!.key,
    complaint: plan.sources.find((s) => s.sender === 'complaint')!.key,
    inspection: plan.sources.find((s) => s.sender === 'inspection')!.key,
    app: plan.sources.find((s) => s.sender === 'app')!.key,
    approval: plan.sources.find((s) => s.sender === 'approval')!.key,
    queue: plan.sources.find((s) => s.sender === 'queue')!.key,
  };

  // Devices say hello as a ZKTeco terminal does after power-on.
  for (const d of plan.devices) {
    const r = await api.raw('GET', `/iclock/cdata?SN=${enc(d.sn)}&options=all&pushver=2.4.1&language=83`, { auth: false });
    if (r.status !== 200) throw new Error(`device ${d.sn} handshake answered ${r.status}: ${r.text}`);
  }

  // --- the period, day by day ------------------------------------------------------------------
  const closeDays = opts.closeDays ?? true;
  const closes: CloseAnswer[] = [];
  const daysStart = Date.now();
  const buffers: Record<Sender, DemoEvent[]> = { admin: [], evaluation: [], complaint: [], inspection: [], app: [], approval: [], queue: [] };
  let closing: Promise<void> = Promise.resolve();
  const stamp = (date: string) => Date.parse(`${date}T23:00:00Z`) / 1000;
  for (const [index, day] of plan.days.entries()) {
    const last = index === plan.days.length - 1;
    const tasks: Promise<void>[] = [];
    // Each device uploads its day's ATTLOG (a real device pushes every few seconds; one batch here).
    for (const dev of plan.devices) {
      const lines = day.attlog[dev.sn] ?? [];
      if (lines.length === 0) continue;
      tasks.push(
        (async () => {
          for (let i = 0; i < lines.length; i += 2000) {
            const chunk = lines.slice(i, i + 2000);
            const r = await api.raw('POST', `/iclock/cdata?SN=${enc(dev.sn)}&table=ATTLOG&Stamp=${stamp(day.date)}`, { text: chunk.join('\n') + '\n', auth: false });
            if (r.status !== 200 || r.text.trim() !== `OK:${chunk.length}`) {
              throw new Error(`device ${dev.sn} upload for ${day.date} answered ${r.status} ${r.text.trim()} (expected OK:${chunk.length})`);
            }
          }
        })(),
      );
    }
    // The other systems' events go in batches of ≤ 500, a staff member's events together (the
    // consumer then refolds each sheet once per batch): mobile-app punches every day, the rest
    // when 500 have gathered and at the end of each week.
    for (const sender of SENDERS) {
      buffers[sender].push(...day.events[sender]);
      const due = sender === 'app' || day.isoWeekday === 7 || last;
      const batches: DemoEvent[][] = [];
      while (buffers[sender].length >= 500 || (due && buffers[sender].length > 0)) batches.push(buffers[sender].splice(0, 500).sort(byStaff));
      if (batches.length === 0) continue;
      tasks.push(
        (async () => {
          for (const batch of batches) {
            const r = await api.post<{ accepted: number; duplicates: number }>('/v1/events', { events: batch }, keyOf[sender]);
            if (r.accepted + r.duplicates !== batch.length) throw new Error(`${sender} events up to ${day.date}: sent ${batch.length}, answer ${JSON.stringify(r)}`);
          }
        })(),
      );
    }
    await Promise.all(tasks);
    // The 23:30 schedule's work, by hand: close each working day (non-working days have no
    // sessions; the month close closes them). The close runs while the next day's data is sent,
    // as in a real hall, where devices keep pushing while the schedule works.
    await closing;
    if (closeDays && day.workday) {
      closing = api.post(`/v1/close/day/${day.date}`).then(() => undefined);
      closing.catch(() => undefined); // awaited (and thrown) before the next close
    }
    const punches = Object.values(day.attlog).reduce((n, l) => n + l.length, 0) + day.events.app.length;
    const events = Object.values(day.events).reduce((n, l) => n + l.length, 0) - day.events.app.length;
    opts.progress?.({ index: index + 1, total: plan.days.length, day, punches, events, elapsedMs: Date.now() - t0 });
  }

  await closing;
  const daysMs = Date.now() - daysStart;

  // --- close the months, then the quarter --------------------------------------------------------
  const c1 = Date.now();
  for (const p of plan.months.length > 1 ? [...plan.months, plan.period] : plan.months) {
    closes.push(await closeWithRetry(api, p));
  }
  // Then the half year (and year) the quarter ends: each closes its other, empty quarters first.
  const longer: DemoResult['longer'] = [];
  for (const p of longPeriodsEndedBy(plan.period)) {
    closes.push(await closeWithRetry(api, p));
    const [r, s] = await Promise.all([api.get<RankingAnswer>(`/v1/rankings/${p}`), api.get<{ sheets: (SheetSummary & { gradeCapped?: boolean })[] }>(`/v1/sheets/${p}`)]);
    longer.push({ period: p, ranking: r, sheets: s.sheets });
  }
  const periodsMs = Date.now() - c1;

  // --- read the results back ------------------------------------------------------------------
  const ranking = await api.get<RankingAnswer>(`/v1/rankings/${plan.period}`);
  const monthRankings = plan.months.length > 1 ? await Promise.all(plan.months.map((m) => api.get<RankingAnswer>(`/v1/rankings/${m}`))) : [ranking];
  const sheets = (await api.get<{ sheets: SheetSummary[] }>(`/v1/sheets/${plan.period}`)).sheets;
  const mails = opts.outbox ? listMails(opts.outbox, closes.map((c) => c.period)) : [];
  return {
    plan,
    url: opts.url,
    totals: planTotals(plan),
    closes,
    ranking,
    monthRankings,
    sheets,
    mails,
    longer,
    timings: { daysMs, periodsMs, totalMs: Date.now() - t0 },
  };
}

async function closeWithRetry(api: HallscoreClient, period: string): Promise<CloseAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.post<CloseAnswer>(`/v1/close/${period}`);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof ApiError) || e.status < 500) throw e;
      await sleep(500 * attempt);
    }
  }
}

function byStaff(a: DemoEvent, b: DemoEvent): number {
  const sa = typeof a.staffId === 'string' ? a.staffId : '';
  const sb = typeof b.staffId === 'string' ? b.staffId : '';
  return sa < sb ? -1 : sa > sb ? 1 : a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0;
}

function listMails(outbox: string, periods: string[]): DemoResult['mails'] {
  return periods.map((period) => {
    const dir = join(outbox, period);
    let files: string[] = [];
    try {
      if (statSync(dir).isDirectory()) files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
    } catch {
      files = [];
    }
    return { period, dir, files };
  });
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The printed summary

const num = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatSummary(res: DemoResult): string[] {
  const { plan, totals } = res;
  const staffById = new Map(plan.staff.map((s) => [s.id, s]));
  const windowName = new Map(plan.windows.map((w) => [w.id, w.name]));
  const deptName = new Map(plan.departments.map((d) => [d.id, d.name]));
  const sheetById = new Map(res.sheets.map((s) => [s.staffId, s]));
  const out: string[] = [];
  const workdays = plan.days.filter((d) => d.workday).length;

  out.push('');
  out.push(`sent: ${num(totals.punchesDevice ?? 0)} punches from ${plan.devices.length} iclock devices + ${num(totals.punchesApp ?? 0)} from the mobile app, ` +
    `${num(totals['evaluation.submitted'] ?? 0)} reviews (${totals['evaluation.annulled'] ?? 0} annulled), ` +
    `${totals['complaint.filed'] ?? 0} complaints (${totals['complaint.resolved'] ?? 0} resolved), ${totals['inspection.recorded'] ?? 0} patrol findings, ` +
    `${totals['attendance.leave'] ?? 0} approved leaves, commendations ${totals['commendation.recorded'] ?? 0}, criticisms ${totals['criticism.notified'] ?? 0}`);
  out.push(`closed: ${plan.days.length} days (${workdays} workdays), ` + res.closes.map((c) => `${c.period} v${c.version} (${c.sheets} sheets, ${c.emails} mails)`).join(', '));

  const rows = (list: RankingAnswer['staff']) =>
    list.map((r) => {
      const s = staffById.get(r.staffId);
      const sh = sheetById.get(r.staffId);
      const tag = [sh?.veto ? '一票否决 veto' : '', sh?.returnRecommended ? '建议退回 return' : ''].filter(Boolean).join(' ');
      return [r.rank, r.staffId, s?.name ?? sh?.name ?? '', deptName.get(s?.departmentId ?? '') ?? '', fmtScore(r.score), `${GRADE_ZH[r.grade] ?? r.grade}`, tag];
    });
  const cols = [{ header: '#', align: 'right' as const }, 'staff', 'name', 'department', { header: 'score', align: 'right' as const }, 'grade', 'flag'];
  const staffRank = res.ranking.staff;
  out.push('');
  out.push(`${plan.period} top 5 of ${staffRank.length}`);
  out.push(...table(cols, rows(staffRank.slice(0, 5)), '  '));
  out.push(`${plan.period} bottom 5`);
  out.push(...table(cols, rows(staffRank.slice(-5)), '  '));

  out.push('');
  out.push('red flag window (流动红旗) of each month');
  out.push(
    ...table(
      ['month', 'window', { header: 'mean score', align: 'right' }, { header: 'satisfaction', align: 'right' }],
      res.monthRankings.map((r) => {
        const w = r.windows.find((x) => x.windowId === r.redFlagWindowId);
        return [r.period, r.redFlagWindowId ? `${r.redFlagWindowId} ${windowName.get(r.redFlagWindowId) ?? ''}` : '-', fmtScore(w?.meanScore), fmtRate(w?.satisfactionRate)];
      }),
      '  ',
    ),
  );

  out.push('');
  out.push(...efficiencySummary(res, windowName));

  out.push('');
  const returned = res.sheets.filter((s) => s.returnRecommended);
  out.push(`return recommended (建议退回), ${plan.period}:${returned.length === 0 ? ' none' : ''}`);
  for (const s of returned) {
    out.push(`  ${s.staffId} ${s.name} (${deptName.get(s.departmentId) ?? s.departmentId}, ${s.windowId}): ${s.returnReasons.join('; ')} — ${s.complaints.substantiated} substantiated complaint(s) this period`);
  }
  const vetoed = res.sheets.filter((s) => s.veto);
  out.push(`veto (一票否决), ${plan.period}: ${vetoed.length === 0 ? 'none' : vetoed.map((s) => `${s.staffId} ${s.name} → ${GRADE_ZH[s.grade] ?? s.grade} at ${fmtScore(s.score)}`).join(', ')}`);
  const st = plan.story;
  const who = (ids: string[]) => ids.map((id) => `${id} ${staffById.get(id)?.name ?? ''}`).join(', ');
  out.push(
    `the simulation's cast: habitually late ${who(st.habituallyLate)}; integrity case ${who([st.vetoed])}; two complaints ${who([st.returned])}; ` +
      `commended ${who(st.commended)}${st.newcomer ? `; joined ${staffById.get(st.newcomer)?.since} ${who([st.newcomer])}` : ''}`,
  );

  for (const l of res.longer) out.push('', ...longPeriodSummary(l, windowName, deptName));

  out.push('');
  if (res.mails.length > 0) {
    out.push('mails (one per department and period):');
    for (const m of res.mails) out.push(`  ${m.dir}/  ${m.files.join(' ')}`);
  } else {
    out.push("mails: in the server's HALLSCORE_OUTBOX/{period}/ (one .eml per department and period)");
  }
  out.push(`took ${secs(res.timings.totalMs)}: ${plan.days.length} days sent and closed in ${secs(res.timings.daysMs)}, ${res.closes.map((c) => c.period).join(', ')} closed in ${secs(res.timings.periodsMs)}`);
  return out;
}

const RETURN_ZH: Record<string, string> = {
  complaints: '有效投诉2次及以上',
  criticisms: '通报批评2次及以上',
  exposure: '被上级机关或媒体通报曝光',
  'annual-fail': '年度考核不合格',
};

/** A half year's 工作情况通报 or a year's 年度考核结果 as the hall office reads it: grades, quota, returns, red flag. */
function longPeriodSummary(l: DemoResult['longer'][number], windowName: Map<string, string>, deptName: Map<string, string>): string[] {
  const year = /^\d{4}$/.test(l.period);
  const title = year ? `${l.period}年度考核结果` : `${l.period.slice(0, 4)}年${l.period.endsWith('H1') ? '上' : '下'}半年工作情况通报`;
  const n = { excellent: 0, good: 0, pass: 0, fail: 0 } as Record<string, number>;
  for (const s of l.sheets) n[s.grade] = (n[s.grade] ?? 0) + 1;
  const capped = l.sheets.filter((s) => s.gradeCapped).length;
  const out = [
    `${l.period} (${title}): ${l.sheets.length} staff — 优秀 ${n.excellent}, 良好 ${n.good}${capped > 0 ? ` (${capped} of them 优秀名额已满 capped by the quota)` : ''}, 合格 ${n.pass}, 不合格 ${n.fail}`,
  ];
  const flag = l.ranking.redFlagWindowId;
  const best = l.ranking.windows[0];
  out.push(
    flag
      ? `  流动红旗 red flag: ${flag} ${windowName.get(flag) ?? ''} (${fmtScore(best?.meanScore)})`
      : `  流动红旗 red flag: none — the best window's mean ${fmtScore(best?.meanScore)} is below the 良好 threshold`,
  );
  const returned = l.sheets.filter((s) => s.returnRecommended);
  out.push(`  建议退回 return recommended: ${returned.length === 0 ? 'none' : returned.map((s) => `${s.staffId} ${s.name} (${deptName.get(s.departmentId) ?? s.departmentId}: ${s.returnReasons.map((r) => RETURN_ZH[r] ?? r).join('、')})`).join('; ')}`);
  return out;
}

/** Cases (办件), participation (参评率) and the queue (叫号) of the period, as the hall office reads them. */
function efficiencySummary(res: DemoResult, windowName: Map<string, string>): string[] {
  const { totals } = res;
  const sum = { accepted: 0, completed: 0, due: 0, onTime: 0, overdue: 0, pending: 0 };
  for (const s of res.sheets) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += s.cases?.[k] ?? 0;
  const out = [
    `cases (办件) ${res.plan.period}: ${num(sum.accepted)} accepted, ${num(sum.completed)} completed; ${num(sum.due)} due: ${num(sum.onTime)} on time, ` +
      `${sum.overdue} overdue (超期), ${sum.pending} pending; ${num(totals['queue.ticket'] ?? 0)} queue tickets`,
  ];
  const overdue = res.sheets.filter((s) => (s.cases?.overdue ?? 0) > 0).map((s) => `${s.staffId} ${s.name} ×${s.cases!.overdue}`);
  if (overdue.length > 0) out.push(`  overdue cases: ${overdue.join(', ')}`);
  const windows = [...res.ranking.windows].filter((w) => w.queue && w.queue.served > 0);
  const slow = [...windows].sort((a, b) => (b.queue!.meanWaitMinutes ?? 0) - (a.queue!.meanWaitMinutes ?? 0))[0];
  if (slow) {
    out.push(`  longest waits (等候): ${slow.windowId} ${windowName.get(slow.windowId) ?? ''} — mean ${slow.queue!.meanWaitMinutes} min, ${slow.queue!.longWaits} of ${slow.queue!.served} over 30 min`);
  }
  const low = [...res.ranking.windows].filter((w) => w.participationRate != null).sort((a, b) => a.participationRate! - b.participationRate!)[0];
  if (low) out.push(`  lowest participation (参评率): ${low.windowId} ${windowName.get(low.windowId) ?? ''} — ${fmtRate(low.participationRate ?? null)}`);
  return out;
}
