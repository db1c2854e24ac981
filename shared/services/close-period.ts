/**
 * Month and quarter close (CONTRACT.md §5): close the open days (or months) first, freeze sheets
 * with the rule version used, rank, write one mail per department, publish assessment.published.
 * Safe to re-run after a crash: mails are recorded per (period, department, version) and skipped
 * once sent; the period is marked closed only at the end.
 */
import { PUBLISH_SOURCE } from '../bus/patterns.js';
import { isWorkday } from '../domain/calendar.js';
import type { Department, Shift, Staff, Window, WithId } from '../domain/masterdata.js';
import { foldStaffQuarter } from '../domain/quarter.js';
import { summarizeMonth } from '../domain/scoring.js';
import { rankPeriod, type Ranking } from '../domain/ranking.js';
import { addMonths, daysOfMonth, endOfDay, isQuarter, monthsOfQuarter, periodDays } from '../domain/time.js';
import type { RuleSet } from '../domain/rules.js';
import type { Sheet } from '../domain/types.js';
import { HttpError } from '../http/errors.js';
import { buildDepartmentMail, type DepartmentMail, type DepartmentReport } from '../reports/index.js';
import type { PeriodState } from '../adapters/dynamodb/store.js';
import type { Deps } from '../runtime.js';
import { ReadCache } from './context.js';
import { mapLimit } from './ingest.js';
import { activeInPeriod } from './query.js';
import { activeIn, buildMonthSheet, history } from './sheets.js';
import { errorText, logger } from '../logger.js';

export interface CloseResult {
  period: string;
  version: number;
  sheets: number;
  emails: number;
  /** Departments whose mail could not be delivered (no department record, or sending failed after retries). */
  undelivered: { departmentId: string; reason: string }[];
  changed?: boolean;
}

type CloseDeps = Pick<Deps, 'store' | 'bus' | 'mailer' | 'clock' | 'tz' | 'mailFrom'>;

const MAIL_ATTEMPTS = 3;

export async function closePeriod(deps: CloseDeps, period: string, opts: { revise?: boolean } = {}): Promise<CloseResult> {
  const { store, tz, clock } = deps;
  const { last } = periodDays(period);
  if (endOfDay(last, tz) > clock.now()) {
    throw new HttpError(409, 'period-not-ended', `${period} has not ended yet in the hall's time zone (${tz})`);
  }
  const state = await store.getPeriod(period);
  if (state.status === 'closed' && !opts.revise) {
    // Closing again sends nothing (contract §5); undelivered mails are retried by the reconcile sweep.
    const undelivered = (state.undelivered ?? []).map(({ departmentId, reason }) => ({ departmentId, reason }));
    return { period, version: state.version, sheets: (await store.listSheets(period)).length, emails: 0, undelivered };
  }

  // A quarter closes its open months first (each publishes its own monthly mails).
  let emails = 0;
  const undelivered: CloseResult['undelivered'] = [];
  if (isQuarter(period)) {
    for (const m of monthsOfQuarter(period)) {
      if ((await store.getPeriod(m)).status !== 'closed') {
        const r = await closePeriod(deps, m);
        emails += r.emails;
        undelivered.push(...r.undelivered);
      }
    }
  } else if (state.status !== 'closed') {
    await closeOpenDays(deps, period);
  }

  const cache = new ReadCache(store);
  // A revision rescores late events under the rules the period was closed with, not today's.
  const rules = state.status === 'closed' && state.ruleVersion !== undefined ? await cache.rulesVersion(state.ruleVersion) : await cache.rules();
  const version = state.version + 1;
  const allStaff = cache.primeStaff(await store.listMaster<Staff>('staff'));
  const previous = state.status === 'closed' ? await store.listSheets(period) : [];
  const prevById = new Map(previous.map((s) => [s.staffId, s]));
  const staff = allStaff.filter((s) => activeInPeriod(s, period) || prevById.has(s.id));
  await cache.primeHistories(staff.map((s) => s.id));

  // A first close freezes every sheet, so each is written as soon as it is folded (in the background,
  // one chunk at a time); a revision first compares, then freezes only the departments that changed.
  const early = state.status !== 'closed' ? new FreezeStream(deps, period, cache) : undefined;
  const fresh = await mapLimit(staff, 12, async (s) => {
    const sheet = await (isQuarter(period)
      ? closedQuarterSheet(cache, tz, s, period, version, rules)
      : closedMonthSheet(cache, tz, s, period, version, rules));
    early?.add(sheet);
    return sheet;
  });

  // A revision publishes only departments whose sheets changed; the others keep their published version.
  const changedDepts = new Set(
    fresh.filter((s) => state.status !== 'closed' || differs(prevById.get(s.staffId), s)).map((s) => s.departmentId),
  );
  if (state.status === 'closed' && changedDepts.size === 0) {
    return { period, version: state.version, sheets: fresh.length, emails, undelivered, changed: false };
  }
  const sheets = fresh.map((s) => (changedDepts.has(s.departmentId) ? s : (prevById.get(s.staffId) ?? s)));
  const frozen = sheets.filter((s) => changedDepts.has(s.departmentId));
  // Mails render while the sheets are written; none is sent before the sheets it reports are stored.
  const stored = early ? early.finish() : freeze(deps, period, frozen, cache);
  stored.catch(() => undefined); // awaited by publish before sending; this only keeps a failure from going unhandled meanwhile
  const outcome = await publish(deps, period, version, sheets, [...changedDepts].sort(), previous, stored);
  await stored;
  emails += outcome.sent;
  undelivered.push(...outcome.left.map(({ departmentId, reason }) => ({ departmentId, reason })));

  const closed: PeriodState = {
    period,
    status: 'closed',
    version,
    ruleVersion: rules.version,
    closedAt: new Date(clock.now()).toISOString(),
    // Earlier versions' failures stay listed until delivered.
    undelivered: [...(state.undelivered ?? []), ...outcome.left],
  };
  await store.putPeriod(closed);
  return { period, version, sheets: sheets.length, emails, undelivered, ...(opts.revise ? { changed: true } : {}) };
}

