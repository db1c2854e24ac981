import { describe, expect, it } from 'vitest';
import {
  ICLOCK_OK,
  MAX_LINE_LENGTH,
  countAnswer,
  optionsResponse,
  parseAttlog,
  parseQuery,
} from '../../shared/domain/iclock.js';

const TZ = 'Asia/Shanghai';

describe('parseAttlog', () => {
  it('parses the official sample line in hall-local time', () => {
    const { records, errors } = parseAttlog('1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0', TZ);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        pin: '1452',
        local: '2015-07-30 15:16:28',
        at: Date.parse('2015-07-30T07:16:28Z'),
        occurredAt: '2015-07-30T15:16:28+08:00',
        status: '0',
        verify: '1',
        workcode: '0',
        raw: '1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0',
      },
    ]);
  });

  it('parses the Odoo two-line body with trailing newline', () => {
    const body = '31\t2026-10-05 06:58:10\t0\t1\t0\t0\t0\n31\t2026-10-05 19:02:40\t1\t1\t0\t0\t0\n';
    const { records, errors } = parseAttlog(body, TZ);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records.map((r) => [r.line, r.pin, r.status, r.occurredAt])).toEqual([
      [1, '31', '0', '2026-10-05T06:58:10+08:00'],
      [2, '31', '1', '2026-10-05T19:02:40+08:00'],
    ]);
    expect(records[1]!.at - records[0]!.at).toBe((12 * 3600 + 4 * 60 + 30) * 1000);
  });

  it('strips CR from CRLF bodies', () => {
    const body = '31\t2026-10-05 06:58:10\t0\t1\t0\t0\t0\r\n31\t2026-10-05 19:02:40\t1\t1\t0\t0\t0\r\n';
    const { records, errors } = parseAttlog(body, TZ);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[1]!.raw).toBe('31\t2026-10-05 19:02:40\t1\t1\t0\t0\t0');
    expect(records[1]!.raw.endsWith('\r')).toBe(false);
    expect(records[1]!.local).toBe('2026-10-05 19:02:40');
  });

  it('keeps status 255 and treats an empty workcode as absent (real device line)', () => {
    const { records, errors } = parseAttlog('20156107\t2020-02-22 23:10:05\t255\t1\t\t0\t0\t2', TZ);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r.pin).toBe('20156107');
    expect(r.status).toBe('255');
    expect(r.verify).toBe('1');
    expect(r.workcode).toBeUndefined();
    expect('workcode' in r).toBe(false);
    expect(r.occurredAt).toBe('2020-02-22T23:10:05+08:00');
    expect(new Date(r.at).toISOString()).toBe('2020-02-22T15:10:05.000Z');
  });

  it('accepts the 10-field firmware line (no TimeOffset → hall zone)', () => {
    const { records, errors } = parseAttlog('11\t2025-08-27 10:57:49\t0\t25\t0\t0\t0\t0\t0\t0', TZ);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      pin: '11',
      verify: '25',
      status: '0',
      occurredAt: '2025-08-27T10:57:49+08:00',
      at: Date.parse('2025-08-27T02:57:49Z'),
    });
  });

  it('lets a TimeOffset in field 11 override the hall zone', () => {
    const line = '7\t2026-10-12 08:41:00\t0\t15\t0\t0\t0\t0\t36.5\t0\t-18000';
    const { records, errors } = parseAttlog(line, TZ);
    expect(errors).toEqual([]);
    expect(records[0]!.occurredAt).toBe('2026-10-12T08:41:00-05:00');
    expect(new Date(records[0]!.at).toISOString()).toBe('2026-10-12T13:41:00.000Z');
    expect(records[0]!.local).toBe('2026-10-12 08:41:00');
  });

  it('accepts +28800 and 28800 TimeOffsets, plus trailing ExtendData', () => {
    const a = parseAttlog('7\t2026-10-12 08:41:00\t0\t15\t0\t0\t0\t0\t0\t0\t+28800\teyJncHMiOiIxIn0=', 'UTC');
    const b = parseAttlog('7\t2026-10-12 08:41:00\t0\t15\t0\t0\t0\t0\t0\t0\t28800', 'UTC');
    expect(a.records[0]!.occurredAt).toBe('2026-10-12T08:41:00+08:00');
    expect(b.records[0]!.occurredAt).toBe('2026-10-12T08:41:00+08:00');
    expect(a.records[0]!.at).toBe(Date.parse('2026-10-12T00:41:00Z'));
    // Half-hour zone.
    const c = parseAttlog('7\t2026-10-12 08:41:00\t0\t15\t0\t0\t0\t0\t0\t0\t19800', TZ);
    expect(c.records[0]!.occurredAt).toBe('2026-10-12T08:41:00+05:30');
  });

  it('falls back to the hall zone when TimeOffset is empty, non-numeric or beyond ±14h', () => {
    for (const off of ['', 'abc', '99999', '-60000', '28800.5', '28801']) {
      const { records, errors } = parseAttlog(`7\t2026-10-12 08:41:00\t0\t15\t0\t0\t0\t0\t0\t0\t${off}`, TZ);
      expect(errors).toEqual([]);
      expect(records[0]!.occurredAt).toBe('2026-10-12T08:41:00+08:00');
    }
  });

  it('accepts single-space separated lines when no TAB is present', () => {
    const { records, errors } = parseAttlog('1452 2015-07-30 15:16:28 0 1 0 0 0\n1453 2015-07-30 15:17:00', TZ);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ pin: '1452', local: '2015-07-30 15:16:28', status: '0', verify: '1', workcode: '0' });
    expect(records[1]).toMatchObject({ pin: '1453', local: '2015-07-30 15:17:00' });
    expect(records[1]!.status).toBeUndefined();
    // A doubled space keeps an empty workcode slot rather than shifting fields.
    const empty = parseAttlog('20156107 2020-02-22 23:10:05 255 1  0 0 2', TZ).records[0]!;
    expect(empty).toMatchObject({ status: '255', verify: '1' });
    expect(empty.workcode).toBeUndefined();
  });

  it('skips blank and whitespace-only lines without counting them, keeping physical line numbers', () => {
    const body = '\n31\t2026-10-05 06:58:10\t0\t1\n   \n\t\n\r\n32\t2026-10-05 07:00:00\t0\t1\n\n';
    const { records, errors } = parseAttlog(body, TZ);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.pin])).toEqual([
      [2, '31'],
      [6, '32'],
    ]);
    expect(parseAttlog('', TZ)).toEqual({ records: [], errors: [], processed: 0 });
  });

  it('reports malformed lines with their line numbers while good lines still parse', () => {
    const body = [
      '1\t2026-10-05 08:00:00\t0\t1', // 1 ok
      '2\t2026/10/05 08:00:00\t0\t1', // 2 bad date format
      '3', // 3 missing time
      '4\t2026-02-30 08:00:00\t0\t1', // 4 not a real date
      'hello world, this is garbage', // 5 garbage
      '6\t2026-10-05 25:00:00\t0\t1', // 6 not a real time
      'bad-pin!\t2026-10-05 08:00:00', // 7 bad PIN
      '8\t\t0\t1', // 8 empty time
      '\t2026-10-05 08:00:00', // 9 empty PIN
      '10\t2026-10-05 08:00:00\t1\t1', // 10 ok
      '2026-10-05 08:00:00', // 11 date only, no PIN
    ].join('\n');
    const { records, errors } = parseAttlog(body, TZ);
    expect(records.map((r) => r.line)).toEqual([1, 10]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11]);
    const msg = (line: number): string => errors.find((e) => e.line === line)!.message;
    expect(msg(2)).toMatch(/invalid time "2026\/10\/05 08:00:00"/);
    expect(msg(3)).toBe('missing time field');
    expect(msg(4)).toMatch(/not a real calendar date/);
    expect(msg(5)).toMatch(/not an ATTLOG record/);
    expect(msg(6)).toMatch(/not a real time of day/);
    expect(msg(7)).toMatch(/invalid PIN/);
    expect(msg(8)).toBe('missing time field');
    expect(msg(9)).toBe('missing PIN');
    expect(msg(11)).toMatch(/not an ATTLOG record/);
    expect(errors[0]!.raw).toBe('2\t2026/10/05 08:00:00\t0\t1');
  });

  it('rejects 2026-02-30 and 25:00:00 but accepts 2028-02-29', () => {
    expect(parseAttlog('1\t2026-02-30 08:00:00', TZ).errors).toHaveLength(1);
    expect(parseAttlog('1\t2026-10-05 25:00:00', TZ).errors).toHaveLength(1);
    expect(parseAttlog('1\t2026-10-05 23:60:00', TZ).errors).toHaveLength(1);
    expect(parseAttlog('1\t2028-02-29 23:59:59', TZ).records).toHaveLength(1);
  });

  it('rejects PINs longer than 32 characters', () => {
    const { errors } = parseAttlog(`${'9'.repeat(33)}\t2026-10-05 08:00:00`, TZ);
    expect(errors[0]!.message).toMatch(/invalid PIN/);
    expect(parseAttlog(`${'9'.repeat(32)}\t2026-10-05 08:00:00`, TZ).records).toHaveLength(1);
  });

  it('ignores a BOM at the start of the body', () => {
    const { records, errors } = parseAttlog('\uFEFF1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0\n', TZ);
    expect(errors).toEqual([]);
    expect(records[0]!.pin).toBe('1452');
    expect(records[0]!.raw.startsWith('1452')).toBe(true);
  });

  it('reports lines over 4096 chars as errors', () => {
    const long = `1\t2026-10-05 08:00:00\t0\t1\t${'x'.repeat(MAX_LINE_LENGTH)}`;
    const { records, errors } = parseAttlog(`${long}\n2\t2026-10-05 08:00:00\n`, TZ);
    expect(records.map((r) => r.pin)).toEqual(['2']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.message).toMatch(/too long/);
    expect(errors[0]!.raw.length).toBeLessThanOrEqual(256);
    // Exactly 4096 is fine.
    const edge = `1\t2026-10-05 08:00:00\t0\t1\t`;
    const exact = edge + 'x'.repeat(MAX_LINE_LENGTH - edge.length);
    expect(exact).toHaveLength(MAX_LINE_LENGTH);
    expect(parseAttlog(exact, TZ).records).toHaveLength(1);
  });

  it('parses a 1000-line body in order', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const mm = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const ss = String(i % 60).padStart(2, '0');
      lines.push(`${1000 + i}\t2026-10-05 08:${mm}:${ss}\t${i % 2}\t1\t0\t0\t0`);
    }
    const { records, errors } = parseAttlog(`${lines.join('\r\n')}\r\n`, TZ);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1000);
    expect(records[999]).toMatchObject({ line: 1000, pin: '1999', status: '1', local: '2026-10-05 08:16:39' });
    for (let i = 1; i < records.length; i++) expect(records[i]!.at - records[i - 1]!.at).toBe(1000);
  });

  it('uses the hall zone passed in', () => {
    const r = parseAttlog('1\t2026-07-01 09:00:00', 'America/New_York').records[0]!;
    expect(r.occurredAt).toBe('2026-07-01T09:00:00-04:00');
    expect(r.at).toBe(Date.parse('2026-07-01T13:00:00Z'));
  });

  it('throws RangeError only for an invalid hall zone (configuration error)', () => {
    expect(() => parseAttlog('1\t2026-07-01 09:00:00', 'Not/AZone')).toThrow(RangeError);
    expect(() => parseAttlog('garbage\u0000\u0001 \t\t\t', TZ)).not.toThrow();
  });
});

