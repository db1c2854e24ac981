/** A ZKTeco-style device registers, pushes a week of ATTLOG, days are closed, sheets show the counts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
  await stack.api.seedHall();
  expect((await stack.api.put('/v1/sources/door-1', { kind: 'attendance', deviceSn: 'CQZ7232260001' })).status).toBe(200);
});
afterAll(async () => stack?.stop());

const days = ['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16'];
const line = (pin: string, day: string, time: string, status = '0') => `${pin}\t${day} ${time}\t${status}\t1\t0\t0\t0`;

function weekBody(): string {
  const lines: string[] = [];
  for (const [i, d] of days.entries()) {
    // s1 (101): always punctual.
    lines.push(line('101', d, '08:45:10'), line('101', d, '12:00:30', '1'), line('101', d, '13:19:00'), line('101', d, '17:01:00', '1'));
    // s2 (102): Mon late, Tue no afternoon departure, Wed absent, Thu fine, Fri leaves at 16:45.
    if (i === 0) lines.push(line('102', d, '08:55:00'), line('102', d, '12:01:00'), line('102', d, '13:20:00'), line('102', d, '17:00:00'));
    if (i === 1) lines.push(line('102', d, '08:40:00'), line('102', d, '12:01:00'), line('102', d, '13:20:00'));
    if (i === 3) lines.push(line('102', d, '08:40:00'), line('102', d, '12:01:00'), line('102', d, '13:20:00'), line('102', d, '17:00:00'));
    if (i === 4) lines.push(line('102', d, '08:40:00'), line('102', d, '12:01:00'), line('102', d, '13:20:00'), line('102', d, '16:45:00'));
    // s3 (103): Friday arrives 09:31 — more than 30 min late: absent for the morning.
    lines.push(line('103', d, i === 4 ? '09:31:00' : '08:49:59'), line('103', d, '12:00:00'), line('103', d, '13:20:00'), line('103', d, '17:00:00'));
  }
  lines.push(line('777', days[0]!, '08:30:00')); // a PIN nobody is enrolled with
  lines.push('garbage that is not a record');
  return lines.join('\r\n') + '\r\n';
}

const iclock = (path: string, init?: RequestInit) => fetch(`${stack.url}${path}`, init).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), text: await r.text() }));

describe('iclock device over a week', () => {
  it('handshakes in text/plain and holds unknown devices as pending', async () => {
    const opts = await iclock('/iclock/cdata?SN=CQZ7232260001&options=all&pushver=2.4.1&language=83');
    expect(opts.status).toBe(200);
    expect(opts.type).toContain('text/plain');
    expect(opts.text).toContain('GET OPTION FROM: CQZ7232260001');
    expect(opts.text).toContain('TimeZone=8');
    expect((await iclock('/iclock/getrequest?SN=CQZ7232260001')).text).toBe('OK');
    expect((await iclock('/iclock/ping?SN=CQZ7232260001')).text).toBe('OK');
    // An unknown device is pending (CONTRACT §9): answered like any other, nothing it sends is scored.
    expect((await iclock('/iclock/cdata?SN=UNKNOWN&options=all')).status).toBe(200);
    const other = await iclock('/iclock/cdata?SN=CQZ7232260001&table=OPERLOG', { method: 'POST', body: 'OPLOG 4\t0\t2026-10-12 08:00:00\t0\t0\t0\t0\n' });
    expect(other.text).toBe('OK');
  });

  it('takes a week of ATTLOG (CRLF, unknown PIN, a malformed line), idempotently', async () => {
    const body = weekBody();
    const n = body.trim().split('\r\n').length;
    const first = await iclock('/iclock/cdata?SN=CQZ7232260001&table=ATTLOG&Stamp=9999', { method: 'POST', body });
    expect(first.status).toBe(200);
    expect(first.text).toBe(`OK:${n}`);
    // Devices resend after errors or a Stamp reset: nothing may count twice.
    const again = await iclock('/iclock/cdata?SN=CQZ7232260001&table=ATTLOG&Stamp=0', { method: 'POST', body });
    expect(again.text).toBe(`OK:${n}`);

    const unmatched = await stack.api.get('/v1/unmatched-punches');
    expect(unmatched.body.punches).toEqual([expect.objectContaining({ sn: 'CQZ7232260001', pin: '777', local: '2026-10-12 08:30:00' })]);
    expect(unmatched.body.rejectedLines).toEqual([expect.objectContaining({ raw: 'garbage that is not a record' })]);
  });

  it('shows attendance items only after the days are closed, then the expected counts', async () => {
    const before = await stack.api.get('/v1/sheets/2026-10/staff/s2');
    expect(before.body.attendance.late).toBe(0);
    expect(before.body.items).toEqual([]);

    for (const d of days) {
      const r = await stack.api.post(`/v1/close/day/${d}`);
      expect(r.status).toBe(200);
    }
    // Closing again changes nothing.
    expect((await stack.api.post(`/v1/close/day/${days[0]}`)).body.alreadyClosed).toBe(true);

    const s1 = (await stack.api.get('/v1/sheets/2026-10/staff/s1')).body;
    expect(s1.attendance).toMatchObject({ workdays: 18, sessions: 36, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0 });
    expect(s1.score).toBe(100);

    const s2 = (await stack.api.get('/v1/sheets/2026-10/staff/s2')).body;
    expect(s2.attendance).toMatchObject({ late: 1, earlyLeave: 1, missingPunch: 1, absent: 2 });
    expect(s2.score).toBe(100 - 1 - 1 - 1 - 6);
    const absent = s2.items.filter((i: { code: string }) => i.code === 'absent');
    expect(absent.map((i: { at: string }) => i.at)).toEqual(['2026-10-14T09:00:00+08:00', '2026-10-14T13:30:00+08:00']);
    expect(absent[0].refs).toEqual([]);
    const late = s2.items.find((i: { code: string }) => i.code === 'late');
    expect(late.refs).toEqual(['102-20261012085500']);

    const s3 = (await stack.api.get('/v1/sheets/2026-10/staff/s3')).body;
    expect(s3.attendance).toMatchObject({ late: 0, absent: 1 });
    expect(s3.score).toBe(97);
  });

  it('re-closes a day when a punch arrives after it was closed', async () => {
    // s2's missing Tuesday departure turns up late (device was offline).
    const r = await iclock('/iclock/cdata?SN=CQZ7232260001&table=ATTLOG', { method: 'POST', body: line('102', '2026-10-13', '17:02:00', '1') + '\n' });
    expect(r.text).toBe('OK:1');
    const s2 = (await stack.api.get('/v1/sheets/2026-10/staff/s2')).body;
    expect(s2.attendance.missingPunch).toBe(0);
    expect(s2.score).toBe(100 - 1 - 1 - 6);
  });

  it('refuses to close a day that has not ended', async () => {
    for (const d of ['2099-01-01', '9999-12-31']) {
      const r = await stack.api.post(`/v1/close/day/${d}`);
      expect({ d, status: r.status }).toEqual({ d, status: 409 });
    }
  });
});
