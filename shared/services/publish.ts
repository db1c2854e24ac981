/**
 * The publish step (DESIGN.md flow): a close freezes and ranks, then queues one publication per
 * department; this step mails it and announces it (assessment.published), once per (period,
 * department, version) whatever the redeliveries, concurrent closes or reconcile runs. The ledger
 * claim is a conditional write taken BEFORE sending; a failed send gives the claim back and leaves the
 * mail due for the hourly reconcile sweep.
 */
import { randomUUID } from 'node:crypto';
import { CLOSE_SOURCE, PUBLISH_SOURCE, type BusEnvelope } from '../bus/patterns.js';
import type { Department, Shift, Staff, Window, WithId } from '../domain/masterdata.js';
import { mailKey, type MailEntry, type PublicationMessage, type PublicationRequest } from '../domain/publication.js';
import { rankPeriod, type Ranking } from '../domain/ranking.js';
import type { RuleSet } from '../domain/rules.js';
import type { Sheet } from '../domain/types.js';
import { buildDepartmentMail, renderHtml, renderSubject, type DepartmentMail, type DepartmentReport } from '../reports/index.js';
import { rulesLegend } from '../reports/legend.js';
import { HttpError } from '../http/errors.js';
import type { Deps } from '../runtime.js';
import { errorText, logger } from '../logger.js';
import { activeInPeriod } from './query.js';

export type PublishDeps = Pick<Deps, 'store' | 'bus' | 'mailer' | 'clock' | 'tz' | 'mailFrom'>;

const MAIL_ATTEMPTS = 3;
/**
 * A claim older than this belongs to a sender that died (the publish function's timeout is far
 * shorter) and may be retaken. The price: had it died after SES accepted the mail but before the
 * ledger said so, that one mail goes twice — chosen over losing it.
 */
export const STALE_CLAIM_MS = 15 * 60_000;
/** How long a close waits for its publications to settle before answering (AWS; locally they settle before). */
const SETTLE_WAIT_MS = 20_000;

export type PublishOutcome = 'sent' | 'already-sent' | 'busy' | 'superseded' | 'held' | { failed: string };

export const PUBLICATION_REQUESTED = 'publication.requested';

export function publicationEnvelope(m: PublicationMessage): BusEnvelope {
  return { source: CLOSE_SOURCE, 'detail-type': PUBLICATION_REQUESTED, detail: m };
}

/**
 * The requests of the given departments' publications of `version`: ranks and the red flag need the
 * whole period's sheets, so the close (or the reconcile sweep) computes them once for all departments.
 */
export async function publicationRequests(
  deps: Pick<Deps, 'store' | 'clock'>,
  period: string,
  version: number,
  sheets: Sheet[],
  departmentIds: string[],
  closeId: string,
  previousVersions: Map<string, number> = new Map(),
  /** The rules the period is scored with: the red flag needs their `good` threshold (CONTRACT.md §12). */
  rules?: Pick<RuleSet, 'grades'>,
): Promise<PublicationRequest[]> {
  const { store } = deps;
  const [allStaff, windows] = await Promise.all([store.listMaster<Staff>('staff'), store.listMaster<Window>('windows')]);
  const staffById = new Map(allStaff.map((x) => [x.id, x]));
  const windowById = new Map(windows.map((w) => [w.id, w]));
  const windowRefs = windows.map((w) => ({ id: w.id, hallId: w.hallId }));
  const ranked = sheets.filter((s) => {
    const st = staffById.get(s.staffId);
    return st !== undefined && activeInPeriod(st, period);
  });
  const hallRankings = new Map<string, Ranking>();
  for (const hallId of new Set(['main', ...windows.map((w) => w.hallId)])) {
    hallRankings.set(hallId, rankPeriod({ period, sheets: ranked, windows: windowRefs, hallId, ...(rules ? { redFlagMinScore: rules.grades.good } : {}) }));
  }
  const generatedAt = new Date(deps.clock.now()).toISOString();
  return departmentIds.map((departmentId) => {
    const deptSheets = sheets.filter((s) => s.departmentId === departmentId);
    const halls = new Set(deptSheets.map((s) => windowById.get(s.windowId)?.hallId ?? 'main'));
    const ranks: Record<string, number> = {};
    let rankedCount = 0;
    for (const h of halls) {
      const r = hallRankings.get(h);
      if (!r) continue;
      rankedCount = Math.max(rankedCount, r.staff.length);
      for (const s of r.staff) if (deptSheets.some((d) => d.staffId === s.staffId)) ranks[s.staffId] = s.rank;
    }
    const rk = hallRankings.get([...halls][0] ?? 'main');
    const flag = rk?.redFlagWindowId ? rk.windows.find((w) => w.windowId === rk.redFlagWindowId) : undefined;
    // No flag although windows were ranked: the best fell short of the threshold, and the mail says so.
    const best = !flag && rules ? rk?.windows[0] : undefined;
    const previousVersion = previousVersions.get(departmentId);
    return {
      period,
      version,
      departmentId,
      closeId,
      staffIds: deptSheets.map((s) => s.staffId).sort(),
      ranks,
      rankedCount,
      redFlag: flag ? { windowId: flag.windowId, name: windowById.get(flag.windowId)?.name ?? flag.windowId, meanScore: flag.meanScore } : null,
      ...(best && rules ? { redFlagMissed: { name: windowById.get(best.windowId)?.name ?? best.windowId, meanScore: best.meanScore, threshold: rules.grades.good } } : {}),
      ...(previousVersion !== undefined ? { previousVersion } : {}),
      generatedAt,
    };
  });
}

