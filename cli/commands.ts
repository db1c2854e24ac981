/** The operator CLI's commands. Each prints to `io.out` and returns an exit code (0 ok, 1 refused, 2 server). */
import type { MasterKind } from '../shared/domain/masterdata.js';
import { ApiError, enc, type HallscoreClient } from './client.js';
import { formatError, KINDS, prepare, send } from './import.js';
import { clip, fmtPoints, fmtRate, fmtScore, GRADE_ZH, table } from './table.js';
import { FileError, readTabular } from './tabular.js';
import type { Sheet } from '../shared/domain/types.js';
import type { DeadLetter } from '../shared/ports.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Opts {
  json: boolean;
  revise: boolean;
  skipInvalid: boolean;
  dryRun: boolean;
  sheet?: string;
  department?: string;
}

export class UsageError extends Error {}

const PERIOD_RE = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function period(p: string | undefined, what = 'period'): string {
  if (!p) throw new UsageError(`missing ${what} (YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY)`);
  if (!PERIOD_RE.test(p)) throw new UsageError(`${what} must be YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY, got ${JSON.stringify(p)}`);
  return p;
}

function kindArg(k: string | undefined): MasterKind {
  if (!k) throw new UsageError(`missing kind (one of ${KINDS.join(', ')})`);
  if (!(KINDS as string[]).includes(k)) throw new UsageError(`unknown kind ${JSON.stringify(k)} (one of ${KINDS.join(', ')})`);
  return k as MasterKind;
}

const json = (io: Io, v: unknown): number => {
  io.out(JSON.stringify(v, null, 2));
  return 0;
};

// ---------------------------------------------------------------------------------------------
// import

export async function importCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const kind = kindArg(args[0]);
  const path = args[1];
  if (!path) throw new UsageError('missing file (.csv or .xlsx)');
  if (args.length > 2) throw new UsageError(`unexpected argument ${JSON.stringify(args[2])}`);
  let t;
  try {
    t = await readTabular(path, { preferSheet: o.sheet ?? kind });
  } catch (e) {
    if (e instanceof FileError) {
      io.err(e.message);
      return 1;
    }
    throw e;
  }
  const p = prepare(kind, t);
  for (const e of p.errors) io.err(formatError(t.file, e));
  const total = t.rows.length;
  if (p.errors.length > 0 && (p.rows.length === 0 || !o.skipInvalid)) {
    io.err(
      `${t.file}: ${p.badLines.size > 0 ? `${p.badLines.size} of ${total} row(s) have errors` : 'the header has errors'}; nothing was imported` +
        (p.badLines.size > 0 && p.rows.length > 0 ? ' (fix them, or use --skip-invalid to import the valid rows)' : ''),
    );
    return 1;
  }
  if (o.dryRun) {
    io.out(`${t.file}: ${p.rows.length} ${kind} row(s) valid${p.badLines.size ? `, ${p.badLines.size} invalid` : ''}; nothing sent (--dry-run)`);
    return p.errors.length > 0 ? 1 : 0;
  }
  const r = await send(api, p);
  for (const e of r.failed) io.err(formatError(t.file, e));
  const failed = p.badLines.size + new Set(r.failed.map((f) => f.line)).size;
  io.out(`imported ${r.imported} of ${total} ${kind} from ${t.file}${failed ? ` (${failed} failed)` : ''}`);
  if (r.serverFailure) return 2;
  return failed > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// lists

