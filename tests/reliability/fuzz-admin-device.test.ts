/**
 * Hostile input on the master-data routes, the read routes and the iclock device protocol
 * (fast-check, bounded runs): never a 5xx; a refused write leaves nothing behind; device bodies of
 * any bytes are answered `OK:<non-blank lines>` and a malformed line never sinks the good ones.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys as tableKeys } from '../../shared/adapters/dynamodb/keys.js';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { expectContractError, rawRequest } from './hostile.js';

let stack: TestStack;
const SN = 'FUZZ0000001';
const NOW = at('2026-11-02 10:00');

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(NOW) });
  await stack.api.seedHall();
  expect((await stack.api.put('/v1/sources/door-f', { kind: 'attendance', deviceSn: SN })).status).toBe(200);
});
afterAll(async () => stack?.stop());

let seq = 0;
const KINDS = ['departments', 'shifts', 'windows', 'staff', 'sources'] as const;
type Kind = (typeof KINDS)[number];
const validBody = (kind: Kind): Record<string, unknown> => {
  const n = ++seq;
  switch (kind) {
    case 'departments':
      return { name: `部门${n}`, emails: [`d${n}@example.gov.cn`] };
    case 'shifts':
      return { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }], arriveEarlyMinutes: 10, calendar: 'mon-fri' };
    case 'windows':
      return { name: `${n}号窗口`, hallId: 'main' };
    case 'staff':
      return { name: `员工${n}`, departmentId: 'tax', windowId: 'w1', shiftId: 'std', pin: `fz${n}pin`, active: true, since: '2026-01-01' };
    case 'sources':
      return { kind: 'evaluation', key: `fuzz-source-key-${String(n).padStart(8, '0')}` };
  }
};

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '\ud800', '25:00', '09:60', '12:00', 'a@', 'x'.repeat(201), 'x'.repeat(300), -1, 1e9, 0.5, null, [], {}),
);

/** A valid body with 0–3 fields deleted, replaced by anything, or added. */
const mutatedBody = (kind: Kind) =>
  fc.array(fc.tuple(fc.constantFrom('delete', 'set', 'add', 'nested'), fc.nat(), anyValue), { minLength: 1, maxLength: 3 }).map((ops) => {
    const body = validBody(kind);
    for (const [op, n, v] of ops) {
      const fields = Object.keys(body);
      const f = fields[n % fields.length]!;
      if (op === 'delete') delete body[f];
      else if (op === 'set') body[f] = v;
      else if (op === 'add') body[`extra${n % 5}`] = v;
      else if (Array.isArray(body[f]) && (body[f] as unknown[]).length > 0) (body[f] as unknown[])[0] = v;
      else body[f] = [v];
    }
    return body;
  });

const responseOk = (status: number) => status === 200 || (status >= 400 && status < 500);