export interface PublishResult {
  /** Mails sent for these publications by the caller's own id. */
  sent: number;
  /** Publications whose mail could not go out (reason from the ledger); the reconcile sweep retries them. */
  left: { departmentId: string; version: number; reason: string }[];
}

/**
 * Queues the publications in the ledger, puts one message per department on the bus, and waits for
 * them to settle: locally the bus has run the publish step when `publish` resolves; on AWS the close
 * polls the ledger for up to SETTLE_WAIT_MS (what is still sending then is not counted in `emails`).
 */
export async function requestPublications(deps: PublishDeps, requests: PublicationRequest[], closeId: string): Promise<PublishResult> {
  if (requests.length === 0) return { sent: 0, left: [] };
  for (const r of requests) await deps.store.queueMail(r);
  await enqueue(deps, requests.map((r) => ({ ...mailKey(r), closeId })));
  return settle(deps, requests.map(mailKey), closeId);
}

async function enqueue(deps: PublishDeps, messages: PublicationMessage[]): Promise<void> {
  // PutEvents takes 10 entries a call.
  for (let i = 0; i < messages.length; i += 10) await deps.bus.publish(messages.slice(i, i + 10).map(publicationEnvelope));
}

async function settle(deps: PublishDeps, keys: ReturnType<typeof mailKey>[], closeId: string): Promise<PublishResult> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  let entries: (MailEntry | undefined)[] = [];
  for (let wait = 100; ; wait = Math.min(2000, wait * 2)) {
    entries = await Promise.all(keys.map((k) => deps.store.mailEntry(k)));
    const open = entries.some((e) => e === undefined || e.status === 'queued' || e.status === 'sending');
    if (!open || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, wait));
  }
  let sent = 0;
  const left: PublishResult['left'] = [];
  entries.forEach((e, i) => {
    if (e?.status === 'sent' && e.sentBy === closeId) sent++;
    else if (e?.status === 'failed') left.push({ departmentId: keys[i]!.departmentId, version: keys[i]!.version, reason: e.reason ?? 'sending failed' });
  });
  return { sent, left: left.sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1)) };
}

/**
 * Mails still due (queued or failed), of every period or one: each is sent again from the request the
 * close stored, under a new id. Run by the hourly reconcile sweep.
 */
export async function retryDue(deps: PublishDeps, period?: string): Promise<PublishResult> {
  const due = await deps.store.mailsDue(period);
  if (due.length === 0) return { sent: 0, left: [] };
  const closeId = `reconcile-${randomUUID()}`;
  await enqueue(deps, due.map((k) => ({ ...k, closeId })));
  return settle(deps, due, closeId);
}

