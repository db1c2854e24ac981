/**
 * Who gets in: missing and wrong keys (401), a source posting another kind's events or calling admin
 * routes (403), unregistered devices (pending, CONTRACT §9), key rotation — and keys at rest only as SHA-256 digests,
 * compared in constant time.
 */
import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_TYPES, SENDERS, type EventType } from '../../shared/domain/events.js';
import { ROUTES } from '../../shared/http/routes.js';
import { hashKey, sameDigest } from '../../shared/services/auth.js';
import { at } from '../helpers/fixtures.js';
import { ADMIN_KEY, FixedClock, testStack, type Reply, type TestStack } from '../helpers/stack.js';

// Count constant-time comparisons made by the auth service.
const timingSafe = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafe.calls++;
      return real.timingSafeEqual(a, b);
    },
  };
});

let stack: TestStack;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
const SN = 'CQZ7232260001';

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-02 10:00')) });
  ({ keys } = await stack.api.seedHall());
  expect((await stack.api.put('/v1/sources/door-1', { kind: 'attendance', deviceSn: SN })).status).toBe(200);
});
afterAll(async () => stack?.stop());

const T = '2026-10-14T10:00:00+08:00';
let seq = 0;
/** A valid event of each type, for s1, with a fresh id. */
function sample(type: EventType): Record<string, unknown> {
  const id = `auth-${++seq}`;
  const base = { id, type, occurredAt: T };
  switch (type) {
    case 'attendance.punch':
      return { ...base, staffId: 's1' };
    case 'attendance.leave':
      return { ...base, staffId: 's1', from: '2026-10-20T09:00:00+08:00', to: '2026-10-20T18:00:00+08:00', kind: 'sick' };
    case 'evaluation.submitted':
      return { ...base, caseId: `c-${id}`, staffId: 's1', level: 5, channel: 'pad' };
    case 'evaluation.annulled':
      return { ...base, caseId: `c-none-${id}`, reason: '经核实不属实' };
    case 'complaint.filed':
      return { ...base, caseId: `k-${id}`, staffId: 's1', category: 'attitude', channel: '12345', summary: '态度生硬' };
    case 'complaint.resolved':
      return { ...base, caseId: `k-none-${id}`, verdict: 'unsubstantiated' };
    case 'inspection.recorded':
      return { ...base, staffId: 's1', item: 'badge' };
    case 'criticism.notified':
      return { ...base, staffId: 's1', note: '通报批评' };
    case 'commendation.recorded':
      return { ...base, staffId: 's1', kind: 'letter' };
    case 'evaluation.rectified':
      return { ...base, caseId: `c-none-${id}`, note: '已整改' };
    case 'evaluation.revisited':
      return { ...base, caseId: `c-none-${id}`, satisfied: true };
    case 'evaluation.appealed':
      return { ...base, caseId: `c-none-${id}`, reason: '申诉' };
    case 'attendance.away':
      return { ...base, staffId: 's1', from: '2026-10-20T10:00:00+08:00', to: '2026-10-20T10:30:00+08:00', reason: '取材料' };
    case 'event.voided':
      return { ...base, source: 'admin', eventId: `none-${id}`, reason: '误录' };
    case 'case.accepted':
      return { ...base, caseId: `bj-${id}`, staffId: 's1', item: '营业执照变更登记', limit: { kind: 'immediate' } };
    case 'case.suspended':
      return { ...base, caseId: `bj-none-${id}`, reason: '现场核查' };
    case 'case.resumed':
      return { ...base, caseId: `bj-none-${id}` };
    case 'case.completed':
      return { ...base, caseId: `bj-none-${id}`, result: 'approved' };
    case 'queue.ticket':
      return { ...base, ticketId: `t-${id}`, staffId: 's1', windowId: 'w1', issuedAt: '2026-10-14T09:30:00+08:00', outcome: 'no-show' };
    case 'rating.recorded':
      return { ...base, staffId: 's1', period: '2026-Q4', rater: 'leader', score: 92 };
  }
}

const expectError = (r: Reply, status: number, error?: string) => {
  expect(r.status, r.text).toBe(status);
  expect(r.body).toMatchObject({ error: error ?? expect.any(String), message: expect.any(String), errors: expect.any(Array) });
};

