/**
 * Mail faults at month close: SES failing for one department (transiently) and for another (for good).
 * The others are still sent, the flaky one is retried and sent once, the failing one is reported as
 * undelivered — and nobody is ever mailed twice.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../shared/adapters/outbox-mailer.js';
import { at } from '../helpers/fixtures.js';
import { FlakyMailer } from '../helpers/faults.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

/** Three departments: tax (s1, s2), mkt (s3), gov (s4); a few reviews so the sheets are not empty. */
async function hall(plan: FlakyMailer['plan']) {
  const mailer = new FlakyMailer({ send: async () => 'unwired' }, plan);
  const stack = await testStack({ clock: new FixedClock(at('2026-11-02 10:00')), mailer });
  stacks.push(stack);
  mailer.inner = new OutboxMailer(stack.outbox);
  const { keys } = await stack.api.seedHall();
  expect((await stack.api.put('/v1/departments/gov', { name: '政务服务管理局', emails: ['gov@example.gov.cn'] })).status).toBe(200);
  expect((await stack.api.put('/v1/staff/s4', { name: '赵六', departmentId: 'gov', windowId: 'w2', shiftId: 'std', pin: '104' })).status).toBe(200);
  const events = ['s1', 's2', 's3', 's4'].map((staffId, i) => ({
    id: `rv-${i}`,
    type: 'evaluation.submitted',
    occurredAt: '2026-10-14T10:00:00+08:00',
    caseId: `case-${i}`,
    staffId,
    level: 5,
    channel: 'pad',
  }));
  expect((await stack.api.post('/v1/events', { events }, keys.evaluation)).status).toBe(202);
  const emls = () => {
    const d = join(stack.outbox, '2026-10');
    return existsSync(d) ? readdirSync(d).sort() : [];
  };
  const sends = (dept: string) => mailer.calls.filter((c) => c.departmentId === dept);
  return { stack, mailer, emls, sends };
}

