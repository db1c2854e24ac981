import { Calendars } from '../../shared/domain/calendar.js';
import { describe, expect, it } from 'vitest';
import { ipAllowed, parseCidr, parseIp } from '../../shared/domain/cidr.js';
import { iclockEndpoint, isStale, parseInfo, sessionInProgress, STALE_AFTER_MS } from '../../shared/domain/devices.js';
import { MAX_LINES_PER_REQUEST, parseAttlog } from '../../shared/domain/iclock.js';
import { Shift } from '../../shared/domain/masterdata.js';

describe('CIDR lists', () => {
  it('parses IPv4 and IPv6 addresses and prefixes, and refuses what is not one', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ family: 4, net: 0x0a000000n, bits: 8 });
    expect(parseCidr('192.168.1.201')).toEqual({ family: 4, net: 0xc0a801c9n, bits: 32 });
    expect(parseCidr('10.1.2.3/8')?.net).toBe(0x0a000000n); // host bits are masked off
    expect(parseCidr('2001:db8::/32')).toMatchObject({ family: 6, bits: 32 });
    expect(parseCidr('::/0')).toEqual({ family: 6, net: 0n, bits: 0 });
    expect(parseCidr('::ffff:192.0.2.1/128')).toMatchObject({ family: 6, bits: 128 });
    for (const bad of ['', '10.0.0.0/33', '256.0.0.1', '10.0.0/8', '01.2.3.4', '10.0.0.0/', '10.0.0.0/8/9', 'example.com', '2001:db8::/129', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', ' /8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('matches addresses, IPv4-mapped IPv6 as IPv4, nothing for garbage', () => {
    const list = ['10.20.0.0/16', '2001:db8::/32', '192.168.1.201'];
    expect(ipAllowed('10.20.255.1', list)).toBe(true);
    expect(ipAllowed('10.21.0.1', list)).toBe(false);
    expect(ipAllowed('::ffff:10.20.0.9', list)).toBe(true);
    expect(ipAllowed('2001:db8:0:1::5', list)).toBe(true);
    expect(ipAllowed('2001:db9::1', list)).toBe(false);
    expect(ipAllowed('192.168.1.201', list)).toBe(true);
    expect(ipAllowed('192.168.1.202', list)).toBe(false);
    expect(ipAllowed(undefined, list)).toBe(false);
    expect(ipAllowed('not-an-ip', ['0.0.0.0/0'])).toBe(false);
    expect(ipAllowed('8.8.8.8', ['0.0.0.0/0'])).toBe(true);
    expect(ipAllowed('fe80::1%eth0', ['fe80::/10'])).toBe(true);
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
  });
});

describe('the INFO parameter', () => {
  it('reads firmware, users, fingerprints, attlogs and ip; ignores the rest', () => {
    expect(parseInfo('Ver 8.0.4.3-20220617,12,10,345,192.168.1.201,10,7,12,0,111')).toEqual({
      firmware: 'Ver 8.0.4.3-20220617',
      users: 12,
      fingerprints: 10,
      attlogs: 345,
      ip: '192.168.1.201',
    });
    expect(parseInfo('Ver 6.60,x,,3')).toEqual({ firmware: 'Ver 6.60', attlogs: 3 });
    expect(parseInfo('')).toBeUndefined();
    expect(parseInfo(undefined)).toBeUndefined();
  });
});

describe('iclock paths', () => {
  it('knows cdata, getrequest and devicecmd in their spellings; everything else is other', () => {
    expect(['/iclock/cdata', '/iclock/cdata/', '/iclock/cdata.aspx', '/ICLOCK/CDATA'].map(iclockEndpoint)).toEqual(['cdata', 'cdata', 'cdata', 'cdata']);
    expect(iclockEndpoint('/iclock/getrequest.aspx')).toBe('getrequest');
    expect(iclockEndpoint('/iclock/devicecmd')).toBe('devicecmd');
    expect(['/iclock/fdata', '/iclock/', '/iclock', '/iclock/ping', '/iclock/cdata/x'].map(iclockEndpoint)).toEqual(['other', 'other', 'other', 'other', 'other']);
  });

  it('parses at most the given number of non-blank lines', () => {
    const body = Array.from({ length: MAX_LINES_PER_REQUEST + 2 }, (_, i) => `1\t2026-10-01 08:00:${String(i % 60).padStart(2, '0')}\t0\t1`).join('\n\n');
    const r = parseAttlog(body, 'Asia/Shanghai', MAX_LINES_PER_REQUEST);
    expect(r.processed).toBe(MAX_LINES_PER_REQUEST);
    expect(r.records.length + r.errors.length).toBe(MAX_LINES_PER_REQUEST);
  });
});

describe('staleness', () => {
  const CN = Calendars.packageOnly().get('cn-statutory');
  const shift = Shift.parse({ sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] });
  const tz = 'Asia/Shanghai';
  const at = (s: string) => Date.parse(s);

  it('a session is in progress on working days inside session hours only', () => {
    const staff = { active: true };
    expect(sessionInProgress(at('2026-12-02T10:00:00+08:00'), tz, staff, shift, CN)).toBe(true);
    expect(sessionInProgress(at('2026-12-02T12:30:00+08:00'), tz, staff, shift, CN)).toBe(false);
    expect(sessionInProgress(at('2026-12-02T17:00:00+08:00'), tz, staff, shift, CN)).toBe(false);
    expect(sessionInProgress(at('2026-12-05T10:00:00+08:00'), tz, staff, shift, CN)).toBe(false); // a Saturday
    expect(sessionInProgress(at('2026-12-02T10:00:00+08:00'), tz, { active: false }, shift, CN)).toBe(false);
    expect(sessionInProgress(at('2026-12-02T10:00:00+08:00'), tz, { active: true, since: '2026-12-03' }, shift, CN)).toBe(false);
  });

  it('stale: registered, silent for 30 minutes, one of its staff in session', () => {
    const now = at('2026-12-02T10:00:00+08:00');
    const dev = { status: 'registered' as const, lastSeen: now - STALE_AFTER_MS, staffIds: ['s1', 's2'] };
    expect(isStale(dev, now, (id) => id === 's2')).toBe(true);
    expect(isStale({ ...dev, lastSeen: now - STALE_AFTER_MS + 1 }, now, () => true)).toBe(false);
    expect(isStale(dev, now, () => false)).toBe(false);
    expect(isStale({ ...dev, staffIds: [] }, now, () => true)).toBe(false);
    expect(isStale({ ...dev, status: 'pending' }, now, () => true)).toBe(false);
  });
});
