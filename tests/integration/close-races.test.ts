/**
 * Races around a close (issue #15), real concurrent calls against DynamoDB Local: events arriving
 * while a close runs end up in the frozen sheet or in its afterClose, never in neither; a reconcile
 * run and a revision at the same time lose nothing of each other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FlakyMailer } from '../helpers/faults.js';
import { type TestStack } from '../helpers/stack.js';
import { bigHall } from '../helpers/big-hall.js';
import { ev, t } from '../e2e/support.js';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

const hall = (extra: number, plan: FlakyMailer['plan'] = {}) => bigHall(stacks, extra, plan);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('events arriving while a close runs', () => {
  it('each is in the frozen sheet or in its afterClose, never in neither', async () => {
    const { stack, keys, ids } = await hall(80);
    const closing = stack.api.post('/v1/close/2026-09');
    let done = false;
    void closing.then(() => (done = true));
    const posted: { id: string; staffId: string }[] = [];
    for (let i = 0; !done && i < 400; i++) {
      const staffId = ids[(i * 7) % ids.length]!;
      const id = `late-${i}`;
      const r = await stack.api.post('/v1/events', ev.review(id, staffId, 1, t('2026-09-15', '10:00'), `late-case-${i}`), keys.evaluation);
      expect(r.status).toBe(202);
      posted.push({ id, staffId });
      await sleep(20);
    }
    expect((await closing).status).toBe(200);
    // A few more after the close: they are late arrivals for sure.
    for (let i = 0; i < 3; i++) {
      const id = `after-${i}`;
      expect((await stack.api.post('/v1/events', ev.review(id, 's1', 1, t('2026-09-16'), `after-case-${i}`), keys.evaluation)).status).toBe(202);
      posted.push({ id, staffId: 's1' });
    }
    expect(posted.length).toBeGreaterThan(5);
    const lost: string[] = [];
    for (const { id, staffId } of posted) {
      const s = (await stack.api.get(`/v1/sheets/2026-09/staff/${staffId}`)).body;
      expect(s.status).toBe('closed');
      const counted = s.items.some((i: { refs: string[] }) => i.refs.includes(id));
      if (!counted && !s.afterClose.includes(id)) lost.push(id);
    }
    expect(lost).toEqual([]);
  }, 240_000);
});

describe('a reconcile run and a revision at the same time', () => {
  it('lose nothing of each other: the revision stays published, the due mail goes out once', async () => {
    const { stack, keys, mailer } = await hall(0, { alwaysFail: ['mkt'] });
    expect((await stack.api.post('/v1/events', ev.review('r-1', 's1', 5, t('2026-09-10')), keys.evaluation)).status).toBe(202);
    const first = await stack.api.post('/v1/close/2026-09');
    expect(first.body.undelivered.map((u: { departmentId: string }) => u.departmentId)).toEqual(['mkt']);
    // A late review for tax, then SES is fixed and the hourly reconcile and an admin's revision run at once.
    expect((await stack.api.post('/v1/events', ev.review('r-2', 's2', 1, t('2026-09-11')), keys.evaluation)).status).toBe(202);
    mailer.plan = {};
    const [, revised] = await Promise.all([stack.runSchedule('reconcile'), stack.api.post('/v1/close/2026-09?revise=true')]);
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, changed: true });
    const state = await stack.deps.store.getPeriod('2026-09');
    expect(state).toMatchObject({ status: 'closed', version: 2 });
    const ok = mailer.calls.filter((c) => c.ok).map((c) => `${c.departmentId}/v${c.version}`).sort();
    // Nothing twice; tax got v1 and its correction; mkt, left undelivered, got its results (v1 from the
    // reconcile run, or the revision's v2 if that superseded it first).
    expect(new Set(ok).size).toBe(ok.length);
    expect(ok).toEqual(expect.arrayContaining(['tax/v1', 'tax/v2']));
    expect(ok.some((x) => x.startsWith('mkt/'))).toBe(true);
    expect(await stack.deps.store.mailsDue('2026-09')).toEqual([]);
  }, 120_000);
});
