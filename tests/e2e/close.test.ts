/**
 * Acceptance: closing periods (CONTRACT.md §5) — sheets freeze, one mail per department lands in the
 * outbox, late events wait in `afterClose` until a revision, quarters close their months first.
 * Driven over HTTP; the outbox files are read as a department would read its mail.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';
import { addStaff, ev, ok, onTimeDay, post, sheetOf, t, WORKDAYS_2026_09 } from './support.js';

type Keys = Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];

let stack: TestStack;
let keys: Keys;
const api = () => stack.api;
const dir = (period: string) => join(stack.outbox, period);
const emls = (period: string) => (existsSync(dir(period)) ? readdirSync(dir(period)).filter((f) => f.endsWith('.eml')).sort() : []);
const mail = (period: string, file: string): Promise<ParsedMail> => simpleParser(readFileSync(join(dir(period), file)));
const addresses = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address));

/** Visible text of the HTML table row that mentions `needle`. */
function rowText(html: string, needle: string): string | undefined {
  for (const m of html.matchAll(/<tr[\s\S]*?<\/tr>/gi)) {
    const text = m[0].replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
    if (text.includes(needle)) return text;
  }
  return undefined;
}
/** A score as a department reads it: '98' or '98.00'. */
const showsScore = (text: string, score: number) =>
  new RegExp(`(^|[^0-9.])(${score.toFixed(2).replace('.', '\\.')}|${String(score).replace('.', '\\.')})([^0-9]|$)`).test(text);

beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
  // s4 (tax, window 1) never punches in September.
  await addStaff(stack.api, 's4', { name: '赵六' });
  const punches = [];
  for (const d of WORKDAYS_2026_09) {
    punches.push(...onTimeDay('s1', d), ...onTimeDay('s2', d));
    if (d !== '2026-09-30') punches.push(...onTimeDay('s3', d)); // s3 misses the last day
  }
  await post(stack.api, keys.attendance, punches);
  await post(stack.api, keys.evaluation, [
    ev.review('s1-r1', 's1', 1, t('2026-09-08', '10:00')),
    ev.review('s1-r2', 's1', 5, t('2026-09-09', '10:00')),
    ev.review('s1-r3', 's1', 5, t('2026-09-10', '10:00')),
    ev.review('s3-r1', 's3', 2, t('2026-09-08', '10:00')),
    ev.review('s3-r2', 's3', 4, t('2026-09-09', '10:00')),
    // Rectified on time (v2 §11), so the bad reviews cost only their own points here.
    ev.rectify('s1-x1', 'case-s1-r1', t('2026-09-09', '16:00')),
    ev.rectify('s3-x1', 'case-s3-r1', t('2026-09-09', '16:00')),
  ]);
  await post(stack.api, keys.inspection, [ev.commendation('s2-m1', 's2', t('2026-09-16', '10:00'))]);
  // Filed in September, still pending when September closes; resolved in October (see the last test).
  await post(stack.api, keys.complaint, [ev.filed('s1-f1', 's1-k1', 's1', t('2026-09-21', '10:00'))]);
});
afterAll(async () => stack?.stop());

