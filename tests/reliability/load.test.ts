/**
 * Loopback load test of ingestion (opt-in: HALLSCORE_LOAD=1; HALLSCORE_LOAD_SECONDS, default 20, max 60).
 * 32 concurrent clients post batches of 10 realistic events for 100 staff members — pads posting
 * reviews, patrols posting inspections, a gateway posting punches, and every 20th request a resend of
 * the client's previous batch — then every sheet is read back. Zero 5xx, zero lost, nothing counted
 * twice; the sustained rate is printed.
 *
 *   HALLSCORE_LOAD=1 HALLSCORE_LOAD_SECONDS=30 npx vitest run tests/reliability/load.test.ts
 */
import { afterAll, describe, expect, it } from 'vitest';
import { keys as tableKeys } from '../../shared/adapters/dynamodb/keys.js';
import { mapLimit } from '../../shared/services/ingest.js';
import { at } from '../helpers/fixtures.js';
import { prng } from '../helpers/faults.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';

const ENABLED = process.env.HALLSCORE_LOAD === '1';
const SECONDS = Math.min(60, Math.max(1, Number(process.env.HALLSCORE_LOAD_SECONDS ?? 20) || 20));
const CLIENTS = 32;
const BATCH = 10;
const STAFF = Array.from({ length: 100 }, (_, i) => `st${String(i).padStart(3, '0')}`);
const WORKDAYS = ['2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16', '2026-10-19', '2026-10-20', '2026-10-21'];

let stack: TestStack | undefined;
afterAll(async () => stack?.stop());

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

