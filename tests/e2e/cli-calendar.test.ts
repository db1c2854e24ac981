/**
 * `npx hallscore calendar show|import` as hall staff run it: `node bin/hallscore.js …` in a child
 * process against an in-process stack whose clock says 1 December 2026 (so the early warning is due).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { ADMIN_KEY, FixedClock, testStack, type TestStack } from '../helpers/stack.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOTICES = join(ROOT, 'tests', 'fixtures', 'notices');
let stack: TestStack;
let dir: string;

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, url: stack.url, key: ADMIN_KEY });
}

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(Date.parse('2026-12-01T10:00:00+08:00')) });
  dir = mkdtempSync(join(tmpdir(), 'hallscore-cli-cal-'));
  copyFileSync(join(NOTICES, '2026.txt'), join(dir, '通知2026.txt'));
  copyFileSync(join(NOTICES, '2027-made-up.txt'), join(dir, 'notice.txt'));
});
afterAll(async () => stack?.stop());

const WARNING = '警告：节假日日历只覆盖到 2026-12-31，请导入 2027 年的节假日安排';

describe('hallscore calendar', () => {
  it('show: the calendars and their coverage, with the early warning', async () => {
    const r = await cli(['calendar', 'show']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cn-statutory');
    expect(r.stdout).toContain('2004–2026 年');
    expect(r.stdout).toContain('已覆盖到 2026-12-31');
    expect(r.stderr).toContain(WARNING);
  });

  it('every other command prints the same early warning after its answer (stderr, so pipes stay clean)', async () => {
    const r = await cli(['list', 'departments']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(WARNING);
    expect(r.stdout).not.toContain('警告');
    // A failing command still warns; a usage error (nothing asked of the server) does not.
    const bad = await cli(['sheet', '2026-11', 'nobody']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(WARNING);
    const usage = await cli(['list']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).not.toContain(WARNING);
  });

  it('import --dry-run: the 2026 notice as published, previewed in Chinese, nothing stored', async () => {
    const r = await cli(['calendar', 'import', '通知2026.txt', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('预览（未保存） 2026 年节假日安排：放假 33 天，调休上班 6 天');
    expect(r.stdout).toMatch(/2026-10-10\s+周六\s+上班（调休）\s+国庆节/);
    const y = JSON.parse((await cli(['calendar', 'show', '2026', '--json'])).stdout);
    expect(y.source).toBe('package');
  });

  it('import: a line it cannot read is named as FILE:LINE, nothing stored, exit 1', async () => {
    const text = readFileSync(join(dir, 'notice.txt'), 'utf8').replace('三、清明节：4月3日（周六）至5日（周一）放假，共3天。', '三、清明节：4月3日至5日休息。');
    writeFileSync(join(dir, 'bad.txt'), text);
    const line = text.split('\n').findIndex((l) => l.includes('三、清明节')) + 1;
    const r = await cli(['calendar', 'import', 'bad.txt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未能导入 2027 年的节假日安排（bad.txt）');
    expect(r.stderr).toContain(`bad.txt:${line}：`);
    expect(r.stderr).toContain('未保存任何内容');
    expect(r.stderr).toContain(WARNING); // still not covered
  });

  it('import: the 2027 notice is stored, the warning is gone, show lists 2027', async () => {
    const r = await cli(['calendar', 'import', 'notice.txt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导入 2027 年节假日安排：放假 28 天，调休上班 6 天');
    expect(r.stderr).toBe('');
    const show = await cli(['calendar', 'show']);
    expect(show.stdout).toContain('2004–2027 年');
    expect(show.stdout).toMatch(/2027\s+本大厅导入\s+34\s+国务院办公厅关于2027年部分节假日安排的通知/);
    expect(show.stderr).toBe('');
  });

  it('usage errors', async () => {
    expect((await cli(['calendar'])).code).toBe(1);
    expect((await cli(['calendar', 'import'])).code).toBe(1);
    const noYear = await cli(['calendar', 'import', 'x.json']);
    expect(noYear.code).toBe(1);
  });
});