export async function listCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const kind = kindArg(args[0]);
  const body = await api.get<Record<string, Record<string, unknown>[]>>(`/v1/${kind}`);
  if (o.json) return json(io, body);
  const recs = (body[kind] ?? []).slice().sort((a, b) => String(a.id).localeCompare(String(b.id)));
  if (recs.length === 0) {
    io.out(`no ${kind}`);
    return 0;
  }
  const s = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v));
  const rowsByKind: Record<MasterKind, [string[], (r: Record<string, unknown>) => unknown[]]> = {
    departments: [['id', 'name', 'emails'], (r) => [r.id, r.name, s(r.emails)]],
    shifts: [
      ['id', 'sessions', 'early', 'late→absent', 'early-leave→absent', 'calendar'],
      (r) => [r.id, (r.sessions as { start: string; end: string }[]).map((x) => `${x.start}-${x.end}`).join('; '), r.arriveEarlyMinutes, r.lateAbsentMinutes, r.earlyLeaveAbsentMinutes, r.calendar],
    ],
    windows: [['id', 'name', 'hall'], (r) => [r.id, r.name, r.hallId]],
    staff: [['id', 'name', 'department', 'window', 'shift', 'pin', 'active', 'since'], (r) => [r.id, r.name, r.departmentId, r.windowId, r.shiftId, s(r.pin), r.active === false ? 'no' : 'yes', s(r.since)]],
    sources: [['id', 'kind', 'device SN', 'key'], (r) => [r.id, r.kind, s(r.deviceSn), r.hasKey ? 'yes (hashed)' : r.deviceSn ? '- (device)' : 'no']],
  };
  const [headers, row] = rowsByKind[kind];
  for (const l of table(headers, recs.map((r) => row(r).map((v) => (typeof v === 'number' ? v : s(v)))))) io.out(l);
  io.out(`${recs.length} ${kind}`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// sheets and rankings

/** A sheet as the API returns it (lists leave out the items). */
type SheetBody = Omit<Sheet, 'items'> & { items?: Sheet['items'] };

/** The months of a quarter, half year or year. */
const monthsOf = (p: string): string[] => {
  const y = p.slice(0, 4);
  const [first, n] = /Q\d$/.test(p) ? [(Number(p.slice(6)) - 1) * 3 + 1, 3] : /H1$/.test(p) ? [1, 6] : /H2$/.test(p) ? [7, 6] : [1, 12];
  return Array.from({ length: n }, (_, i) => `${y}-${String(first + i).padStart(2, '0')}`);
};

const localTime = (at?: string) => (at ? at.replace('T', ' ').replace(/([+-]\d{2}:\d{2}|Z)$/, '') : '');

async function nameOf(api: HallscoreClient, kind: 'departments' | 'windows', id: string): Promise<string> {
  try {
    const r = await api.get<{ name?: string }>(`/v1/${kind}/${enc(id)}`);
    return r.name ? `${r.name} (${id})` : id;
  } catch {
    return id;
  }
}

export async function sheetCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const p = period(args[0]);
  const staffId = args[1];
  if (!staffId) throw new UsageError('missing staff id');
  const s = await api.get<SheetBody>(`/v1/sheets/${p}/staff/${enc(staffId)}`);
  if (o.json) return json(io, s);
  const [dept, win] = await Promise.all([nameOf(api, 'departments', s.departmentId), nameOf(api, 'windows', s.windowId)]);
  const a = s.attendance;
  const e = s.evaluations;
  const c = s.complaints;
  const byLevel = (['5', '4', '3', '2', '1'] as const).map((l) => `${l}:${e.byLevel[l] ?? 0}`).join(' ');
  const head: [string, string][] = [
    ['sheet', `${s.period} · ${s.staffId} ${s.name}`],
    ['department', dept],
    ['window', win],
    ['status', `${s.status === 'closed' ? '已关闭 closed' : '进行中 open'} · version ${s.version} · rules v${s.ruleVersion}`],
    ['score', `${fmtScore(s.score)} · ${GRADE_ZH[s.grade] ?? s.grade} ${s.grade}${s.veto ? ' · 一票否决 veto' : ''}`],
    ['return', s.returnRecommended ? `建议退回 recommended: ${s.returnReasons.join('; ')}` : 'no'],
    ['attendance', `workdays ${a.workdays} · sessions ${a.sessions} · late ${a.late} · early leave ${a.earlyLeave} · missing punch ${a.missingPunch} · absent ${a.absent} · excused ${a.excused}`],
    ['evaluations', `${e.count} (${byLevel}) · satisfaction ${fmtRate(e.satisfactionRate)}`],
    ['complaints', `filed ${c.filed} · substantiated ${c.substantiated} · unsubstantiated ${c.unsubstantiated} · pending ${c.pending}`],
  ];
  if (s.afterClose.length > 0) head.push(['after close', `${s.afterClose.length} event(s) not in this version: ${clip(s.afterClose.join(', '), 80)}`]);
  const w = Math.max(...head.map(([k]) => k.length));
  for (const [k, v] of head) io.out(`${k.padEnd(w)}  ${v}`);
  io.out('');
  const items = s.items ?? [];
  if (items.length === 0) {
    io.out('no line items (a clean sheet: 100 points)');
    return 0;
  }
  const rows = items.map((it, i) => [i + 1, it.code, fmtPoints(it.points), localTime(it.at), clip(it.refs.join(', '), 44), it.note ?? '']);
  for (const l of table([{ header: '#', align: 'right' }, 'code', { header: 'points', align: 'right' }, 'at', 'refs', 'note'], rows)) io.out(l);
  const total = items.reduce((n, it) => n + it.points, 0);
  if (!/^\d{4}-\d{2}$/.test(s.period)) {
    // A longer period's score is the mean of its monthly scores (and, for quarters and years, the composite), not 100 + its items.
    const months = monthsOf(s.period);
    const monthly = await Promise.all(months.map((m) => api.get<SheetBody>(`/v1/sheets/${m}/staff/${enc(staffId)}`).then((x) => `${m} ${fmtScore(x.score)}`, () => `${m} -`)));
    const what = /Q\d$/.test(s.period) ? 'quarter' : /H\d$/.test(s.period) ? 'half year' : 'year';
    const ratings = Object.entries(s.ratings ?? {});
    if (ratings.length === 0) {
      io.out(`${items.length} item(s) over the ${what}; score ${fmtScore(s.score)} = mean of the monthly scores (${monthly.join(' · ')})`);
    } else {
      io.out(`${items.length} item(s) over the ${what}; computed score ${fmtScore(s.computedScore ?? s.score)} = mean of the monthly scores (${monthly.join(' · ')})`);
      io.out(`score ${fmtScore(s.score)} = composite of the computed score and ${ratings.map(([k, v]) => `${k} ${fmtScore(v)}`).join(', ')}`);
    }
    if (s.gradeCapped) io.out('grade capped to 良好 by the excellent quota (优秀名额已满)');
  } else {
    io.out(`${items.length} item(s), total ${fmtPoints(Math.round(total * 100) / 100)} → score ${fmtScore(s.score)}`);
  }
  return 0;
}