describe.skipIf(!ENABLED)(`load: ${CLIENTS} clients × batches of ${BATCH} for ${SECONDS} s`, () => {
  it('zero 5xx, zero lost, nothing counted twice; reports the sustained rate', async () => {
    stack = await testStack({ clock: new FixedClock(at('2026-11-02 10:00')) });
    const { api } = stack;
    const put = async (path: string, body: unknown) => {
      const r = await api.put(path, body);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
    };
    // A hall: 5 departments, 20 windows, 100 staff on one shift, one source per kind.
    await put('/v1/shifts/std', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] });
    for (let d = 0; d < 5; d++) await put(`/v1/departments/d${d}`, { name: `派驻部门${d}`, emails: [`d${d}@example.gov.cn`] });
    for (let w = 0; w < 20; w++) await put(`/v1/windows/w${w}`, { name: `${w + 1}号窗口` });
    await mapLimit(STAFF, 8, (id, i) => put(`/v1/staff/${id}`, { name: `员工${i}`, departmentId: `d${i % 5}`, windowId: `w${i % 20}`, shiftId: 'std', pin: String(1000 + i) }));
    const keys = { evaluation: 'load-pad-key-0000000001', inspection: 'load-patrol-key-000001', attendance: 'load-gateway-key-00001' };
    for (const [kind, key] of Object.entries(keys)) await put(`/v1/sources/load-${kind}`, { kind, key });

    const reviews = new Map<string, number>(); // staff → accepted reviews
    const inspections = new Map<string, number>();
    const punches = new Map<string, number>();
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let requests = 0;
    let acceptedEvents = 0;
    let resends = 0;
    let seq = 0;

    const makeBatch = (client: number, rand: () => number) => {
      const kind = client < 24 ? 'evaluation' : client < 28 ? 'inspection' : 'attendance';
      const events = Array.from({ length: BATCH }, () => {
        const n = ++seq;
        const staffId = STAFF[Math.floor(rand() * STAFF.length)]!;
        const day = WORKDAYS[Math.floor(rand() * WORKDAYS.length)]!;
        const time = `${String(8 + Math.floor(rand() * 9)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
        const occurredAt = `${day}T${time}+08:00`;
        const id = `L${client}-${n}`;
        if (kind === 'evaluation') {
          const r = rand();
          const level = r < 0.85 ? 5 : r < 0.95 ? 4 : r < 0.98 ? 3 : r < 0.99 ? 2 : 1;
          const channel = ['pad', 'qr', 'app', 'web'][Math.floor(rand() * 4)]!;
          return { id, type: 'evaluation.submitted', occurredAt, caseId: `YW${day.replaceAll('-', '')}${String(n).padStart(7, '0')}`, staffId, level, channel, ...(level <= 2 ? { comment: '等候时间过长' } : {}) };
        }
        if (kind === 'inspection') {
          const item = ['dress', 'badge', 'desk', 'phone', 'conduct'][Math.floor(rand() * 5)]!;
          return { id, type: 'inspection.recorded', occurredAt, staffId, item, note: '巡查发现' };
        }
        return { id, type: 'attendance.punch', occurredAt, staffId };
      });
      return { kind: kind as keyof typeof keys, events };
    };
    const tally = (kind: keyof typeof keys, events: { staffId: string }[]) => {
      const m = kind === 'evaluation' ? reviews : kind === 'inspection' ? inspections : punches;
      for (const e of events) m.set(e.staffId, (m.get(e.staffId) ?? 0) + 1);
    };

    const t0 = Date.now();
    const deadline = t0 + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const rand = prng(1000 + client);
        let previous: ReturnType<typeof makeBatch> | undefined;
        for (let k = 1; Date.now() < deadline; k++) {
          const resend = previous !== undefined && k % 20 === 0;
          const batch = resend ? previous! : makeBatch(client, rand);
          const s = performance.now();
          const r = await api.post('/v1/events', { events: batch.events }, keys[batch.kind]);
          latencies.push(performance.now() - s);
          requests++;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status !== 202) continue;
          if (resend) {
            resends++;
            expect(r.body).toEqual({ accepted: 0, duplicates: BATCH });
          } else {
            expect(r.body).toEqual({ accepted: BATCH, duplicates: 0 });
            acceptedEvents += BATCH;
            tally(batch.kind, batch.events);
          }
          previous = batch;
        }
      }),
    );
    const elapsed = (Date.now() - t0) / 1000;
    const rate = acceptedEvents / elapsed;
    const summary = {
      seconds: Number(elapsed.toFixed(1)),
      clients: CLIENTS,
      requests,
      acceptedEvents,
      resends,
      eventsPerSecond: Number(rate.toFixed(1)),
      requestsPerSecond: Number((requests / elapsed).toFixed(1)),
      latencyMs: { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), p99: Math.round(pct(latencies, 99)), max: Math.round(Math.max(...latencies)) },
      statuses: Object.fromEntries(statuses),
    };
    console.log(`LOAD ${JSON.stringify(summary)}`);

    // Zero 5xx (and, with valid input, nothing but 202).
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect([...statuses.keys()]).toEqual([202]);
    expect(acceptedEvents).toBeGreaterThan(0);

    // Zero lost: the sheets hold exactly what was accepted.
    const list = await api.get('/v1/sheets/2026-10');
    expect(list.status).toBe(200);
    const live = new Map((list.body.sheets as { staffId: string; evaluations: { count: number } }[]).map((s) => [s.staffId, s.evaluations.count]));
    const acceptedReviews = [...reviews.values()].reduce((a, b) => a + b, 0);
    expect([...live.values()].reduce((a, b) => a + b, 0)).toBe(acceptedReviews);
    for (const s of STAFF) expect(live.get(s) ?? 0, `reviews of ${s}`).toBe(reviews.get(s) ?? 0);

    // The consumer's stored sheets kept up (no slow writer rolled one back), and every punch and
    // inspection is in its staff-month.
    const { store } = stack.deps;
    await mapLimit(STAFF, 8, async (s) => {
      expect((await store.getSheet('2026-10', s))?.evaluations.count ?? 0, `stored sheet of ${s}`).toBe(reviews.get(s) ?? 0);
      const events = await store.partitionEvents(tableKeys.staffMonth(s, '2026-10'));
      expect(events.filter((e) => e.event.type === 'attendance.punch').length, `punches of ${s}`).toBe(punches.get(s) ?? 0);
      expect(events.filter((e) => e.event.type === 'inspection.recorded').length, `inspections of ${s}`).toBe(inspections.get(s) ?? 0);
    });
    expect(await stack.deps.deadLetters.list()).toEqual([]);
  }, (SECONDS + 240) * 1000);
});