describe('optionsResponse', () => {
  it('answers the handshake with LF-separated lines and a trailing LF', () => {
    expect(optionsResponse('0316144680030')).toBe(
      [
        'GET OPTION FROM: 0316144680030',
        'ATTLOGStamp=None',
        'OPERLOGStamp=9999',
        'ATTPHOTOStamp=None',
        'Stamp=None',
        'OpStamp=9999',
        'ErrorDelay=30',
        'Delay=10',
        'TransTimes=00:00;14:05',
        'TransInterval=1',
        'TransFlag=TransData AttLog',
        'TimeZone=8',
        'Realtime=1',
        'Encrypt=0',
        '',
      ].join('\n'),
    );
  });

  it('uses the given stamp and zone; half-hour zones go out in minutes', () => {
    const out = optionsResponse('SN1', { stamp: '98765', tzOffsetHours: -5 });
    expect(out).toContain('\nATTLOGStamp=98765\n');
    expect(out).toContain('\nTimeZone=-5\n');
    expect(optionsResponse('SN1', { tzOffsetHours: 5.5 })).toContain('\nTimeZone=330\n');
    expect(out.includes('\r')).toBe(false);
  });

  it('cannot be broken by CR/LF in the serial number or stamp', () => {
    const out = optionsResponse('SN1\r\nTimeZone=0', { stamp: '1\nDelay=1' });
    expect(out.split('\n')).toHaveLength(15);
    expect(out.split('\n')[0]).toBe('GET OPTION FROM: SN1TimeZone=0');
    expect(out).not.toMatch(/^TimeZone=0$/m);
    expect(out).not.toMatch(/^Delay=1$/m);
  });
});