/** Freezes sheets as they are added, FREEZE_CHUNK at a time, FREEZE_LANES chunks in flight. */
class FreezeStream {
  private pending: Sheet[] = [];
  private readonly lanes: Promise<void>[] = Array.from({ length: FREEZE_LANES }, () => Promise.resolve());
  private chunks = 0;
  constructor(
    private readonly deps: CloseDeps,
    private readonly period: string,
    private readonly cache: ReadCache,
  ) {}

  add(sheet: Sheet): void {
    this.pending.push(sheet);
    if (this.pending.length >= FREEZE_CHUNK) this.flush();
  }

  /** Resolves when every added sheet is stored; rejects with the first failed write. */
  finish(): Promise<void> {
    this.flush();
    return Promise.all(this.lanes).then(() => undefined);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending;
    this.pending = [];
    // After a failure the rest of its lane is not attempted: finish() reports it, the close fails as a
    // whole and mails nothing; a re-run rewrites every sheet (puts of fixed keys).
    const lane = this.chunks++ % this.lanes.length;
    this.lanes[lane] = this.lanes[lane]!.then(() => freeze(this.deps, this.period, chunk, this.cache));
    this.lanes[lane]!.catch(() => undefined); // reported by finish(); not unhandled meanwhile
  }
}

/** Sheets per background freeze write: 50 sheets are 150 items (sheet, versioned copy, history), 6 batch writes. */
const FREEZE_CHUNK = 50;
/**
 * With one chunk in flight the writes fell ~0.6 s behind the fold of 1,000 staff; with two they keep up
 * (the last write lands ~40 ms after the last fold).
 */
const FREEZE_LANES = 2;

/** Writes the frozen sheets and, for a month, the summaries the return rule of later months reads. */
async function freeze(deps: CloseDeps, period: string, frozen: Sheet[], cache: ReadCache): Promise<void> {
  const { store } = deps;
  await store.putClosedSheets(frozen);
  if (!isQuarter(period)) {
    // The return rule of later months reads these summaries instead of whole sheets.
    const drop = addMonths(period, -24);
    const histories = await Promise.all(
      frozen.map(async (s) => {
        // Both primed by the close: no read per person.
        const [st, months] = await Promise.all([cache.staff(s.staffId), cache.history(s.staffId)]);
        const hist = new Map(months);
        hist.delete(drop);
        hist.set(period, summarizeMonth(s, st ? activeIn(st, period) : false));
        return { staffId: s.staffId, months: hist };
      }),
    );
    await store.putHistories(histories);
  }
}

