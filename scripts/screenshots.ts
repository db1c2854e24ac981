/**
 * `npm run screenshots`: PNGs of every console page (1440×900 and 390×844) and of the hall screen
 * (1920×1080) from the demo hall, into docs/screenshots/. Chinese text needs a CJK font on the
 * machine (Debian: `apt-get install -y fonts-noto-cjk`); without one glyphs render as boxes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDemo } from '../demo/run.js';
import { startStack } from '../local/stack.js';
import { launchBrowser } from '../tests/browser/support.js';
import { runQuickstart } from './quickstart.js';
import { ensureBuilt } from '../web/build.mjs';

const out = resolve('docs/screenshots');
const ADMIN = 'screenshots-admin-key-0001';

function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (!hasCjkFont()) console.warn('warning: no CJK font found (apt-get install -y fonts-noto-cjk); Chinese text will show as boxes');
  await ensureBuilt();
  mkdirSync(out, { recursive: true });
  const stack = await startStack({ port: 0, dataDir: 'memory', outbox: mkdtempSync(join(tmpdir(), 'hallscore-shots-')), adminKey: ADMIN, schedules: false });
  const browser = await launchBrowser();
  try {
    console.log('seeding the demo hall …');
    const demo = await runDemo({ url: stack.url, key: ADMIN, staff: 24, seed: 42 });
    const month = demo.monthRankings[demo.monthRankings.length - 1]?.period ?? '';
    const post = async (path: string, body: unknown) =>
      (await fetch(stack.url + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    const screenKey = ((await post('/v1/keys', { name: '大厅大屏', role: 'screen' })) as { key: string }).key;
    // A device nobody has approved yet, so the devices page shows the 批准 action.
    await fetch(`${stack.url}/iclock/cdata?SN=CQZ7232269999&options=all`);
    const staffId = ((await (await fetch(`${stack.url}/v1/sheets/${month}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { sheets: { staffId: string }[] }).sheets[0]?.staffId ?? '';
    const pages: [string, string][] = [
      ['today', `#/today`],
      ['sheets', `#/sheets?period=${month}`],
      ['sheet', `#/sheet?period=${month}&staffId=${staffId}`],
      ['rankings', `#/rankings`],
      ['complaints', `#/complaints`],
      ['bad-reviews', `#/bad-reviews?period=${month}`],
      ['patrol', `#/patrol`],
      ['commendation', `#/commendation`],
      ['leave', `#/leave`],
      ['master', `#/master`],
      ['devices', `#/devices`],
      ['unmatched', `#/unmatched`],
      ['rules', `#/rules`],
      ['calendars', `#/calendars`],
      ['periods', `#/periods`],
      ['publication', `#/publication`],
      ['dead-letters', `#/dead-letters`],
      ['keys', `#/keys`],
      ['api', `#/api`],
    ];
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
      await ctx.addInitScript((k) => (globalThis as unknown as { localStorage: { setItem(a: string, b: string): void } }).localStorage.setItem('hallscore.key', k), ADMIN);
      const page = await ctx.newPage();
      await page.goto(`${stack.url}/`);
      await page.locator('.topbar').waitFor();
      for (const [name, hash] of pages) {
        await page.goto(`${stack.url}/${hash}`);
        await page.locator('.page').first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(400);
        const file = join(out, `${name}-${viewport.width}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
      await ctx.close();
    }
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${stack.url}/screen/main?key=${screenKey}`);
    await page.locator('.today-expected').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, 'screen-1920.png') });
    console.log(join(out, 'screen-1920.png'));
    await ctx.close();
    await quickstartShot(browser);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/** The README quick start, run as written on a hall of its own, and the sheet the console then shows. */
async function quickstartShot(browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<void> {
  const stack = await startStack({ port: 0, dataDir: 'memory', outbox: mkdtempSync(join(tmpdir(), 'hallscore-qs-')), adminKey: ADMIN, schedules: false });
  try {
    await runQuickstart(stack.url, ADMIN);
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await ctx.addInitScript((k) => (globalThis as unknown as { localStorage: { setItem(a: string, b: string): void } }).localStorage.setItem('hallscore.key', k), ADMIN);
    const page = await ctx.newPage();
    await page.goto(`${stack.url}/#/sheet?period=2026-10&staffId=s1`);
    await page.locator('.show-sources').first().click();
    await page.locator('.source-event').first().waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, 'quickstart-sheet.png') });
    console.log(join(out, 'quickstart-sheet.png'));
    await ctx.close();
  } finally {
    await stack.stop();
  }
}

await main();
