/**
 * Acceptance: publication review (CONTRACT.md §12). Under rule `publication: "review"` a close freezes
 * and ranks but holds its mails and assessment.published; the office previews them, then
 * POST /v1/publish/{period} sends them, exactly once. A revision is held the same way.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { emlFiles, publishedKeys } from '../helpers/outbox.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, ok, post, sheetOf, t } from './support.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];
const api = () => stack.api;
const emls = (p: string) => emlFiles(stack.outbox, p);
const published = () => publishedKeys(stack.outbox);

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-10-02 10:00')) });
  ({ keys } = await stack.api.seedHall());
  expect((await api().put('/v1/rules', { publication: 'review' })).status).toBe(200);
  await post(api(), keys.evaluation, [ev.review('r1', 's1', 5, t('2026-09-08')), ev.review('r3', 's3', 4, t('2026-09-08'))]);
}, 60_000);
afterAll(async () => stack?.stop());

describe('publication review', () => {
  it('a close freezes and ranks but mails nothing and publishes nothing', async () => {
    const r = await ok(api().post('/v1/close/2026-09'));
    expect(r).toMatchObject({ period: '2026-09', version: 1, sheets: 3, emails: 0 });
    expect((await sheetOf(api(), '2026-09', 's1')).status).toBe('closed');
    expect((await ok(api().get('/v1/rankings/2026-09?hallId=main'))).staff).toHaveLength(3);
    expect(emls('2026-09')).toEqual([]);
    expect(published()).toEqual([]);
    // Closing again (and the reconcile sweep) sends nothing either.
    expect((await ok(api().post('/v1/close/2026-09'))).emails).toBe(0);
    await stack.runSchedule('reconcile');
    expect(emls('2026-09')).toEqual([]);
  }, 120_000);

  it('GET /v1/mails lists the held mails with their recipients and subjects', async () => {
    const { mails } = await ok(api().get('/v1/mails/2026-09'));
    expect(mails).toEqual([
      { departmentId: 'mkt', version: 1, to: ['mkt@example.gov.cn', 'mkt2@example.gov.cn'], subject: '【政务服务大厅】2026年9月窗口工作人员考核结果（市场监管局）', status: 'held' },
      { departmentId: 'tax', version: 1, to: ['tax@example.gov.cn'], subject: '【政务服务大厅】2026年9月窗口工作人员考核结果（税务局）', status: 'held' },
    ]);
  });

  it('GET /v1/close/{period}/preview shows each department mail as HTML (admin only)', async () => {
    const p = await ok(api().get('/v1/close/2026-09/preview'));
    expect(p.period).toBe('2026-09');
    expect(p.version).toBe(1);
    expect(p.mails.map((m: { departmentId: string }) => m.departmentId)).toEqual(['mkt', 'tax']);
    const tax = p.mails[1];
    expect(tax).toMatchObject({ to: ['tax@example.gov.cn'], subject: '【政务服务大厅】2026年9月窗口工作人员考核结果（税务局）' });
    expect(tax.html).toContain('张三');
    expect(tax.html).not.toContain('王五');
    expect(tax.html).toContain('计分规则');
    expect((await api().get('/v1/close/2026-09/preview', keys.evaluation)).status).toBe(403);
    expect((await api().get('/v1/close/2026-08/preview')).status).toBe(409); // not closed
    expect(emls('2026-09')).toEqual([]);
  });

  it('POST /v1/publish/{period} sends them once; again → 0', async () => {
    expect((await api().post('/v1/publish/2026-09', undefined, keys.evaluation)).status).toBe(403);
    expect(await ok(api().post('/v1/publish/2026-09'))).toEqual({ period: '2026-09', version: 1, emails: 2 });
    expect(emls('2026-09')).toEqual(['mkt.eml', 'tax.eml']);
    expect(published()).toEqual(['2026-09/mkt/v1', '2026-09/tax/v1']);
    const { mails } = await ok(api().get('/v1/mails/2026-09'));
    expect(mails.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent']);
    expect(await ok(api().post('/v1/publish/2026-09'))).toEqual({ period: '2026-09', version: 1, emails: 0 });
    expect(published()).toHaveLength(2);
    expect((await api().post('/v1/publish/2026-08')).status).toBe(409);
  });

  it('a revision under review is held the same way, then published once', async () => {
    await post(api(), keys.inspection, [ev.inspection('late-i', 's3', t('2026-09-25'))]);
    const r = await ok(api().post('/v1/close/2026-09?revise=true'));
    expect(r).toMatchObject({ version: 2, emails: 0 });
    expect(emls('2026-09')).toEqual(['mkt.eml', 'tax.eml']);
    const { mails } = await ok(api().get('/v1/mails/2026-09'));
    expect(mails.find((m: { version: number }) => m.version === 2)).toMatchObject({ departmentId: 'mkt', status: 'held' });
    const preview = await ok(api().get('/v1/close/2026-09/preview'));
    expect(preview.version).toBe(2);
    expect(preview.mails.map((m: { departmentId: string }) => m.departmentId)).toEqual(['mkt']);
    expect(preview.mails[0].subject).toContain('【更正】');
    expect(await ok(api().post('/v1/publish/2026-09'))).toEqual({ period: '2026-09', version: 2, emails: 1 });
    expect(emls('2026-09')).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml']);
    expect(published()).toEqual(['2026-09/mkt/v1', '2026-09/mkt/v2', '2026-09/tax/v1']);
    expect((await ok(api().post('/v1/publish/2026-09'))).emails).toBe(0);
  }, 60_000);

  it('two publishes at once send each mail once', async () => {
    await post(api(), keys.inspection, [ev.inspection('late-j', 's1', t('2026-09-26'))]);
    expect((await ok(api().post('/v1/close/2026-09?revise=true'))).version).toBe(3);
    const both = await Promise.all([api().post('/v1/publish/2026-09'), api().post('/v1/publish/2026-09')]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.reduce((s, r) => s + r.body.emails, 0)).toBe(1);
    expect(emls('2026-09')).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml', 'tax.v3.eml']);
  }, 60_000);
});

describe('a revision before anything was published', () => {
  let s2: TestStack;
  beforeAll(async () => {
    s2 = await testStack({ clock: new FixedClock(at('2026-10-02 10:00')) });
    const k = (await s2.api.seedHall()).keys;
    expect((await s2.api.put('/v1/rules', { publication: 'review' })).status).toBe(200);
    expect((await ok(s2.api.post('/v1/close/2026-09'))).emails).toBe(0);
    // The office's review finds a finding missing: it is recorded late and the month revised, still held.
    await post(s2.api, k.inspection, [ev.inspection('late-x', 's3', t('2026-09-25'))]);
    expect(await ok(s2.api.post('/v1/close/2026-09?revise=true'))).toMatchObject({ version: 2, emails: 0 });
  }, 120_000);
  afterAll(async () => s2?.stop());
  const files = () => (existsSync(join(s2.outbox, '2026-09')) ? readdirSync(join(s2.outbox, '2026-09')).filter((f) => f.endsWith('.eml')).sort() : []);

  it('each department gets one mail, the newest version; one that never received an earlier one gets no correction', async () => {
    const preview = await ok(s2.api.get('/v1/close/2026-09/preview'));
    expect(preview.mails.map((m: { departmentId: string }) => m.departmentId)).toEqual(['mkt']);
    expect(preview.mails[0].subject).toBe('【政务服务大厅】2026年9月窗口工作人员考核结果（市场监管局）');
    expect(preview.mails[0].html).not.toContain('更正');
    expect(await ok(s2.api.post('/v1/publish/2026-09'))).toEqual({ period: '2026-09', version: 2, emails: 2 });
    // Version numbers stay the period's (contract §5 file names); mkt's v1 was never sent (superseded).
    expect(files()).toEqual(['mkt.v2.eml', 'tax.eml']);
    const { mails } = await ok(s2.api.get('/v1/mails/2026-09'));
    expect(mails.map((m: { departmentId: string; version: number; status: string; subject: string }) => [m.departmentId, m.version, m.status, m.subject.includes('更正')])).toEqual([
      ['mkt', 2, 'sent', false],
      ['tax', 1, 'sent', false],
    ]);
  }, 60_000);
});