/** The publish step for one (period, department, version): claim, render, send, record, announce. */
export async function publishDepartment(deps: PublishDeps, msg: PublicationMessage): Promise<PublishOutcome> {
  const { store } = deps;
  const key = mailKey(msg);
  const entry = await store.mailEntry(key);
  if (entry?.status === 'sent') return 'already-sent';
  if (entry?.status === 'superseded') return 'superseded';
  // Waiting for the office's review (POST /v1/publish releases it); the claim would refuse it anyway.
  if (entry?.status === 'held') return 'held';
  const request = entry?.request;
  if (!request) {
    logger.error('publication without a queued request', { ...key });
    return { failed: 'no publication was queued for this period, department and version' };
  }
  const sheets = await store.getSheets(key.period, request.staffIds);
  if (sheets.some((s) => s.version > key.version)) {
    // A revision published a later version of this department's results before this one went out.
    await store.supersedeMail(key);
    return 'superseded';
  }
  const token = randomUUID();
  if (!(await store.claimMail(key, token, Date.now() - STALE_CLAIM_MS))) return 'busy';
  try {
    const dept = await store.getMaster<Department>('departments', key.departmentId);
    if (!dept) {
      const reason = 'department record not found; no recipients';
      await store.failMail(key, token, reason);
      return { failed: reason };
    }
    const report = await reportOf(deps, request, dept, sheets);
    const mail = await buildDepartmentMail(report, deps.mailFrom);
    const outcome = await deliver(deps, report, mail, msg.closeId);
    if (outcome !== 'sent') {
      await store.failMail(key, token, outcome.failed);
      return outcome;
    }
    await announce(deps, report);
    return 'sent';
  } catch (e) {
    await store.failMail(key, token, errorText(e)).catch(() => undefined);
    throw e;
  }
}

/** Everything a department's mail shows, from its stored request and sheets (the same for preview and send). */
async function reportOf(deps: PublishDeps, request: PublicationRequest, dept: WithId<Department>, sheets: Sheet[]): Promise<DepartmentReport> {
  const { store } = deps;
  const windows = await store.listMaster<Window>('windows');
  const report = departmentReport(request, dept, sheets, windows, deps.tz);
  if (request.previousVersion !== undefined) {
    report.previous = await store.getFrozenSheets(request.period, request.staffIds, request.previousVersion);
    report.previousVersion = request.previousVersion;
  }
  const legend = await legendOf(deps, request.period, sheets);
  if (legend) report.legend = legend;
  return report;
}

/**
 * The 计分规则 legend (reports/legend.ts) from the rule version the sheets were scored with and the
 * shifts of the department's staff. Without it the mail still goes (a legend is explanation, not result).
 */
async function legendOf(deps: PublishDeps, period: string, sheets: Sheet[]): Promise<string[] | undefined> {
  const { store } = deps;
  try {
    const version = sheets[0]?.ruleVersion;
    // The department's own staff records only (one BatchGetItem), not the hall's whole staff list.
    const [rules, staff, shifts] = await Promise.all([
      version !== undefined ? store.rulesVersion(version) : store.currentRules(),
      store.getMasters<Staff>('staff', sheets.map((s) => s.staffId)),
      store.listMaster<Shift>('shifts'),
    ]);
    const used = new Set([...staff.values()].map((s) => s.shiftId));
    return rulesLegend({ rules, shifts: shifts.filter((s) => used.has(s.id)), period });
  } catch (e) {
    logger.error('rules legend left out', { period, error: errorText(e) });
    return undefined;
  }
}

function departmentReport(req: PublicationRequest, dept: WithId<Department>, sheets: Sheet[], windows: WithId<Window>[], tz: string): DepartmentReport {
  return {
    period: req.period,
    version: req.version,
    department: { id: dept.id, name: dept.name, emails: dept.emails },
    sheets: [...sheets].sort((a, b) => (req.ranks[a.staffId] ?? 1e9) - (req.ranks[b.staffId] ?? 1e9) || (a.staffId < b.staffId ? -1 : 1)),
    windows: Object.fromEntries(windows.map((w) => [w.id, { name: w.name }])),
    ranks: req.ranks,
    rankedCount: req.rankedCount,
    redFlag: req.redFlag,
    ...(req.redFlagMissed ? { redFlagMissed: req.redFlagMissed } : {}),
    // A later version is a correction only for a department that received an earlier one.
    ...(req.version > 1 ? { correction: req.previousVersion !== undefined } : {}),
    ...(req.previousStandings ? { previousStandings: req.previousStandings } : {}),
    generatedAt: req.generatedAt,
    tz,
  };
}