describe('parseQuery', () => {
  it('reads handshake and upload queries with case-insensitive keys', () => {
    expect(parseQuery('SN=0316144680030&options=all&pushver=2.4.1&language=83')).toEqual({
      sn: '0316144680030',
      options: 'all',
    });
    expect(parseQuery('?sn=ABC&TABLE=ATTLOG&Stamp=9999')).toEqual({ sn: 'ABC', table: 'ATTLOG', stamp: '9999' });
    expect(parseQuery('/iclock/cdata?SN=X1&table=options')).toEqual({ sn: 'X1', table: 'options' });
    expect(parseQuery('SN=A%20B&table=')).toEqual({ sn: 'A B' });
    expect(parseQuery('')).toEqual({});
  });

  it('reads a parameter record (API Gateway style)', () => {
    expect(parseQuery({ SN: 'Z9', Table: 'ATTLOG', STAMP: undefined, other: 'x' })).toEqual({ sn: 'Z9', table: 'ATTLOG' });
  });

  it('takes the first non-empty value when a key repeats', () => {
    expect(parseQuery('SN=&sn=B&SN=C')).toEqual({ sn: 'B' });
  });
});

describe('answers', () => {
  it('formats OK and OK:<n>', () => {
    expect(ICLOCK_OK).toBe('OK');
    expect(countAnswer(2)).toBe('OK:2');
    expect(countAnswer(0)).toBe('OK:0');
    expect(() => countAnswer(-1)).toThrow(RangeError);
    expect(() => countAnswer(1.5)).toThrow(RangeError);
  });
});