/** Mails the given departments their results of `version` and announces them on the bus. */
async function publish(
  deps: CloseDeps,
  period: string,
  version: number,
  sheets: Sheet[],
  departmentIds: string[],
  previous: Sheet[],
  /** Sending waits for this (the frozen sheets' writes); rendering does not. */
  ready?: Promise<void>,
): Promise<{ sent: number; left: NonNullable<PeriodState['undelivered']> }> {
  const { store, tz, clock } = deps;
  const allStaff = new Map((await store.listMaster<Staff>('staff')).map((x) => [x.id, x]));
  const windows = await store.listMaster<Window>('windows');
  const windowRefs = windows.map((w) => ({ id: w.id, hallId: w.hallId }));
  const ranked = sheets.filter((s) => {
    const st = allStaff.get(s.staffId);
    return st !== undefined && activeInPeriod(st, period);
  });
  const hallRankings = new Map<string, Ranking>();
  for (const hallId of new Set(['main', ...windows.map((w) => w.hallId)])) {
    hallRankings.set(hallId, rankPeriod({ period, sheets: ranked, windows: windowRefs, hallId }));
  }

  const departments = new Map((await store.listMaster<Department>('departments')).map((d) => [d.id, d]));
  const sheetsOf = new Map<string, Sheet[]>();
  for (const s of sheets) {
    const list = sheetsOf.get(s.departmentId);
    if (list) list.push(s);
    else sheetsOf.set(s.departmentId, [s]);
  }
  const left: NonNullable<PeriodState['undelivered']> = [];

  // Rendering is CPU: a few at a time, so the ledger reads and the sheet writes overlap it.
  const rendered = await mapLimit(departmentIds, 3, async (departmentId) => {
    const dept = departments.get(departmentId);
    if (!dept) {
      left.push({ departmentId, version, reason: 'department record not found; no recipients' });
      return undefined;
    }
    const deptSheets = sheetsOf.get(departmentId) ?? [];
    const report = departmentReport(period, version, dept, deptSheets, windows, hallRankings, clock.now(), tz);
    if (version > 1) {
      report.previous = previous.filter((s) => s.departmentId === departmentId);
      if (report.previous.length > 0) report.previousVersion = Math.max(...report.previous.map((s) => s.version));
    }
    const key = { period, departmentId, version };
    const mail = (await store.mailSent(key)) ? undefined : await buildDepartmentMail(report, deps.mailFrom);
    return { report, deptSheets, mail };
  });

  await ready;
  let sent = 0;
  await mapLimit(rendered, 3, async (r) => {
    if (!r) return;
    const { report, deptSheets, mail } = r;
    const departmentId = report.department.id;
    if (mail) {
      const outcome = await deliver(deps, report, mail);
      if (outcome === 'sent') sent++;
      else left.push({ departmentId, version, reason: outcome.failed });
    }
    await deps.bus
      .publish([
        {
          source: PUBLISH_SOURCE,
          'detail-type': 'assessment.published',
          detail: {
            period,
            version,
            departmentId,
            staff: deptSheets.map((s) => ({
              staffId: s.staffId,
              name: s.name,
              windowId: s.windowId,
              score: s.score,
              grade: s.grade,
              veto: s.veto,
              returnRecommended: s.returnRecommended,
              returnReasons: s.returnReasons,
            })),
          },
        },
      ])
      .catch((e: unknown) => logger.error('assessment.published failed', { period, departmentId, error: errorText(e) }));
  });
  return { sent, left: left.sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1)) };
}

/**
 * Sends the mails of a closed period that could not be delivered (a missing department record, SES
 * down): the department gets the version it missed, once. Run by the hourly reconcile sweep.
 */
export async function retryUndelivered(deps: CloseDeps, state: PeriodState): Promise<{ sent: number; left: CloseResult['undelivered'] }> {
  const pending = state.undelivered ?? [];
  if (pending.length === 0) return { sent: 0, left: [] };
  const sheets = await deps.store.listSheets(state.period);
  let sent = 0;
  const still: NonNullable<PeriodState['undelivered']> = [];
  for (const u of pending) {
    if (u.version !== state.version && sheets.some((s) => s.departmentId === u.departmentId && s.version > u.version)) {
      continue; // superseded: a later version of this department's results went out
    }
    const version = Math.max(u.version, ...sheets.filter((s) => s.departmentId === u.departmentId).map((s) => s.version));
    const r = await publish(deps, state.period, version, sheets, [u.departmentId], []);
    sent += r.sent;
    still.push(...r.left);
  }
  await deps.store.putPeriod({ ...state, undelivered: still });
  return { sent, left: still.map(({ departmentId, reason }) => ({ departmentId, reason })) };
}

/** Closes every ended, still open day of the month (no refold per day: the freeze folds once). */
async function closeOpenDays(deps: CloseDeps, month: string): Promise<void> {
  const closed = await deps.store.closedDays(month);
  const shifts = await deps.store.listMaster<Shift>('shifts');
  for (const date of daysOfMonth(month)) {
    if (closed.has(date) || endOfDay(date, deps.tz) > deps.clock.now()) continue;
    // A year the holiday calendar does not cover throws CalendarCoverageError (HTTP 422) before anything is marked.
    for (const cal of new Set(shifts.map((s) => s.calendar))) isWorkday(date, cal);
    await deps.store.closeDay(date);
  }
}