/** Every route of the table with its path parameters filled in. */
const concrete = (path: string) =>
  path.replace('{id}', 'x1').replace('{period}', '2026-10').replace('{date}', '2026-10-12').replace('{staffId}', 's1');

describe('POST /v1/events: each key may send only its own kinds', () => {
  const principals = ['admin', 'evaluation', 'complaint', 'inspection', 'attendance'] as const;
  const keyOf = (p: (typeof principals)[number]) => (p === 'admin' ? ADMIN_KEY : keys[p]);

  it('the full sender × type matrix: allowed → 202, other kinds → 403 on path "type" and nothing stored', async () => {
    let evaluations = 0;
    let filed = 0;
    for (const p of principals) {
      for (const type of EVENT_TYPES) {
        const body = sample(type);
        const r = await stack.api.post('/v1/events', body, keyOf(p));
        if (SENDERS[type].includes(p)) {
          expect(r.status, `${p} → ${type}: ${r.text}`).toBe(202);
          if (type === 'evaluation.submitted') evaluations++;
          if (type === 'complaint.filed') filed++;
        } else {
          expectError(r, 403, 'forbidden');
          expect(r.body.errors).toEqual([{ path: 'type', message: expect.stringContaining(type) }]);
        }
      }
    }
    const sheet = await stack.api.get('/v1/sheets/2026-10/staff/s1');
    expect(sheet.body.evaluations.count).toBe(evaluations);
    expect(sheet.body.complaints.filed).toBe(filed);
  });

  it('a batch mixing an allowed and a forbidden type → 403, and the allowed one was not stored', async () => {
    const ok = sample('evaluation.submitted');
    const r = await stack.api.post('/v1/events', { events: [ok, sample('criticism.notified')] }, keys.evaluation);
    expectError(r, 403, 'forbidden');
    expect(r.body.errors).toEqual([{ index: 1, path: 'events.1.type', message: expect.any(String) }]);
    expect((await stack.api.post('/v1/events', ok, keys.evaluation)).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('403 comes before validation: a forbidden type with broken fields is still 403', async () => {
    expectError(await stack.api.post('/v1/events', { id: '!!', type: 'attendance.leave', staffId: 42 }, keys.attendance), 403, 'forbidden');
  });

  it('missing, malformed, unknown and near-miss keys → 401, before the body is even read', async () => {
    const body = sample('evaluation.submitted');
    const raw = (authorization?: string) =>
      fetch(`${stack.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: string } }));
    for (const h of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Basic ${Buffer.from(`x:${keys.evaluation}`).toString('base64')}`,
      keys.evaluation, // no scheme
      `Bearer ${keys.evaluation}x`,
      `Bearer ${keys.evaluation.slice(0, -1)}`,
      `Bearer ${keys.evaluation.toUpperCase()}`,
      `Bearer ${ADMIN_KEY} extra`,
      `Bearer ${hashKey(keys.evaluation)}`, // the stored digest is not a key
      `Bearer ${hashKey(ADMIN_KEY)}`,
      'Bearer \u00e9t\u00e9-cl\u00e9-\u00ff\u00fe-0000000000', // bytes > 0x7f (fetch allows Latin-1 only)
    ]) {
      const r = await raw(h);
      expect(r.status, `authorization: ${JSON.stringify(h)}`).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    }
    // Invalid JSON with a bad key is still a 401 (no oracle on the body before authentication).
    expectError(await stack.api.call('POST', '/v1/events', undefined, 'wrong-key-000000000000', '{not json'), 401, 'unauthorized');
    // The scheme is case-insensitive (RFC 7235): this one is a real key.
    expect((await raw(`bearer ${keys.evaluation}`)).status).toBe(202);
    // Nothing from the refused posts was stored: the same event is new for its rightful sender.
    expect((await stack.api.post('/v1/events', body, keys.evaluation)).body).toEqual({ accepted: 0, duplicates: 1 });
  });
});

describe('admin routes', () => {
  const adminRoutes = ROUTES.filter((r) => r.auth === 'admin');

  it('covers every admin route of the table', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(20);
  });

  it('with a source key → 403, with no or an unknown key → 401, on every admin route', async () => {
    for (const route of adminRoutes) {
      const path = concrete(route.path);
      const body = route.method === 'PUT' ? { name: 'x', emails: ['a@b.cn'] } : undefined;
      for (const key of Object.values(keys)) expectError(await stack.api.call(route.method, path, body, key), 403, 'forbidden');
      expectError(await stack.api.call(route.method, path, body, null), 401, 'unauthorized');
      expectError(await stack.api.call(route.method, path, body, 'not-a-key-0000000000'), 401, 'unauthorized');
    }
    // None of the refused writes happened.
    expect((await stack.api.get('/v1/departments/x1')).status).toBe(404);
    expect((await stack.api.get('/v1/sources/x1')).status).toBe(404);
    expect((await stack.api.get('/v1/rules')).body.version).toBe(0);
    expect((await stack.api.get('/v1/sheets/2026-10/staff/s1')).body.status).toBe('open');
  });

  it('/health needs no key; unknown paths are 404 without leaking anything', async () => {
    expect((await stack.api.get('/health', null)).body).toEqual({ status: 'ok', calendar: { coveredThrough: expect.any(Number) }, warnings: expect.any(Array) });
    expectError(await stack.api.get('/v1/secrets', null), 404);
  });
});

describe('devices (iclock): identified by a registered SN', () => {
  const line = `101\t2026-10-13 08:50:00\t0\t1\t0\t0\t0\n`;
  const iclock = (method: string, query: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/iclock/${query}`, { method, body, headers }).then(async (r) => ({ status: r.status, text: await r.text() }));

  it('no SN → 400; an unknown or key-only SN is only pending (CONTRACT §9): answered, nothing scored', async () => {
    for (const route of ['cdata?options=all', 'cdata?table=ATTLOG', 'getrequest', 'ping', 'devicecmd']) {
      const post = route.startsWith('cdata?table') || route === 'devicecmd';
      const r = await iclock(post ? 'POST' : 'GET', route, post ? line : undefined);
      expect({ route, status: r.status }).toEqual({ route, status: 400 });
    }
    for (const sn of ['NOPE0001', 'evaluation-1', `${SN}x`, SN.toLowerCase()]) {
      const q = `SN=${encodeURIComponent(sn)}&`;
      expect((await iclock('GET', `cdata?${q}options=all`)).status).toBe(200);
      expect(await iclock('POST', `cdata?${q}table=ATTLOG`, line)).toEqual({ status: 200, text: 'OK:1' });
      expect((await iclock('GET', `getrequest?${q}`)).text).toBe('OK');
      expect((await iclock('GET', `ping?${q}`)).text).toBe('OK');
      expect((await iclock('POST', `devicecmd?${q}`, 'ID=1&Return=0')).text).toBe('OK');
    }
    // A source key in a header does not make an unknown device known.
    expect((await iclock('POST', 'cdata?SN=NOPE0001&table=ATTLOG', line, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
    const pending = (await stack.api.get('/v1/devices?status=pending')).body.devices.map((d: { sn: string }) => d.sn).sort();
    expect(pending).toEqual(['NOPE0001', `${SN}x`, 'evaluation-1', SN.toLowerCase()].sort());
    const unmatched = await stack.api.get('/v1/unmatched-punches');
    expect(unmatched.body).toEqual({ punches: [], rejectedLines: [] });
    const sheet = await stack.deps.store.partitionEvents('SM#s1#2026-10');
    expect(sheet.filter((e) => e.event.type === 'attendance.punch' && e.event.id.startsWith('101-'))).toEqual([]);
  });

  it('the registered SN is let in', async () => {
    expect(await iclock('POST', `cdata?SN=${SN}&table=ATTLOG`, line)).toEqual({ status: 200, text: 'OK:1' });
  });
});

describe('key management', () => {
  it('rotating a key revokes the old one; changing a source kind changes what it may send', async () => {
    const oldKey = 'rotate-me-key-000000001';
    const newKey = 'rotate-me-key-000000002';
    expect((await stack.api.put('/v1/sources/pad-r', { kind: 'evaluation', key: oldKey })).status).toBe(200);
    expect((await stack.api.post('/v1/events', sample('evaluation.submitted'), oldKey)).status).toBe(202);
    expect((await stack.api.put('/v1/sources/pad-r', { kind: 'evaluation', key: newKey })).status).toBe(200);
    expectError(await stack.api.post('/v1/events', sample('evaluation.submitted'), oldKey), 401, 'unauthorized');
    expect((await stack.api.post('/v1/events', sample('evaluation.submitted'), newKey)).status).toBe(202);
    expect((await stack.api.put('/v1/sources/pad-r', { kind: 'complaint', key: newKey })).status).toBe(200);
    expectError(await stack.api.post('/v1/events', sample('evaluation.submitted'), newKey), 403, 'forbidden');
    expect((await stack.api.post('/v1/events', sample('complaint.filed'), newKey)).status).toBe(202);
  });

  it('a key already used by another source → 409, and the first source keeps it', async () => {
    const r = await stack.api.put('/v1/sources/thief', { kind: 'complaint', key: keys.evaluation });
    expectError(r, 409);
    expect((await stack.api.post('/v1/events', sample('evaluation.submitted'), keys.evaluation)).status).toBe(202);
    expect((await stack.api.get('/v1/sources/thief')).status).toBe(404);
  });

  it('reads of sources never show a key or its digest', async () => {
    const list = await stack.api.get('/v1/sources');
    expect(list.status).toBe(200);
    const text = list.text + (await stack.api.get('/v1/sources/evaluation-1')).text;
    for (const k of Object.values(keys)) {
      expect(text).not.toContain(k);
      expect(text).not.toContain(hashKey(k));
    }
    expect(list.body.sources.find((s: { id: string }) => s.id === 'evaluation-1')).toEqual({ id: 'evaluation-1', kind: 'evaluation', hasKey: true });
  });

  it('the table holds no plaintext key: only SHA-256 digests (a full Scan of the test table)', async () => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await stack.deps.store.db.send(new ScanCommand({ TableName: stack.deps.store.table, ExclusiveStartKey: start }));
      items.push(...((r.Items ?? []) as Record<string, unknown>[]));
      start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start);
    expect(items.length).toBeGreaterThan(20);
    const dump = JSON.stringify(items, (_k, v: unknown) => (v instanceof Set ? [...v] : v));
    const plaintexts = [...Object.values(keys), ADMIN_KEY, 'rotate-me-key-000000001', 'rotate-me-key-000000002'];
    for (const k of plaintexts) expect(dump, `plaintext key ${k} found in the table`).not.toContain(k);
    // The source key index is keyed by the digest.
    for (const k of Object.values(keys)) expect(items.some((i) => i.pk === `KEY#${hashKey(k)}`)).toBe(true);
  });
});