/** assessment.published, after the mail went out (a failure is logged: the mail is what departments act on). */
async function announce(deps: PublishDeps, report: DepartmentReport): Promise<void> {
  await deps.bus
    .publish([
      {
        source: PUBLISH_SOURCE,
        'detail-type': 'assessment.published',
        detail: {
          period: report.period,
          version: report.version,
          departmentId: report.department.id,
          staff: report.sheets.map((s) => ({
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
    .catch((e: unknown) => logger.error('assessment.published failed', { period: report.period, departmentId: report.department.id, error: errorText(e) }));
}

/**
 * Sends a claimed mail and records it. Only the send is retried; recording it is retried on its own,
 * so a ledger hiccup never sends a second copy.
 */
async function deliver(deps: PublishDeps, report: DepartmentReport, mail: DepartmentMail, sentBy: string): Promise<'sent' | { failed: string }> {
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
      await deps.store.recordMail(key, { subject: mail.subject, to: report.department.emails, where, sentBy });
      return 'sent';
    } catch (e) {
      // The mail went out; never resend it because the ledger write failed (the claim stays taken).
      logger.error('mail sent but not recorded', { ...key, attempt, error: errorText(e) });
      if (attempt >= 5) return 'sent';
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

// ---------------------------------------------------------------- publication review (CONTRACT.md §12)

/**
 * Under rule `publication: "review"` a close holds its publications instead of queueing them: each is
 * kept in the ledger (held) with the subject and recipients GET /v1/mails shows.
 */
export async function holdPublications(deps: Pick<Deps, 'store'>, requests: PublicationRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const departments = new Map((await deps.store.listMaster<Department>('departments')).map((d) => [d.id, d]));
  for (const r of requests) {
    const dept = departments.get(r.departmentId);
    const subject = dept
      ? renderSubject({
          period: r.period,
          version: r.version,
          department: { id: dept.id, name: dept.name, emails: dept.emails },
          ...(r.version > 1 ? { correction: r.previousVersion !== undefined } : {}),
        } as DepartmentReport)
      : '';
    await deps.store.holdMail(r, { subject, to: dept?.emails ?? [] });
  }
}

async function closedState(deps: Pick<Deps, 'store'>, period: string) {
  const state = await deps.store.getPeriod(period);
  if (state.status !== 'closed') throw new HttpError(409, 'period-not-closed', `${period} is not closed; close it first (POST /v1/close/${period})`);
  return state;
}

export interface PreviewMail {
  departmentId: string;
  to: string[];
  subject: string;
  html: string;
}

/**
 * GET /v1/close/{period}/preview: each department's mail of the period's latest version, rendered as
 * it will be sent (held or not). Renders only; nothing is claimed, sent or announced.
 */
export async function previewPublication(deps: PublishDeps, period: string): Promise<{ period: string; version: number; mails: PreviewMail[] }> {
  const { store } = deps;
  const state = await closedState(deps, period);
  const entries = (await store.mailLedger(period)).filter((e) => e.version === state.version && e.status !== 'superseded' && e.request);
  const mails: PreviewMail[] = [];
  for (const e of entries.sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1))) {
    const request = e.request!;
    const dept = await store.getMaster<Department>('departments', e.departmentId);
    if (!dept) {
      mails.push({ departmentId: e.departmentId, to: [], subject: '', html: '' });
      continue;
    }
    const sheets = await store.getFrozenSheets(period, request.staffIds, request.version);
    const report = await reportOf(deps, request, dept, sheets);
    mails.push({ departmentId: e.departmentId, to: dept.emails, subject: renderSubject(report), html: renderHtml(report) });
  }
  return { period, version: state.version, mails };
}

/**
 * POST /v1/publish/{period}: releases the period's held publications (every version still held; an
 * older one a revision replaced is superseded by the publish step) and sends them, once: each release
 * is a conditional write, so a second or concurrent call finds nothing held and answers `emails: 0`.
 */
export async function publishHeld(deps: PublishDeps, period: string): Promise<{ period: string; version: number; emails: number }> {
  const { store } = deps;
  const state = await closedState(deps, period);
  const held = (await store.mailLedger(period)).filter((e) => e.status === 'held').map(mailKey);
  const released: ReturnType<typeof mailKey>[] = [];
  for (const k of held) if (await store.releaseMail(k)) released.push(k);
  if (released.length === 0) return { period, version: state.version, emails: 0 };
  const closeId = `publish-${randomUUID()}`;
  await enqueue(deps, released.map((k) => ({ ...k, closeId })));
  const r = await settle(deps, released, closeId);
  return { period, version: state.version, emails: r.sent };
}
