/**
 * Period close (CONTRACT.md §5, §12) of months, quarters, half years and years: close what lies inside
 * first (a month its open days, a quarter its months, a half year or a year its quarters — never a
 * half year), freeze sheets with the rule version used, rank (a year: the excellent quota), and queue
 * one publication per department (shared/services/publish.ts mails and announces it) — or, under rule
 * `publication: "review"`, hold them until POST /v1/publish. One close of a period at a time (a lease in the table); the
 * period is marked closed once its sheets are frozen, with a write conditional on the version it read.
 * Safe to re-run after a crash: the freeze rewrites the same version; queued mails wait in the ledger.
 */
import { randomUUID } from 'node:crypto';
import { assertDayCovered } from './calendars.js';
import type { Staff, Window, WithId } from '../domain/masterdata.js';
import { periodKind, subPeriods } from '../domain/periods.js';
import { summarizeMonth } from '../domain/scoring.js';
import { addMonths, daysOfMonth, endOfDay, isMonth, isYear, monthsOfPeriod, periodDays } from '../domain/time.js';
import type { RuleSet } from '../domain/rules.js';
import type { Sheet } from '../domain/types.js';
import { HttpError } from '../http/errors.js';
import { ConflictError, type PeriodState } from '../adapters/dynamodb/store.js';
import type { Deps } from '../runtime.js';
import { holdCloseLease } from './close-lease.js';
import { ReadCache } from './context.js';
import { mapLimit } from './ingest.js';
import { foldLongPeriod, withYearQuota } from './long-periods.js';
import { holdPublications, publicationRequests, requestPublications, retryDue } from './publish.js';
import type { PublicationRequest } from '../domain/publication.js';
import { activeInPeriod } from './query.js';
import { activeIn, buildMonthSheet } from './sheets.js';

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

export interface CloseOptions {
  revise?: boolean;
  /**
   * When another close of this period runs: wait for it (schedules, and a longer period closing the
   * periods inside it) instead of answering 409 close-in-progress (an API call).
   */
  wait?: boolean;
}

export async function closePeriod(deps: CloseDeps, period: string, opts: CloseOptions = {}): Promise<CloseResult> {
  const { tz, clock } = deps;
  const { last } = periodDays(period);
  if (endOfDay(last, tz) > clock.now()) {
    throw new HttpError(409, 'period-not-ended', `${period} has not ended yet in the hall's time zone (${tz})`);
  }
  const lease = await holdCloseLease(deps.store, period, { wait: opts.wait === true });
  try {
    return await closeHeld(deps, period, opts);
  } finally {
    await lease.release();
  }
}

/** The close itself, run by the holder of the period's close lease (so the state read here stays true). */
async function closeHeld(deps: CloseDeps, period: string, opts: CloseOptions): Promise<CloseResult> {
  const { store, tz, clock } = deps;
  const state = await store.getPeriod(period);
  if (state.status === 'closed' && !opts.revise) {
    // Closing again sends nothing (contract §5); undelivered mails are retried by the reconcile sweep.
    return { period, version: state.version, sheets: (await store.listSheets(period)).length, emails: 0, undelivered: await undeliveredOf(deps, period) };
  }

  // A longer period closes the open periods one level down first (each publishes its own mails): a
  // quarter its months, a half year or a year its quarters (which close their months). One whose own
  // close is running (its schedule fires at the same 02:00) is waited for under its lease, never closed
  // twice; leases are taken longer → shorter only, so closes waiting on each other cannot deadlock.
  let emails = 0;
  const long = periodKind(period) !== 'month';
  if (long) {
    for (const sub of subPeriods(period)) {
      if ((await store.getPeriod(sub)).status !== 'closed') {
        const r = await closePeriod(deps, sub, { wait: true });
        emails += r.emails;
      }
    }
  } else if (state.status !== 'closed') {
    await closeOpenDays(deps, period);
  }

  // From here until the period is closed, consumers also list what arrives as late (never in neither).
  const closing: PeriodState = { ...state, closing: new Date().toISOString() };
  if (state.status !== 'closed') await putState(store, closing, state.version);
  try {
    return await foldFreezePublish(deps, period, opts, state, emails);
  } catch (e) {
    // Not closed after all: consumers go back to refolding the open sheets (a retry sets it again).
    if (state.status !== 'closed') await putState(store, state, state.version).catch(() => undefined);
    throw e;
  }
}

async function putState(store: CloseDeps['store'], next: PeriodState, expectVersion: number): Promise<void> {
  await store.putPeriod(next, expectVersion).catch((e: unknown) => {
    if (e instanceof ConflictError) throw new HttpError(409, 'close-in-progress', e.message);
    throw e;
  });
}

