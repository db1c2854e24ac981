/**
 * The console's pages for the v2 capabilities (CONTRACT.md §8–§12) in headless Chromium against the
 * local stack: paste a holiday notice and preview it, approve a pending device, act on a bad review,
 * an approved away, voiding an item's source event, half-year and year periods, and the publication
 * review page (which says plainly when the API does not offer it yet). Each task is checked through
 * the API afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/domain/time.js';
import { ADMIN_KEY, testStack, type TestStack } from '../helpers/stack.js';
import { ev, ok, post } from '../e2e/support.js';
import { launchBrowser, pick, signIn } from './support.js';

let stack: TestStack;
let browser: Browser;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
const tz = 'Asia/Shanghai';
const hallIso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
/** Hall-local wall time as <input type="datetime-local"> takes it ('2026-12-07T10:15'). */
const hallLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
const today = localDate(Date.now(), tz);
const month = today.slice(0, 7);
const api = () => stack.api;
/** The stack shares two cores with the browser: give the page time to answer (vitest's default is 1 s). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 200 });
const NOTICE_2027 = readFileSync(join(__dirname, '..', 'fixtures', 'notices', '2027-made-up.txt'), 'utf8');

beforeAll(async () => {
  [stack, browser] = await Promise.all([testStack(), launchBrowser()]);
  ({ keys } = await api().seedHall());
  const t = hallIso(Date.now() - 60_000);
  await post(api(), keys.evaluation, [ev.review('fb-bad-1', 's3', 1, t, 'case-fb-1'), ev.review('fb-bad-2', 's3', 2, t, 'case-fb-2')]);
  await post(api(), keys.inspection, [{ ...ev.inspection('fb-insp-1', 's1', t, 'phone'), note: '上班时间玩手机' }]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function page(viewport = { width: 1440, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  return ctx.newPage();
}

describe('calendars', () => {
  it('lists coverage, previews a pasted State Council notice without storing it, then applies it', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/calendars');
    const list = p.locator('.calendar-list');
    await poll(() => list.innerText()).toContain('cn-statutory');
    expect(await list.innerText()).toContain('2026');
    await p.locator('#notice-year').fill('2027');
    await p.locator('#notice-text').fill(NOTICE_2027);
    await p.getByRole('button', { name: '预览' }).click();
    const preview = p.locator('.notice-preview');
    await poll(() => preview.innerText().catch(() => '')).toContain('2027-02-05');
    expect(await preview.innerText()).toContain('上班');
    // A preview stores nothing.
    expect((await api().get('/v1/calendars/cn-statutory/years/2027')).status).toBe(404);
    await p.getByRole('button', { name: '应用' }).click();
    await poll(async () => (await api().get('/v1/calendars/cn-statutory/years/2027')).body?.source).toBe('hall');
    await poll(() => list.innerText()).toContain('2027');
    await p.context().close();
  });

  it('shows the line a notice could not read, in Chinese', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/calendars');
    // The page has loaded its calendars (and set its form up) before the form is filled: under load a
    // late load used to land after the fill.
    await poll(() => p.locator('.calendar-list').innerText()).toContain('cn-statutory');
    await p.locator('#notice-year').fill('2028');
    await p.locator('#notice-text').fill('国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日休息一下。');
    await p.getByRole('button', { name: '预览' }).click();
    await poll(() => p.locator('.notice-errors').innerText().catch(() => '')).toContain('第2行');
    expect(await p.locator('.notice-errors').innerText()).toContain('无法识别');
    await p.context().close();
  });
});

describe('devices', () => {
  it('approves a pending device: registered as a source with its SN, its kept punch scored', async () => {
    const SN = 'CONSOLE0001';
    const iclock = (path: string, body?: string) => fetch(`${stack.url}${path}`, { method: body ? 'POST' : 'GET', body });
    await iclock(`/iclock/cdata?SN=${SN}&options=all`);
    const at = new Date(Date.now() - 5 * 60_000 + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(await (await iclock(`/iclock/cdata?SN=${SN}&table=ATTLOG`, `101\t${at}\t0\t1\n`)).text()).toMatch(/^OK/);
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/devices');
    const row = p.locator('.device-list tr', { hasText: SN });
    await row.waitFor();
    expect(await row.innerText()).toContain('待审批');
    await row.getByRole('button', { name: '批准' }).click();
    await p.locator('#device-source-id').fill('door-console');
    await p.getByRole('button', { name: '确认登记' }).click();
    await poll(() => row.innerText()).toContain('已登记');
    const devices = (await ok(api().get('/v1/devices'))).devices as { sn: string; status: string; sourceId?: string }[];
    expect(devices.find((d) => d.sn === SN)).toMatchObject({ status: 'registered', sourceId: 'door-console' });
    expect(await ok(api().get('/v1/sources/door-console'))).toMatchObject({ kind: 'attendance', deviceSn: SN });
    await p.context().close();
  });
});

describe('bad reviews', () => {
  it('rectifies one review and annuls another from the list; the API agrees', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/bad-reviews');
    const row = (caseId: string) => p.locator('.bad-review-list tr', { hasText: caseId });
    await row('case-fb-1').waitFor();
    expect(await row('case-fb-1').innerText()).toContain('待整改');
    expect(await row('case-fb-1').innerText()).toContain('王五');
    await row('case-fb-1').getByRole('button', { name: '整改' }).click();
    await p.locator('#action-text').fill('已对窗口人员进行服务规范培训');
    await p.getByRole('button', { name: '提交' }).click();
    await poll(() => row('case-fb-1').innerText()).toContain('已整改');
    await row('case-fb-2').getByRole('button', { name: '作废' }).click();
    await p.locator('#action-text').fill('经核实系误评');
    await p.getByRole('button', { name: '提交' }).click();
    await poll(() => row('case-fb-2').innerText()).toContain('已作废');
    const reviews = (await ok(api().get(`/v1/bad-reviews?period=${month}`))).reviews as { caseId: string; status: string }[];
    expect(Object.fromEntries(reviews.map((r) => [r.caseId, r.status]))).toEqual({ 'case-fb-1': 'rectified', 'case-fb-2': 'annulled' });
    // The status filter asks the API.
    await p.locator('.el-select', { has: p.locator('#bad-review-status') }).click();
    await p.locator('.el-select-dropdown__item:visible', { hasText: '已作废' }).click();
    await poll(() => p.locator('.bad-review-list').innerText()).not.toContain('case-fb-1');
    expect(await p.locator('.bad-review-list').innerText()).toContain('case-fb-2');
    await p.context().close();
  });
});

describe('leave and approved away', () => {
  it('records an approved away next to leave', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/leave');
    await p.locator('.el-radio-button', { hasText: '离岗报备' }).click();
    await pick(p, 'leave-staff', '王五');
    await p.locator('#leave-reason').fill('到税务局送审材料，李四顶岗');
    await p.locator('#leave-from').fill(hallLocal(Date.now() - 10 * 60_000));
    await p.locator('#leave-to').fill(hallLocal(Date.now() + 20 * 60_000));
    await p.getByRole('button', { name: '登记' }).click();
    await poll(() => p.locator('.leave-done').innerText().catch(() => '')).toContain('王五');
    const day = await ok(api().get(`/v1/today?date=${today}`));
    expect(day.staff.find((s: { staffId: string }) => s.staffId === 's3').away).toBe(true);
    await p.context().close();
  });
});

describe('corrections', () => {
  it('voids an item’s source event from the sheet: the item leaves, the sheet lists the void', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, `#/sheet?period=${month}&staffId=s1`);
    const item = p.locator('.items tr', { hasText: '巡查发现' });
    await item.waitFor();
    await item.locator('.show-sources').click();
    const source = p.locator('.source-event[data-event-id="fb-insp-1"]');
    await source.waitFor();
    await source.getByRole('button', { name: '作废此事件' }).click();
    await p.locator('#void-reason').fill('巡查员记错了人员');
    await p.getByRole('button', { name: '确认作废' }).click();
    await poll(async () => (await ok(api().get(`/v1/sheets/${month}/staff/s1`))).items.some((i: { code: string }) => i.code === 'inspection')).toBe(false);
    const sheet = await ok(api().get(`/v1/sheets/${month}/staff/s1`));
    expect(sheet.voided).toEqual([expect.objectContaining({ eventId: 'fb-insp-1', source: 'inspection-1', reason: '巡查员记错了人员' })]);
    await poll(() => p.locator('.voided-list').innerText().catch(() => '')).toContain('fb-insp-1');
    await p.context().close();
  });
});

describe('periods', () => {
  it('the period pickers offer half years and years, and the sheets of a year load', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/sheets');
    await p.locator('.sheet-list').waitFor();
    await p.locator('.period-kind').getByText('年度').click();
    await poll(() => p.locator('#sheets-period').inputValue()).toBe(today.slice(0, 4));
    await poll(() => p.locator('.sheet-list').innerText()).toContain('张三');
    await p.locator('.period-kind').getByText('半年').click();
    await poll(() => p.locator('#sheets-period').inputValue()).toBe(`${today.slice(0, 4)}-H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`);
    expect(await p.locator('.el-alert--error').count()).toBe(0);
    await p.context().close();
  });
});

describe('publication review', () => {
  it('previews a held close, or says in Chinese that the API does not offer it yet', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/publication');
    await p.locator('#publication-period').fill(month);
    await p.getByRole('button', { name: '预览邮件' }).click();
    const preview = (await api().get(`/v1/close/${month}/preview`)).status;
    if (preview === 404) {
      await poll(() => p.locator('.publication-unavailable').innerText().catch(() => '')).toContain('发布审核');
    } else {
      await poll(() => p.locator('.page').innerText()).toMatch(/预览|未归档|尚未/);
    }
    await p.context().close();
  });
});