describe('constant-time comparison', () => {
  it('sameDigest: equal digests match; any change, other lengths, or empties do not', () => {
    const d = hashKey('some-key-0000000001');
    expect(sameDigest(d, d)).toBe(true);
    expect(sameDigest(d, hashKey('some-key-0000000002'))).toBe(false);
    for (let i = 0; i < d.length; i += 7) {
      const flipped = d.slice(0, i) + (d[i] === '0' ? '1' : '0') + d.slice(i + 1);
      expect(sameDigest(d, flipped)).toBe(false);
    }
    expect(sameDigest(d, d.slice(0, 62))).toBe(false);
    expect(sameDigest(d, `${d}00`)).toBe(false);
    expect(sameDigest(d, '')).toBe(false);
  });

  it('authentication compares digests with crypto.timingSafeEqual, never with ===', async () => {
    const src = readFileSync(new URL('../../shared/services/auth.ts', import.meta.url), 'utf8');
    expect(src).toMatch(/timingSafeEqual\(/);
    expect(src).not.toMatch(/(digest|hash|key)\w*\s*===?\s*\w*(digest|hash|key)/i);
    const before = timingSafe.calls;
    expect((await stack.api.get('/v1/rules')).status).toBe(200);
    expectError(await stack.api.get('/v1/rules', 'x'.repeat(24)), 401);
    expect(timingSafe.calls - before).toBeGreaterThanOrEqual(2);
  });
});