describe('master-data PUTs with hostile bodies', () => {
  for (const kind of KINDS) {
    it(`PUT /v1/${kind}/{id}: random and mutated bodies → 200 or a contract 4xx; a refused PUT writes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), mutatedBody(kind)), async (body) => {
          const id = `fz-${kind}-${++seq}`;
          const r = await stack.api.put(`/v1/${kind}/${id}`, body);
          const what = `${kind} ${JSON.stringify(body).slice(0, 300)}`;
          expect(responseOk(r.status), `${what} → ${r.status} ${r.text}`).toBe(true);
          const got = await stack.api.get(`/v1/${kind}/${id}`);
          if (r.status === 200) {
            expect(got.status).toBe(200);
            expect(got.body.id).toBe(id);
            return;
          }
          expectContractError(r, what);
          expect(got.status, `${what}: refused but stored`).toBe(404);
          const b = body as Record<string, unknown> | null;
          // The indexes written in the same transaction are not there either.
          // (Only our own unique pins and keys: a mutation may reuse one another record holds.)
          if (kind === 'staff' && typeof b?.pin === 'string' && /^fz\d+pin$/.test(b.pin)) {
            expect(await stack.deps.store.staffIdsByPins([b.pin]), what).toEqual(new Map());
          }
          if (kind === 'sources' && typeof b?.key === 'string' && b.key.startsWith('fuzz-source-key-')) {
            const p = await stack.api.post('/v1/events', { events: [] }, b.key);
            expect(p.status, `${what}: a refused source's key works`).toBe(401);
          }
        }),
        { numRuns: kind === 'staff' ? 60 : 40 },
      );
    }, 60_000);
  }

  it('ids in the path: anything outside [A-Za-z0-9._:-]{1,128} → 4xx, never stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 140 }), fc.constantFrom('x'.repeat(129), '张三', 'a b', '%', '%2F', 'a%00b')), async (id) => {
        const valid = /^[A-Za-z0-9._:-]{1,128}$/.test(id) && id !== '.' && id !== '..';
        const r = await stack.api.put(`/v1/windows/${encodeURIComponent(id)}`, { name: 'w' });
        if (valid) expect(r.status).toBe(200);
        else {
          expectContractError(r, `id ${JSON.stringify(id)}`);
        }
      }),
      { numRuns: 80 },
    );
    const list = await stack.api.get('/v1/windows');
    for (const w of list.body.windows as { id: string }[]) expect(w.id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  }, 60_000);

  it('PUT /v1/rules with random bodies → 4xx and the rule version does not move', async () => {
    const before = (await stack.api.get('/v1/rules')).body.version;
    const current = (await stack.api.get('/v1/rules')).body as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.tuple(fc.nat(), anyValue).map(([n, v]) => {
            const fields = Object.keys(current).filter((k) => k !== 'version');
            return { ...current, [fields[n % fields.length]!]: v };
          }),
        ),
        async (body) => {
          const r = await stack.api.put('/v1/rules', body);
          expect(responseOk(r.status), `${JSON.stringify(body).slice(0, 200)} → ${r.status} ${r.text}`).toBe(true);
          if (r.status !== 200) expectContractError(r, 'rules');
          else expect(r.body.version).toBeGreaterThan(before); // a mutation may stay valid
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('read and operator routes with hostile parameters', () => {
  const period = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 5 })).map(([y, q]) => `${String(y).padStart(4, '0')}-Q${q}`),
  );

  it('GET sheets and rankings for any period, staff and filter → 200 or a contract 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(period, fc.oneof(fc.constantFrom('s1', 's9'), fc.string({ maxLength: 10 })), fc.string({ maxLength: 10 }), async (p, staffId, filter) => {
        const e = encodeURIComponent;
        for (const path of [`/v1/sheets/${e(p)}/staff/${e(staffId)}`, `/v1/sheets/${e(p)}?departmentId=${e(filter)}`, `/v1/rankings/${e(p)}?hallId=${e(filter)}`]) {
          const r = await stack.api.get(path);
          expect(responseOk(r.status), `GET ${path} → ${r.status} ${r.text.slice(0, 200)}`).toBe(true);
          if (r.status !== 200) expectContractError(r, path);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('GET a sheet of a month the holiday calendar does not cover → 200 with those days not counted, never 5xx', async () => {
    // 2027 included: the installed calendar ends with 2026. Reads keep working (reviews, complaints
    // stay live); uncovered days are not counted as workdays; only closing such a day fails (422).
    for (const path of ['/v1/sheets/2003-06/staff/s1', '/v1/sheets/2003-Q2/staff/s1', '/v1/sheets/2027-01/staff/s1']) {
      const r = await stack.api.get(path);
      expect(r.status, `GET ${path}`).toBe(200);
      expect(r.body.attendance.workdays, `GET ${path}`).toBe(0);
    }
    for (const path of ['/v1/sheets/2003-06', '/v1/rankings/2003-06']) expect((await stack.api.get(path)).status, path).toBe(200);
    expectContractError(await stack.api.get('/v1/sheets/0000-01/staff/s1'), 'GET 0000-01');
    const close = await stack.api.post('/v1/close/day/2003-06-02');
    expectContractError(close, 'close day 2003-06-02');
    expect(close.body.error).toBe('calendar-not-covered');
  });

  it('POST /v1/close/day with month 00 or 13 → 400 invalid date, not 500', async () => {
    for (const d of ['2026-13-01', '2026-00-10', '0000-00-00']) expectContractError(await stack.api.post(`/v1/close/day/${d}`), `close day ${d}`);
  });

  it('POST /v1/replay of a period the holiday calendar does not cover → 200, nothing to refold, never 5xx', async () => {
    for (const p of ['1999-01', '2003-Q4']) {
      const r = await stack.api.post(`/v1/replay/${p}`);
      expect(r.status, `replay ${p}`).toBe(200);
      expect(r.body.events, `replay ${p}`).toBe(0);
    }
  });

  it('POST close/day, close and replay with hostile dates and periods → never 5xx', async () => {
    const day = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
        ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(day, period, async (d, p) => {
        // Only dates and periods that cannot be closed for real (keeps the property fast and side-effect free).
        fc.pre(!/^20(0[4-9]|1\d|2[0-6])-/.test(d) && !/^20(0[4-9]|1\d|2[0-6])-/.test(p));
        const e = encodeURIComponent;
        for (const path of [`/v1/close/day/${e(d)}`, `/v1/close/${e(p)}`, `/v1/replay/${e(p)}`]) {
          const r = await stack.api.post(path);
          expect(responseOk(r.status), `POST ${path} → ${r.status} ${r.text.slice(0, 200)}`).toBe(true);
          if (r.status !== 200) expectContractError(r, path);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('iclock bodies', () => {
  const post = (body: Buffer, table = 'ATTLOG') =>
    rawRequest(stack.url, { method: 'POST', path: `/iclock/cdata?SN=${SN}&table=${table}&Stamp=1`, headers: { 'content-type': 'text/plain' }, body });

  /** The oracle for OK:n — every non-blank line is processed (README: so a device does not resend it forever). */
  const nonBlankLines = (body: Buffer) => {
    let text = body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.split('\n').filter((l) => l.replace(/\r+$/, '').trim() !== '').length;
  };

  it('random bytes → 200 OK:<non-blank lines>, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
          fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(s)),
          fc.tuple(fc.array(fc.string({ maxLength: 60 }), { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\t')).map(([ls, sep]) => Buffer.from(ls.join(sep))),
        ),
        fc.constantFrom('ATTLOG', 'attlog', 'OPERLOG', 'ATTPHOTO', ''),
        async (body, table) => {
          const r = await post(body, table);
          expect(r.status, `${JSON.stringify(body.toString('utf8')).slice(0, 200)} → ${r.status} ${r.text}`).toBe(200);
          // ATTLOG: OK:<lines processed>; tables the service ignores: OK (CONTRACT §9).
          expect(r.text).toBe(table.toUpperCase() === 'ATTLOG' ? `OK:${nonBlankLines(body)}` : 'OK');
        },
      ),
      { numRuns: 120 },
    );
  }, 60_000);

  it('good lines mixed with malformed ones: every good punch is stored, every line answered, nothing crashes', async () => {
    let minute = 0;
    const goodLine = fc.constantFrom('101', '102', '103').map((pin) => {
      minute++;
      const t = new Date(Date.UTC(2026, 9, 12 + Math.floor(minute / 600), 0, minute % 600, 0));
      const local = `${t.toISOString().slice(0, 10)} ${String(8 + Math.floor((minute % 600) / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
      return { pin, local, line: `${pin}\t${local}\t0\t1\t0\t0\t0` };
    });
    const badLine = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => !s.includes('\n') && s.trim() !== ''),
      fc.constantFrom(
        '101\t2026-02-30 08:00:00\t0\t1',
        '101\t2026-10-12 25:00:00\t0\t1',
        '101\t1969-12-31 23:59:59\t0\t1',
        '101\t2099-01-01 08:00:00\t0\t1',
        '101',
        '\t2026-10-12 08:00:00',
        '张三\t2026-10-12 08:00:00\t0\t1',
        `101\t2026-10-12 08:00:00\t${'x'.repeat(5000)}`,
        '101\t2026-10-12 08:00:00\t0\t1\t0\t0\t0\t0\t36.5\t0\tNaN\t',
        'OPERLOG junk',
      ),
    );
    const unknownPin = fc.integer({ min: 9000, max: 9999 }).map((p) => `${p}\t2026-10-13 08:55:00\t0\t1\t0\t0\t0`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 3, arbitrary: goodLine.map((g) => ({ good: g })) }, { weight: 2, arbitrary: badLine.map((b) => ({ bad: b })) }, { weight: 1, arbitrary: unknownPin.map((u) => ({ unknown: u })) }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (lines, eol, bom) => {
          const text = (bom ? '\ufeff' : '') + lines.map((l) => ('good' in l ? l.good.line : 'bad' in l ? l.bad : l.unknown)).join(eol) + eol;
          const r = await post(Buffer.from(text));
          expect(r.status, r.text).toBe(200);
          expect(r.text).toBe(`OK:${nonBlankLines(Buffer.from(text))}`);
          for (const l of lines) {
            if (!('good' in l)) continue;
            const staffId = `s${Number(l.good.pin) - 100}`;
            const id = `${l.good.pin}-${l.good.local.replace(/[- :]/g, '')}`;
            const stored = await stack.deps.store.getEvent(tableKeys.staffMonth(staffId, l.good.local.slice(0, 7)), tableKeys.eventSk('door-f', id));
            expect(stored?.event.type, `punch ${l.good.line} was not stored`).toBe('attendance.punch');
          }
        },
      ),
      { numRuns: 60 },
    );
    const { body } = await stack.api.get('/v1/unmatched-punches');
    expect(body.punches.length).toBeGreaterThan(0);
    expect(body.rejectedLines.length).toBeGreaterThan(0);
    for (const l of body.rejectedLines as { message: string }[]) expect(l.message).toMatch(/\S/);
  }, 60_000);

  it('a device body over 1 MiB → 200 text/plain OK:5000 (its first lines; the device resends the rest), never 5xx; the handshake with odd queries never 5xx', async () => {
    const line = `101\t2026-10-12 08:00:00\t0\t1\t0\t0\t0\n`;
    const big = Buffer.from(line.repeat(Math.ceil((1024 * 1024 + 1) / line.length)));
    const r = await post(big);
    expect(r.status).toBe(200);
    expect(r.text).toBe('OK:5000');
    expect(String(r.headers['content-type'])).toMatch(/text\/plain/);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.constantFrom('cdata', 'getrequest', 'ping'), async (q, route) => {
        const res = await rawRequest(stack.url, { method: 'GET', path: `/iclock/${route}?SN=${SN}&${encodeURIComponent(q)}=${encodeURIComponent(q)}` });
        expect(res.status).toBe(200);
        const unknown = await rawRequest(stack.url, { method: 'GET', path: `/iclock/${route}?SN=${encodeURIComponent(q)}x` });
        expect(unknown.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
