/** `npm start` as a user runs it: healthy within 30 s, and nothing of ours left after SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.js';
import { alive } from '../../local/lifeline.js';

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start', () => {
  it('serves /health within 30 s, persists data, and stops DynamoDB Local on SIGTERM', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'hallscore-data-'));
    const start = () =>
      spawn('npm', ['start', '--silent'], {
        env: { ...process.env, PORT: String(port), HALLSCORE_DATA: data, HALLSCORE_OUTBOX: join(data, 'outbox') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const run = async (child: ChildProcess) => {
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const t0 = Date.now();
      const health = await waitFor(async () => {
        const r = await fetch(`http://127.0.0.1:${port}/health`);
        return r.status === 200 ? ((await r.json()) as object) : undefined;
      }, 30_000);
      // With the calendar's coverage, and from 1 November of its last year the warning, also printed at start.
      const h = health as { status: string; calendar: { coveredThrough: number }; warnings: string[] };
      expect(h.status).toBe('ok');
      expect(h.calendar.coveredThrough).toBeGreaterThanOrEqual(2026);
      const due = Date.now() >= Date.parse(`${h.calendar.coveredThrough}-11-01T00:00:00+08:00`);
      expect(h.warnings.length > 0).toBe(due);
      if (due) {
        const zh = `警告：节假日日历只覆盖到 ${h.calendar.coveredThrough}-12-31`;
        await waitFor(async () => (out.includes(zh) ? true : undefined), 10_000);
        expect(out).toContain(`warning: ${h.warnings[0]}`);
        expect(out).toContain(zh);
      }
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(out).toContain(`http://127.0.0.1:${port}`);
      expect(out).toContain('local-admin-key');
      const javaPid = Number(/pid (\d+)\)/.exec(out)?.[1]);
      expect(javaPid).toBeGreaterThan(0);
      expect(alive(javaPid)).toBe(true);
      return javaPid;
    };

    const first = start();
    const java1 = await run(first);
    const admin = { authorization: 'Bearer local-admin-key', 'content-type': 'application/json' };
    const put = await fetch(`http://127.0.0.1:${port}/v1/departments/keep`, { method: 'PUT', headers: admin, body: JSON.stringify({ name: '留存局', emails: ['a@b.cn'] }) });
    expect(put.status).toBe(200);

    first.kill('SIGTERM');
    await waitFor(async () => (alive(java1) ? undefined : true), 10_000);
    expect(alive(java1)).toBe(false);

    // Data survives a restart in HALLSCORE_DATA.
    const second = start();
    const java2 = await run(second);
    const got = await fetch(`http://127.0.0.1:${port}/v1/departments/keep`, { headers: admin });
    expect(got.status).toBe(200);
    second.kill('SIGTERM');
    await waitFor(async () => (alive(java2) ? undefined : true), 10_000);
    expect(alive(java2)).toBe(false);
  }, 90_000);
});

describe('npm start without Java', () => {
  it('says so in one clear line and exits non-zero', async () => {
    // A PATH with node but no java.
    const bin = mkdtempSync(join(tmpdir(), 'hallscore-nojava-'));
    const { symlinkSync } = await import('node:fs');
    symlinkSync(process.execPath, join(bin, 'node'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
      env: { PATH: bin, HOME: process.env.HOME ?? '/tmp', PORT: String(await freePort()), HALLSCORE_DATA: 'memory' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    expect(code).not.toBe(0);
    const lines = err.split('\n').filter((l) => l.includes('Java'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java 17\+ is required.*`java` was not found/);
  }, 30_000);
});
