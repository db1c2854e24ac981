/**
 * Acceptance: closing half years and years (CONTRACT.md §5, §12) over HTTP and by schedule — a year
 * closed after its quarters mails each department once with the annual return reasons; a half year's
 * close mails the 工作情况通报; the month, quarter, half-year and year schedules firing together at
 * 02:00 on 1 January publish every period once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { emlFiles, publishedEvents, publishedKeys } from '../helpers/outbox.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ok, onTimeDay, post, sheetOf, t } from './support.js';

type Keys = Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];

/** Monday–Friday dates of a month (no statutory holiday or make-up day falls in the months used here). */
function weekdays(month: string): string[] {
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const js = new Date(`${date}T00:00:00Z`);
    if (js.getUTCMonth() + 1 !== Number(month.slice(5))) break;
    if (js.getUTCDay() !== 0 && js.getUTCDay() !== 6) out.push(date);
  }
  return out;
}

/** The seed hall with its three staff starting on `since` (so the months before hold nobody). */
async function hall(clockAt: string, since: string) {
  const stack = await testStack({ clock: new FixedClock(at(clockAt)) });
  const { keys } = await stack.api.seedHall();
  for (const [id, name, departmentId, windowId] of [
    ['s1', '张三', 'tax', 'w1'],
    ['s2', '李四', 'tax', 'w1'],
    ['s3', '王五', 'mkt', 'w2'],
  ] as const) {
    await ok(stack.api.put(`/v1/staff/${id}`, { name, departmentId, windowId, shiftId: 'std', pin: `10${id.slice(1)}`, since }));
  }
  const dir = (p: string) => join(stack.outbox, p);
  const emls = (p: string) => emlFiles(stack.outbox, p);
  const mail = (p: string, f: string): Promise<ParsedMail> => simpleParser(readFileSync(join(dir(p), f)));
  const published = () => publishedEvents(stack.outbox);
  const keysPublished = () => publishedKeys(stack.outbox);
  return { stack, keys, emls, mail, published, publishedKeys: keysPublished };
}

const countOf = (text: string, needle: string) => text.split(needle).length - 1;

/** Visible text of the first HTML table row that mentions `needle`. */
function rowText(html: string, needle: string): string | undefined {
  for (const m of html.matchAll(/<tr[\s\S]*?<\/tr>/gi)) {
    const text = m[0].replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
    if (text.includes(needle)) return text;
  }
  return undefined;
}

