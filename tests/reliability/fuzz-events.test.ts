/**
 * Hostile input on POST /v1/events (fast-check, bounded runs): arbitrary JSON, mutated valid events,
 * deep nesting, oversized bodies, unicode, impossible times, huge batches. Always a 4xx in the
 * contract's shape (never a 5xx), and a rejected request stores nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../shared/http/api.js';
import { at } from '../helpers/fixtures.js';
import { ADMIN_KEY, FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { expectContractError, rawRequest, scanItems } from './hostile.js';

let stack: TestStack;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
const NOW = at('2026-11-02 10:00');

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(NOW) });
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

/** Events stored anywhere (staff-month and case partitions). */
const storedEvents = async () => (await scanItems(stack, ['SM#', 'CASE#'])).filter((i) => String(i.sk).startsWith('E#'));

let seq = 0;
type Ev = Record<string, unknown>;
const validEvent = (kind: number, staffId: string): Ev => {
  const id = `fz-${++seq}`;
  const base = { id, occurredAt: '2026-10-14T10:00:00+08:00' };
  switch (kind % 5) {
    case 0:
      return { ...base, type: 'evaluation.submitted', caseId: `c-${id}`, staffId, level: 1 + (seq % 5), channel: 'pad', comment: '服务很好 👍' };
    case 1:
      return { ...base, type: 'complaint.filed', caseId: `k-${id}`, staffId, category: 'attitude', channel: '12345', summary: '态度生硬' };
    case 2:
      return { ...base, type: 'inspection.recorded', staffId, item: 'dress', note: '未着工装' };
    case 3:
      return { ...base, type: 'attendance.leave', staffId, from: '2026-10-20T09:00:00+08:00', to: '2026-10-20T18:00:00+08:00', kind: 'sick' };
    default:
      return { ...base, type: 'attendance.punch', staffId };
  }
};

/** Fields every event of that type needs. */
const REQUIRED: Record<string, string[]> = {
  'evaluation.submitted': ['id', 'type', 'occurredAt', 'caseId', 'staffId', 'level', 'channel'],
  'complaint.filed': ['id', 'type', 'occurredAt', 'caseId', 'staffId', 'category', 'channel', 'summary'],
  'inspection.recorded': ['id', 'type', 'occurredAt', 'staffId', 'item'],
  'attendance.leave': ['id', 'type', 'occurredAt', 'staffId', 'from', 'to', 'kind'],
  'attendance.punch': ['id', 'type', 'occurredAt', 'staffId'],
};

const wrongTyped = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const badId = fc.oneof(
  fc.constant(''),
  fc.constant('x'.repeat(129)),
  fc.constant('张三'),
  fc.constant('a b'),
  fc.constant('a/b'),
  fc.constant('a#b'),
  fc.constant('\u0000'),
  fc.constant('\ud800'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9._:-]{1,128}$/.test(s)),
);
const badTime = fc.oneof(
  fc.constantFrom(
    '2026-13-40T99:99:99+08:00',
    '2026-10-12 10:00:00',
    '2026-10-12T10:00:00',
    '2026-10-12',
    '10:00',
    'NaN',
    '',
    'Infinity',
    '2026-10-12T10:00:00+08',
    '2026-10-12T10:00:00+99:99',
    '2026-10-12T23:59:60+08:00',
    '２０２６-10-12T10:00:00+08:00',
    '2026-11-02T10:05:01.000+08:00', // 5 min 1 s ahead of the clock
    '2099-01-01T00:00:00Z',
  ),
  fc.string({ maxLength: 30 }),
);

