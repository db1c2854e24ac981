/**
 * The 好差评 closed loop and corrections over HTTP (CONTRACT.md §11), against the local stack:
 * joins in any order and across months, voids before and after their event, closed periods, the
 * bad-review list, and a month closed with hand-computed numbers and the two rates in the mail.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];
beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
  // Days are closed without punches here: attendance scores nothing, so the numbers are the closed loop's.
  const r = await stack.api.put('/v1/rules', { attendance: { late: 0, earlyLeave: 0, missingPunch: 0, absentPerSession: 0 } });
  expect(r.status, r.text).toBe(200);
});
afterAll(async () => stack?.stop());

const T = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;
const post = async (events: unknown[], key?: string) => {
  const r = await stack.api.post('/v1/events', { events }, key);
  expect(r.status, r.text).toBe(202);
  return r.body;
};
const review = (id: string, caseId: string, staffId: string, level: number, local: string) => ({
  id,
  type: 'evaluation.submitted',
  occurredAt: T(local),
  caseId,
  staffId,
  level,
  channel: 'pad',
});
const caseEvent = (type: string, id: string, caseId: string, local: string, extra: object = {}) => ({ id, type, occurredAt: T(local), caseId, ...extra });
const rectified = (id: string, caseId: string, local: string) => caseEvent('evaluation.rectified', id, caseId, local, { note: '已向办事群众致歉并优化流程' });
const revisited = (id: string, caseId: string, local: string, satisfied: boolean) => caseEvent('evaluation.revisited', id, caseId, local, { satisfied });
const appealed = (id: string, caseId: string, local: string) => caseEvent('evaluation.appealed', id, caseId, local, { reason: '办事人误评' });
const annulled = (id: string, caseId: string, local: string) => caseEvent('evaluation.annulled', id, caseId, local, { reason: '经核实不属实' });
const voided = (id: string, source: string, eventId: string, local: string) => ({ id, type: 'event.voided', occurredAt: T(local), source, eventId, reason: '误录' });
const sheet = async (period: string, staffId: string) => (await stack.api.get(`/v1/sheets/${period}/staff/${staffId}`)).body;
const codes = (s: { items: { code: string; refs: string[] }[] }, code: string) => s.items.filter((i) => i.code === code).map((i) => i.refs);

describe('joins: any order, across months', () => {
  it('a rectification that arrives before its review counts; a September review is overdue in October; an annulment removes the item', async () => {
    await post([rectified('jx1', 'jc1', '2026-10-13 10:00')], keys.evaluation);
    await post([review('jr1', 'jc1', 's2', 2, '2026-10-12 10:00')], keys.evaluation);
    // Tue 09-29 + 5 working days → Mon 10-12 (National Day skipped, make-up Saturday 10-10 counted).
    await post([review('jr9', 'jc9', 's2', 2, '2026-09-29 10:00')], keys.evaluation);
    expect((await stack.api.post('/v1/close/day/2026-10-12')).status).toBe(200);

    const oct = await sheet('2026-10', 's2');
    expect(oct.rectification).toEqual({ badReviews: 1, rectified: 1, onTime: 1, overdue: 0, pending: 0, appealed: 0, revisited: 0, revisitSatisfied: 0 });
    expect(codes(oct, 'rectification-overdue')).toEqual([['jr9']]);
    expect(oct.items.find((i: { code: string }) => i.code === 'rectification-overdue').at).toBe('2026-10-12T23:59:59+08:00');
    // September counts the review; its due day (in October) is closed, so it is overdue there too.
    expect((await sheet('2026-09', 's2')).rectification).toMatchObject({ badReviews: 1, overdue: 1, pending: 0 });

    await post([annulled('ja9', 'jc9', '2026-10-20 10:00')], keys.evaluation);
    expect(codes(await sheet('2026-10', 's2'), 'rectification-overdue')).toEqual([]);
    expect((await sheet('2026-09', 's2')).rectification.badReviews).toBe(0);
  });
});

describe('event.voided', () => {
  it('a voided leave brings back the absences it excused (void after the leave)', async () => {
    await stack.api.put('/v1/rules', { attendance: { late: 0, earlyLeave: 0, missingPunch: 0, absentPerSession: -3 } });
    await post([{ id: 'vl1', type: 'attendance.leave', occurredAt: T('2026-10-10 09:00'), staffId: 's3', from: T('2026-10-14 08:00'), to: T('2026-10-14 18:00'), kind: 'sick' }]);
    expect((await stack.api.post('/v1/close/day/2026-10-14')).status).toBe(200);
    const before = await sheet('2026-10', 's3');
    expect(before.attendance.excused).toBe(2); // (10-12, closed earlier, is absent either way)
    await post([voided('vv1', 'admin', 'vl1', '2026-10-20 09:00')]);
    const after = await sheet('2026-10', 's3');
    expect(after.attendance).toMatchObject({ excused: 0, absent: before.attendance.absent + 2 });
    expect(after.score).toBe(before.score - 6);
    expect(after.items.filter((i: { code: string; at: string }) => i.code === 'absent' && i.at.startsWith('2026-10-14'))).toHaveLength(2);
    expect(after.voided).toEqual([{ source: 'admin', eventId: 'vl1', reason: '误录', at: '2026-10-20T09:00:00+08:00' }]);
    // The stored list sheet agrees with the live one.
    const listed = (await stack.api.get('/v1/sheets/2026-10?departmentId=mkt')).body.sheets.find((s: { staffId: string }) => s.staffId === 's3');
    expect(listed.attendance.absent).toBe(after.attendance.absent);
    await stack.api.put('/v1/rules', { attendance: { late: 0, earlyLeave: 0, missingPunch: 0, absentPerSession: 0 } });
  });

  it('a void posted before its criticism: the criticism never counts, in score or return rule; voiding twice changes nothing more', async () => {
    await post([voided('vv2', 'admin', 'vn2', '2026-10-21 09:00')]);
    await post([
      { id: 'vn1', type: 'criticism.notified', occurredAt: T('2026-10-12 10:00'), staffId: 's1', note: '通报批评' },
      { id: 'vn2', type: 'criticism.notified', occurredAt: T('2026-10-20 10:00'), staffId: 's1', note: '误发的通报' },
    ]);
    const once = await sheet('2026-10', 's1');
    expect(once).toMatchObject({ score: 95, returnRecommended: false, returnReasons: [] });
    expect(codes(once, 'criticism')).toEqual([['vn1']]);
    expect(once.voided).toEqual([{ source: 'admin', eventId: 'vn2', reason: '误录', at: '2026-10-21T09:00:00+08:00' }]);
    await post([voided('vv3', 'admin', 'vn2', '2026-10-22 09:00')]);
    expect(await sheet('2026-10', 's1')).toEqual(once);
  });

  it('in a closed month a void is an afterClose event; the revision applies it', async () => {
    await post([
      { id: 'cn1', type: 'criticism.notified', occurredAt: T('2026-08-12 10:00'), staffId: 's2', note: '通报批评' },
      { id: 'cn2', type: 'criticism.notified', occurredAt: T('2026-08-13 10:00'), staffId: 's2', note: '通报批评' },
    ]);
    expect((await stack.api.post('/v1/close/2026-08')).status).toBe(200);
    expect(await sheet('2026-08', 's2')).toMatchObject({ score: 90, returnRecommended: true, version: 1 });
    await post([voided('cv1', 'admin', 'cn2', '2026-11-02 09:00')]);
    const listed = await sheet('2026-08', 's2');
    expect(listed).toMatchObject({ score: 90, version: 1 });
    expect(listed.afterClose).toContain('cv1');
    const r = await stack.api.post('/v1/close/2026-08?revise=true');
    expect(r.status, r.text).toBe(200);
    const revised = await sheet('2026-08', 's2');
    expect(revised).toMatchObject({ score: 95, returnRecommended: false, version: 2 });
    expect(revised.voided).toEqual([{ source: 'admin', eventId: 'cn2', reason: '误录', at: '2026-11-02T09:00:00+08:00' }]);
  });
});

describe('a month with bad reviews in every state, closed', () => {
  // November 2026, s1 (税务局), no holidays. Due = 5 working days from the next day.
  //  b1 Mon 11-02 L2, due Mon 11-09, rectified 11-05, revisited satisfied  → on time
  //  b2 Tue 11-03 L1, due Tue 11-10, rectified 11-12 (late), revisited not satisfied → overdue + rectified, −1
  //  b3 Wed 11-04 L2, due Wed 11-11, never rectified, revisited not satisfied → overdue, −1
  //  b4 Thu 11-05 L2, annulled 11-06 → out of everything
  //  b5 Fri 11-06 L1, due Fri 11-13, appealed 11-07 (the clock runs on) → overdue, −1
  //  b6 Wed 11-25 L2, due Wed 12-02 → pending
  //  g1 Mon 11-02 L5
  // Score: 100 − (1 + 2 + 1 + 2 + 1) bad reviews − 3 overdue = 90.
  // Block: 5 bad = 1 on time + 3 overdue + 1 pending; rectified 2, appealed 1, revisited 3, satisfied 1.
  // 整改率 2/5 = 40.0 %, 回访率 3/5 = 60.0 % (s2 of the same department has none).
  beforeAll(async () => {
    await post(
      [
        review('b1', 'nc1', 's1', 2, '2026-11-02 10:00'),
        rectified('nx1', 'nc1', '2026-11-05 10:00'),
        revisited('nv1', 'nc1', '2026-11-06 10:00', true),
        review('b2', 'nc2', 's1', 1, '2026-11-03 10:00'),
        rectified('nx2', 'nc2', '2026-11-12 10:00'),
        revisited('nv2', 'nc2', '2026-11-13 10:00', false),
        review('b3', 'nc3', 's1', 2, '2026-11-04 10:00'),
        revisited('nv3', 'nc3', '2026-11-16 10:00', false),
        review('b4', 'nc4', 's1', 2, '2026-11-05 10:00'),
        annulled('na4', 'nc4', '2026-11-06 10:00'),
        review('b5', 'nc5', 's1', 1, '2026-11-06 10:00'),
        appealed('np5', 'nc5', '2026-11-07 10:00'),
        review('b6', 'nc6', 's1', 2, '2026-11-25 10:00'),
        review('g1', 'nc7', 's1', 5, '2026-11-02 11:00'),
      ].reverse(), // closing halves first: order must not matter
      keys.evaluation,
    );
  });

  it('before its due day is closed, an unrectified review is open, not overdue', async () => {
    const r = await stack.api.get('/v1/bad-reviews?period=2026-11&status=open');
    expect(r.status, r.text).toBe(200);
    expect(r.body.reviews.map((x: { eventId: string }) => x.eventId)).toEqual(['b3', 'b5', 'b6']);
    expect((await sheet('2026-11', 's1')).rectification).toMatchObject({ badReviews: 5, onTime: 1, overdue: 0, pending: 4 });
  });

  it('closes with the hand-computed numbers, and the department mail shows 整改率 and 回访率', async () => {
    const r = await stack.api.post('/v1/close/2026-11');
    expect(r.status, r.text).toBe(200);
    const s1 = await sheet('2026-11', 's1');
    expect(s1.status).toBe('closed');
    expect(s1.score).toBe(90);
    expect(s1.rectification).toEqual({ badReviews: 5, rectified: 2, onTime: 1, overdue: 3, pending: 1, appealed: 1, revisited: 3, revisitSatisfied: 1 });
    expect(codes(s1, 'rectification-overdue')).toEqual([['b2', 'nx2'], ['b3'], ['b5']]);
    const m = await simpleParser(readFileSync(join(stack.outbox, '2026-11', 'tax.eml')));
    const text = (typeof m.html === 'string' ? m.html : '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toMatch(/整改率\s*40\.0%/);
    expect(text).toMatch(/回访率\s*60\.0%/);
    // The workbook's 好差评整改 sheet: s1's row and the department total carry both rates.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(m.attachments[0]!.content as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('好差评整改')!;
    const rows = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['工号', '姓名', '窗口', '差评', '已整改', '按时整改', '超期', '待整改', '申诉', '已回访', '回访满意', '整改率', '回访率']);
    expect(rows.find((r) => r[0] === 's1')).toEqual(['s1', '张三', '1号窗口', 5, 2, 1, 3, 1, 1, 3, 1, 0.4, 0.6]);
    expect(rows.find((r) => r[0] === '合计')!.slice(3)).toEqual([5, 2, 1, 3, 1, 1, 3, 1, 0.4, 0.6]);
  });

  it('GET /v1/bad-reviews lists every state; the filters overlap as the contract says', async () => {
    const list = async (q: string) => (await stack.api.get(`/v1/bad-reviews?period=2026-11${q}`)).body.reviews.map((r: { eventId: string }) => r.eventId);
    const all = (await stack.api.get('/v1/bad-reviews?period=2026-11&departmentId=tax')).body.reviews;
    expect(all.map((r: { eventId: string; status: string }) => [r.eventId, r.status])).toEqual([
      ['b1', 'rectified'],
      ['b2', 'rectified'],
      ['b3', 'overdue'],
      ['b4', 'annulled'],
      ['b5', 'overdue'],
      ['b6', 'open'],
    ]);
    expect(all[0]).toEqual({
      caseId: 'nc1',
      eventId: 'b1',
      staffId: 's1',
      windowId: 'w1',
      departmentId: 'tax',
      level: 2,
      at: '2026-11-02T10:00:00+08:00',
      status: 'rectified',
      dueAt: '2026-11-09T23:59:59+08:00',
      rectifiedAt: '2026-11-05T10:00:00+08:00',
      revisit: { satisfied: true, at: '2026-11-06T10:00:00+08:00' },
    });
    expect(all[4].appeal).toEqual({ reason: '办事人误评', at: '2026-11-07T10:00:00+08:00' });
    expect(await list('&status=open')).toEqual(['b6']);
    expect(await list('&status=overdue')).toEqual(['b2', 'b3', 'b5']);
    expect(await list('&status=rectified')).toEqual(['b1', 'b2']);
    expect(await list('&status=annulled')).toEqual(['b4']);
    expect(await list('&status=appealed')).toEqual(['b5']);
    expect(await list('&departmentId=mkt')).toEqual([]);
    const bad = await stack.api.get('/v1/bad-reviews?period=2026-11&status=late');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('status');
    expect((await stack.api.get('/v1/bad-reviews')).status).toBe(400);
  });
});