describe('a year closed after its quarters', () => {
  let h: Awaited<ReturnType<typeof hall>>;
  let keys: Keys;
  beforeAll(async () => {
    h = await hall('2026-01-01 09:00', '2025-12-01');
    keys = h.keys;
    // December 2025: s1 and s2 on time every weekday; s3 never punches (absent every session → 0, fail).
    const punches = weekdays('2025-12').flatMap((d) => [...onTimeDay('s1', d), ...onTimeDay('s2', d)]);
    await post(h.stack.api, keys.attendance, punches);
    // s2 is exposed by the media (曝光): −5 points, and return recommended whatever the count.
    await post(h.stack.api, h.stack.api.key, [
      { id: 'expo-1', type: 'criticism.notified', occurredAt: t('2025-12-10'), staffId: 's2', note: '媒体曝光', kind: 'media' },
    ]);
  }, 120_000);
  afterAll(async () => h?.stack.stop());

  it('closes the quarters first (their own mails), then the year: one mail per department', async () => {
    for (const q of ['2025-Q1', '2025-Q2', '2025-Q3']) expect((await ok(h.stack.api.post(`/v1/close/${q}`))).emails).toBe(0); // nobody active yet
    expect(await ok(h.stack.api.post('/v1/close/2025-Q4'))).toMatchObject({ period: '2025-Q4', emails: 4 }); // December's and Q4's
    const r = await ok(h.stack.api.post('/v1/close/2025'));
    expect(r).toMatchObject({ period: '2025', version: 1, sheets: 3, emails: 2 });
    expect(h.emls('2025')).toEqual(['mkt.eml', 'tax.eml']);
    // Closing a year never closes its half years (CONTRACT.md §12).
    expect(h.emls('2025-H2')).toEqual([]);
    expect((await ok(h.stack.api.get('/v1/mails/2025-H2'))).mails).toEqual([]);
  }, 180_000);

  it('freezes year sheets with the quota, exposure and annual-fail', async () => {
    const s1 = await sheetOf(h.stack.api, '2025', 's1');
    // 3 ranked × 0.15 → 0 places: the excellent year becomes good, and says so.
    expect(s1).toMatchObject({ status: 'closed', version: 1, score: 100, computedScore: 100, grade: 'good', gradeCapped: true, returnReasons: [] });
    const s2 = await sheetOf(h.stack.api, '2025', 's2');
    expect(s2).toMatchObject({ score: 95, grade: 'good', gradeCapped: true, returnRecommended: true, returnReasons: ['exposure'] });
    const s3 = await sheetOf(h.stack.api, '2025', 's3');
    expect(s3).toMatchObject({ score: 0, grade: 'fail', returnRecommended: true, returnReasons: ['annual-fail'] });
    const ranking = await ok(h.stack.api.get('/v1/rankings/2025?hallId=main'));
    expect(ranking.staff.map((s: { staffId: string }) => s.staffId)).toEqual(['s1', 's2', 's3']);
    expect(ranking.redFlagWindowId).toBe('w1');
  });

  it('mails the 年度考核结果 with the return reasons and the rules legend, once each', async () => {
    const tax = await h.mail('2025', 'tax.eml');
    expect(tax.subject).toBe('【政务服务大厅】2025年度窗口工作人员考核结果（税务局）');
    const taxHtml = String(tax.html);
    expect(rowText(taxHtml, '李四')).toContain('被上级机关或媒体通报、曝光');
    expect(rowText(taxHtml, '张三')).not.toContain('退回');
    expect(countOf(taxHtml, '>计分规则<')).toBe(1);
    expect(countOf(taxHtml, '须提前10分钟到岗')).toBe(1);
    expect(tax.attachments.map((a) => a.filename)).toEqual(['2025年度考核结果-税务局.xlsx']);
    const mkt = String((await h.mail('2025', 'mkt.eml')).html);
    expect(rowText(mkt, '王五')).toContain('年度考核不合格');
    expect(mkt).toContain('流动红旗：1号窗口');
  });

  it('publishes assessment.published once per department, with the reasons; closing again sends nothing', async () => {
    const year = h.published().filter((e) => e.detail.period === '2025');
    expect(year.map((e) => e.detail.departmentId).sort()).toEqual(['mkt', 'tax']);
    const reasons = Object.fromEntries(year.flatMap((e) => e.detail.staff.map((s) => [s.staffId, s.returnReasons])));
    expect(reasons).toEqual({ s1: [], s2: ['exposure'], s3: ['annual-fail'] });
    expect(await ok(h.stack.api.post('/v1/close/2025'))).toMatchObject({ version: 1, emails: 0 });
    expect(h.published().filter((e) => e.detail.period === '2025')).toHaveLength(2);
  });

  it('a revision of the year rescores a late event and mails version 2 to the department that changed', async () => {
    // A commendation that arrives after the close: kept in afterClose until a revision.
    await post(h.stack.api, keys.inspection, [{ id: 'late-i', type: 'inspection.recorded', occurredAt: t('2025-12-20'), staffId: 's2', item: 'dress' }]);
    // The month must be revised for the year to see it (a year is built from its frozen months).
    expect((await ok(h.stack.api.post('/v1/close/2025-12?revise=true'))).version).toBe(2);
    const r = await ok(h.stack.api.post('/v1/close/2025?revise=true'));
    expect(r).toMatchObject({ period: '2025', version: 2, emails: 1 });
    expect(h.emls('2025')).toEqual(['mkt.eml', 'tax.eml', 'tax.v2.eml']);
    expect(await sheetOf(h.stack.api, '2025', 's2')).toMatchObject({ version: 2, score: 94, returnReasons: ['exposure'] });
    expect((await sheetOf(h.stack.api, '2025', 's3')).version).toBe(1);
  }, 120_000);
});