type Mutation = { path: string; apply: (e: Ev) => void };
const mutation: fc.Arbitrary<(e: Ev) => Mutation> = fc.oneof(
  fc.nat().map((n) => (e: Ev) => {
    const req = REQUIRED[e.type as string]!.filter((f) => f !== 'type');
    const f = req[n % req.length]!;
    return { path: f, apply: (x: Ev) => void delete x[f] };
  }),
  fc.tuple(fc.nat(), wrongTyped).map(([n, v]) => (e: Ev) => {
    const req = REQUIRED[e.type as string]!.filter((f) => f !== 'type');
    const f = req[n % req.length]!;
    // A number can only be right for `level`, and only 1–5: keep it wrong.
    const value = f === 'level' && typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v + 10 : v;
    return { path: f, apply: (x: Ev) => void (x[f] = value) };
  }),
  badId.map((v) => (_e: Ev) => ({ path: 'id', apply: (x: Ev) => void (x.id = v) })),
  badTime.map((v) => (_e: Ev) => ({ path: 'occurredAt', apply: (x: Ev) => void (x.occurredAt = v) })),
  fc.constantFrom('nobody', 's99', 'S1', 's1 ').map((v) => (_e: Ev) => ({ path: 'staffId', apply: (x: Ev) => void (x.staffId = v) })),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('evaluation.Submitted', 'evaluation', '', '__proto__')).map(
    (v) => (_e: Ev) => ({ path: 'type', apply: (x: Ev) => void (x.type = v) }),
  ),
);

describe('POST /v1/events with hostile bodies', () => {
  it('arbitrary JSON values → 4xx with the contract error shape, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(ADMIN_KEY, 'evaluation'), async (body, who) => {
        const r = await stack.api.post('/v1/events', body, who === ADMIN_KEY ? ADMIN_KEY : keys.evaluation);
        expectContractError(r, `body ${JSON.stringify(body).slice(0, 200)}`);
      }),
      { numRuns: 150 },
    );
    expect(await storedEvents()).toEqual([]);
  }, 60_000);

  it('arbitrary text and bytes (not JSON) → 400 invalid-json', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))),
        async (text) => {
          let isJson = true;
          try {
            JSON.parse(text);
          } catch {
            isJson = false;
          }
          fc.pre(!isJson);
          const r = await stack.api.call('POST', '/v1/events', undefined, ADMIN_KEY, text);
          expectContractError(r, `raw ${JSON.stringify(text).slice(0, 100)}`);
          expect(r.status).toBe(400);
          expect(r.body.error).toBe('invalid-json');
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('valid batches with one mutated event → 400 naming that event (index and path), and none of the batch stored', async () => {
    const before = (await storedEvents()).length;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(4), fc.constantFrom('s1', 's2', 's3')), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        mutation,
        fc.boolean(),
        async (shape, which, mutate, asBatch) => {
          const events = shape.map(([k, s]) => validEvent(k, s));
          const i = which % events.length;
          const m = mutate(events[i]!);
          m.apply(events[i]!);
          const single = !asBatch && events.length === 1;
          const r = await stack.api.post('/v1/events', single ? events[0] : { events }, ADMIN_KEY);
          const what = `event ${i} mutated at ${m.path}: ${JSON.stringify(events[i]).slice(0, 300)}`;
          expectContractError(r, what);
          expect(r.status, what).toBe(400);
          const errors = r.body.errors as { index?: number; path: string }[];
          if (single) expect(errors.some((e) => e.path === m.path || e.path.startsWith(`${m.path}.`) || e.path === 'type' || e.path === '(body)'), what).toBe(true);
          else expect(errors.some((e) => e.index === i && e.path.startsWith(`events.${i}.`)), what).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
    // All-or-nothing: not one of the ~700 valid events that rode along was stored.
    expect((await storedEvents()).length).toBe(before);
  }, 60_000);

  it('unknown staff in an otherwise valid batch → 400 unknown-staff with the path, nothing stored', async () => {
    const events = [validEvent(0, 's1'), validEvent(1, 'ghost'), validEvent(2, 's2')];
    const r = await stack.api.post('/v1/events', { events }, ADMIN_KEY);
    expectContractError(r, 'unknown staff');
    expect(r.body.error).toBe('unknown-staff');
    expect(r.body.errors).toEqual([{ index: 1, path: 'events.1.staffId', message: expect.stringContaining('ghost') }]);
    const punchByPin = await stack.api.post('/v1/events', { id: 'pp-1', type: 'attendance.punch', occurredAt: '2026-10-14T08:50:00+08:00', pin: '999' }, keys.attendance);
    expect(punchByPin.body.errors).toEqual([{ path: 'pin', message: expect.any(String) }]);
    expect(await storedEvents()).toEqual([]);
  });
});