async function foldFreezePublish(deps: CloseDeps, period: string, opts: CloseOptions, state: PeriodState, emailsBefore: number): Promise<CloseResult> {
  const { store, tz, clock } = deps;
  let emails = emailsBefore;
  const undelivered: CloseResult['undelivered'] = [];
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
  // A year's grades wait for the hall's quota, so its sheets are written after it.
  const long = periodKind(period) !== 'month';
  const folded = new Map<string, Set<string>>();
  const early = state.status !== 'closed' && !isYear(period) ? new FreezeStream(deps, period, cache, folded) : undefined;
  let fresh = await mapLimit(staff, 12, async (s) => {
    const sheet = long
      ? await closedLongSheet(cache, tz, s, period, version, rules)
      : await closedMonthSheet(cache, tz, s, period, version, rules, folded);
    early?.add(sheet);
    return sheet;
  });
  if (isYear(period)) {
    const activeIds = new Set(staff.filter((s) => activeInPeriod(s, period)).map((s) => s.id));
    const windows = await store.listMaster<Window>('windows');
    fresh = withYearQuota(period, fresh, fresh.filter((s) => activeIds.has(s.staffId)), windows, rules);
  }

  // A revision publishes only departments whose mail changes: their own sheets, or what the mail shows
  // of the others (their staff's ranks, the red flag). The others keep their published version.
  const changedDepts = new Set(
    fresh.filter((s) => state.status !== 'closed' || differs(prevById.get(s.staffId), s)).map((s) => s.departmentId),
  );
  const standings = state.status === 'closed' && changedDepts.size > 0 ? await standingsBefore(deps, period, previous, fresh, rules) : undefined;
  for (const d of standings?.changed ?? []) changedDepts.add(d);
  if (state.status === 'closed' && changedDepts.size === 0) {
    return { period, version: state.version, sheets: fresh.length, emails, undelivered: await undeliveredOf(deps, period), changed: false };
  }
  const sheets = fresh.map((s) => (changedDepts.has(s.departmentId) ? s : (prevById.get(s.staffId) ?? s)));
  const frozen = sheets.filter((s) => changedDepts.has(s.departmentId));
  // No publication is queued before the sheets it reports are stored.
  await (early ? early.finish() : freeze(deps, period, frozen, cache, folded));

  const closeId = randomUUID();
  // What each department last received: a correction says what changed against that. A version held for
  // review (or superseded, or never delivered) never reached it and will not once this one exists.
  const previousVersions = new Map<string, number>();
  if (previous.length > 0) {
    for (const e of await store.mailLedger(period)) {
      if (e.status !== 'sent' && e.status !== 'sending') continue;
      previousVersions.set(e.departmentId, Math.max(previousVersions.get(e.departmentId) ?? 0, e.version));
    }
  }
  const requests = (await publicationRequests(deps, period, version, sheets, [...changedDepts].sort(), closeId, previousVersions, rules)).map((r) => {
    const b = standings?.before.get(r.departmentId);
    return b ? { ...r, previousStandings: { ranks: b.ranks, redFlag: b.redFlag } } : r;
  });
  // Review (CONTRACT.md §12) is the hall's current choice, also for a revision of a period closed before it.
  const review = (await cache.rules()).publication === 'review';
  // The period is closed before its publications go out: a publication never reports an open period,
  // and a crash from here on is healed by the reconcile sweep (the requests wait in the ledger).
  if (review) await holdPublications(deps, requests);
  else for (const r of requests) await store.queueMail(r);
  const closed: PeriodState = { period, status: 'closed', version, ruleVersion: rules.version, closedAt: new Date(clock.now()).toISOString() };
  await putState(store, closed, state.version);
  // Held publications wait for POST /v1/publish: no mail, no assessment.published, emails 0.
  const outcome = review ? { sent: 0 } : await requestPublications(deps, requests, closeId);
  emails += outcome.sent;
  undelivered.push(...(await undeliveredOf(deps, period)));
  return { period, version, sheets: sheets.length, emails, undelivered, ...(opts.revise ? { changed: true } : {}) };
}

/**
 * Departments whose mail would show other ranks, another ranked count or another red flag with the new
 * sheets than with the published ones (their own sheets unchanged).
 */
async function standingsBefore(
  deps: CloseDeps,
  period: string,
  previous: Sheet[],
  fresh: Sheet[],
  /** The red flag's threshold, as the publications use it (a flag the mail never showed never "moved"). */
  rules: RuleSet,
): Promise<{ changed: string[]; before: Map<string, PublicationRequest> }> {
  const departments = [...new Set([...previous, ...fresh].map((s) => s.departmentId))];
  const [before, after] = await Promise.all([
    publicationRequests(deps, period, 0, previous, departments, 'compare', new Map(), rules),
    publicationRequests(deps, period, 0, fresh, departments, 'compare', new Map(), rules),
  ]);
  // The red flag's holder, not its mean score: a mean moving by a point is no reason to mail every department.
  const shown = (r: PublicationRequest) => JSON.stringify([Object.entries(r.ranks).sort(), r.rankedCount, r.redFlag?.windowId ?? null]);
  const was = new Map(before.map((r) => [r.departmentId, shown(r)]));
  return { changed: after.filter((r) => was.get(r.departmentId) !== shown(r)).map((r) => r.departmentId), before: new Map(before.map((r) => [r.departmentId, r])) };
}

