/**
 * The CLI under publication review (CONTRACT.md §12): closing a half year says the mails wait for
 * review, `preview` lists them, `publish` sends them once — `node bin/hallscore.js …` in a child
 * process against an in-process stack.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { ADMIN_KEY, FixedClock, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let dir: string;

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, url: stack.url, key: ADMIN_KEY });
}

const emls = (p: string) => (existsSync(join(stack.outbox, p)) ? readdirSync(join(stack.outbox, p)).filter((f) => f.endsWith('.eml')).sort() : []);

beforeAll(async () => {
  // 1 July: H1 has ended, and no calendar warning is due before 1 November (stderr is read exactly).
  stack = await testStack({ clock: new FixedClock(Date.parse('2026-07-01T10:00:00+08:00')) });
  dir = mkdtempSync(join(tmpdir(), 'hallscore-cli-'));
  await stack.api.seedHall();
  // Staff start in June, so the half year's earlier months hold nobody (a quick close).
  for (const id of ['s1', 's2', 's3']) {
    const cur = (await stack.api.get(`/v1/staff/${id}`)).body;
    const { id: _id, ...body } = cur;
    expect((await stack.api.put(`/v1/staff/${id}`, { ...body, since: '2026-06-01' })).status).toBe(200);
  }
  expect((await stack.api.put('/v1/rules', { publication: 'review' })).status).toBe(200);
}, 60_000);
afterAll(async () => stack?.stop());

describe('hallscore close / preview / publish under review', () => {
  it('close 2026-H1 holds the mails and says how to go on', async () => {
    const r = await cli(['close', '2026-H1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-H1 已关闭，2 封通报邮件待审核：hallscore preview 2026-H1 预览，确认后 hallscore publish 2026-H1 发送');
    expect(emls('2026-H1')).toEqual([]);
  }, 120_000);

  it('preview lists each department mail; publish sends them once', async () => {
    const p = await cli(['preview', '2026-H1']);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('2026-H1 第1版通报邮件预览（共 2 封');
    expect(p.stdout).toContain('【政务服务大厅】2026年上半年窗口工作人员工作情况通报（税务局）');
    const pub = await cli(['publish', '2026-H1']);
    expect(pub.code).toBe(0);
    expect(pub.stdout.trim()).toBe('已发送 2026-H1 第1版通报邮件 2 封');
    expect(emls('2026-H1')).toEqual(['mkt.eml', 'tax.eml']);
    expect((await cli(['publish', '2026-H1'])).stdout.trim()).toBe('2026-H1 没有待发送的邮件（已全部发送）');
  }, 60_000);
});
