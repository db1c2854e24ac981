/**
 * Issue #15's reproductions as a client sees them, over HTTP against a spawned `npm start`: a month close
 * and its quarter close 150 ms apart, and the same close twice 100 ms apart, publish one mail per
 * (period, department, version); repeats with another staff member or another verdict are duplicates
 * that change nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.js';

let base = '';
let outbox = '';
let stop: () => Promise<void> = async () => undefined;
const ADMIN = { authorization: 'Bearer local-admin-key', 'content-type': 'application/json' };
const SRC = { authorization: 'Bearer pad-secret-key-0000001', 'content-type': 'application/json' };
const HOT = { authorization: 'Bearer hotline-secret-key-001', 'content-type': 'application/json' };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = ADMIN): Promise<{ status: number; body: any }> {
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}
const mails = (period: string) => readdirSync(join(outbox, period)).filter((f) => f.endsWith('.eml')).sort();
const review = (id: string, staffId: string, occurredAt: string, level = 5) => ({ id, type: 'evaluation.submitted', occurredAt, caseId: `c-${id}`, staffId, level, channel: 'pad' });

beforeAll(async () => {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'hallscore-npm-'));
  outbox = join(data, 'outbox');
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, PORT: String(port), HALLSCORE_DATA: 'memory', HALLSCORE_OUTBOX: outbox },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.resume();
  child.stderr!.resume();
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  while ((await fetch(`${base}/health`).then((r) => r.status).catch(() => 0)) !== 200) {
    if (Date.now() > end) throw new Error('npm start not healthy in 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const ok = async (p: Promise<{ status: number; body: unknown }>) => expect((await p).status).toBe(200);
  await ok(call('PUT', '/v1/departments/tax', { name: '税务局', emails: ['tax@example.gov.cn'] }));
  await ok(call('PUT', '/v1/departments/mkt', { name: '市场监管局', emails: ['mkt@example.gov.cn'] }));
  await ok(call('PUT', '/v1/shifts/std', { sessions: [{ start: '09:00', end: '12:00' }] }));
  await ok(call('PUT', '/v1/windows/w1', { name: '1号窗口' }));
  for (const [id, dept] of [['s1', 'tax'], ['s2', 'tax'], ['s3', 'mkt']]) {
    await ok(call('PUT', `/v1/staff/${id}`, { name: `员工${id}`, departmentId: dept, windowId: 'w1', shiftId: 'std', since: '2026-07-01' }));
  }
  await ok(call('PUT', '/v1/sources/pad', { kind: 'evaluation', key: 'pad-secret-key-0000001' }));
  await ok(call('PUT', '/v1/sources/hotline', { kind: 'complaint', key: 'hotline-secret-key-001' }));
}, 90_000);
afterAll(async () => stop());

describe('npm start: consistency as a client sees it', () => {
  it('a repeat of (source, id) with another staffId is a duplicate and counts for nobody else', async () => {
    expect((await call('POST', '/v1/events', review('r1', 's1', '2026-09-10T10:00:00+08:00'), SRC)).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await call('POST', '/v1/events', review('r1', 's2', '2026-10-10T10:00:00+08:00'), SRC)).body).toEqual({ accepted: 0, duplicates: 1 });
    expect((await call('GET', '/v1/sheets/2026-09/staff/s1')).body.evaluations.count).toBe(1);
    expect((await call('GET', '/v1/sheets/2026-10/staff/s2')).body.evaluations.count).toBe(0);
    expect((await call('GET', '/v1/sheets/2026-09/staff/s2')).body.evaluations.count).toBe(0);
  });

  it('a complaint.resolved resent with another verdict is a duplicate and the score stays', async () => {
    const filed = { id: 'f1', type: 'complaint.filed', occurredAt: '2026-10-12T10:00:00+08:00', caseId: 'k1', staffId: 's3', category: 'attitude', channel: '12345', summary: '态度生硬' };
    const resolved = (verdict: string) => ({ id: 'v1', type: 'complaint.resolved', occurredAt: '2026-10-14T10:00:00+08:00', caseId: 'k1', verdict });
    expect((await call('POST', '/v1/events', { events: [filed, resolved('unsubstantiated')] }, HOT)).body).toEqual({ accepted: 2, duplicates: 0 });
    const before = (await call('GET', '/v1/sheets/2026-10/staff/s3')).body;
    expect(before.complaints).toMatchObject({ unsubstantiated: 1, substantiated: 0 });
    expect((await call('POST', '/v1/events', resolved('substantiated'), HOT)).body).toEqual({ accepted: 0, duplicates: 1 });
    const after = (await call('GET', '/v1/sheets/2026-10/staff/s3')).body;
    expect(after.complaints).toMatchObject({ unsubstantiated: 1, substantiated: 0 });
    expect(after.score).toBe(before.score);
  });

  it('a month close and its quarter close 150 ms apart publish the month once per department', async () => {
    const month = call('POST', '/v1/close/2026-09');
    await new Promise((r) => setTimeout(r, 150));
    const quarter = call('POST', '/v1/close/2026-Q3');
    const [m, q] = await Promise.all([month, quarter]);
    expect(m.status).toBe(200);
    expect(q.status).toBe(200);
    expect(mails('2026-09')).toEqual(['mkt.eml', 'tax.eml']);
    expect(mails('2026-Q3')).toEqual(['mkt.eml', 'tax.eml']);
  }, 120_000);

  it('the same close twice, 100 ms apart: mailed once per department', async () => {
    const first = call('POST', '/v1/close/2026-10');
    await new Promise((r) => setTimeout(r, 100));
    const [a, b] = await Promise.all([first, call('POST', '/v1/close/2026-10')]);
    const answers = [a, b].map((r) => (r.status === 200 ? r.body.emails : r.body.error)).sort();
    // One close mails both departments; the other is refused while it runs, or finds it closed.
    expect([[0, 2], [2, 'close-in-progress']].map((x) => JSON.stringify(x))).toContain(JSON.stringify(answers));
    expect(mails('2026-10')).toEqual(['mkt.eml', 'tax.eml']);
  }, 120_000);
});