/** Departments of a period whose mail is still due (queued or failed), with the ledger's reason. */
async function undeliveredOf(deps: CloseDeps, period: string): Promise<CloseResult['undelivered']> {
  const due = await deps.store.mailsDue(period);
  const out: CloseResult['undelivered'] = [];
  for (const k of due) {
    const e = await deps.store.mailEntry(k);
    if (e?.status === 'failed' || e?.status === 'queued') out.push({ departmentId: k.departmentId, reason: e.reason ?? 'not sent yet' });
  }
  return out.sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1));
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
    private readonly folded: Map<string, Set<string>>,
  ) {}

  add(sheet: Sheet): void {
    this.pending.push(sheet);
    if (this.pending.length >= FREEZE_CHUNK) this.flush();
  }

  /**
   * Resolves when every added sheet is stored; rejects with the first failed write, but only once no
   * lane is writing any more (the close holds its lease until its writes have stopped).
   */
  async finish(): Promise<void> {
    this.flush();
    const settled = await Promise.allSettled(this.lanes);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending;
    this.pending = [];
    // After a failure the rest of its lane is not attempted: finish() reports it, the close fails as a
    // whole and mails nothing; a re-run rewrites every sheet (puts of fixed keys).
    const lane = this.chunks++ % this.lanes.length;
    this.lanes[lane] = this.lanes[lane]!.then(() => freeze(this.deps, this.period, chunk, this.cache, this.folded));
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
async function freeze(deps: CloseDeps, period: string, frozen: Sheet[], cache: ReadCache, folded: Map<string, Set<string>>): Promise<void> {
  const { store } = deps;
  await store.putClosedSheets(frozen, folded);
  if (isMonth(period)) {
    // The return rule of later months reads these summaries instead of whole sheets: one month's
    // update each (closes of other months may be writing the same items).
    const drop = addMonths(period, -24);
    const months = await Promise.all(
      frozen.map(async (s) => {
        const st = await cache.staff(s.staffId); // primed by the close: no read per person
        return { staffId: s.staffId, month: period, summary: summarizeMonth(s, st ? activeIn(st, period) : false), drop };
      }),
    );
    await store.putHistoryMonths(months);
  }
}

/** Mails still due of closed periods (a missing department record, SES down), each once. Run by the hourly reconcile sweep. */
export async function retryUndelivered(deps: CloseDeps): Promise<{ sent: number; left: CloseResult['undelivered'] }> {
  const r = await retryDue(deps);
  return { sent: r.sent, left: r.left.map(({ departmentId, reason }) => ({ departmentId, reason })) };
}

/** Closes every ended, still open day of the month (no refold per day: the freeze folds once). */
async function closeOpenDays(deps: CloseDeps, month: string): Promise<void> {
  const closed = await deps.store.closedDays(month);
  const toClose = daysOfMonth(month).filter((date) => !closed.has(date) && endOfDay(date, deps.tz) <= deps.clock.now());
  // A year the holiday calendar does not cover throws CalendarCoverageError (HTTP 422) before anything is marked.
  await assertDayCovered(deps.store, toClose);
  for (const date of toClose) await deps.store.closeDay(date);
}

async function closedMonthSheet(
  cache: ReadCache,
  tz: string,
  staff: WithId<Staff>,
  month: string,
  version: number,
  rules: RuleSet,
  folded: Map<string, Set<string>>,
): Promise<Sheet> {
  const { sheet, eventIds } = await buildMonthSheet(cache, tz, staff, month, { status: 'closed', version, rules });
  folded.set(staff.id, new Set(eventIds));
  return sheet;
}

/**
 * A quarter's, half year's or year's closed sheet, from the frozen sheets of its months (closed before
 * it) and, for quarters and years, the composite ratings (long-periods.ts, as reads fold them).
 */
async function closedLongSheet(cache: ReadCache, tz: string, staff: WithId<Staff>, period: string, version: number, rules: RuleSet): Promise<Sheet> {
  const months = monthsOfPeriod(period);
  const monthSheets = await cache.store.staffSheets(staff.id, months);
  if (monthSheets.length === 0) {
    // Nothing stored for the period's months (e.g. no activity at all): fold empty months.
    for (const m of months) monthSheets.push((await buildMonthSheet(cache, tz, staff, m, { status: 'closed', version: 1, rules })).sheet);
  }
  return foldLongPeriod(cache, staff, period, monthSheets, {
    // A close is exact: open months before the period are folded live for the return rule.
    live: { tz },
    rules,
    status: 'closed',
    version,
    // What its months list as late is not in their published numbers, so not in this period's either:
    // it says so until it is revised after them.
    afterClose: [...new Set(monthSheets.flatMap((m) => m.afterClose))].sort(),
  });
}

/** Changes that matter to a department: anything but the version and the after-close list. */
function differs(prev: Sheet | undefined, next: Sheet): boolean {
  if (!prev) return true;
  const strip = (s: Sheet) => JSON.stringify({ ...s, version: 0, status: 'closed', afterClose: [] });
  return strip(prev) !== strip(next);
}