export async function sheetsCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const p = period(args[0]);
  const q = o.department ? `?departmentId=${enc(o.department)}` : '';
  const body = await api.get<{ sheets: SheetBody[] }>(`/v1/sheets/${p}${q}`);
  if (o.json) return json(io, body);
  const rows = body.sheets.map((s) => [
    s.staffId,
    s.name,
    s.departmentId,
    s.windowId,
    fmtScore(s.score),
    GRADE_ZH[s.grade] ?? s.grade,
    s.attendance.late,
    s.attendance.absent,
    s.evaluations.count,
    fmtRate(s.evaluations.satisfactionRate),
    s.complaints.substantiated,
    [s.veto ? 'veto' : '', s.returnRecommended ? '建议退回' : ''].filter(Boolean).join(' '),
  ]);
  for (const l of table(['staff', 'name', 'dept', 'window', { header: 'score', align: 'right' }, 'grade', 'late', 'absent', 'reviews', { header: 'satisfaction', align: 'right' }, 'complaints', 'flag'], rows)) io.out(l);
  io.out(`${body.sheets.length} sheet(s), ${p}${body.sheets[0] ? ` (${body.sheets[0].status})` : ''}`);
  return 0;
}

export async function rankingsCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const p = period(args[0]);
  const r = await api.get<{
    staff: { rank: number; staffId: string; score: number; grade: string }[];
    windows: { rank: number; windowId: string; meanScore: number; satisfactionRate: number | null }[];
    redFlagWindowId: string | null;
  }>(`/v1/rankings/${p}`);
  if (o.json) return json(io, r);
  io.out(`staff, ${p}`);
  for (const l of table([{ header: '#', align: 'right' }, 'staff', { header: 'score', align: 'right' }, 'grade'], r.staff.map((s) => [s.rank, s.staffId, fmtScore(s.score), `${GRADE_ZH[s.grade] ?? s.grade}`]), '  ')) io.out(l);
  io.out(`windows, ${p}`);
  for (const l of table(
    [{ header: '#', align: 'right' }, 'window', { header: 'mean score', align: 'right' }, { header: 'satisfaction', align: 'right' }, 'flag'],
    r.windows.map((w) => [w.rank, w.windowId, fmtScore(w.meanScore), fmtRate(w.satisfactionRate), w.windowId === r.redFlagWindowId ? '流动红旗 red flag' : '']),
    '  ',
  )) io.out(l);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// close