describe('closing a month', () => {
  it('refuses periods that have not ended with 409', async () => {
    const now = new Date(Date.now() + 8 * 3600_000); // hall time
    const thisMonth = now.toISOString().slice(0, 7);
    const thisQuarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    for (const p of ['2099-01', '2099-Q1', '9999-12', '9999-Q4', thisMonth, thisQuarter]) {
      const r = await api().post(`/v1/close/${p}`);
      expect({ p, status: r.status }).toEqual({ p, status: 409 });
      expect(r.body.error).toEqual(expect.any(String));
    }
    expect(emls('2099-01')).toEqual([]);
  });

  it('is open before closing', async () => {
    const s = await sheetOf(api(), '2026-09', 's1');
    expect(s).toMatchObject({ status: 'open', score: 98 });
    expect(s.attendance.absent).toBe(0); // no day closed yet
  });

  it('POST /v1/close/2026-09 answers {period, sheets, emails}', async () => {
    expect((await api().post('/v1/close/2026-09', undefined, keys.evaluation)).status).toBe(403);
    const r = await ok(api().post('/v1/close/2026-09'));
    expect(r).toMatchObject({ period: '2026-09', sheets: 4, emails: 2 });
  });

  it('closed the open days first: absences for missing punches, closed sheets at version 1', async () => {
    const s1 = await sheetOf(api(), '2026-09', 's1');
    expect(s1).toMatchObject({ status: 'closed', version: 1, ruleVersion: 0, score: 98, grade: 'excellent', afterClose: [] });
    expect(s1.attendance).toEqual({ workdays: 22, sessions: 44, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 });

    const s2 = await sheetOf(api(), '2026-09', 's2');
    expect(s2).toMatchObject({ status: 'closed', version: 1, score: 102, grade: 'excellent' });

    const s3 = await sheetOf(api(), '2026-09', 's3');
    expect(s3).toMatchObject({ status: 'closed', version: 1, score: 93, grade: 'good' });
    expect(s3.attendance).toMatchObject({ absent: 2, late: 0, missingPunch: 0 });
    expect(s3.items.filter((i: any) => i.code === 'absent').map((i: any) => i.at)).toEqual(['2026-09-30T09:00:00+08:00', '2026-09-30T13:30:00+08:00']);

    const s4 = await sheetOf(api(), '2026-09', 's4');
    expect(s4).toMatchObject({ status: 'closed', version: 1, score: 0, grade: 'fail' });
    expect(s4.attendance).toMatchObject({ workdays: 22, sessions: 44, absent: 44 });

    // The days are closed: closing one again changes nothing.
    await ok(api().post('/v1/close/day/2026-09-30'));
    expect((await sheetOf(api(), '2026-09', 's3')).score).toBe(93);
  });

  it('writes exactly one mail per department to {outbox}/2026-09/{departmentId}.eml', () => {
    expect(emls('2026-09')).toEqual(['mkt.eml', 'tax.eml']);
  });

  it('addresses each mail to the department, with the exact subject, every staff name and score, and an xlsx summary', async () => {
    const departments = [
      { id: 'tax', name: '税务局', emails: ['tax@example.gov.cn'], staff: ['s1', 's2', 's4'] },
      { id: 'mkt', name: '市场监管局', emails: ['mkt@example.gov.cn', 'mkt2@example.gov.cn'], staff: ['s3'] },
    ];
    for (const d of departments) {
      const listed = await ok(api().get(`/v1/sheets/2026-09?departmentId=${d.id}`));
      expect(listed.sheets.map((s: any) => s.staffId).sort()).toEqual(d.staff);

      const m = await mail('2026-09', `${d.id}.eml`);
      expect(addresses(m.to).sort()).toEqual([...d.emails].sort());
      expect(m.subject).toBe(`【政务服务大厅】2026年9月窗口工作人员考核结果（${d.name}）`);
      const html = typeof m.html === 'string' ? m.html : '';
      expect(html.length).toBeGreaterThan(0);
      for (const s of listed.sheets) {
        const row = rowText(html, s.name);
        expect(row, `${d.id}: a table row for ${s.name}`).toBeDefined();
        expect(showsScore(row!, s.score), `${d.id}: row of ${s.name} shows ${s.score}: ${row}`).toBe(true);
      }
      // No staff of another department in this mail.
      for (const other of departments.filter((o) => o.id !== d.id)) {
        for (const id of other.staff) expect(html).not.toContain((await sheetOf(api(), '2026-09', id)).name);
      }

      const xlsx = m.attachments.filter((a) => a.filename?.endsWith('.xlsx'));
      expect(xlsx).toHaveLength(1);
      expect(xlsx[0]!.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx[0]!.content as any);
      expect(wb.worksheets.length).toBeGreaterThanOrEqual(2); // summary and line items
      const summary = wb.worksheets[0]!;
      const header = (summary.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      const col = (re: RegExp) => {
        const i = header.findIndex((h) => re.test(h));
        expect(i, `summary column ${re} in ${header.join('|')}`).toBeGreaterThan(0);
        return i;
      };
      const [idCol, nameCol, scoreCol] = [col(/工号|staff ?id/i), col(/姓名|name/i), col(/得分|score/i)];
      const rows: [string, string, number][] = [];
      summary.eachRow((row, n) => {
        if (n === 1) return;
        rows.push([String(row.getCell(idCol).value), String(row.getCell(nameCol).value), Number(row.getCell(scoreCol).value)]);
      });
      const want = listed.sheets.map((s: any) => [s.staffId, s.name, s.score]);
      expect(rows.sort()).toEqual(want.sort());
      // Line items: every item of the department's sheets is in the workbook with its event ids.
      const everything = JSON.stringify(wb.worksheets.slice(1).map((w) => w.getSheetValues()));
      for (const s of listed.sheets) {
        const full = await sheetOf(api(), '2026-09', s.staffId);
        for (const it of full.items) for (const ref of it.refs) expect(everything, `${ref} in the line items`).toContain(ref);
      }
      if (d.id === 'tax') expect(everything).toContain('s1-r1');
    }
  });

  it('ranks the closed month', async () => {
    const r = await ok(api().get('/v1/rankings/2026-09?hallId=main'));
    expect(r.period).toBe('2026-09');
    expect(r.staff).toEqual([
      { rank: 1, staffId: 's2', score: 102, grade: 'excellent' },
      { rank: 2, staffId: 's1', score: 98, grade: 'excellent' },
      { rank: 3, staffId: 's3', score: 93, grade: 'good' },
      { rank: 4, staffId: 's4', score: 0, grade: 'fail' },
    ]);
    expect(r.windows.map((w: any) => [w.rank, w.windowId])).toEqual([
      [1, 'w2'],
      [2, 'w1'],
    ]);
    expect(r.windows[0].meanScore).toBe(93);
    expect(r.windows[1].meanScore).toBeCloseTo(66.67, 2); // (98 + 102 + 0) / 3
    expect(r.windows[0].satisfactionRate).toBe(0.5);
    expect(r.windows[1].satisfactionRate).toBeCloseTo(2 / 3, 10);
    expect(r.redFlagWindowId).toBe('w2');
  });

  it('closing again changes nothing and sends nothing', async () => {
    const before = Object.fromEntries(emls('2026-09').map((f) => [f, [statSync(join(dir('2026-09'), f)).mtimeMs, readFileSync(join(dir('2026-09'), f), 'utf8')]]));
    const r = await ok(api().post('/v1/close/2026-09'));
    expect(r.period).toBe('2026-09');
    expect(r.emails).toBe(0);
    const after = Object.fromEntries(emls('2026-09').map((f) => [f, [statSync(join(dir('2026-09'), f)).mtimeMs, readFileSync(join(dir('2026-09'), f), 'utf8')]]));
    expect(after).toEqual(before);
    expect(await sheetOf(api(), '2026-09', 's1')).toMatchObject({ status: 'closed', version: 1, score: 98 });
  });
});

describe('events after close and revision', () => {
  it('keeps late 2026-09 events in afterClose without changing the published score', async () => {
    await post(api(), keys.evaluation, [ev.review('late-r1', 's3', 1, t('2026-09-15', '10:00'))]);
    await post(api(), keys.evaluation, [ev.rectify('late-x1', 'case-late-r1', t('2026-09-16', '10:00'))]);
    // s3's punches of 30 September turn up (the device was offline).
    await post(api(), keys.attendance, onTimeDay('s3', '2026-09-30', 'late-p'));
    await post(api(), keys.evaluation, [ev.review('oct-r1', 's1', 1, t('2026-10-15', '10:00'))]); // another period: not this sheet's business
    const s3 = await sheetOf(api(), '2026-09', 's3');
    expect(s3).toMatchObject({ status: 'closed', version: 1, score: 93 });
    expect(s3.evaluations.count).toBe(2);
    expect(s3.attendance.absent).toBe(2);
    const s1 = await sheetOf(api(), '2026-09', 's1');
    expect(s1.afterClose).toEqual([]);
    expect(s1.score).toBe(98);
    // Closing again (without revise) still sends nothing.
    expect((await ok(api().post('/v1/close/2026-09'))).emails).toBe(0);
    expect(emls('2026-09')).toEqual(['mkt.eml', 'tax.eml']);
    // Every late event is listed — the four punches came in one request.
    expect([...s3.afterClose].sort()).toEqual(['late-p-1', 'late-p-2', 'late-p-3', 'late-p-4', 'late-r1', 'late-x1']);
  });

  it('?revise=true publishes version 2 for the changed department only, with a correction mail', async () => {
    const r = await ok(api().post('/v1/close/2026-09?revise=true'));
    expect(r).toMatchObject({ period: '2026-09', emails: 1 });
    expect(emls('2026-09')).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml']);

    const s3 = await sheetOf(api(), '2026-09', 's3');
    // 93 − 2 (the late level-1 review) + 6 (the two absences of 30 September are gone) = 97.
    expect(s3).toMatchObject({ status: 'closed', version: 2, score: 97, grade: 'excellent' });
    expect(s3.evaluations.count).toBe(3);
    expect(s3.attendance).toMatchObject({ absent: 0, late: 0, missingPunch: 0 });
    expect((await sheetOf(api(), '2026-09', 's1')).score).toBe(98);
    expect((await sheetOf(api(), '2026-09', 's2')).score).toBe(102);

    const m = await mail('2026-09', 'mkt.v2.eml');
    expect(addresses(m.to).sort()).toEqual(['mkt2@example.gov.cn', 'mkt@example.gov.cn']);
    expect(m.subject).toContain('更正');
    expect(m.subject).toContain('2026年9月窗口工作人员考核结果（市场监管局）');
    const html = typeof m.html === 'string' ? m.html : '';
    expect(html).toContain('更正');
    // It says what changed: 王五 from 93 to 97.
    const text = html.replace(/<[^>]+>/g, ' ');
    expect(text).toContain('王五');
    expect(showsScore(text, 93)).toBe(true);
    expect(showsScore(text, 97)).toBe(true);
    const xlsx = m.attachments.find((a) => a.filename?.endsWith('.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx!.content as any);
    expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toContain('97');

    // Rankings read the latest version too.
    const ranks = await ok(api().get('/v1/rankings/2026-09?hallId=main'));
    expect(ranks.staff.find((x: any) => x.staffId === 's3')).toEqual({ rank: 3, staffId: 's3', score: 97, grade: 'excellent' });
    expect(ranks.windows.find((w: any) => w.windowId === 'w2').meanScore).toBe(97);

    // Nothing new came in: revising again sends nothing.
    expect((await ok(api().post('/v1/close/2026-09?revise=true'))).emails).toBe(0);
    expect(emls('2026-09')).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml']);
  });
});

describe('closing a quarter', () => {
  it('closes its open months first, then the quarter (mean of the months)', async () => {
    expect((await sheetOf(api(), '2026-07', 's1')).status).toBe('open');
    const r = await ok(api().post('/v1/close/2026-Q3'));
    expect(r.period).toBe('2026-Q3');
    expect(r.sheets).toBe(4);
    // Mails written by this call: July and August (months it closed) and the quarter, per department.
    expect(r.emails).toBe(6);
    for (const p of ['2026-07', '2026-08', '2026-Q3']) expect({ p, files: emls(p) }).toEqual({ p, files: ['mkt.eml', 'tax.eml'] });
    expect(emls('2026-09')).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml']); // September was closed already

    for (const p of ['2026-07', '2026-08']) {
      const s = await sheetOf(api(), p, 's1');
      // Nobody punched in July or August: every session absent.
      expect({ p, status: s.status, version: s.version, score: s.score }).toEqual({ p, status: 'closed', version: 1, score: 0 });
    }
    // Means of (July, August, September as last published): s3 is (0 + 0 + 97) / 3.
    const expected: Record<string, number> = { s1: 32.67, s2: 34, s3: 32.33, s4: 0 };
    for (const [id, score] of Object.entries(expected)) {
      const q = await sheetOf(api(), '2026-Q3', id);
      expect({ id, period: q.period, status: q.status, score: q.score, grade: q.grade }).toEqual({ id, period: '2026-Q3', status: 'closed', score, grade: 'fail' });
    }
    const listed = await ok(api().get('/v1/sheets/2026-Q3?departmentId=tax'));
    expect(listed.sheets.map((s: any) => [s.staffId, s.score]).sort()).toEqual([
      ['s1', 32.67],
      ['s2', 34],
      ['s4', 0],
    ]);
    const qm = await mail('2026-Q3', 'tax.eml');
    expect(addresses(qm.to)).toEqual(['tax@example.gov.cn']);
    expect(qm.subject).toContain('（税务局）');

    // Closing the quarter again sends nothing.
    expect((await ok(api().post('/v1/close/2026-Q3'))).emails).toBe(0);
  });
});

describe('late events in a closed month that the quarter close closed', () => {
  it('lists every late event of one request in afterClose (three reviews of one staff member)', async () => {
    await post(api(), keys.evaluation, [
      ev.review('aug-r1', 's1', 5, t('2026-08-11', '10:00')),
      ev.review('aug-r2', 's1', 4, t('2026-08-12', '10:00')),
      ev.review('aug-r3', 's1', 2, t('2026-08-13', '10:00')),
    ]);
    const s = await sheetOf(api(), '2026-08', 's1');
    expect(s).toMatchObject({ status: 'closed', version: 1, score: 0 });
    expect(s.evaluations.count).toBe(0);
    expect([...s.afterClose].sort()).toEqual(['aug-r1', 'aug-r2', 'aug-r3']);
  });
});

describe('late punches in a closed month', () => {
  it('lists late punches sent one request each', async () => {
    await post(api(), keys.attendance, [ev.punch('aug-p1', 's2', t('2026-08-11', '08:45'))]);
    await post(api(), keys.attendance, [ev.punch('aug-p2', 's2', t('2026-08-11', '12:00'))]);
    const s = await sheetOf(api(), '2026-08', 's2');
    expect([...s.afterClose].sort()).toEqual(['aug-p1', 'aug-p2']);
  });

  it('lists late punches sent in one request', async () => {
    await post(api(), keys.attendance, [ev.punch('aug-p3', 's2', t('2026-08-12', '08:45')), ev.punch('aug-p4', 's2', t('2026-08-12', '12:00'))]);
    const s = await sheetOf(api(), '2026-08', 's2');
    expect([...s.afterClose].sort()).toEqual(['aug-p1', 'aug-p2', 'aug-p3', 'aug-p4']);
  });
});

describe('a complaint filed in closed September and resolved in open October', () => {
  it('lands in October and is not a late event of September', async () => {
    const before = await sheetOf(api(), '2026-09', 's1');
    expect(before.complaints).toEqual({ filed: 1, substantiated: 0, unsubstantiated: 0, pending: 1 });
    await post(api(), keys.complaint, [ev.resolved('s1-v1', 's1-k1', t('2026-10-05', '10:00'))]);
    const oct = await sheetOf(api(), '2026-10', 's1');
    expect(oct.status).toBe('open');
    expect(oct.items.filter((i: any) => i.code === 'complaint')).toEqual([expect.objectContaining({ points: -3, at: '2026-10-05T10:00:00+08:00' })]);
    const sep = await sheetOf(api(), '2026-09', 's1');
    expect(sep).toMatchObject({ version: before.version, score: 98 });
    expect(sep.afterClose).toEqual([]);
  });

  it('so a later revision of September has nothing to correct for it', async () => {
    // Reading: nothing fell in September after close for tax; a correction mail would say nothing changed.
    const r = await ok(api().post('/v1/close/2026-09?revise=true'));
    const sep = await sheetOf(api(), '2026-09', 's1');
    expect(sep.score).toBe(98);
    // Counts stay consistent: filed = substantiated + unsubstantiated + pending.
    const c = sep.complaints;
    expect(c.filed).toBe(c.substantiated + c.unsubstantiated + c.pending);
    expect(r.emails).toBe(0);
    expect(emls('2026-09')).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml']);
  });
});
