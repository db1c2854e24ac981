/**
 * Acceptance: service efficiency (CONTRACT.md §10) over HTTP — cases joined by caseId in any order and
 * across months, their due instants on the cn-statutory calendar with pauses, the participation rate,
 * queue tickets; a month with all of it closes with the counts and items computed by hand below.
 *
 * Working days around September 2026 (cn-statutory): Sun 09-20 is a make-up workday; 09-25 … 09-27
 * (中秋) and 10-01 … 10-07 (国庆) are not working days; Mon 08-31 … Wed 09-02 are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';
import { addStaff, ev, itemsOf, ok, post, sheetOf, shuffle, t } from './support.js';

let stack: TestStack;
const APPROVAL = 'approval-source-key-0001';
const QUEUE = 'queue-source-key-000001';
const api = () => stack.api;

type Ev = Record<string, unknown>;
const accepted = (id: string, caseId: string, staffId: string, at: string, limit: Ev = { kind: 'immediate' }): Ev => ({
  id,
  type: 'case.accepted',
  occurredAt: at,
  caseId,
  staffId,
  item: '营业执照变更登记',
  limit,
});
const suspended = (id: string, caseId: string, at: string): Ev => ({ id, type: 'case.suspended', occurredAt: at, caseId, reason: '现场核查' });
const resumed = (id: string, caseId: string, at: string): Ev => ({ id, type: 'case.resumed', occurredAt: at, caseId });
const completed = (id: string, caseId: string, at: string, result = 'approved'): Ev => ({ id, type: 'case.completed', occurredAt: at, caseId, result });
const ticket = (id: string, staffId: string, windowId: string, issued: string, called?: string, finished?: string, outcome = 'served'): Ev => ({
  id,
  type: 'queue.ticket',
  occurredAt: finished ?? called ?? issued,
  ticketId: `T-${id}`,
  staffId,
  windowId,
  issuedAt: issued,
  ...(called ? { calledAt: called } : {}),
  ...(finished ? { finishedAt: finished } : {}),
  outcome,
});
const promised = (workdays: number): Ev => ({ kind: 'promised', workdays });

// e1 (window w1): eight cases of every kind.
const E1_CASES: Ev[] = [
  // C1 immediate, completed 23:59:59 the same day → on time.
  accepted('e1-c1-a', 'C1', 'e1', t('2026-09-08', '10:00')),
  completed('e1-c1-d', 'C1', t('2026-09-08', '23:59:59')),
  // C2 immediate, completed 00:00:01 the next day → overdue, due 09-08 23:59:59.
  accepted('e1-c2-a', 'C2', 'e1', t('2026-09-08', '11:00')),
  completed('e1-c2-d', 'C2', t('2026-09-09', '00:00:01')),
  // C3 promised 3 from Fri 09-18; paused Mon 09-21 09:00 → Wed 09-23 14:00: counted Sun 09-20 (调休), Thu 09-24,
  // Mon 09-28 (09-25 … 09-27 are 中秋) → due 09-28; completed 09-28 17:00 → on time.
  accepted('e1-c3-a', 'C3', 'e1', t('2026-09-18', '15:00'), promised(3)),
  suspended('e1-c3-s', 'C3', t('2026-09-21', '09:00')),
  resumed('e1-c3-r', 'C3', t('2026-09-23', '14:00')),
  completed('e1-c3-d', 'C3', t('2026-09-28', '17:00')),
  // C4 promised 2 from Tue 09-29: Wed 09-30, Thu 10-08 → due in October; not completed.
  accepted('e1-c4-a', 'C4', 'e1', t('2026-09-29', '10:00'), promised(2)),
  // C5 promised 1 from 09-29: due Wed 09-30; never completed → overdue once 09-30 is closed.
  accepted('e1-c5-a', 'C5', 'e1', t('2026-09-29', '09:00'), promised(1)),
  // C6 promised 5 from Tue 09-01, completed Fri 09-04 → on time (its completion is posted first).
  accepted('e1-c6-a', 'C6', 'e1', t('2026-09-01', '09:00'), promised(5)),
  completed('e1-c6-d', 'C6', t('2026-09-04', '16:00')),
  // C7 accepted in August (Fri 08-28), promised 3: Mon 08-31, Tue 09-01, Wed 09-02 → due in September;
  // completed Thu 09-03 → overdue in September.
  accepted('e1-c7-a', 'C7', 'e1', t('2026-08-28', '10:00'), promised(3)),
  completed('e1-c7-d', 'C7', t('2026-09-03', '10:00')),
  // C8 immediate, withdrawn on its day → not judged.
  accepted('e1-c8-a', 'C8', 'e1', t('2026-09-10', '10:00')),
  completed('e1-c8-d', 'C8', t('2026-09-10', '11:00'), 'withdrawn'),
];

// e2 (window w2): ten immediate cases completed on time and three reviews → participation 0.3.
const E2_CASES: Ev[] = Array.from({ length: 10 }, (_, i) => [
  accepted(`e2-c${i}-a`, `D${i}`, 'e2', t('2026-09-14', `09:${String(i).padStart(2, '0')}`)),
  completed(`e2-c${i}-d`, `D${i}`, t('2026-09-14', `10:${String(i).padStart(2, '0')}`)),
]).flat();

beforeAll(async () => {
  stack = await testStack();
  await stack.api.seedHall();
  await addStaff(stack.api, 'e1', { name: '钱七', windowId: 'w1' });
  await addStaff(stack.api, 'e2', { name: '孙八', departmentId: 'mkt', windowId: 'w2' });
  await ok(stack.api.put('/v1/sources/approval-1', { kind: 'approval', key: APPROVAL }));
  await ok(stack.api.put('/v1/sources/queue-1', { kind: 'queue', key: QUEUE }));
});
afterAll(async () => stack?.stop());

describe('validation of case and ticket events', () => {
  it('a served ticket without both times → 400 with paths, and the valid events of the batch are not stored', async () => {
    const r = await api().post(
      '/v1/events',
      {
        events: [
          ticket('bad-ok', 'e1', 'w1', t('2026-09-07', '09:00'), t('2026-09-07', '09:05'), t('2026-09-07', '09:10')),
          { ...ticket('bad-1', 'e1', 'w1', t('2026-09-07', '09:00')), outcome: 'served' },
        ],
      },
      QUEUE,
    );
    expect(r.status, r.text).toBe(400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { index: 1, path: 'events.1.calledAt', message: expect.any(String) },
        { index: 1, path: 'events.1.finishedAt', message: expect.any(String) },
      ]),
    );
    expect((await sheetOf(api(), '2026-09', 'e1')).queue.served).toBe(0);
  });

  it('bad limits, unknown staff, and another kind’s key are refused', async () => {
    const bad = await api().post('/v1/events', accepted('bad-2', 'X', 'e1', t('2026-09-07'), { kind: 'promised', workdays: 0 }), APPROVAL);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['limit.workdays']);
    const unknown = await api().post('/v1/events', accepted('bad-3', 'X', 'nobody', t('2026-09-07')), APPROVAL);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown-staff');
    expect((await api().post('/v1/events', accepted('bad-4', 'X', 'e1', t('2026-09-07')), QUEUE)).status).toBe(403);
    expect((await api().post('/v1/events', ticket('bad-5', 'e1', 'w1', t('2026-09-07')), APPROVAL)).status).toBe(403);
  });
});

describe('a month with cases and tickets', () => {
  it('joins case events in any order, across months, without mixing case, evaluation and complaint families', async () => {
    // C6's completion first, then everything else shuffled, one event per request, each posted twice.
    const first = E1_CASES.find((e) => e.id === 'e1-c6-d')!;
    const rest = shuffle(
      [...E1_CASES.filter((e) => e !== first), ...E2_CASES],
      18,
    );
    await post(api(), APPROVAL, [first]);
    for (const e of rest) await post(api(), APPROVAL, [e]);
    const again = await post(api(), APPROVAL, [first, ...rest]);
    expect(again).toEqual({ accepted: 0, duplicates: 1 + rest.length });

    // Reviews: e1 has two (one on case C1: the same caseId in the evaluation family); e2 three.
    await post(api(), api().key, [
      ev.review('e1-r1', 'e1', 5, t('2026-09-08', '10:30'), 'C1'),
      ev.review('e1-r2', 'e1', 4, t('2026-09-18', '15:30'), 'C3'),
      ev.review('e2-r1', 'e2', 5, t('2026-09-14', '10:01'), 'D1'),
      ev.review('e2-r2', 'e2', 5, t('2026-09-14', '10:02'), 'D2'),
      ev.review('e2-r3', 'e2', 5, t('2026-09-14', '10:03'), 'D3'),
      // A complaint on case C2, resolved unsubstantiated: its caseId must not touch the case of C2.
      ev.filed('e1-k1', 'C2', 'e1', t('2026-09-09', '09:00')),
      ev.resolved('e1-k1r', 'C2', t('2026-09-10', '09:00'), 'unsubstantiated'),
    ]);

    // Tickets: e1 at w1 waits 5 and 45 minutes, one no-show; e2 at w2 waits 10 and 20.
    await post(api(), QUEUE, [
      ticket('q1', 'e1', 'w1', t('2026-09-08', '09:00'), t('2026-09-08', '09:05'), t('2026-09-08', '09:15')),
      ticket('q2', 'e1', 'w1', t('2026-09-08', '09:00'), t('2026-09-08', '09:45'), t('2026-09-08', '10:05')),
      ticket('q3', 'e1', 'w1', t('2026-09-08', '09:10'), t('2026-09-08', '10:10'), undefined, 'no-show'),
      ticket('q4', 'e2', 'w2', t('2026-09-14', '09:00'), t('2026-09-14', '09:10'), t('2026-09-14', '09:20')),
      ticket('q5', 'e2', 'w2', t('2026-09-14', '09:00'), t('2026-09-14', '09:20'), t('2026-09-14', '09:30')),
    ]);

    // Live, before any day is closed: C5 (due 09-30) is pending.
    const live = await sheetOf(api(), '2026-09', 'e1');
    expect(live.cases).toEqual({ accepted: 7, completed: 6, due: 6, onTime: 3, overdue: 2, pending: 1, participationRate: 2 / 6 });
    expect(itemsOf(live, 'overdue-case').map((i) => i.at)).toEqual(['2026-09-02T23:59:59+08:00', '2026-09-08T23:59:59+08:00']);
    expect(live.complaints).toMatchObject({ filed: 1, unsubstantiated: 1, substantiated: 0 });
    // August holds C7's acceptance only: accepted there, judged in September.
    expect((await sheetOf(api(), '2026-08', 'e1')).cases).toMatchObject({ accepted: 1, completed: 0, due: 0 });
  });

  it('the month closes with the hand-computed counts, items and window entries', async () => {
    await ok(api().post('/v1/close/2026-08'));
    await ok(api().post('/v1/close/2026-09'));
    const e1 = await sheetOf(api(), '2026-09', 'e1');
    expect(e1.status).toBe('closed');
    expect(e1.cases).toEqual({ accepted: 7, completed: 6, due: 6, onTime: 3, overdue: 3, pending: 0, participationRate: 2 / 6 });
    expect(itemsOf(e1, 'overdue-case')).toEqual([
      expect.objectContaining({ points: -2, at: '2026-09-02T23:59:59+08:00', refs: ['e1-c7-a', 'e1-c7-d'] }),
      expect.objectContaining({ points: -2, at: '2026-09-08T23:59:59+08:00', refs: ['e1-c2-a', 'e1-c2-d'] }),
      expect.objectContaining({ points: -2, at: '2026-09-30T23:59:59+08:00', refs: ['e1-c5-a'] }),
    ]);
    expect(itemsOf(e1, 'low-participation')).toEqual([]); // 6 completed cases: fewer than 10
    expect(e1.queue).toMatchObject({ served: 2, noShow: 1, meanWaitMinutes: 25, longWaits: 1, meanServiceMinutes: 15 });

    const e2 = await sheetOf(api(), '2026-09', 'e2');
    expect(e2.cases).toEqual({ accepted: 10, completed: 10, due: 10, onTime: 10, overdue: 0, pending: 0, participationRate: 0.3 });
    expect(itemsOf(e2, 'low-participation')).toEqual([
      {
        code: 'low-participation',
        points: -1,
        at: '2026-09-30T23:59:59+08:00',
        refs: Array.from({ length: 10 }, (_, i) => `e2-c${i}-d`),
        note: '3 evaluations for 10 completed cases',
      },
    ]);
    expect(e2.queue).toMatchObject({ served: 2, noShow: 0, meanWaitMinutes: 15, longWaits: 0, meanServiceMinutes: 10 });

    // October: C4 is due there (10-08) and still pending; nothing of September leaks in.
    const oct = await sheetOf(api(), '2026-10', 'e1');
    expect(oct.cases).toMatchObject({ accepted: 0, completed: 0, due: 1, pending: 1, overdue: 0 });

    const rank = await ok(api().get('/v1/rankings/2026-09?hallId=main'));
    const w1 = rank.windows.find((w: any) => w.windowId === 'w1');
    const w2 = rank.windows.find((w: any) => w.windowId === 'w2');
    // w1: e1's 2 reviews over its 6 completed cases (s1, s2 had none); w2: e2's 3 over 10.
    expect(w1).toMatchObject({ participationRate: 2 / 6, queue: { served: 2, noShow: 1, meanWaitMinutes: 25, longWaits: 1, meanServiceMinutes: 15 } });
    expect(w2).toMatchObject({ participationRate: 0.3, queue: { served: 2, noShow: 0, meanWaitMinutes: 15, longWaits: 0, meanServiceMinutes: 10 } });
  });

  it('the department mail and workbook show the cases and queue blocks in Chinese', async () => {
    const m = await simpleParser(readFileSync(join(stack.outbox, '2026-09', 'tax.eml')));
    const html = typeof m.html === 'string' ? m.html : '';
    for (const label of ['办件总数', '按时办结', '超期', '参评率', '平均等候时长', '超时等候']) expect(html, label).toContain(label);
    expect(m.text).toContain('办件');
    const xlsx = m.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    const sheet = wb.worksheets.find((w) => w.name.includes('办件'));
    expect(sheet, wb.worksheets.map((w) => w.name).join(',')).toBeDefined();
    const rows: unknown[][] = [];
    sheet!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['工号', '姓名', '窗口', '办件总数', '办结', '到期应办结', '按时办结', '超期', '待办结', '参评率', '叫号服务人次', '过号', '平均等候时长(分钟)', '超时等候', '平均办理时长(分钟)']);
    expect(rows.find((r) => r[1] === '钱七')).toEqual(['e1', '钱七', '1号窗口', 7, 6, 6, 3, 3, 0, 2 / 6, 2, 1, 25, 1, 15]);
  });
});