async function closedMonthSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, month: string, version: number, rules: RuleSet): Promise<Sheet> {
  const { sheet } = await buildMonthSheet(cache, tz, staff, month, { status: 'closed', version, rules });
  return sheet;
}

async function closedQuarterSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, quarter: string, version: number, rules: RuleSet): Promise<Sheet> {
  const months = monthsOfQuarter(quarter);
  const monthSheets = (await cache.store.staffSheets(staff.id, months)).map((sheet) => ({ sheet, active: activeIn(staff, sheet.period) }));
  if (monthSheets.length === 0) {
    // Nothing stored for the quarter's months (e.g. no activity at all): fold empty months.
    for (const m of months) monthSheets.push({ sheet: (await buildMonthSheet(cache, tz, staff, m, { status: 'closed', version: 1, rules })).sheet, active: activeIn(staff, m) });
  }
  return foldStaffQuarter({
    quarter,
    months: monthSheets,
    history: await history(cache, staff.id, addMonths(months[2]!, 1), rules.returnRule.windowMonths + 1, { tz }),
    rules,
    status: 'closed',
    version,
    afterClose: [],
  });
}

/** Changes that matter to a department: anything but the version and the after-close list. */
function differs(prev: Sheet | undefined, next: Sheet): boolean {
  if (!prev) return true;
  const strip = (s: Sheet) => JSON.stringify({ ...s, version: 0, status: 'closed', afterClose: [] });
  return strip(prev) !== strip(next);
}

function departmentReport(
  period: string,
  version: number,
  dept: WithId<Department>,
  sheets: Sheet[],
  windows: WithId<Window>[],
  rankings: Map<string, Ranking>,
  now: number,
  tz: string,
): DepartmentReport {
  const windowById = new Map(windows.map((w) => [w.id, w]));
  const hallOf = (s: Sheet) => windowById.get(s.windowId)?.hallId ?? 'main';
  const halls = new Set(sheets.map(hallOf));
  const ranks: Record<string, number> = {};
  let rankedCount = 0;
  for (const h of halls) {
    const r = rankings.get(h);
    if (!r) continue;
    rankedCount = Math.max(rankedCount, r.staff.length);
    for (const s of r.staff) ranks[s.staffId] = s.rank;
  }
  const mainHall = [...halls][0] ?? 'main';
  const rk = rankings.get(mainHall);
  const flag = rk?.redFlagWindowId ? rk.windows.find((w) => w.windowId === rk.redFlagWindowId) : undefined;
  return {
    period,
    version,
    department: { id: dept.id, name: dept.name, emails: dept.emails },
    sheets: [...sheets].sort((a, b) => (ranks[a.staffId] ?? 1e9) - (ranks[b.staffId] ?? 1e9) || (a.staffId < b.staffId ? -1 : 1)),
    windows: Object.fromEntries(windows.map((w) => [w.id, { name: w.name }])),
    ranks,
    rankedCount,
    redFlag: flag ? { windowId: flag.windowId, name: windowById.get(flag.windowId)?.name ?? flag.windowId, meanScore: flag.meanScore } : null,
    generatedAt: new Date(now).toISOString(),
    tz,
  };
}

/**
 * Sends a rendered department mail (rendered only when the ledger did not list it as sent) and records
 * it, so it goes out at most once per (period, department, version). Only the send is retried; recording
 * it is retried on its own, so a ledger hiccup never sends a second copy.
 */
async function deliver(deps: CloseDeps, report: DepartmentReport, mail: DepartmentMail): Promise<'sent' | { failed: string }> {
  const key = { period: report.period, departmentId: report.department.id, version: report.version };
  let where: string | undefined;
  let lastError = '';
  for (let attempt = 1; attempt <= MAIL_ATTEMPTS && where === undefined; attempt++) {
    try {
      where = await deps.mailer.send({ ...key, from: deps.mailFrom, to: report.department.emails, raw: mail.raw });
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
      logger.error('mail send failed', { ...key, attempt, error: lastError });
      if (attempt < MAIL_ATTEMPTS) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
  if (where === undefined) return { failed: `sending failed after ${MAIL_ATTEMPTS} attempts: ${lastError}` };
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.store.recordMail(key, { subject: mail.subject, to: report.department.emails, where });
      return 'sent';
    } catch (e) {
      // The mail went out; never resend it because the ledger write failed.
      logger.error('mail sent but not recorded', { ...key, attempt, error: errorText(e) });
      if (attempt >= 5) return 'sent';
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}