describe('times that do not exist', () => {
  // RFC 3339 dates must be real calendar dates; Date.parse rolls these over into another day or month.
  it.each([
    ['February 30th', '2026-02-30T10:00:00+08:00'],
    ['April 31st', '2026-04-31T10:00:00+08:00'],
    ['hour 24', '2026-10-12T24:00:00+08:00'],
  ])('%s (%s) → 400 on occurredAt, not stored in another month', async (_name, t) => {
    const e = { id: `bad-${t}`.replace(/[^A-Za-z0-9._:-]/g, '.'), type: 'evaluation.submitted', occurredAt: t, caseId: 'c-bad', staffId: 's1', level: 1, channel: 'pad' };
    const r = await stack.api.post('/v1/events', e, keys.evaluation);
    expectContractError(r, t);
    expect(r.body.errors).toEqual([{ path: 'occurredAt', message: expect.any(String) }]);
  });

  it.each([
    ['year 0001', '0001-01-01T00:00:00Z'],
    ['before the epoch', '1969-12-31T23:59:59Z'],
    ['before the holiday calendar (2003)', '2003-06-02T10:00:00+08:00'],
  ])('an event dated %s is refused at the door (400), not accepted and then dead-lettered', async (_name, t) => {
    const e = { id: `old-${t}`.replace(/[^A-Za-z0-9._:-]/g, '.'), type: 'evaluation.submitted', occurredAt: t, caseId: `c-old-${t.slice(0, 4)}`, staffId: 's3', level: 2, channel: 'pad' };
    const before = (await stack.deps.deadLetters.list()).length;
    const r = await stack.api.post('/v1/events', e, keys.evaluation);
    const dead = (await stack.deps.deadLetters.list()).length - before;
    expect({ status: r.status, newDeadLetters: dead }).toEqual({ status: 400, newDeadLetters: 0 });
  });
});

