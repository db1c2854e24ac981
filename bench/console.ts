/**
 * The console's cost (issue 21): the gzipped JavaScript a browser loads for the console's first page
 * and for the hall screen (every .js the page requests, as served from web/dist, gzip level 9 as a
 * CDN compresses), and the time from navigation to the first rendered sheet list in headless
 * Chromium against the local stack (real handlers, DynamoDB Local), on a hall of closed sheets.
 * The first run is cold (new browser context, empty cache); the median is over the warm-cache runs.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startStack } from '../local/stack.js';
import { addMonths } from '../shared/domain/time.js';
import { launchBrowser } from '../tests/browser/support.js';
import { ensureBuilt } from '../web/build.mjs';
import { seedHistory, seedMasterData, templateSheets } from './data.js';
import { phase } from './report.js';

export interface PageJs {
  /** JS files the page requested (paths under web/dist). */
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface ConsoleBench {
  firstPage: PageJs;
  screen: PageJs;
  sheetList: { staff: number; rows: number; coldMs: number; warmMedianMs: number; warmRuns: number[] };
}

const DIST = join(import.meta.dirname, '..', 'web', 'dist');
const KEY = 'bench-console-admin-key-01';

function sizeOf(urls: string[]): PageJs {
  const files = [...new Set(urls.map((u) => new URL(u).pathname))].filter((p) => p.endsWith('.js')).sort();
  let bytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const body = readFileSync(join(DIST, f));
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};

export async function consoleBench(endpoint: string, opts: { staff: number; runs: number; month: string }): Promise<ConsoleBench> {
  await ensureBuilt({ quiet: true });
  const stack = await startStack({ dynamoEndpoint: endpoint, port: 0, tableName: 'bench-console', schedules: false, outbox: mkdtempSync(join(tmpdir(), 'hallscore-bench-console-')), adminKey: KEY });
  const browser = await launchBrowser();
  try {
    // A hall with 11 closed months of sheets; the list read is the month before opts.month.
    const hall = await seedMasterData(stack.deps.store, opts.staff);
    await seedHistory(stack.deps.store, hall, opts.month, templateSheets(hall, opts.month));
    const period = addMonths(opts.month, -1);

    const scripts = async (url: string, signedIn: boolean, ready: string): Promise<string[]> => {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      if (signedIn) await ctx.addInitScript((k) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('hallscore.key', k), KEY);
      const page = await ctx.newPage();
      const seen: string[] = [];
      page.on('request', (r) => r.resourceType() === 'script' && seen.push(r.url()));
      await page.goto(url);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await ctx.close();
      return seen;
    };
    // The first page a newcomer sees is the sign-in form; signed in, the same bundle serves every page.
    const firstPage = sizeOf(await scripts(`${stack.url}/`, false, '#key-input'));
    const screenKey = ((await (await fetch(`${stack.url}/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', role: 'screen' }) })).json()) as { key: string }).key;
    const screen = sizeOf(await scripts(`${stack.url}/screen/main?key=${screenKey}`, false, '.today-expected'));
    phase(`  → console first page ${(firstPage.gzipBytes / 1024).toFixed(0)} KB gzipped JS (${(firstPage.bytes / 1024).toFixed(0)} KB raw), screen ${(screen.gzipBytes / 1024).toFixed(0)} KB (${(screen.bytes / 1024).toFixed(0)} KB)`);

    // Navigation → first rendered sheet list: one context (its cache warms after the first run).
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addInitScript((k) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('hallscore.key', k), KEY);
    const page = await ctx.newPage();
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < opts.runs; i++) {
      await page.goto('about:blank');
      const t0 = performance.now();
      await page.goto(`${stack.url}/#/sheets?period=${period}`);
      await page.locator('.sheet-list .el-table__row').first().waitFor();
      times.push(performance.now() - t0);
      rows = await page.locator('.sheet-list .el-table__row').count();
    }
    await ctx.close();
    const [coldMs, ...warm] = times;
    const sheetList = { staff: opts.staff, rows, coldMs: coldMs ?? 0, warmMedianMs: median(warm), warmRuns: warm };
    phase(`  → sheet list of ${rows} rows: ${sheetList.coldMs.toFixed(0)} ms cold, ${sheetList.warmMedianMs.toFixed(0)} ms warm (median of ${warm.length})`);
    return { firstPage, screen, sheetList };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
