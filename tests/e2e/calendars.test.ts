/**
 * Acceptance: calendars the hall controls (CONTRACT.md §8), over HTTP against the local stack — the
 * notice pasted as text, 2027 without a package release, the early warning, local holidays, and a
 * calendar change reaching open sheets on their next read (closed ones only by revision).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, testStack, type Reply, type TestStack } from '../helpers/stack.js';

const notice = (year: number | string) => readFileSync(join(__dirname, '..', 'fixtures', 'notices', `${year}.txt`), 'utf8');

/**
 * A 2027 notice in the published form, for the tests (2027-01-01 is a Friday, Spring Festival is
 * 2027-02-06). Made up, not the State Council's text: the point is a year the package does not have.
 */
const NOTICE_2027 = notice('2027-made-up');

let stack: TestStack;
const clock = new FixedClock(Date.parse('2026-12-01T10:00:00+08:00'));
const api = () => stack.api;

/** A PUT with a raw body and content type (the Api helper always sends JSON). */
async function putRaw(path: string, body: string, contentType: string): Promise<Reply> {
  const r = await fetch(stack.url + path, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.api.key}`, 'content-type': contentType },
    body,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
}
const putNotice = (year: number, text: string, dryRun = false) =>
  putRaw(`/v1/calendars/cn-statutory/years/${year}${dryRun ? '?dryRun=true' : ''}`, text, 'text/plain; charset=utf-8');
const flags = (days: { date: string; isOffDay: boolean }[]) => days.map((d) => `${d.date} ${d.isOffDay ? 'off' : 'work'}`);
const ok = (r: Reply, status = 200) => {
  expect(r.status, r.text).toBe(status);
  return r.body;
};

beforeAll(async () => {
  stack = await testStack({ clock });
  await stack.api.seedHall();
});
afterAll(async () => stack?.stop());

describe('the State Council notice, pasted as text', () => {
  it('2026 as published, with ?dryRun=true, yields exactly the package’s 2026 days and stores nothing', async () => {
    const pkg = ok(await api().get('/v1/calendars/cn-statutory/years/2026'));
    expect(pkg.source).toBe('package');
    const r = ok(await putNotice(2026, notice(2026), true));
    expect(r).toMatchObject({ year: 2026, source: 'hall', papers: ['国务院办公厅关于2026年部分节假日安排的通知'] });
    expect(flags(r.days)).toEqual(flags(pkg.days));
    expect(r.days.map((d: { date: string }) => d.date)).toEqual([...r.days.map((d: { date: string }) => d.date)].sort());
    // Nothing stored: 2026 still comes from the package.
    expect(ok(await api().get('/v1/calendars/cn-statutory/years/2026')).source).toBe('package');
  });

  it('every other year’s published notice, dry-run, yields the package’s days too', async () => {
    for (const year of [2018, 2021, 2022, 2023, 2024, 2025]) {
      const pkg = ok(await api().get(`/v1/calendars/cn-statutory/years/${year}`));
      const r = ok(await putNotice(year, notice(year), true));
      expect(flags(r.days), String(year)).toEqual(flags(pkg.days));
    }
  });

  it('a line it cannot read → 400 naming the line and quoting it; nothing stored', async () => {
    const text = notice(2026).replace('三、清明节：4月4日（周六）至6日（周一）放假，共3天。', '三、清明节：4月4日至6日休息，共3天。');
    const r = await putNotice(2026, text);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid-notice');
    const line = text.split('\n').findIndex((l) => l.includes('三、清明节')) + 1;
    expect(r.body.errors).toEqual([{ path: `line ${line}`, message: expect.stringContaining('三、清明节：4月4日至6日休息，共3天。') }]);
    expect(ok(await api().get('/v1/calendars/cn-statutory/years/2026')).source).toBe('package');
  });

  it('a title naming another year → 400; a text naming no day → 400', async () => {
    const r = await putNotice(2027, notice(2026));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('line 1');
    expect((await putNotice(2027, '经国务院批准，现将有关事项通知如下。')).status).toBe(400);
  });

  it('JSON in the holiday-cn format: validated with paths; extra fields ignored', async () => {
    const bad = await putRaw(
      '/v1/calendars/cn-statutory/years/2027',
      JSON.stringify({ $schema: 'x', year: 2027, papers: [], days: [{ date: '2027-01-04', isOffDay: false }, { date: '2026-11-30', isOffDay: true }, { date: '2027-01-01', isOffDay: true }, { date: '2027-01-01', isOffDay: true }] }),
      'application/json',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['days.0.isOffDay', 'days.1.date', 'days.3.date']);
    const dry = ok(await putRaw('/v1/calendars/cn-statutory/years/2027?dryRun=true', JSON.stringify({ year: 2027, days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }] }), 'application/json'));
    expect(dry).toEqual({ year: 2027, source: 'hall', days: [{ date: '2027-01-01', isOffDay: true, name: '元旦' }], papers: [] });
    expect((await api().get('/v1/calendars/cn-statutory/years/2027')).status).toBe(404);
  });

  it('another content type → 415', async () => {
    expect((await putRaw('/v1/calendars/cn-statutory/years/2027', '<xml/>', 'application/xml')).status).toBe(415);
  });
});

describe('2027 without a package release', () => {
  it('before 2027 is added: /health warns (it is December 2026), a 2027 day close → 422 saying how to add the year', async () => {
    const h = ok(await api().get('/health', null));
    expect(h).toEqual({
      status: 'ok',
      calendar: { coveredThrough: 2026 },
      warnings: ['holiday calendar covers only up to 2026-12-31: add 2027 (PUT /v1/calendars/cn-statutory/years/2027 with the State Council notice)'],
    });
    // The daily calendar check (an alarm on AWS) sees the same warning.
    expect(await stack.runSchedule('calendar')).toEqual({ calendar: h.calendar, warnings: h.warnings });
    clock.t = Date.parse('2027-01-06T10:00:00+08:00');
    try {
      const r = await api().post('/v1/close/day/2027-01-04');
      expect(r.status).toBe(422);
      expect(r.body.error).toBe('calendar-not-covered');
      expect(r.body.message).toContain('PUT /v1/calendars/cn-statutory/years/2027');
      expect(r.body.message).toContain('notice');
    } finally {
      clock.t = Date.parse('2026-12-01T10:00:00+08:00');
    }
  });

  it('with the 2027 notice PUT: coverage reports 2027, the warning disappears, 2027 days close', async () => {
    const r = ok(await putNotice(2027, NOTICE_2027));
    expect(r.source).toBe('hall');
    expect(r.days).toHaveLength(34);
    const cal = ok(await api().get('/v1/calendars/cn-statutory'));
    expect(cal.coveredThrough).toBe(2027);
    expect(cal.years.at(-1)).toEqual({ year: 2027, source: 'hall', days: 34, papers: ['国务院办公厅关于2027年部分节假日安排的通知'] });
    expect(ok(await api().get('/health', null))).toEqual({ status: 'ok', calendar: { coveredThrough: 2027 }, warnings: [] });
    expect(await stack.runSchedule('calendar')).toEqual({ calendar: { coveredThrough: 2027 }, warnings: [] });
    clock.t = Date.parse('2027-01-06T10:00:00+08:00');
    try {
      expect(ok(await api().post('/v1/close/day/2027-01-04'))).toMatchObject({ date: '2027-01-04', alreadyClosed: false });
      // 2027-01 on the 2027 data: 元旦 1–3 off; Mon 4 … Fri 29 (20 weekdays) and Sunday 31 (上班).
      expect(ok(await api().get('/v1/sheets/2027-01/staff/s1')).attendance.workdays).toBe(21);
    } finally {
      clock.t = Date.parse('2026-12-01T10:00:00+08:00');
    }
  });

  it('from 1 November 2027 (hall time) the warning names 2028', async () => {
    clock.t = Date.parse('2027-10-31T23:59:00+08:00');
    expect(ok(await api().get('/health', null)).warnings).toEqual([]);
    clock.t = Date.parse('2027-11-01T00:00:00+08:00');
    try {
      expect(ok(await api().get('/health', null)).warnings).toEqual([
        'holiday calendar covers only up to 2027-12-31: add 2028 (PUT /v1/calendars/cn-statutory/years/2028 with the State Council notice)',
      ]);
    } finally {
      clock.t = Date.parse('2026-12-01T10:00:00+08:00');
    }
  });

  it('DELETE returns the year to the package (2027: none, so the warning is back)', async () => {
    ok(await api().call('DELETE', '/v1/calendars/cn-statutory/years/2027'), 204);
    expect(ok(await api().get('/health', null)).calendar).toEqual({ coveredThrough: 2026 });
    expect((await api().get('/v1/calendars/cn-statutory/years/2027')).status).toBe(404);
  });
});

describe('hall calendars: a local holiday', () => {
  beforeAll(async () => {
    // 2026-11-16 (a Monday) is a local holiday in this hall's region.
    ok(await api().put('/v1/calendars/gx', { name: '广西壮族自治区（含三月三）', base: 'cn-statutory', days: [{ date: '2026-11-16', isOffDay: true, name: '地方假日' }] }));
    ok(await api().put('/v1/shifts/gx-std', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }], calendar: 'gx' }));
    ok(await api().put('/v1/staff/s5', { name: '韦小宝', departmentId: 'tax', windowId: 'w1', shiftId: 'gx-std', pin: '105' }));
    ok(await api().post('/v1/close/day/2026-11-16'));
  });

  it('excuses the day for staff whose shift names the calendar, and only for them', async () => {
    const local = ok(await api().get('/v1/sheets/2026-11/staff/s5'));
    const national = ok(await api().get('/v1/sheets/2026-11/staff/s1'));
    expect(national.attendance.workdays).toBe(21); // November 2026: 21 weekdays, no statutory holiday
    expect(local.attendance.workdays).toBe(20);
    expect(national.items.filter((i: { code: string }) => i.code === 'absent')).toHaveLength(2); // no punch on 11-16
    expect(local.items.filter((i: { code: string }) => i.code === 'absent')).toHaveLength(0);
  });

  it('lists with coverage; a hall calendar covers what its base covers', async () => {
    const list = ok(await api().get('/v1/calendars')).calendars;
    expect(list.map((c: { id: string }) => c.id)).toEqual(['cn-statutory', 'mon-fri', 'gx']);
    const gx = ok(await api().get('/v1/calendars/gx'));
    expect(gx).toMatchObject({ id: 'gx', base: 'cn-statutory', coveredThrough: 2026, firstCovered: 2004, days: [{ date: '2026-11-16', isOffDay: true, name: '地方假日' }] });
    expect(ok(await api().get('/v1/calendars/mon-fri'))).toMatchObject({ id: 'mon-fri', coveredThrough: null });
    expect((await api().get('/v1/calendars/nope')).status).toBe(404);
  });

  it('a shift naming a calendar that does not exist → 400; a built-in id cannot be a hall calendar', async () => {
    const r = await api().put('/v1/shifts/bad', { sessions: [{ start: '09:00', end: '17:00' }], calendar: 'nope' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('calendar');
    expect((await api().put('/v1/calendars/mon-fri', { name: 'x', base: 'cn-statutory', days: [] })).status).toBe(400);
  });
});

describe('a calendar change reaches open sheets, and closed ones only by revision', () => {
  it('changing a year’s data changes an open sheet’s workdays on its next read; DELETE undoes it', async () => {
    expect(ok(await api().get('/v1/sheets/2026-11/staff/s2')).attendance.workdays).toBe(21);
    const y2026 = ok(await api().get('/v1/calendars/cn-statutory/years/2026'));
    // The hall's 2026: the package's days plus 2026-11-20 (a Friday) off.
    const days = [...y2026.days, { date: '2026-11-20', isOffDay: true, name: '测试' }];
    ok(await putRaw('/v1/calendars/cn-statutory/years/2026', JSON.stringify({ days }), 'application/json'));
    expect(ok(await api().get('/v1/sheets/2026-11/staff/s2')).attendance.workdays).toBe(20);
    const listed = ok(await api().get('/v1/sheets/2026-11')).sheets.find((s: { staffId: string }) => s.staffId === 's2');
    expect(listed.attendance.workdays).toBe(20);
    expect(ok(await api().get('/v1/calendars/cn-statutory')).years.find((y: { year: number }) => y.year === 2026).source).toBe('hall');
    ok(await api().call('DELETE', '/v1/calendars/cn-statutory/years/2026'), 204);
    expect(ok(await api().get('/v1/sheets/2026-11/staff/s2')).attendance.workdays).toBe(21);
  });

  it('a closed month keeps its published workdays when its year changes', async () => {
    ok(await api().post('/v1/close/2026-10'));
    const before = ok(await api().get('/v1/sheets/2026-10/staff/s2'));
    expect(before.attendance.workdays).toBe(18);
    const y2026 = ok(await api().get('/v1/calendars/cn-statutory/years/2026'));
    const days = [...y2026.days, { date: '2026-10-30', isOffDay: true }];
    ok(await putRaw('/v1/calendars/cn-statutory/years/2026', JSON.stringify({ days }), 'application/json'));
    expect(ok(await api().get('/v1/sheets/2026-10/staff/s2'))).toEqual(before);
    ok(await api().call('DELETE', '/v1/calendars/cn-statutory/years/2026'), 204);
  });
});
