/**
 * Acceptance: keys with roles (CONTRACT.md §13), enforced on every route of the route table; the
 * department key's scope; GET /v1/today, /v1/screen/{hallId} and the mails with their downloads.
 */
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, rolesOf, ROLES, routeKey, type Role } from '../../shared/http/routes.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, ok, onTimeDay, post, t, WORKDAYS_2026_09 } from './support.js';

let stack: TestStack;
let sourceKeys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;
const clock = new FixedClock(Date.parse('2026-09-08T10:30:00+08:00'));
const roleKeys = {} as Record<Role, { id: string; key: string }>;
const api = () => stack.api;

const concrete = (path: string) =>
  path
    .replace('{period}', '2026-09')
    .replace('{date}', '2026-09-07')
    .replace('{staffId}', 's1')
    .replace('{hallId}', 'main')
    .replace('{departmentId}', 'tax')
    .replace('{file}', '1.eml')
    .replace(/\{[^}]+\}/g, 'x');

beforeAll(async () => {
  stack = await testStack({ clock });
  ({ keys: sourceKeys } = await stack.api.seedHall());
  for (const role of ROLES) {
    const body = await ok(api().post('/v1/keys', { name: `${role} key`, role, ...(role === 'department' ? { departmentId: 'tax' } : {}) }), 201);
    roleKeys[role] = { id: body.id, key: body.key };
  }
  // 2026-09-07 (Mon) whole; 09-08 so far: s1 on time, s2 late, s3 not yet.
  await post(api(), sourceKeys.attendance, [
    ...onTimeDay('s1', '2026-09-07'),
    ...onTimeDay('s2', '2026-09-07'),
    ...onTimeDay('s3', '2026-09-07'),
    ev.punch('s1-0908-in', 's1', t('2026-09-08', '08:45')),
    ev.punch('s2-0908-in', 's2', t('2026-09-08', '09:05')),
  ]);
  await post(api(), sourceKeys.evaluation, [ev.review('r-0908-1', 's1', 5, t('2026-09-08', '10:00')), ev.review('r-0908-2', 's3', 2, t('2026-09-08', '10:10'))]);
});
afterAll(async () => stack?.stop());

