/**
 * The read model against DynamoDB Local (CONTRACT.md §7 v2): lists and rankings of open periods read
 * stored sheets, which a refresher rewrites per dirty staff-month once per batching window; they
 * converge within the window after events, a day close and master-data changes; the 202 path does
 * not refold; voids, a day close (for earlier months' due days) and calendar changes mark what they
 * change; and the watermark never rolls a stored sheet back under concurrent refreshes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { ReadCache } from '../../shared/services/context.js';
import { homePartition } from '../../shared/services/partitions.js';
import { buildMonthSheet, refreshMonthSheet } from '../../shared/services/sheets.js';
import { review, TZ } from '../helpers/fixtures.js';
import { testStack, type Api, type TestStack } from '../helpers/stack.js';
import { ev, t } from '../e2e/support.js';

/** The contract's bound (§7 v2): lists reflect a change within 10 s (the window plus the refresh, on a shared machine). */
const CONTRACT_MS = 10_000;
const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

async function hall(): Promise<{ stack: TestStack; api: Api; evalKey: string }> {
  const stack = await testStack();
  stacks.push(stack);
  const { keys: k } = await stack.api.seedHall();
  return { stack, api: stack.api, evalKey: k.evaluation };
}

/** Counts the store's Queries of staff-month partitions (the fold's read) while `fn` runs. */
async function partitionQueries<T>(stack: TestStack, fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  let queries = 0;
  const name = `count-${Math.random()}`;
  stack.deps.store.db.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { KeyConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> };
      const pk = input.ExpressionAttributeValues?.[':pk'];
      const text = typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
      if ((context as { commandName?: string }).commandName === 'QueryCommand' && text?.startsWith('SM#')) queries++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await fn(), queries };
  } finally {
    stack.deps.store.db.middlewareStack.remove(name);
  }
}

