/** The end-to-end spine over HTTP: master data → events → bus → sheets, with awkward input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];

beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

const review = (id: string, level: number, extra: object = {}) => ({
  id,
  type: 'evaluation.submitted',
  occurredAt: '2026-10-12T10:00:00+08:00',
  caseId: `case-${id}`,
  staffId: 's1',
  level,
  channel: 'pad',
  ...extra,
});

describe('health and auth', () => {
  it('answers /health without a key', async () => {
    const r = await stack.api.get('/health', null);
    expect(r.status).toBe(200);
    // v2 (§1, §8): the calendar's coverage and its warnings ride along.
    expect(r.body).toEqual({ status: 'ok', calendar: { coveredThrough: expect.any(Number) }, warnings: expect.any(Array) });
  });

  it('401 for a missing or unknown key, 403 for a source on admin routes or another kind', async () => {
    expect((await stack.api.post('/v1/events', review('a1', 5), null)).status).toBe(401);
    const unknown = await stack.api.post('/v1/events', review('a1', 5), 'no-such-key-000000000');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('unauthorized');
    expect((await stack.api.get('/v1/staff', keys.evaluation)).status).toBe(403);
    const wrongKind = await stack.api.post('/v1/events', review('a1', 5), keys.complaint);
    expect(wrongKind.status).toBe(403);
    expect(wrongKind.body.errors[0].path).toBe('type');
  });
});

describe('POST /v1/events', () => {
  it('counts the same evaluation once when posted twice', async () => {
    const first = await stack.api.post('/v1/events', review('dup-1', 1), keys.evaluation);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 1, duplicates: 0 });
    const again = await stack.api.post('/v1/events', review('dup-1', 1), keys.evaluation);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1 });

    const sheet = await stack.api.get('/v1/sheets/2026-10/staff/s1');
    expect(sheet.status).toBe(200);
    expect(sheet.body.evaluations.count).toBe(1);
    expect(sheet.body.evaluations.byLevel['1']).toBe(1);
    const bad = sheet.body.items.filter((i: { code: string }) => i.code === 'bad-review');
    expect(bad).toEqual([{ code: 'bad-review', points: -2, at: '2026-10-12T10:00:00+08:00', refs: ['dup-1'], note: expect.any(String) }]);
    expect(sheet.body.score).toBe(98);
  });

  it('rejects a batch with one malformed event with 400 and the failing path, storing nothing', async () => {
    const r = await stack.api.post(
      '/v1/events',
      { events: [review('batch-ok', 5), review('batch-bad', 7), { ...review('batch-bad2', 4), occurredAt: 'yesterday' }] },
      keys.evaluation,
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('validation-failed');
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'events.1.level' }),
        expect.objectContaining({ index: 2, path: 'events.2.occurredAt' }),
      ]),
    );
    // The valid one was not stored either: posting it now is new, not a duplicate.
    const retry = await stack.api.post('/v1/events', review('batch-ok', 5), keys.evaluation);
    expect(retry.body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('rejects unknown staff, future times, bad JSON, empty and oversized batches', async () => {
    const unknown = await stack.api.post('/v1/events', review('u1', 5, { staffId: 'nobody' }), keys.evaluation);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown-staff');
    expect(unknown.body.errors[0].path).toBe('staffId');

    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const f = await stack.api.post('/v1/events', review('f1', 5, { occurredAt: future }), keys.evaluation);
    expect(f.status).toBe(400);
    expect(f.body.errors[0].path).toBe('occurredAt');

    const soon = new Date(Date.now() + 2 * 60_000).toISOString();
    expect((await stack.api.post('/v1/events', review('f2', 5, { occurredAt: soon }), keys.evaluation)).status).toBe(202);

    const badJson = await stack.api.call('POST', '/v1/events', undefined, keys.evaluation, '{"id": ');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toBe('invalid-json');

    expect((await stack.api.post('/v1/events', { events: [] }, keys.evaluation)).status).toBe(400);
    const many = Array.from({ length: 501 }, (_, i) => review(`m${i}`, 5));
    const tooMany = await stack.api.post('/v1/events', { events: many }, keys.evaluation);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('events');

    const huge = await stack.api.call('POST', '/v1/events', undefined, keys.evaluation, JSON.stringify({ ...review('h', 5), comment: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it('accepts a punch by PIN and refuses an unknown PIN', async () => {
    const ok = await stack.api.post('/v1/events', { id: 'p1', type: 'attendance.punch', occurredAt: '2026-10-12T08:40:00+08:00', pin: '102' }, keys.attendance);
    expect(ok.status).toBe(202);
    const bad = await stack.api.post('/v1/events', { id: 'p2', type: 'attendance.punch', occurredAt: '2026-10-12T08:40:00+08:00', pin: '999' }, keys.attendance);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('pin');
  });
});

describe('master data', () => {
  it('creates, reads and lists, never returning source keys', async () => {
    const list = await stack.api.get('/v1/staff');
    expect(list.status).toBe(200);
    expect(list.body.staff.map((s: { id: string }) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    const src = await stack.api.get('/v1/sources/evaluation-1');
    expect(src.body).toEqual({ id: 'evaluation-1', kind: 'evaluation', hasKey: true });
    expect(JSON.stringify((await stack.api.get('/v1/sources')).body)).not.toContain(keys.evaluation);
  });

  it('validates with paths and checks references', async () => {
    const shift = await stack.api.put('/v1/shifts/bad', { sessions: [{ start: '13:00', end: '17:00' }, { start: '09:00', end: '12:00' }] });
    expect(shift.status).toBe(400);
    expect(shift.body.errors[0].path).toBe('sessions.1.start');
    const staff = await stack.api.put('/v1/staff/s9', { name: 'x', departmentId: 'nope', windowId: 'w1', shiftId: 'std' });
    expect(staff.status).toBe(400);
    expect(staff.body.errors[0].path).toBe('departmentId');
    const badId = await stack.api.put('/v1/windows/bad%20id', { name: 'x' });
    expect(badId.status).toBe(400);
    const dupPin = await stack.api.put('/v1/staff/s4', { name: '赵六', departmentId: 'tax', windowId: 'w1', shiftId: 'std', pin: '101' });
    expect(dupPin.status).toBe(409);
    const shortKey = await stack.api.put('/v1/sources/x', { kind: 'evaluation', key: 'short' });
    expect(shortKey.status).toBe(400);
    expect(shortKey.body.errors[0].path).toBe('key');
    expect((await stack.api.get('/v1/staff/nobody')).status).toBe(404);
  });
});