describe('role keys', () => {
  it('are shown once, listed without secrets, and a deleted key stops at once', async () => {
    const made = await ok(api().post('/v1/keys', { name: '临时巡查', role: 'inspector' }), 201);
    expect(made.key).toMatch(/^hsk_/);
    expect((await api().get('/v1/today', made.key)).status).toBe(200);
    const list = await ok(api().get('/v1/keys'));
    const listed = list.keys.find((k: { id: string }) => k.id === made.id);
    expect(listed).toMatchObject({ name: '临时巡查', role: 'inspector' });
    expect(JSON.stringify(list)).not.toContain(made.key);
    expect(JSON.stringify(list)).not.toMatch(/keyHash|[0-9a-f]{64}/);
    expect((await api().call('DELETE', `/v1/keys/${made.id}`)).status).toBe(204);
    expect((await api().get('/v1/today', made.key)).status).toBe(401);
    expect((await api().call('DELETE', `/v1/keys/${made.id}`)).status).toBe(404);
  });

  it('refuses a department key without a department, or naming an unknown one', async () => {
    expect((await api().post('/v1/keys', { name: 'x', role: 'department' })).status).toBe(400);
    expect((await api().post('/v1/keys', { name: 'x', role: 'department', departmentId: 'nope' })).status).toBe(400);
    expect((await api().post('/v1/keys', { name: 'x', role: 'root' })).status).toBe(400);
  });

  it('are enforced on every route of the route table: 401 without a key, 403 for roles the table does not list', async () => {
    const checked: string[] = [];
    for (const route of ROUTES) {
      const roles = rolesOf(route);
      if (roles.length === 0) continue;
      const path = concrete(route.path);
      const call = (key: string | null) => api().call(route.method, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {}, key);
      // An admitted key reaches the handler: invalid parameters and body make it answer 400 without side effects.
      const admitted = (key: string) =>
        api().call(route.method, route.path.replace(/\{[^}]+\}/g, '%21'), route.method === 'GET' || route.method === 'DELETE' ? undefined : [], key);
      expect((await call(null)).status, `${routeKey(route)} without a key`).toBe(401);
      expect((await call('not-a-known-key-at-all')).status, `${routeKey(route)} with an unknown key`).toBe(401);
      expect((await call(sourceKeys.evaluation)).status, `${routeKey(route)} with a source key`).toBe(403);
      for (const role of ROLES) {
        if (roles.includes(role)) expect([401, 403], `${routeKey(route)} as ${role}`).not.toContain((await admitted(roleKeys[role].key)).status);
        else expect((await call(roleKeys[role].key)).status, `${routeKey(route)} as ${role}`).toBe(403);
      }
      checked.push(routeKey(route));
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('events: inspectors post findings and commendations only; department and screen keys post nothing', async () => {
    const finding = { id: 'insp-key-1', type: 'inspection.recorded', occurredAt: t('2026-09-08', '10:20'), staffId: 's1', item: 'desk' };
    expect((await api().post('/v1/events', finding, roleKeys.inspector.key)).status).toBe(202);
    expect((await api().post('/v1/events', ev.commendation('insp-key-2', 's1', t('2026-09-08', '10:21')), roleKeys.inspector.key)).status).toBe(202);
    expect((await api().post('/v1/events', ev.review('insp-key-3', 's1', 5, t('2026-09-08', '10:22')), roleKeys.inspector.key)).status).toBe(403);
    expect((await api().post('/v1/events', { ...finding, id: 'dep-1' }, roleKeys.department.key)).status).toBe(403);
    expect((await api().post('/v1/events', { ...finding, id: 'scr-1' }, roleKeys.screen.key)).status).toBe(403);
    // An admin-role key posts as admin (source id 'admin'): leave is admin-only.
    const leave = { ...ev.leave('adm-leave-1', 's3', t('2026-09-10', '08:00'), t('2026-09-10', '18:00')), occurredAt: t('2026-09-08', '10:25') };
    expect((await api().post('/v1/events', leave, roleKeys.admin.key)).status).toBe(202);
  });
});

describe('a department key', () => {
  it('reads its own staff and is refused others', async () => {
    const dep = roleKeys.department.key;
    expect((await api().get('/v1/sheets/2026-09/staff/s1', dep)).status).toBe(200);
    const other = await api().get('/v1/sheets/2026-09/staff/s3', dep);
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('forbidden');
    const list = await ok(api().get('/v1/sheets/2026-09', dep));
    expect(list.sheets.map((s: { staffId: string }) => s.staffId).sort()).toEqual(['s1', 's2']);
    expect((await api().get('/v1/sheets/2026-09?departmentId=mkt', dep)).status).toBe(403);
    const ranks = await ok(api().get('/v1/rankings/2026-09', dep));
    expect(ranks.staff.map((s: { staffId: string }) => s.staffId).sort()).toEqual(['s1', 's2']);
    expect(ranks.windows.map((w: { windowId: string }) => w.windowId)).toEqual(['w1']);
    const all = await ok(api().get('/v1/rankings/2026-09'));
    expect(all.staff).toHaveLength(3);
  });
});

describe('GET /v1/today', () => {
  it('shows each session as it stands: on time, late, overdue, upcoming', async () => {
    const body = await ok(api().get('/v1/today?date=2026-09-08', roleKeys.inspector.key));
    expect(body).toMatchObject({ date: '2026-09-08', workday: true });
    const by = Object.fromEntries(body.staff.map((s: { staffId: string }) => [s.staffId, s]));
    expect(by.s1.sessions.map((x: { status: string }) => x.status)).toEqual(['in-progress', 'upcoming']);
    expect(by.s1.sessions[0].arrival).toBe('2026-09-08T08:45:00+08:00');
    expect(by.s2.sessions[0].status).toBe('late');
    expect(by.s3.sessions[0]).toMatchObject({ status: 'late' });
    expect(by.s3.sessions[0].arrival).toBeUndefined();
    expect(by.s1).toMatchObject({ name: '张三', windowId: 'w1', departmentId: 'tax', onLeave: false, away: false });
  });

  it('a past day has every session decided; a leave shows as onLeave and excused', async () => {
    const body = await ok(api().get('/v1/today?date=2026-09-07'));
    for (const s of body.staff) expect(s.sessions.map((x: { status: string }) => x.status)).toEqual(['on-time', 'on-time']);
    const tenth = await ok(api().get('/v1/today?date=2026-09-10'));
    const s3 = tenth.staff.find((s: { staffId: string }) => s.staffId === 's3');
    expect(s3.onLeave).toBe(true);
    expect(s3.sessions.map((x: { status: string }) => x.status)).toEqual(['excused', 'excused']);
    const sunday = await ok(api().get('/v1/today?date=2026-09-06'));
    expect(sunday.workday).toBe(false);
    expect((await api().get('/v1/today?date=2026-13-01')).status).toBe(400);
  });
});

describe('GET /v1/screen/{hallId}', () => {
  it('gives the screen key head counts, reviews and window names, and no personal data', async () => {
    const r = await api().get('/v1/screen/main', roleKeys.screen.key);
    expect(r.status).toBe(200);
    expect(r.body.today).toMatchObject({ expected: 3, present: 2, late: 2, absent: 0, onLeave: 0, evaluations: 2, satisfactionRate: 0.5 });
    expect(r.body.month.period).toBe('2026-09');
    expect(r.body.month.windows.map((w: { name: string }) => w.name).sort()).toEqual(['1号窗口', '2号窗口']);
    expect(r.body.redFlag).toBeNull();
    for (const personal of ['张三', '李四', '王五', 's1', 's2', 's3', '101', 'staffId']) expect(r.text).not.toContain(personal);
    expect((await api().get('/v1/sheets/2026-09', roleKeys.screen.key)).status).toBe(403);
  });
});

describe('mails', () => {
  it('lists a closed month’s mails and downloads each as .eml and .xlsx; a department key sees its own', async () => {
    const punches = WORKDAYS_2026_09.filter((d) => d !== '2026-09-07' && d !== '2026-09-08').flatMap((d) => [...onTimeDay('s1', d), ...onTimeDay('s2', d), ...onTimeDay('s3', d)]);
    clock.t = Date.parse('2026-10-01T02:00:00+08:00');
    await post(api(), sourceKeys.attendance, punches);
    await ok(api().post('/v1/close/2026-09'));
    const list = await ok(api().get('/v1/mails/2026-09'));
    expect(list.mails.map((m: { departmentId: string; status: string; version: number }) => [m.departmentId, m.version, m.status])).toEqual([
      ['mkt', 1, 'sent'],
      ['tax', 1, 'sent'],
    ]);
    expect(list.mails[1].to).toEqual(['tax@example.gov.cn']);
    const eml = await fetch(`${stack.url}/v1/mails/2026-09/tax/1.eml`, { headers: { authorization: `Bearer ${roleKeys.department.key}` } });
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    const parsed = await simpleParser(Buffer.from(await eml.arrayBuffer()));
    expect(parsed.subject).toContain('2026');
    const xlsx = await fetch(`${stack.url}/v1/mails/2026-09/tax/1.xlsx`, { headers: { authorization: `Bearer ${roleKeys.admin.key}` } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const text = wb.worksheets.map((ws) => ws.getSheetValues().flat().join(' ')).join(' ');
    expect(text).toContain('张三');
    expect(text).not.toContain('王五');
    const depList = await ok(api().get('/v1/mails/2026-09', roleKeys.department.key));
    expect(depList.mails.map((m: { departmentId: string }) => m.departmentId)).toEqual(['tax']);
    expect((await api().get('/v1/mails/2026-09/mkt/1.eml', roleKeys.department.key)).status).toBe(403);
    expect((await api().get('/v1/mails/2026-09/tax/9.eml')).status).toBe(404);
    expect((await api().get('/v1/mails/2026-09/tax/1.pdf')).status).toBe(400);
  });

  it('the screen shows last month’s red flag once it is closed', async () => {
    const r = await ok(api().get('/v1/screen/main', roleKeys.screen.key));
    expect(r.month.period).toBe('2026-10');
    expect(r.redFlag).toMatchObject({ period: '2026-09' });
    expect(['1号窗口', '2号窗口']).toContain(r.redFlag.name);
  });
});
