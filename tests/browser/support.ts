/**
 * Headless Chromium for the browser tests: the binary comes from the @sparticuz/chromium npm package
 * (installed by `npm ci`; unpacked to the temp folder on first use), driven by playwright-core.
 * One browser per test file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type Page } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.HALLSCORE_CHROMIUM ?? (await sparticuz.executablePath());
  // The package's flags are tuned for Lambda; a single-process browser dies with its first closed
  // context, and the web-security switches have no place in a test of a real console.
  const drop = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials']);
  return chromium.launch({ executablePath, args: sparticuz.args.filter((a) => !drop.has(a)), headless: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations of impact "critical" on the page as it is now. */
export async function criticalViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => (globalThis as unknown as { axe: { run: () => Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations.filter((v) => v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Signs in on the console's sign-in form. */
export async function signIn(page: Page, base: string, key: string, hash = ''): Promise<void> {
  await page.goto(`${base}/${hash}`);
  await page.locator('#key-input').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.topbar').waitFor();
}

/** Picks an option of an Element Plus select by its visible label. */
export async function pick(page: Page, selectId: string, label: string): Promise<void> {
  await page.locator(`#${selectId}`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}