describe('size and shape limits', () => {
  const post = (body: Buffer, chunked = false) =>
    rawRequest(stack.url, {
      method: 'POST',
      path: '/v1/events',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body,
      chunked,
    });

  it('a body of exactly 1 MiB is read; one byte more → 413 (with and without Content-Length)', async () => {
    const event = JSON.stringify(validEvent(0, 's1'));
    const exact = Buffer.from(event + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(event)));
    expect(exact.length).toBe(MAX_BODY_BYTES);
    const ok = await post(exact);
    expect(ok.status, ok.text).toBe(202);
    const over = Buffer.concat([exact, Buffer.from(' ')]);
    for (const chunked of [false, true]) {
      const r = await post(over, chunked);
      expectContractError(r, `1 MiB + 1 (chunked: ${chunked})`);
      expect(r.status).toBe(413);
    }
  });

  it('2 MB bodies → 413, never 5xx', async () => {
    const big = Buffer.from(JSON.stringify({ events: Array.from({ length: 500 }, () => ({ ...validEvent(0, 's1'), comment: 'x'.repeat(4000) })) }));
    expect(big.length).toBeGreaterThan(2_000_000);
    for (const chunked of [false, true]) expect((await post(big, chunked)).status).toBe(413);
  });

  it('deeply nested JSON (10 000 and 100 000 levels, under the size limit) → 400, never 5xx', async () => {
    for (const depth of [10_000, 100_000]) {
      const arrays = `{"events":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const objects = `{"id":"d1","type":"evaluation.submitted","comment":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      for (const body of [arrays, objects, '['.repeat(depth), `{"events":[${'{"x":'.repeat(depth)}`]) {
        const r = await post(Buffer.from(body));
        expectContractError(r, `depth ${depth}: ${body.slice(0, 40)}`);
        expect(r.status).toBe(400);
      }
    }
  });

  it('501 events → 400 on path "events"; 500 valid events → 202, all counted', async () => {
    const tooMany = Array.from({ length: 501 }, () => validEvent(0, 's2'));
    const r = await stack.api.post('/v1/events', { events: tooMany }, ADMIN_KEY);
    expectContractError(r, '501 events');
    expect(r.body.errors).toEqual([{ path: 'events', message: expect.stringContaining('501') }]);
    expect((await stack.api.post('/v1/events', { events: [] }, ADMIN_KEY)).status).toBe(400);
    expect((await stack.api.post('/v1/events', { events: {} }, ADMIN_KEY)).status).toBe(400);

    const before = (await stack.api.get('/v1/sheets/2026-10/staff/s3')).body.evaluations.count as number;
    const max = Array.from({ length: 500 }, () => validEvent(0, 's3'));
    const ok = await stack.api.post('/v1/events', { events: max }, ADMIN_KEY);
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ accepted: 500, duplicates: 0 });
    expect((await stack.api.get('/v1/sheets/2026-10/staff/s3')).body.evaluations.count).toBe(before + 500);
    // The same batch again: all duplicates, nothing counted twice.
    expect((await stack.api.post('/v1/events', { events: max }, ADMIN_KEY)).body).toEqual({ accepted: 0, duplicates: 500 });
    expect((await stack.api.get('/v1/sheets/2026-10/staff/s3')).body.evaluations.count).toBe(before + 500);
  }, 60_000);

  it('unicode where it may be (comments, summaries: CJK, emoji, lone surrogates, NUL) → 202; where it may not (ids) → 400', async () => {
    const texts = ['窗口人员态度生硬，办事拖拉', '👍🏽👨‍👩‍👧', '\ud800', '\udfff\ud800', 'a\u0000b', '\u202e反转', 'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ', 'x'.repeat(2000)];
    for (const comment of texts) {
      const e = { ...validEvent(0, 's1'), comment };
      const r = await stack.api.post('/v1/events', e, ADMIN_KEY);
      expect(r.status, JSON.stringify(comment).slice(0, 40)).toBe(202);
    }
    for (const id of ['张三', '👍', 'é', '\ud800', 'a\u0000']) {
      const r = await stack.api.post('/v1/events', { ...validEvent(0, 's1'), id }, ADMIN_KEY);
      expectContractError(r, `id ${JSON.stringify(id)}`);
      expect(r.body.errors).toEqual([{ path: 'id', message: expect.any(String) }]);
    }
    // Unknown keys are dropped, prototype keys included.
    const proto = JSON.parse(`{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(validEvent(0, 's1')).slice(1)}`);
    expect((await stack.api.post('/v1/events', proto, keys.evaluation)).status).toBe(202);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('numbers at the edges (1e400, -0, 5.0, 2.5, "5") are judged as numbers, not crashes', async () => {
    const base = JSON.stringify({ ...validEvent(0, 's1'), level: 0 }).replace('"level":0', '"level":LEVEL');
    const cases: [string, number][] = [
      ['1e400', 400],
      ['-1e400', 400],
      ['-0', 400],
      ['5.0', 202],
      ['2.5', 400],
      ['"5"', 400],
      ['5e0', 202],
      ['123456789012345678901234567890', 400],
    ];
    for (const [lit, status] of cases) {
      const raw = base.replace('LEVEL', lit).replace(/"id":"[^"]+"/, `"id":"num-${lit.replace(/[^0-9a-z.]/gi, '_')}"`);
      const r = await stack.api.call('POST', '/v1/events', undefined, ADMIN_KEY, raw);
      expect(r.status, `level ${lit}: ${r.text}`).toBe(status);
      if (status === 400) expect(r.body.errors[0].path).toBe('level');
    }
  });
});