describe('a half year closed by its schedule', () => {
  let h: Awaited<ReturnType<typeof hall>>;
  beforeAll(async () => {
    h = await hall('2026-07-01 02:00', '2026-06-01');
    // June 2026 (端午 19 June is a holiday): everyone misses the first five working days → 100 − 30 = 70.
    const days = weekdays('2026-06').filter((d) => d !== '2026-06-19');
    const punches = days.slice(5).flatMap((d) => ['s1', 's2', 's3'].flatMap((s) => onTimeDay(s, d)));
    await post(h.stack.api, h.keys.attendance, punches);
  }, 120_000);
  afterAll(async () => h?.stack.stop());

  it('the month, quarter and half-year schedules at 02:00 on 1 July publish each period once', async () => {
    const results = (await Promise.all([h.stack.runSchedule('half'), h.stack.runSchedule('quarter'), h.stack.runSchedule('month')])) as { period: string; emails: number }[];
    expect(results.map((r) => r.period)).toEqual(['2026-H1', '2026-Q2', '2026-06']);
    const expected = ['2026-06', '2026-H1', '2026-Q2'].flatMap((p) => [`${p}/mkt/v1`, `${p}/tax/v1`]).sort();
    expect(h.publishedKeys()).toEqual(expected);
    expect(results.reduce((s, r) => s + r.emails, 0)).toBe(6);
    expect(h.emls('2026-H1')).toEqual(['mkt.eml', 'tax.eml']);
  }, 180_000);

  it('the half-year mail is the 工作情况通报, and says no window earned the red flag', async () => {
    expect((await sheetOf(h.stack.api, '2026-H1', 's1')).score).toBe(70);
    const ranking = await ok(h.stack.api.get('/v1/rankings/2026-H1?hallId=main'));
    expect(ranking.redFlagWindowId).toBeNull();
    const tax = await h.mail('2026-H1', 'tax.eml');
    expect(tax.subject).toBe('【政务服务大厅】2026年上半年窗口工作人员工作情况通报（税务局）');
    const html = String(tax.html);
    expect(html).toContain('本期无窗口获得流动红旗');
    expect(html).not.toMatch(/流动红旗：\d号窗口/);
    expect(html).toContain('最高窗口平均分 70');
    expect(countOf(html, '>计分规则<')).toBe(1);
  });
});

describe('the schedules of 1 January 02:00', () => {
  let h: Awaited<ReturnType<typeof hall>>;
  beforeAll(async () => {
    h = await hall('2026-01-01 02:00', '2025-12-01');
    await post(h.stack.api, h.keys.attendance, weekdays('2025-12').flatMap((d) => onTimeDay('s1', d)));
  }, 120_000);
  afterAll(async () => h?.stack.stop());

  it('month, quarter, half year and year firing together publish every period once', async () => {
    const kinds = ['year', 'half', 'quarter', 'month'] as const;
    const results = (await Promise.all(kinds.map((k) => h.stack.runSchedule(k)))) as { period: string; emails: number }[];
    expect(results.map((r) => r.period)).toEqual(['2025', '2025-H2', '2025-Q4', '2025-12']);
    const expected = ['2025-12', '2025-Q4', '2025-H2', '2025'].flatMap((p) => [`${p}/mkt/v1`, `${p}/tax/v1`]).sort();
    expect(h.publishedKeys()).toEqual(expected);
    expect(results.reduce((s, r) => s + r.emails, 0)).toBe(8);
    // And two more closes of the year at once: nothing more.
    const again = await Promise.all([h.stack.api.post('/v1/close/2025'), h.stack.api.post('/v1/close/2025')]);
    for (const r of again) expect(r.status === 409 ? r.body.error : r.body.emails).toBe(r.status === 409 ? 'close-in-progress' : 0);
    expect(h.publishedKeys()).toEqual(expected);
  }, 240_000);

  it('two concurrent first closes of a year publish it once', async () => {
    const fresh = await hall('2026-01-01 09:00', '2025-12-01');
    try {
      const [a, b] = await Promise.all([fresh.stack.api.post('/v1/close/2025'), fresh.stack.api.post('/v1/close/2025')]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      const total = [a, b].reduce((s, r) => s + (r.status === 200 ? r.body.emails : 0), 0);
      // The year's 2 mails, plus December's and Q4's (Q1–Q3 hold nobody).
      expect(total).toBe(6);
      expect(fresh.publishedKeys().filter((k) => k.startsWith('2025/'))).toEqual(['2025/mkt/v1', '2025/tax/v1']);
      expect(fresh.emls('2025')).toEqual(['mkt.eml', 'tax.eml']);
    } finally {
      await fresh.stack.stop();
    }
  }, 240_000);
});