export async function closeCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  if (args[0] === 'day') {
    const date = args[1];
    if (!date || !DATE_RE.test(date)) throw new UsageError(`close day needs a date YYYY-MM-DD${date ? `, got ${JSON.stringify(date)}` : ''}`);
    if (o.revise) throw new UsageError('--revise is for periods; a closed day refolds by itself when late punches arrive');
    const r = await api.post<{ date: string; sheets: number; alreadyClosed: boolean }>(`/v1/close/day/${date}`);
    if (o.json) return json(io, r);
    io.out(r.alreadyClosed ? `${r.date} was already closed; sheets refolded: ${r.sheets}` : `closed ${r.date}: ${r.sheets} sheet(s) refolded with its absences and missing punches`);
    return 0;
  }
  const p = period(args[0], 'period (or "day YYYY-MM-DD")');
  const r = await api.post<{ period: string; version: number; sheets: number; emails: number; undelivered?: { departmentId: string; reason: string }[]; changed?: boolean }>(
    `/v1/close/${p}${o.revise ? '?revise=true' : ''}`,
  );
  if (o.json) return json(io, r);
  if (o.revise && r.changed === false) io.out(`${r.period}: the revision changed nothing; still version ${r.version}, no mail sent`);
  else if (r.emails === 0 && !o.revise) io.out(`${r.period} is closed (version ${r.version}, ${r.sheets} sheets); nothing new to send`);
  else io.out(`${o.revise ? 'revised' : 'closed'} ${r.period}: version ${r.version}, ${r.sheets} sheet(s), ${r.emails} mail(s) written`);
  // Under publication review (rule publication: review) the mails wait for the office: say so, and how to go on.
  if (r.emails === 0) {
    const held = await heldMails(api, r.period);
    if (held > 0) io.out(`${r.period} 已关闭，${held} 封通报邮件待审核：hallscore preview ${r.period} 预览，确认后 hallscore publish ${r.period} 发送`);
  }
  for (const u of r.undelivered ?? []) io.err(`  mail to ${u.departmentId} not delivered: ${u.reason}`);
  return (r.undelivered ?? []).length > 0 ? 2 : 0;
}

async function heldMails(api: HallscoreClient, p: string): Promise<number> {
  const r = await api.get<{ mails: { status: string }[] }>(`/v1/mails/${p}`).catch(() => ({ mails: [] }));
  return r.mails.filter((m) => m.status === 'held').length;
}

// ---------------------------------------------------------------------------------------------
// publication review (CONTRACT.md §12): GET /v1/close/{period}/preview, POST /v1/publish/{period}

interface PreviewMail {
  departmentId: string;
  to: string[];
  subject: string;
  html: string;
}

