/**
 * Attendance devices as they really behave (CONTRACT.md §9): traffic shaped like captures of several
 * ZKTeco firmware generations, replayed over HTTP against the local stack (real DynamoDB Local).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys as tableKeys } from '../../shared/adapters/dynamodb/keys.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';

interface Answer {
  status: number;
  type: string | null;
  text: string;
}

const device = (stack: TestStack) =>
  async (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> => {
    const r = await fetch(`${stack.url}${path}`, { method, body, headers: { 'user-agent': 'iClock Proxy/1.09', ...headers } });
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  };

const punchesOf = async (stack: TestStack, staffId: string, month: string, sourceId: string) =>
  (await stack.deps.store.partitionEvents(tableKeys.staffMonth(staffId, month))).filter((e) => e.event.type === 'attendance.punch' && e.source === sourceId);

const deviceRow = async (stack: TestStack, sn: string, status?: string) => {
  const r = await stack.api.get(`/v1/devices${status ? `?status=${status}` : ''}`);
  expect(r.status, r.text).toBe(200);
  return (r.body.devices as { sn: string }[]).find((d) => d.sn === sn) as any;
};

describe('every /iclock/ request is answered 200 text/plain', () => {
  let stack: TestStack;
  let call: ReturnType<typeof device>;
  const SN = 'ZKFW10001';
  beforeAll(async () => {
    stack = await testStack();
    call = device(stack);
    await stack.api.seedHall();
    expect((await stack.api.put('/v1/sources/door-a', { kind: 'attendance', deviceSn: SN })).status).toBe(200);
  });
  afterAll(async () => stack?.stop());

  it('the handshake carries both spellings of the stamps and the lines the contract lists', async () => {
    const r = await call('GET', `/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1&language=69&DeviceType=att&PushOptionsFlag=1`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain/);
    const lines = r.text.split(/\r?\n/);
    expect(lines[0]).toBe(`GET OPTION FROM: ${SN}`);
    for (const name of ['ATTLOGStamp', 'OPERLOGStamp', 'ATTPHOTOStamp', 'Stamp', 'OpStamp', 'ErrorDelay', 'Delay', 'TransTimes', 'TransInterval', 'TransFlag']) {
      expect(lines.some((l) => l.startsWith(`${name}=`)), name).toBe(true);
    }
    expect(lines).toContain('TimeZone=8');
    expect(lines).toContain('Realtime=1');
    expect(lines).toContain('Encrypt=0');
    // Old firmware calls the .aspx spelling; a trailing slash is the same path.
    expect((await call('GET', `/iclock/cdata.aspx?SN=${SN}&options=all`)).text.split('\n')[0]).toBe(`GET OPTION FROM: ${SN}`);
    expect((await call('GET', `/iclock/cdata/?SN=${SN}&options=all`)).text.split('\n')[0]).toBe(`GET OPTION FROM: ${SN}`);
  });

  it('unused paths, other methods, ignored tables and binary bodies → 200 text/plain OK', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.from([0x00, 0x80, 0xfe, 0xff, 0x0a, 0x0d, 0xd9])]);
    // 'USER PIN=101\tName=张三' with the name in GBK (0xD5C5 0xC8FD), as Chinese-locale firmware sends it.
    const gbkOperlog = Buffer.concat([
      Buffer.from('OPLOG 4\t0\t2026-10-12 08:00:00\t0\t0\t0\t0\r\nUSER PIN=101\tName='),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
      Buffer.from('\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000100000000\tVerify=0\r\n'),
    ]);
    const cases: [string, string, string | Buffer | undefined][] = [
      ['POST', `/iclock/cdata?SN=${SN}&table=OPERLOG&Stamp=9999`, gbkOperlog],
      ['POST', `/iclock/cdata?SN=${SN}&table=ATTPHOTO&Stamp=9999`, Buffer.concat([Buffer.from('PIN=20261012080000-101.jpg\nSN=ZKFW10001\nsize=13\nCMD=uploadphoto\0'), jpeg])],
      ['POST', `/iclock/cdata?SN=${SN}&table=BIODATA`, 'BIODATA Pin=101\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=1\tMajorVer=10\tMinorVer=0\tFormat=0\tTmp=AAAA\n'],
      ['POST', `/iclock/cdata?SN=${SN}&table=options`, 'FingerFunOn=1,FaceFunOn=1,~DeviceName=SpeedFace-V5L'],
      ['POST', `/iclock/cdata?SN=${SN}&table=OPERLOG`, ''],
      ['POST', `/iclock/fdata?SN=${SN}&table=ATTPHOTO`, jpeg],
      ['GET', `/iclock/registry?SN=${SN}`, undefined],
      ['POST', `/iclock/registry?SN=${SN}`, 'DeviceType=acc,~DeviceName=F22'],
      ['GET', `/iclock/querydata?SN=${SN}&type=tabledata&tablename=user`, undefined],
      ['POST', `/iclock/querydata?SN=${SN}&type=tabledata`, 'user uid=1\tcardno=\tpin=101'],
      ['GET', `/iclock/getrequest/?SN=${SN}`, undefined],
      ['GET', `/iclock/ping?SN=${SN}`, undefined],
      ['POST', `/iclock/ping?SN=${SN}`, 'x'],
      ['PUT', `/iclock/cdata?SN=${SN}`, 'whatever'],
      ['DELETE', `/iclock/devicecmd?SN=${SN}`, undefined],
      ['GET', `/iclock/some/deep/unknown/path?SN=${SN}`, undefined],
      ['GET', `/iclock/?SN=${SN}`, undefined],
      ['POST', `/iclock/devicecmd?SN=${SN}`, 'ID=1&Return=0&CMD=DATA\nID=2&Return=-1002&CMD=DATA\r\nID=3&Return=0&CMD=INFO\n'],
      ['POST', `/iclock/exchange?SN=${SN}&type=publickey`, 'PublicKey=abcd'],
    ];
    for (const [method, path, body] of cases) {
      const r = await call(method, path, body);
      expect({ method, path, status: r.status, type: r.type?.split(';')[0], text: r.text }).toEqual({ method, path, status: 200, type: 'text/plain', text: 'OK' });
    }
    // None of it is an ATTLOG line.
    expect((await deviceRow(stack, SN)).lines).toEqual({ stored: 0, duplicate: 0, unmatched: 0, rejected: 0 });
  });

  it('no SN at all → 400 text/plain, on any path', async () => {
    for (const [method, path] of [
      ['GET', '/iclock/cdata?options=all'],
      ['POST', '/iclock/cdata?table=ATTLOG'],
      ['GET', '/iclock/ping'],
      ['GET', '/iclock/getrequest?SN='],
      ['POST', '/iclock/fdata'],
      ['GET', '/iclock/'],
    ] as const) {
      const r = await call(method, path, method === 'POST' ? '101\t2026-10-12 08:50:00\t0\t1\t0\t0\t0\n' : undefined);
      expect({ path, status: r.status, type: r.type?.split(';')[0] }).toEqual({ path, status: 400, type: 'text/plain' });
    }
  });

  it('ATTLOG of several firmware generations (7–10 fields, trailing tabs, 255, empty work codes, CRLF/LF) → exact counts', async () => {
    const body = [
      '101\t2026-10-12 08:41:00\t0\t1\t0\t0\t0', // 7 fields (PUSH 1.x), LF
      '102\t2026-10-12 08:42:00\t0\t15\t\t0\t0\t\r', // 8 fields with a trailing tab, empty work code, CRLF
      '103\t2026-10-12 08:43:00\t255\t15\t\t0\t0\t2', // status 255 on a face terminal, 8 fields
      '101\t2026-10-12 12:01:00\t1\t1\t0\t0\t0\t0\t\r', // 9 fields (trailing tab), CRLF
      '102\t2026-10-12 12:02:00\t1\t25\t0\t0\t0\t0\t0\t0\r', // 10 fields (palm), CRLF
      '0103\t2026-10-12 12:03:00\t255\t15\t\t0\t0\t0\t36.5\t0\t', // leading zero: a different PIN, nobody's
      'not a record at all',
      '',
    ].join('\n');
    const first = await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=9999`, body);
    expect(first).toMatchObject({ status: 200, text: 'OK:7' });
    expect(first.type).toMatch(/^text\/plain/);
    expect((await deviceRow(stack, SN)).lines).toEqual({ stored: 5, duplicate: 0, unmatched: 1, rejected: 1 });
    expect((await punchesOf(stack, 's1', '2026-10', 'door-a')).length).toBe(2);
    expect((await punchesOf(stack, 's2', '2026-10', 'door-a')).length).toBe(2);
    expect((await punchesOf(stack, 's3', '2026-10', 'door-a')).map((e) => (e.event as { status?: string }).status)).toEqual(['255']);

    // A resend after a Stamp reset: every line again, none counts twice.
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=0`, body.replace(/\r/g, ''))).text).toBe('OK:7');
    expect((await deviceRow(stack, SN)).lines).toEqual({ stored: 5, duplicate: 6, unmatched: 1, rejected: 2 });
    expect((await punchesOf(stack, 's1', '2026-10', 'door-a')).length).toBe(2);
  });

  it('GET /v1/devices shows first/last seen, the last ATTLOG, the user agent and INFO from getrequest', async () => {
    const info = encodeURIComponent('Ver 8.0.4.3-20220617,12,10,345,192.168.1.201,10,7,12,0,111');
    expect((await call('GET', `/iclock/getrequest?SN=${SN}&INFO=${info}`)).text).toBe('OK');
    const row = await deviceRow(stack, SN, 'registered');
    expect(row).toMatchObject({
      sn: SN,
      sourceId: 'door-a',
      status: 'registered',
      userAgent: 'iClock Proxy/1.09',
      info: { firmware: 'Ver 8.0.4.3-20220617', users: 12, fingerprints: 10, attlogs: 345, ip: '192.168.1.201' },
      stale: false,
    });
    for (const f of ['firstSeen', 'lastSeen', 'lastAttlogAt']) expect(Date.parse(row[f]), f).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(row.firstSeen <= row.lastSeen).toBe(true);
    expect(await deviceRow(stack, SN, 'pending')).toBeUndefined();
    const bad = await stack.api.get('/v1/devices?status=lost');
    expect(bad.status).toBe(400);
    expect((await stack.api.get('/v1/devices', null)).status).toBe(401);
  });

  it('a request holds at most 5,000 processed lines (OK:5000); the rest come next time; lists are paged', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5003; i++) {
      const t = new Date(Date.UTC(2026, 9, 1, 0, 0, i));
      lines.push(`9${String(i % 7)}\t${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 19)}\t0\t1\t\t0\t0\t`);
    }
    const r = await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG`, lines.join('\r\n') + '\r\n');
    expect(r).toMatchObject({ status: 200, text: 'OK:5000' });
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG`, lines.slice(5000).join('\n'))).text).toBe('OK:3');
    expect((await deviceRow(stack, SN)).lines.unmatched).toBe(1 + 5003);

    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stack.api.get(`/v1/unmatched-punches?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.punches.length).toBeLessThanOrEqual(1000);
      expect(Array.isArray(page.body.rejectedLines)).toBe(true);
      for (const p of page.body.punches as { sn: string; pin: string; local: string }[]) seen.add(`${p.sn}#${p.pin}#${p.local}`);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.size).toBe(5004);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect((await stack.api.get('/v1/unmatched-punches?cursor=garbage')).status).toBe(400);
  }, 60_000);

  it('a TimeOffset more than an hour from the hall offset is rejected, unless the source allows any offset', async () => {
    const at = (pin: string, time: string, offset: string) => `${pin}\t2026-10-13 ${time}\t0\t1\t0\t0\t0\t0\t36.4\t0\t${offset}\t`;
    const body = [at('101', '08:40:00', '28800'), at('102', '08:40:00', '+3600'), at('103', '08:40:00', '32400')].join('\n');
    const before = (await deviceRow(stack, SN)).lines;
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG`, body)).text).toBe('OK:3');
    const after = (await deviceRow(stack, SN)).lines;
    expect({ stored: after.stored - before.stored, rejected: after.rejected - before.rejected }).toEqual({ stored: 2, rejected: 1 });
    expect((await punchesOf(stack, 's2', '2026-10', 'door-a')).filter((e) => e.event.occurredAt.startsWith('2026-10-13'))).toEqual([]);
    expect((await punchesOf(stack, 's3', '2026-10', 'door-a')).some((e) => e.event.occurredAt === '2026-10-13T08:40:00+09:00')).toBe(true);

    const lenient = 'ZKFW10002';
    expect((await stack.api.put('/v1/sources/door-b', { kind: 'attendance', deviceSn: lenient, allowAnyTimeOffset: true })).status).toBe(200);
    expect((await call('POST', `/iclock/cdata?SN=${lenient}&table=ATTLOG`, at('102', '08:40:00', '+3600'))).text).toBe('OK:1');
    expect((await punchesOf(stack, 's2', '2026-10', 'door-b')).map((e) => e.event.occurredAt)).toEqual(['2026-10-13T08:40:00+01:00']);
    expect((await deviceRow(stack, lenient)).lines).toEqual({ stored: 1, duplicate: 0, unmatched: 0, rejected: 0 });
  });
});

describe('pending devices', () => {
  let stack: TestStack;
  let call: ReturnType<typeof device>;
  beforeAll(async () => {
    stack = await testStack();
    call = device(stack);
    await stack.api.seedHall();
  });
  afterAll(async () => stack?.stop());

  it('a device installed before it was registered: answered normally, nothing scored, its punches count once after', async () => {
    const SN = 'ZKNEW0001';
    expect((await call('GET', `/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1`)).text.split('\n')[0]).toBe(`GET OPTION FROM: ${SN}`);
    const body = '101\t2026-10-14 08:45:00\t0\t1\t0\t0\t0\r\n102\t2026-10-14 08:46:00\t255\t15\t\t0\t0\t\r\n101\t2026-10-14 17:01:00\t1\t1\t0\t0\t0\r\n';
    expect(await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=9999`, body)).toMatchObject({ status: 200, text: 'OK:3' });
    // The same lines resent: still kept once.
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=0`, body)).text).toBe('OK:3');
    expect((await call('GET', `/iclock/getrequest?SN=${SN}`)).text).toBe('OK');
    expect(await punchesOf(stack, 's1', '2026-10', 'door-new')).toEqual([]);
    expect((await stack.deps.store.partitionEvents(tableKeys.staffMonth('s1', '2026-10'))).length).toBe(0);

    const pending = await deviceRow(stack, SN, 'pending');
    expect(pending).toMatchObject({ sn: SN, status: 'pending', stale: false, lines: { stored: 0, duplicate: 0, unmatched: 0, rejected: 0 } });
    expect(pending.sourceId).toBeUndefined();
    expect(await deviceRow(stack, SN, 'registered')).toBeUndefined();

    expect((await stack.api.put('/v1/sources/door-new', { kind: 'attendance', deviceSn: SN })).status).toBe(200);
    expect((await punchesOf(stack, 's1', '2026-10', 'door-new')).map((e) => e.event.occurredAt)).toEqual(['2026-10-14T08:45:00+08:00', '2026-10-14T17:01:00+08:00']);
    expect((await punchesOf(stack, 's2', '2026-10', 'door-new')).length).toBe(1);
    const row = await deviceRow(stack, SN, 'registered');
    expect(row).toMatchObject({ sourceId: 'door-new', status: 'registered', lines: { stored: 3, duplicate: 0, unmatched: 0, rejected: 0 } });

    // Registering again ingests nothing more; the device resending what it had sent counts as duplicates.
    expect((await stack.api.put('/v1/sources/door-new', { kind: 'attendance', deviceSn: SN })).status).toBe(200);
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG`, body)).text).toBe('OK:3');
    expect((await deviceRow(stack, SN)).lines).toEqual({ stored: 3, duplicate: 3, unmatched: 0, rejected: 0 });
    expect((await punchesOf(stack, 's1', '2026-10', 'door-new')).length).toBe(2);
    const sheet = await stack.api.get('/v1/sheets/2026-10/staff/s1');
    expect(sheet.status).toBe(200);
  });

  it('at most 50 devices are pending: the 51st gets 403 text/plain and nothing is kept', async () => {
    const before = (await stack.api.get('/v1/devices?status=pending')).body.devices.length;
    for (let i = before; i < 50; i++) expect((await call('GET', `/iclock/ping?SN=ZKP${String(i).padStart(4, '0')}`)).status).toBe(200);
    expect((await stack.api.get('/v1/devices?status=pending')).body.devices.length).toBe(50);
    const over = await call('POST', '/iclock/cdata?SN=ZKOVER001&table=ATTLOG', '101\t2026-10-15 08:45:00\t0\t1\t0\t0\t0\n');
    expect({ status: over.status, type: over.type?.split(';')[0] }).toEqual({ status: 403, type: 'text/plain' });
    expect((await call('GET', '/iclock/ping?SN=ZKOVER001')).status).toBe(403);
    // A device already pending keeps talking.
    expect((await call('GET', '/iclock/ping?SN=ZKP0049')).status).toBe(200);
    const list = (await stack.api.get('/v1/devices?status=pending')).body.devices as { sn: string }[];
    expect(list.length).toBe(50);
    expect(list.some((d) => d.sn === 'ZKOVER001')).toBe(false);

    // Registering one frees a place.
    expect((await stack.api.put('/v1/sources/door-p49', { kind: 'attendance', deviceSn: 'ZKP0049' })).status).toBe(200);
    expect((await call('GET', '/iclock/ping?SN=ZKOVER001')).status).toBe(200);
    expect((await stack.api.get('/v1/devices?status=pending')).body.devices.length).toBe(50);
  }, 60_000);
});

describe('devices cannot be impersonated', () => {
  let stack: TestStack;
  let call: ReturnType<typeof device>;
  const line = '101\t2026-10-16 08:45:00\t0\t1\t0\t0\t0\n';
  beforeAll(async () => {
    stack = await testStack();
    call = device(stack);
    await stack.api.seedHall();
  });
  afterAll(async () => stack?.stop());

  it('allowedIps must be valid CIDRs (IPv4 and IPv6)', async () => {
    const ok = await stack.api.put('/v1/sources/door-v', { kind: 'attendance', deviceSn: 'ZKV1', allowedIps: ['10.0.0.0/8', '192.168.1.201', '2001:db8::/32', '::1/128'] });
    expect(ok.status, ok.text).toBe(200);
    for (const bad of ['10.0.0.0/33', '300.1.1.1/32', 'example.com', '2001:db8::/129', '10.0.0/8', '']) {
      const r = await stack.api.put('/v1/sources/door-v', { kind: 'attendance', deviceSn: 'ZKV1', allowedIps: [bad] });
      expect({ bad, status: r.status, path: r.body?.errors?.[0]?.path }).toEqual({ bad, status: 400, path: 'allowedIps.0' });
    }
    const shown = await stack.api.get('/v1/sources/door-v');
    expect(shown.body).toMatchObject({ deviceSn: 'ZKV1', allowedIps: ['10.0.0.0/8', '192.168.1.201', '2001:db8::/32', '::1/128'] });
  });

  it('a punch posted for a registered SN from outside allowedIps changes nothing', async () => {
    const SN = 'ZKIP0001';
    expect((await stack.api.put('/v1/sources/door-ip', { kind: 'attendance', deviceSn: SN, allowedIps: ['10.20.0.0/16', '2001:db8::/32'] })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', `/iclock/cdata?SN=${SN}&table=ATTLOG`, line],
      ['GET', `/iclock/cdata?SN=${SN}&options=all`, undefined],
      ['GET', `/iclock/getrequest?SN=${SN}&INFO=${encodeURIComponent('Ver 6.60,1,1,1,6.6.6.6')}`, undefined],
    ] as const) {
      const r = await call(method, path, body);
      expect({ path, status: r.status, type: r.type?.split(';')[0] }).toEqual({ path, status: 403, type: 'text/plain' });
    }
    expect(await punchesOf(stack, 's1', '2026-10', 'door-ip')).toEqual([]);
    const row = await deviceRow(stack, SN);
    expect(row === undefined || (row.info === undefined && row.lines.stored === 0)).toBe(true);

    // The hall's real address (the test client is 127.0.0.1) is let in.
    expect((await stack.api.put('/v1/sources/door-ip', { kind: 'attendance', deviceSn: SN, allowedIps: ['10.20.0.0/16', '127.0.0.0/8'] })).status).toBe(200);
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG`, line)).text).toBe('OK:1');
    expect((await punchesOf(stack, 's1', '2026-10', 'door-ip')).length).toBe(1);
  });

  it('a source with a commKey needs a matching pushcommkey', async () => {
    const SN = 'ZKCK0001';
    const put = await stack.api.put('/v1/sources/door-ck', { kind: 'attendance', deviceSn: SN, commKey: '20261201' });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain('20261201');
    expect((await stack.api.get('/v1/sources/door-ck')).text).not.toContain('20261201');
    for (const q of ['', '&pushcommkey=20261202', '&pushcommkey=']) {
      const r = await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG${q}`, line);
      expect({ q, status: r.status, type: r.type?.split(';')[0] }).toEqual({ q, status: 403, type: 'text/plain' });
    }
    expect(await punchesOf(stack, 's1', '2026-10', 'door-ck')).toEqual([]);
    expect((await call('POST', `/iclock/cdata?SN=${SN}&table=ATTLOG&pushcommkey=20261201`, line)).text).toBe('OK:1');
    expect((await punchesOf(stack, 's1', '2026-10', 'door-ck')).length).toBe(1);
  });
});

describe('stale devices', () => {
  let stack: TestStack;
  let call: ReturnType<typeof device>;
  // Wednesday 2026-12-02, 10:00 in Shanghai: s1's morning session (09:00–12:00) is in progress.
  const clock = new FixedClock(Date.parse('2026-12-02T10:00:00+08:00'));
  beforeAll(async () => {
    stack = await testStack({ clock });
    call = device(stack);
    await stack.api.seedHall();
    expect((await stack.api.put('/v1/sources/door-s', { kind: 'attendance', deviceSn: 'ZKST0001' })).status).toBe(200);
    expect((await stack.api.put('/v1/sources/door-idle', { kind: 'attendance', deviceSn: 'ZKST0002' })).status).toBe(200);
  });
  afterAll(async () => stack?.stop());

  it('a registered device not seen for 30 minutes while its staff are in session is stale, and the check counts it', async () => {
    expect((await call('POST', '/iclock/cdata?SN=ZKST0001&table=ATTLOG', '101\t2026-12-02 08:50:00\t0\t1\t0\t0\t0\n')).text).toBe('OK:1');
    expect((await call('GET', '/iclock/ping?SN=ZKST0002')).text).toBe('OK');
    expect((await deviceRow(stack, 'ZKST0001')).stale).toBe(false);

    clock.t += 29 * 60_000;
    expect((await deviceRow(stack, 'ZKST0001')).stale).toBe(false);
    clock.t += 2 * 60_000; // 10:31
    expect((await deviceRow(stack, 'ZKST0001')).stale).toBe(true);
    // A device none of whose staff is known to punch on it is not stale.
    expect((await deviceRow(stack, 'ZKST0002')).stale).toBe(false);
    expect(await stack.runSchedule('devices')).toMatchObject({ stale: ['ZKST0001'] });

    // Seen again: not stale any more.
    expect((await call('GET', '/iclock/ping?SN=ZKST0001')).text).toBe('OK');
    expect((await deviceRow(stack, 'ZKST0001')).stale).toBe(false);

    // Lunch break (12:00–13:30): no session in progress, so silence is not staleness.
    clock.t = Date.parse('2026-12-02T12:40:00+08:00');
    expect((await deviceRow(stack, 'ZKST0001')).stale).toBe(false);
    clock.t = Date.parse('2026-12-02T14:00:00+08:00');
    expect((await deviceRow(stack, 'ZKST0001')).stale).toBe(true);
  });

  it('seen bookkeeping is written at most once a minute per device', async () => {
    clock.t += 5 * 60_000;
    await call('GET', '/iclock/ping?SN=ZKST0002');
    const first = (await deviceRow(stack, 'ZKST0002')).lastSeen;
    expect(Date.parse(first)).toBe(clock.t);
    clock.t += 10_000;
    await call('GET', '/iclock/ping?SN=ZKST0002');
    expect((await deviceRow(stack, 'ZKST0002')).lastSeen).toBe(first);
    clock.t += 61_000;
    await call('GET', '/iclock/ping?SN=ZKST0002');
    expect(Date.parse((await deviceRow(stack, 'ZKST0002')).lastSeen)).toBe(clock.t);
  });
});
