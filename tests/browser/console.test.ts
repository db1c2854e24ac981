/**
 * The console and the hall screen in headless Chromium against the local stack (CONTRACT.md §13):
 * real tasks as a hall office does them, each checked through the API afterwards; axe-core on every page.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/domain/time.js';
import { ADMIN_KEY, testStack, type TestStack } from '../helpers/stack.js';
import { ev, ok, post } from '../e2e/support.js';
import { criticalViolations, launchBrowser, pick, signIn } from './support.js';

let stack: TestStack;
let browser: Browser;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
const roleKey: Record<string, string> = {};
const tz = 'Asia/Shanghai';
const hallIso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
const today = localDate(Date.now(), tz);
const month = today.slice(0, 7);
const lastMonth = (() => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const api = () => stack.api;

beforeAll(async () => {
  [stack, browser] = await Promise.all([testStack(), launchBrowser()]);
  ({ keys } = await api().seedHall());
  for (const [role, extra] of [['inspector', {}], ['department', { departmentId: 'tax' }], ['screen', {}]] as const) {
    roleKey[role] = (await ok(api().post('/v1/keys', { name: `${role}`, role, ...extra }), 201)).key;
  }
  const t = hallIso(Date.now() - 60_000);
  await post(api(), keys.evaluation, [ev.review('br-bad-1', 's1', 1, t, 'case-br-1')]);
  await post(api(), keys.complaint, [ev.filed('br-cmp-1', 'case-cmp-1', 's2', t)]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function page(viewport = { width: 1440, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  return ctx.newPage();
}

describe('the console', () => {
  it('signs in with the admin key and shows today’s attendance in Chinese', async () => {
    const p = await page();
    await p.goto(stack.url + '/');
    await expect.poll(() => p.locator('body').innerText()).toContain('访问密钥');
    await p.locator('#key-input').fill('wrong-key-wrong-key');
    await p.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => p.locator('body').innerText()).toContain('密钥无效');
    await p.locator('#key-input').fill(ADMIN_KEY);
    await p.getByRole('button', { name: '登录' }).click();
    await p.locator('.topbar').waitFor();
    await expect.poll(() => p.locator('main').innerText()).toContain('张三');
    expect(await p.locator('nav').innerText()).toContain('考核表');
    await p.context().close();
  });

  it('records a patrol finding on a 390×844 phone with an inspector key', async () => {
    const p = await page({ width: 390, height: 844 });
    await signIn(p, stack.url, roleKey.inspector!, '#/patrol');
    await pick(p, 'patrol-staff', '张三');
    await p.locator('.patrol-items').getByText('桌面不整洁').click();
    await p.locator('#patrol-note').fill('桌面堆放杂物');
    await p.getByRole('button', { name: '提交巡查记录' }).click();
    await expect.poll(() => p.locator('.patrol-done').innerText().catch(() => '')).toContain('张三');
    expect(await p.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const sheet = await ok(api().get(`/v1/sheets/${month}/staff/s1`));
    expect(sheet.items.some((i: { code: string; note?: string }) => i.code === 'inspection')).toBe(true);
    // The inspector's menu has no admin pages.
    expect(await p.locator('.mobile-nav').isVisible()).toBe(true);
    await p.context().close();
  });

  it('records a leave', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/leave');
    await pick(p, 'leave-staff', '李四');
    await p.locator('#leave-from').fill(`${today}T00:00`);
    await p.locator('#leave-to').fill(`${today}T23:59`);
    await p.getByRole('button', { name: '登记' }).click();
    await expect.poll(() => p.locator('.leave-done').innerText().catch(() => '')).toContain('李四');
    const day = await ok(api().get(`/v1/today?date=${today}`));
    expect(day.staff.find((s: { staffId: string }) => s.staffId === 's2').onLeave).toBe(true);
    await p.context().close();
  });

  it('gives a complaint its verdict', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/complaints');
    const row = p.locator('.pending-complaints tr', { hasText: 'case-cmp-1' });
    await row.waitFor();
    await row.locator('.verdict-substantiated').click();
    await expect.poll(async () => (await ok(api().get(`/v1/sheets/${month}/staff/s2`))).complaints.substantiated).toBe(1);
    await expect.poll(() => p.locator('.pending-complaints').innerText()).toContain('没有待裁定的投诉');
    await p.context().close();
  });

  it('opens a sheet and follows an item to its source event', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/sheets');
    await p.locator('.sheet-list tr', { hasText: '张三' }).first().click();
    const bad = p.locator('.items tr', { hasText: '差评' });
    await bad.waitFor();
    await bad.locator('.show-sources').click();
    const source = p.locator('.source-event[data-event-id="br-bad-1"]');
    await source.waitFor();
    expect(await source.innerText()).toContain('好差评');
    expect(await source.innerText()).toContain('level: 1');
    await p.context().close();
  });

  it('downloads a mail of a closed month', async () => {
    await ok(api().post(`/v1/close/${lastMonth}`));
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY, '#/periods');
    await p.locator('#period-input').fill(lastMonth);
    await p.getByRole('button', { name: '查看邮件' }).click();
    const row = p.locator('.mails tr', { hasText: 'tax' });
    await row.waitFor();
    const [download] = await Promise.all([p.waitForEvent('download'), row.locator('.download-eml').click()]);
    const raw = readFileSync((await download.path())!, 'utf8');
    expect(raw).toMatch(/^(From|Content-Type|To|Subject|Message-ID|Date|MIME-Version):/im);
    expect(raw).toContain('tax@example.gov.cn');
    expect(download.suggestedFilename()).toBe(`${lastMonth}-tax-v1.eml`);
    await p.context().close();
  });

  it('shows a department key only its department', async () => {
    // Lists of an open period read stored sheets, refreshed in batches (CONTRACT.md §7 v2: within 10 s).
    await expect
      .poll(async () => (await ok(api().get(`/v1/sheets/${month}`, roleKey.department))).sheets.length, { timeout: 20_000, interval: 500 })
      .toBe(2);
    const p = await page();
    await signIn(p, stack.url, roleKey.department!, '#/sheets');
    await expect.poll(() => p.locator('.sheet-list').innerText()).toContain('张三');
    const text = await p.locator('.sheet-list').innerText();
    expect(text).toContain('李四');
    expect(text).not.toContain('王五');
    expect(await p.locator('nav').innerText()).not.toContain('基础数据');
    await p.goto(`${stack.url}/#/sheet?period=${month}&staffId=s3`);
    await expect.poll(() => p.locator('main').innerText()).toContain('当前密钥无权执行此操作');
    await p.context().close();
  });

  it('has no critical accessibility violation on any page (axe-core)', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY);
    const paths = await p.locator('nav .el-menu-item').allInnerTexts();
    expect(paths.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const hash of ['#/today', '#/sheets', `#/sheet?period=${month}&staffId=s1`, '#/rankings', '#/complaints', '#/bad-reviews', '#/patrol', '#/commendation', '#/leave', '#/master', '#/devices', '#/unmatched', '#/rules', '#/calendars', '#/periods', '#/publication', '#/dead-letters', '#/keys', '#/api']) {
      await p.goto(`${stack.url}/${hash}`);
      await p.locator('.page').first().waitFor();
      await p.waitForLoadState('networkidle');
      for (const v of await criticalViolations(p)) found.push(`${hash} ${v}`);
    }
    await p.goto(`${stack.url}/screen/main?key=${roleKey.screen}`);
    await p.locator('.today-expected').waitFor();
    for (const v of await criticalViolations(p)) found.push(`screen ${v}`);
    expect(found).toEqual([]);
    await p.context().close();
  }, 300_000);
});

describe('the hall screen', () => {
  it('renders at 1920×1080 with a screen key, keeps the key, and updates after a new review', async () => {
    const p = await page({ width: 1920, height: 1080 });
    await p.clock.install();
    await p.goto(`${stack.url}/screen/main?key=${roleKey.screen}`);
    const reviews = p.locator('.today-evaluations');
    await reviews.waitFor();
    const before = Number(await reviews.innerText());
    expect(p.url()).not.toContain('key=');
    const body = await p.locator('body').innerText();
    expect(body).toContain('1号窗口');
    for (const personal of ['张三', '李四', '王五']) expect(body).not.toContain(personal);
    const box = await p.locator('.screen').boundingBox();
    expect(box).toMatchObject({ width: 1920, height: 1080 });
    await post(api(), keys.evaluation, [ev.review('br-good-1', 's3', 5, hallIso(Date.now() - 30_000))]);
    await p.clock.runFor(30_000);
    await expect.poll(async () => Number(await reviews.innerText())).toBe(before + 1);
    // Kept by the browser: the bare address works from now on.
    await p.goto(`${stack.url}/screen/main`);
    await p.locator('.today-evaluations').waitFor();
    await p.context().close();
  });

  it('without a key asks for one', async () => {
    const p = await page({ width: 1920, height: 1080 });
    await p.goto(`${stack.url}/screen/main`);
    await expect.poll(() => p.locator('[role=alert]').innerText()).toContain('大屏密钥');
    await p.context().close();
  });
});