describe('SES failures at month close', () => {
  it('flaky department retried and mailed once, the others sent, the failing one reported undelivered; closing again mails nobody', async () => {
    const { stack, emls, sends, mailer } = await hall({ failFirst: { tax: 2 }, alwaysFail: ['mkt'] });

    const r = await stack.api.post('/v1/close/2026-10');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ period: '2026-10', version: 1, sheets: 4, emails: 2 });
    expect(r.body.undelivered).toEqual([{ departmentId: 'mkt', reason: expect.stringMatching(/3 attempts.*injected/) }]);

    // tax: failed twice, then sent; gov: sent at once; mkt: three tries, all failed.
    expect(sends('tax').map((c) => c.ok)).toEqual([false, false, true]);
    expect(sends('gov').map((c) => c.ok)).toEqual([true]);
    expect(sends('mkt').map((c) => c.ok)).toEqual([false, false, false]);
    expect(emls()).toEqual(['gov.eml', 'tax.eml']); // no mkt.eml, no half-written .tmp

    // The mail ledger knows who got their mail.
    const ledger = (d: string) => stack.deps.store.mailSent({ period: '2026-10', departmentId: d, version: 1 });
    expect([await ledger('tax'), await ledger('gov'), await ledger('mkt')]).toEqual([true, true, false]);

    // Closing again (the schedule firing after a manual close, an operator retrying) mails nobody.
    const calls = mailer.calls.length;
    const again = await stack.api.post('/v1/close/2026-10');
    expect(again.body).toMatchObject({ period: '2026-10', version: 1, emails: 0 });
    const scheduled = (await stack.runSchedule('month')) as { emails: number };
    expect(scheduled.emails).toBe(0);
    // A revision with nothing new publishes nothing.
    const revise = await stack.api.post('/v1/close/2026-10?revise=true');
    expect(revise.body).toMatchObject({ emails: 0, changed: false });
    expect(mailer.calls.length).toBe(calls);
    expect(emls()).toEqual(['gov.eml', 'tax.eml']);
  }, 60_000);

  it('a department left undelivered gets its mail, once, after the mailer is fixed (re-close or the reconcile run)', async () => {
    const { stack, emls, sends, mailer } = await hall({ alwaysFail: ['mkt'] });
    const first = await stack.api.post('/v1/close/2026-10');
    expect(first.body.undelivered.map((u: { departmentId: string }) => u.departmentId)).toEqual(['mkt']);

    mailer.plan = {}; // SES is back (sandbox lifted, address verified…)
    const again = await stack.api.post('/v1/close/2026-10');
    expect(again.status).toBe(200);
    await stack.runSchedule('reconcile');
    await stack.runSchedule('month');

    // What an operator needs: mkt mailed exactly once, tax and gov not mailed again.
    expect(sends('mkt').filter((c) => c.ok)).toHaveLength(1);
    expect(sends('tax').filter((c) => c.ok)).toHaveLength(1);
    expect(sends('gov').filter((c) => c.ok)).toHaveLength(1);
    expect(emls()).toEqual(['gov.eml', 'mkt.eml', 'tax.eml']);
  }, 60_000);

  it('a mail that was sent is not sent again when recording it in the ledger fails', async () => {
    const { stack, sends } = await hall({});
    const { store } = stack.deps;
    const real = store.recordMail.bind(store);
    let failures = 0;
    store.recordMail = async (k, info) => {
      if (k.departmentId === 'tax' && failures++ === 0) throw new Error('injected: ledger write failed (throttled)');
      return real(k, info);
    };
    const r = await stack.api.post('/v1/close/2026-10');
    expect(r.status).toBe(200);
    // SES accepted tax's mail on the first try; a failed ledger write must not send it a second time.
    expect(sends('tax').filter((c) => c.ok)).toHaveLength(1);
    expect(await store.mailSent({ period: '2026-10', departmentId: 'tax', version: 1 })).toBe(true);
  }, 60_000);

  it('no mail goes out before the sheets it reports are stored: a failed freeze sends nothing, the retry sends each once', async () => {
    const { stack, mailer, emls } = await hall({});
    const { store } = stack.deps;
    const real = store.putClosedSheets.bind(store);
    let slow = true;
    store.putClosedSheets = async (sheets) => {
      if (!slow) return real(sheets);
      // Slow, then failing: mails render meanwhile, but none may be sent for sheets that were never stored.
      await new Promise((r) => setTimeout(r, 300));
      throw new Error('injected: sheet writes failed (throttled)');
    };
    const r = await stack.api.post('/v1/close/2026-10');
    expect(r.status).toBe(500);
    expect(mailer.calls).toHaveLength(0);
    expect(emls()).toEqual([]);
    expect((await stack.api.get('/v1/sheets/2026-10/s1')).body.status).not.toBe('closed');

    slow = false;
    const again = await stack.api.post('/v1/close/2026-10');
    expect(again.body).toMatchObject({ period: '2026-10', version: 1, sheets: 4, emails: 3 });
    expect(mailer.calls.map((c) => c.departmentId).sort()).toEqual(['gov', 'mkt', 'tax']);
    expect(emls()).toEqual(['gov.eml', 'mkt.eml', 'tax.eml']);
  }, 60_000);

  it('a big first close freezes sheets while it folds; a write failing midway sends nothing, and the retry freezes and mails all', async () => {
    const { stack, mailer, emls } = await hall({});
    // 120 more staff: the sheets are written in chunks while the others are still folding.
    for (let i = 0; i < 120; i++) {
      const r = await stack.api.put(`/v1/staff/x${i}`, { name: `员工${i}`, departmentId: 'tax', windowId: 'w1', shiftId: 'std', pin: `9${String(i).padStart(3, '0')}` });
      expect(r.status).toBe(200);
    }
    const { store } = stack.deps;
    const real = store.putClosedSheets.bind(store);
    const written: number[] = [];
    let failOn: number | undefined = 2;
    store.putClosedSheets = async (sheets) => {
      written.push(sheets.length);
      if (written.length === failOn) throw new Error('injected: sheet writes failed (throttled)');
      return real(sheets);
    };
    const r = await stack.api.post('/v1/close/2026-10');
    expect(r.status).toBe(500);
    expect(written.length).toBeGreaterThanOrEqual(2); // chunked, not one write at the end
    expect(mailer.calls).toHaveLength(0);
    expect(emls()).toEqual([]);

    failOn = undefined;
    written.length = 0;
    const again = await stack.api.post('/v1/close/2026-10');
    expect(again.body).toMatchObject({ period: '2026-10', version: 1, sheets: 124, emails: 3 });
    expect(written.reduce((a, b) => a + b, 0)).toBe(124);
    const sheets = await store.listSheets('2026-10');
    expect(sheets).toHaveLength(124);
    expect(sheets.every((s) => s.status === 'closed' && s.version === 1)).toBe(true);
    // The return rule's history has this month for every frozen sheet.
    const hist = await store.staffHistories(['s1', 'x0', 'x119']);
    for (const id of ['s1', 'x0', 'x119']) expect(hist.get(id)?.has('2026-10'), id).toBe(true);
  }, 120_000);
});
