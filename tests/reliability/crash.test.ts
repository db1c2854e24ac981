/**
 * Crash safety of the real `npm start` process (node --import tsx local/main.ts) on a data folder:
 * SIGKILL it the instant a 202 arrives (with a 100-event batch in flight), restart it on
 * the same data, and every event that got a 202 is counted exactly once; the client's retries of the
 * rest make the totals exact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.js';
import { HallStore } from '../../shared/adapters/dynamodb/store.js';
import { localMonth, toHallIso } from '../../shared/domain/time.js';
import { freePort } from '../../local/dynamodb-local.js';
import { alive } from '../../local/lifeline.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = 'crash-admin-key-0000000001';
const PAD = 'crash-pad-key-000000000001';
const TZ = 'Asia/Shanghai';

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Running {
  child: ChildProcess;
  javaPid: number;
  ddbEndpoint: string;
  exited: Promise<void>;
}

const children: Running[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const r of children) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
    await Promise.race([r.exited, new Promise((res) => setTimeout(res, 5000))]);
    if (alive(r.javaPid)) process.kill(r.javaPid, 'SIGKILL');
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kill -9 after a 202, restart on the same data', () => {
  it('every event answered 202 is counted exactly once; retries of the unanswered make the totals exact', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'hallscore-crash-'));
    dirs.push(data);
    const base = `http://127.0.0.1:${port}`;

    const start = async (): Promise<Running> => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HALLSCORE_DATA: data, HALLSCORE_OUTBOX: join(data, 'outbox'), HALLSCORE_ADMIN_KEY: ADMIN, HALLSCORE_TZ: TZ },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const exited = new Promise<void>((res) => child.once('exit', () => res()));
      await waitFor(async () => ((await fetch(`${base}/health`)).status === 200 ? true : undefined), 60_000, `/health\n${out}`);
      const m = /DynamoDB Local: (\S+) \(pid (\d+)\)/.exec(out);
      expect(m, out).not.toBeNull();
      const r = { child, javaPid: Number(m![2]), ddbEndpoint: m![1]!, exited };
      children.push(r);
      return r;
    };
    /** SIGKILL node; its reaper takes DynamoDB Local down with it. Wait until both are gone. */
    const crash = async (r: Running) => {
      r.child.kill('SIGKILL');
      await r.exited;
      await waitFor(async () => (alive(r.javaPid) ? undefined : true), 10_000, 'the reaper to kill DynamoDB Local');
    };

    const call = async (method: string, path: string, body?: unknown, key = ADMIN) => {
      const r = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as any };
    };

    // ---- first run: master data
    let run = await start();
    const put = async (path: string, body: unknown) => expect((await call('PUT', path, body)).status).toBe(200);
    await put('/v1/departments/tax', { name: '税务局', emails: ['tax@example.gov.cn'] });
    await put('/v1/shifts/std', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }], calendar: 'mon-fri' });
    await put('/v1/windows/w1', { name: '1号窗口' });
    for (const s of ['s1', 's2', 's3']) await put(`/v1/staff/${s}`, { name: `员工${s}`, departmentId: 'tax', windowId: 'w1', shiftId: 'std' });
    await put('/v1/sources/pad-1', { kind: 'evaluation', key: PAD });

    // Bad reviews (level 2): each one is a line item naming its event, so we can count per id.
    const when = Date.now() - 3600_000;
    const month = localMonth(when, TZ);
    const review = (id: string, i: number) => ({
      id,
      type: 'evaluation.submitted',
      occurredAt: toHallIso(when, TZ), // one instant: no month boundary between them
      caseId: `case-${id}`,
      staffId: `s${1 + (i % 3)}`,
      level: 2,
      channel: 'pad',
    });
    const N = 40;
    const singles = Array.from({ length: N }, (_, i) => review(`k-${i}`, i));
    const batch = Array.from({ length: 100 }, (_, i) => review(`b-${i}`, N + i));
    const everything = [...singles, ...batch].map((e) => e.id).sort();

    // ---- crash: single events, 6 in flight, and a 100-event batch in flight; kill -9 the moment
    // the 12th 202 comes back.
    const acked: string[] = [];
    const unanswered: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < singles.length) {
        const e = singles[next++]!;
        if (killed) {
          unanswered.push(e.id);
          continue;
        }
        try {
          const r = await call('POST', '/v1/events', e, PAD);
          if (r.status !== 202) throw new Error(`status ${r.status}`);
          acked.push(e.id);
          if (acked.length === 12 && !killed) {
            killed = true;
            run.child.kill('SIGKILL'); // right after the 202, before anything else happens
          }
        } catch {
          unanswered.push(e.id);
        }
      }
    };
    const batchReply = call('POST', '/v1/events', { events: batch }, PAD).then(
      (r) => r.status,
      () => 'dropped' as const,
    );
    await Promise.all(Array.from({ length: 6 }, worker));
    await crash(run);
    const batchFirstTry = await batchReply;
    if (batchFirstTry === 202) acked.push(...batch.map((e) => e.id));
    else unanswered.push(...batch.map((e) => e.id));
    expect(acked.length).toBeGreaterThanOrEqual(12);
    expect(acked.length + unanswered.length).toBe(N + batch.length);

    // ---- restart on the same data
    run = await start();
    const refs = async () => {
      const all: string[] = [];
      let count = 0;
      for (const s of ['s1', 's2', 's3']) {
        const r = await call('GET', `/v1/sheets/${month}/staff/${s}`);
        expect(r.status).toBe(200);
        count += r.body.evaluations.count as number;
        all.push(...(r.body.items as { code: string; refs: string[] }[]).filter((i) => i.code === 'bad-review').flatMap((i) => i.refs));
      }
      expect(all.length).toBe(count);
      return all;
    };
    const afterCrash = await refs();
    for (const id of acked) expect(afterCrash.filter((x) => x === id), `accepted ${id}`).toHaveLength(1);
    for (const id of afterCrash) expect(everything).toContain(id);
    expect(new Set(afterCrash).size).toBe(afterCrash.length);

    // The stored sheets were refolded at start-up (reconcile), not only the fold-on-read.
    const store = new HallStore(createDocumentClient({ endpoint: run.ddbEndpoint }), 'hallscore');
    let storedCount = 0;
    for (const s of ['s1', 's2', 's3']) storedCount += (await store.getSheet(month, s))?.evaluations.count ?? 0;
    expect(storedCount).toBe(afterCrash.length);

    // The sender retries: what was acknowledged comes back as duplicates; the rest is accepted or a
    // duplicate (stored before the crash, never answered), never both; the totals are exact.
    const ackedSingles = singles.filter((e) => acked.includes(e.id));
    const again = await call('POST', '/v1/events', { events: ackedSingles }, PAD);
    expect(again.body).toEqual({ accepted: 0, duplicates: ackedSingles.length });
    const rest = [...singles, ...batch].filter((e) => unanswered.includes(e.id));
    if (rest.length > 0) {
      const r = await call('POST', '/v1/events', { events: rest }, PAD);
      expect(r.status).toBe(202);
      expect(r.body.accepted + r.body.duplicates).toBe(rest.length);
      expect(r.body.duplicates).toBe(afterCrash.filter((id) => unanswered.includes(id)).length);
    }
    const final = await refs();
    expect(final.sort()).toEqual(everything);

    run.child.kill('SIGTERM');
    await run.exited;
    await waitFor(async () => (alive(run.javaPid) ? undefined : true), 10_000, 'DynamoDB Local to stop');
  }, 120_000);
});