export async function previewCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const p = period(args[0]);
  if (args.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(args[1])}`);
  const r = await api.get<{ period: string; version: number; mails: PreviewMail[] }>(`/v1/close/${enc(p)}/preview`).catch((e) => pending(e, 'publication preview', api));
  if (o.json) return json(io, r);
  if (r.mails.length === 0) {
    io.out(`${r.period} 第${r.version}版没有通报邮件`);
    return 0;
  }
  io.out(`${r.period} 第${r.version}版通报邮件预览（共 ${r.mails.length} 封；--json 输出邮件正文 HTML）：`);
  for (const l of table(['部门', '收件人', '主题'], r.mails.map((m) => [m.departmentId, clip(m.to.join(', '), 40), m.subject]))) io.out(l);
  return 0;
}

export async function publishCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const p = period(args[0]);
  if (args.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(args[1])}`);
  const r = await api.post<{ period: string; version: number; emails: number }>(`/v1/publish/${enc(p)}`).catch((e) => pending(e, 'publication review', api));
  if (o.json) return json(io, r);
  io.out(r.emails > 0 ? `已发送 ${r.period} 第${r.version}版通报邮件 ${r.emails} 封` : `${r.period} 没有待发送的邮件（已全部发送）`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// dead letters and replay (server routes: GET /v1/dead-letters, POST /v1/dead-letters/redrive,
// POST /v1/replay/{period})

function pending(e: unknown, what: string, api: HallscoreClient): never {
  if (e instanceof ApiError && e.noRoute) {
    throw new NoRouteError(`the server at ${api.url} does not offer ${what} yet (${e.method} ${e.path} answered 404); update the hallscore server`);
  }
  throw e;
}

export class NoRouteError extends Error {}


function describeBody(body: string): string {
  try {
    const env = JSON.parse(body) as { 'detail-type'?: string; detail?: { stored?: { event?: { id?: string; staffId?: string } } } };
    const ev = env.detail?.stored?.event;
    return [env['detail-type'], ev?.id, ev?.staffId ? `staff ${ev.staffId}` : ''].filter(Boolean).join(' ');
  } catch {
    return clip(body, 40);
  }
}

export async function deadLettersCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const sub = args[0];
  if (sub === 'list' || sub === undefined) {
    const r = await api.get<{ deadLetters: DeadLetter[] }>('/v1/dead-letters').catch((e) => pending(e, 'a dead-letter list', api));
    if (o.json) return json(io, r);
    if (r.deadLetters.length === 0) {
      io.out('no dead letters');
      return 0;
    }
    for (const l of table(['id', 'at', 'consumer', 'rule', 'event', 'error'], r.deadLetters.map((d) => [d.id, localTime(d.at), d.consumer, d.rule, describeBody(d.body), clip(d.error, 60)]))) io.out(l);
    io.out(`${r.deadLetters.length} dead letter(s); hallscore dead-letters redrive sends them again`);
    return 0;
  }
  if (sub === 'redrive') {
    if (args.length > 1) throw new UsageError(`dead-letters redrive takes no arguments (it redrives them all)`);
    const r = await api.post<{ redriven: number; failed: number; left?: boolean }>('/v1/dead-letters/redrive').catch((e) => pending(e, 'dead-letter redrive', api));
    if (o.json) return json(io, r);
    io.out(`redriven ${r.redriven}, failed ${r.failed}${r.failed ? ' (still dead-lettered: see hallscore dead-letters list)' : ''}`);
    // On AWS a redrive puts the events back on the bus and stops at a time budget: say what is left.
    if (r.left) io.out('more dead letters are waiting: run hallscore dead-letters redrive again');
    return r.failed > 0 ? 2 : 0;
  }
  throw new UsageError(`dead-letters needs list or redrive, got ${JSON.stringify(sub)}`);
}

export async function replayCmd(api: HallscoreClient, io: Io, o: Opts, args: string[]): Promise<number> {
  const p = period(args[0]);
  if (args.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(args[1])}`);
  const r = await api
    .post<{ period: string; sheets: number; events?: number; closedMonths?: string[] }>(`/v1/replay/${p}`)
    .catch((e) => pending(e, 'replay', api));
  if (o.json) return json(io, r);
  io.out(`replayed ${r.period}: ${r.sheets} sheet(s) refolded${r.events !== undefined ? ` from ${r.events} stored event(s)` : ' from the stored events'}`);
  if (r.closedMonths && r.closedMonths.length > 0) {
    io.out(`closed, left as published: ${r.closedMonths.join(', ')} (hallscore close <month> --revise publishes a corrected version)`);
  }
  return 0;
}
