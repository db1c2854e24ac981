/**
 * Renders the HTML body of a department mail to a PNG with headless Chromium, to look at the layout.
 *
 * Usage:
 *   npx tsx scripts/screenshot-mail.ts <file.eml> <out.png>     # a mail from the outbox (HALLSCORE_OUTBOX/{period}/{dept}.eml)
 *   npx tsx scripts/screenshot-mail.ts --sample <out.png>       # built-in sample: month 2026-10
 *   npx tsx scripts/screenshot-mail.ts --sample=quarter <out.png>
 *   npx tsx scripts/screenshot-mail.ts --sample=correction <out.png>
 *
 * Options (environment): CHROMIUM=/path/to/chromium (default /usr/bin/chromium), WINDOW=1400,1000.
 * Needs Chromium (`apt-get install chromium`) and CJK fonts for Chinese text (`apt-get install fonts-noto-cjk`).
 * The sample goes through the real pipeline: buildDepartmentMail → raw MIME → mailparser → HTML body.
 * Also writes <out>.html beside the PNG (the HTML that was rendered) and, for samples, <out>.eml.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { buildDepartmentMail } from '../shared/reports/index.js';
import { sampleReport, type SampleKind } from '../shared/reports/sample.js';

const run = promisify(execFile);

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error('usage: npx tsx scripts/screenshot-mail.ts <file.eml | --sample[=month|quarter|correction]> <out.png>');
  process.exit(2);
}

async function main(): Promise<void> {
  const [input, outArg] = process.argv.slice(2);
  if (!input || !outArg) usage();
  const out = resolve(outArg);
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.error(`Chromium not found at ${chromium}. Install it with: apt-get install chromium (and fonts-noto-cjk for Chinese),`);
    console.error('or point CHROMIUM=/path/to/chromium at another build.');
    process.exit(1);
  }

  let raw: Buffer;
  if (input === '--sample' || input.startsWith('--sample=')) {
    const kind = (input.split('=')[1] ?? 'month') as SampleKind;
    if (!['month', 'quarter', 'correction'].includes(kind)) usage(`unknown sample ${kind}`);
    const mail = await buildDepartmentMail(sampleReport(kind), '政务服务大厅 <noreply@hall.example.gov.cn>');
    raw = mail.raw;
    await writeFile(out.replace(/\.png$/i, '') + '.eml', raw);
  } else {
    raw = await readFile(input);
  }
  const parsed = await simpleParser(raw);
  if (typeof parsed.html !== 'string') usage(`${input}: the mail has no HTML body`);
  const html = parsed.html;
  await writeFile(out.replace(/\.png$/i, '') + '.html', html);

  const dir = await mkdtemp(join(tmpdir(), 'screenshot-mail-'));
  try {
    const page = join(dir, 'mail.html');
    await writeFile(page, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--screenshot=${out}`,
      `--window-size=${process.env.WINDOW ?? '1400,1000'}`,
      `file://${page}`,
    ];
    await run(chromium, args, { timeout: 120_000 });
    if (!existsSync(out)) throw new Error(`chromium did not write ${out}`);
    console.log(`subject: ${parsed.subject ?? ''}`);
    console.log(`wrote ${out}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