/** Polls (without settling) until `ok` holds; returns the milliseconds it took. */
async function convergence(read: () => Promise<boolean>, limitMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await read()) return Date.now() - t0;
    if (Date.now() - t0 > limitMs) throw new Error(`not converged within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const scoreIn = (body: { sheets: { staffId: string; score: number }[] }, staffId: string) => body.sheets.find((s) => s.staffId === staffId)?.score;

describe('read model: stored sheets for lists and rankings', () => {
  it('the 202 path does not refold: posting a review makes no Query of a staff-month partition', async () => {
    const { stack, evalKey } = await hall();
    const { queries } = await partitionQueries(stack, async () => {
      const r = await stack.api.post('/v1/events', ev.review('r1', 's1', 1, t('2026-10-12', '10:00')), evalKey);
      expect(r.status).toBe(202);
    });
    expect(queries).toBe(0);
  });

  it('lists and rankings converge within the batching window after events, and are read without folding', async () => {
    const { stack, api, evalKey } = await hall();
    // First fill: every staff member gets a stored sheet.
    for (const s of ['s1', 's2', 's3']) await api.post('/v1/events', ev.review(`r0-${s}`, s, 5, t('2026-10-09', '10:00')), evalKey);
    await stack.refresh.flush();
    const before = await api.raw.get('/v1/sheets/2026-10');
    expect(scoreIn(before.body, 's1')).toBe(100);

    const posted = Date.now();
    expect((await api.post('/v1/events', ev.review('r1', 's1', 1, t('2026-10-12', '10:00')), evalKey)).status).toBe(202);
    await convergence(async () => scoreIn((await api.raw.get('/v1/sheets/2026-10')).body, 's1') === 98, CONTRACT_MS);
    expect(Date.now() - posted).toBeLessThanOrEqual(CONTRACT_MS);

    // The nightly day close stores every active staff member's sheet of its month (here: the quarter's others).
    for (const d of ['2026-11-02', '2026-12-01']) expect((await api.post(`/v1/close/day/${d}`)).status).toBe(200);
    // Read from stored sheets: neither a list nor a ranking folds a partition.
    const { result, queries } = await partitionQueries(stack, async () => ({
      list: await api.raw.get('/v1/sheets/2026-10?departmentId=tax'),
      ranking: await api.raw.get('/v1/rankings/2026-10?hallId=main'),
      quarter: await api.raw.get('/v1/rankings/2026-Q4?hallId=main'),
    }));
    expect(queries).toBe(0);
    expect(result.list.body.sheets.map((s: { staffId: string }) => s.staffId)).toEqual(['s1', 's2']);
    expect(result.ranking.body.staff.map((s: { staffId: string }) => s.staffId)).toEqual(['s2', 's3', 's1']);
    // The quarter is folded from its months' stored sheets: the same as the live quarter sheet.
    const liveQuarter = (await api.get('/v1/sheets/2026-Q4/staff/s1')).body;
    expect(result.quarter.body.staff.find((s: { staffId: string }) => s.staffId === 's1').score).toBe(liveQuarter.score);
  });

  it('a day close shows in lists at once (it refolds the month itself), and late punches after it converge', async () => {
    const { stack, api } = await hall();
    const admin = api;
    await admin.post('/v1/events', { events: [ev.punch('p1', 's1', t('2026-10-12', '08:55')), ev.punch('p2', 's1', t('2026-10-12', '17:05'))] });
    await stack.refresh.flush();
    expect((await admin.post('/v1/close/day/2026-10-12')).status).toBe(200);
    const list = await api.raw.get('/v1/sheets/2026-10');
    // Arrived at 08:55 for 09:00: late (arrive 10 minutes early); the afternoon session has no punch in it.
    const s1 = list.body.sheets.find((s: { staffId: string }) => s.staffId === 's1');
    expect(s1.attendance.late).toBe(1);
    const lateBefore = s1.score;
    // A punch for the closed day: the day is recomputed, and the list follows within the window.
    await admin.post('/v1/events', ev.punch('p3', 's1', t('2026-10-12', '13:10')));
    await convergence(async () => scoreIn((await api.raw.get('/v1/sheets/2026-10')).body, 's1') !== lateBefore, CONTRACT_MS);
  });

  it('master-data changes converge within the window: a staff member moves department, a new rule set', async () => {
    const { stack, api, evalKey } = await hall();
    for (const s of ['s1', 's2', 's3']) await api.post('/v1/events', ev.review(`r-${s}`, s, 2, t('2026-10-09', '10:00')), evalKey);
    await stack.refresh.flush();
    expect((await api.raw.get('/v1/sheets/2026-10?departmentId=mkt')).body.sheets.map((s: { staffId: string }) => s.staffId)).toEqual(['s3']);

    expect((await api.put('/v1/staff/s1', { name: '张三', departmentId: 'mkt', windowId: 'w2', shiftId: 'std', pin: '101' })).status).toBe(200);
    await convergence(
      async () => (await api.raw.get('/v1/sheets/2026-10?departmentId=mkt')).body.sheets.map((s: { staffId: string }) => s.staffId).join() === 's1,s3',
      CONTRACT_MS,
    );

    expect((await api.put('/v1/rules', { evaluation: { level2: -4 } })).status).toBe(200);
    await convergence(async () => {
      const r = (await api.raw.get('/v1/rankings/2026-10?hallId=main')).body;
      return r.staff.length === 3 && r.staff.every((s: { score: number }) => s.score === 96);
    }, CONTRACT_MS);
  });
});

describe('read model: changes that are not events of the month converge too', () => {
  /** Mid-December 2026: September and October are open months older than last month. */
  const clock = { now: () => Date.parse('2026-12-07T10:00:00+08:00') };
  async function pinnedHall(): Promise<{ stack: TestStack; api: Api; evalKey: string }> {
    const stack = await testStack({ clock });
    stacks.push(stack);
    const { keys: k } = await stack.api.seedHall();
    return { stack, api: stack.api, evalKey: k.evaluation };
  }
  const listed = async (api: Api, period: string, staffId: string) =>
    (await api.raw.get(`/v1/sheets/${period}`)).body.sheets.find((s: { staffId: string }) => s.staffId === staffId);

  it('a void: the voided criticism leaves the list within the window', async () => {
    const { stack, api } = await pinnedHall();
    expect((await api.post('/v1/events', ev.criticism('vc1', 's1', t('2026-10-12', '10:00')))).status).toBe(202);
    await stack.refresh.flush();
    expect((await listed(api, '2026-10', 's1')).score).toBe(95);
    const v = { id: 'vv1', type: 'event.voided', occurredAt: t('2026-10-20', '09:00'), source: 'admin', eventId: 'vc1', reason: '误录' };
    expect((await api.post('/v1/events', v)).status).toBe(202);
    await convergence(async () => (await listed(api, '2026-10', 's1')).score === 100, CONTRACT_MS);
  });

  it('a day close in October makes a September review overdue in the September list (its due day closed)', async () => {
    const { stack, api, evalKey } = await pinnedHall();
    // Tue 09-29 + 5 working days → Mon 10-12 (National Day skipped, make-up Saturday 10-10 counted).
    expect((await api.post('/v1/events', ev.review('sr1', 's2', 2, t('2026-09-29', '10:00'), 'sc1'), evalKey)).status).toBe(202);
    await stack.refresh.flush();
    expect((await listed(api, '2026-09', 's2')).rectification).toMatchObject({ badReviews: 1, overdue: 0, pending: 1 });
    expect((await api.post('/v1/close/day/2026-10-12')).status).toBe(200);
    await convergence(async () => (await listed(api, '2026-09', 's2')).rectification.overdue === 1, CONTRACT_MS);
    // The list agrees with the live single sheet.
    expect((await listed(api, '2026-09', 's2')).rectification).toEqual((await api.get('/v1/sheets/2026-09/staff/s2')).body.rectification);
  });

  it('a hall calendar change reaches the lists of an older open month (not only this month and the last)', async () => {
    const { stack, api } = await pinnedHall();
    expect((await api.put('/v1/calendars/gx', { name: '地方日历', base: 'cn-statutory', days: [] })).status).toBe(200);
    expect((await api.put('/v1/shifts/std', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }], calendar: 'gx' })).status).toBe(200);
    // Mon 10-12 closed without punches: both sessions absent for everyone.
    expect((await api.post('/v1/close/day/2026-10-12')).status).toBe(200);
    await stack.refresh.flush();
    expect((await listed(api, '2026-10', 's3')).attendance.absent).toBe(2);
    // The hall declares 10-12 a local holiday: no session was expected, so no absence.
    const day = { date: '2026-10-12', isOffDay: true, name: '地方假日' };
    expect((await api.put('/v1/calendars/gx', { name: '地方日历', base: 'cn-statutory', days: [day] })).status).toBe(200);
    await convergence(async () => (await listed(api, '2026-10', 's3')).attendance.absent === 0, CONTRACT_MS);
    expect((await listed(api, '2026-10', 's3')).attendance).toEqual((await api.get('/v1/sheets/2026-10/staff/s3')).body.attendance);
  });
});

describe('read model: the watermark', () => {
  it('a refresher that folded less cannot overwrite a sheet that saw more', async () => {
    const { stack } = await hall();
    const { store } = stack.deps;
    await store.putEvent(homePartition(review('r1', 'c1', 5, '2026-10-09 10:00').event, TZ), review('r1', 'c1', 5, '2026-10-09 10:00'));
    const staff = (await store.getMaster('staff', 's1'))!;
    const slow = await buildMonthSheet(new ReadCache(store), TZ, staff as never, '2026-10');
    const r2 = review('r2', 'c2', 1, '2026-10-10 10:00');
    await store.putEvent(homePartition(r2.event, TZ), r2);
    const fast = await buildMonthSheet(new ReadCache(store), TZ, staff as never, '2026-10');
    expect(fast.watermark).toBeGreaterThan(slow.watermark);
    expect(await store.putOpenSheet(fast.sheet, fast.watermark)).toBe(true);
    expect(await store.putOpenSheet(slow.sheet, slow.watermark)).toBe(false);
    expect((await store.getSheet('2026-10', 's1'))!.evaluations.count).toBe(2);
  });

  it('never rolls back under concurrent refreshes while events keep arriving (real concurrency)', async () => {
    const { stack } = await hall();
    const { store } = stack.deps;
    store.onChange = undefined; // only this test's refreshers write the sheet
    const sk = keys.sheet('2026-10', 's1');
    let writing = true;
    const seen: number[] = [];
    const writer = (async () => {
      for (let i = 0; i < 60; i++) {
        const r = review(`w${i}`, `cw${i}`, 1 + (i % 5), `2026-10-${String(5 + (i % 20)).padStart(2, '0')} 10:00`);
        await store.putEvent(homePartition(r.event, TZ), r);
      }
      writing = false;
    })();
    const refresher = async () => {
      while (writing) await refreshMonthSheet(new ReadCache(store), TZ, 's1', '2026-10');
    };
    const sampler = (async () => {
      while (writing) {
        const item = await store.get(sk);
        if (item) seen.push(item.w as number);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all([writer, sampler, ...Array.from({ length: 6 }, refresher)]);
    // One sequential reader's strongly consistent reads, in time order: the watermark only ever grew.
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    await refreshMonthSheet(new ReadCache(store), TZ, 's1', '2026-10');
    const final = await store.get(sk);
    const live = await buildMonthSheet(new ReadCache(store), TZ, (await store.getMaster('staff', 's1')) as never, '2026-10');
    expect(final!.w).toBe(live.watermark);
    expect(await store.getSheet('2026-10', 's1')).toEqual(live.sheet);
    expect(live.sheet.evaluations.count).toBe(60);
  });
});
