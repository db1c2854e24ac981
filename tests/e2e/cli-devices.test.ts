/** `hallscore devices`: the device list for hall staff, in Chinese, against the local stack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { ADMIN_KEY, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
  await stack.api.seedHall();
  expect((await stack.api.put('/v1/sources/door-1', { kind: 'attendance', deviceSn: 'ZKCLI0001' })).status).toBe(200);
});
afterAll(async () => stack?.stop());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--url', stack.url, '--key', ADMIN_KEY], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('hallscore devices', () => {
  it('lists registered and pending devices with their counters, in Chinese', async () => {
    const empty = await run('devices');
    expect(empty).toMatchObject({ code: 0, out: '还没有考勤机连接过本系统' });

    const send = (path: string, body?: string) => fetch(`${stack.url}${path}`, { method: body ? 'POST' : 'GET', body });
    await send(`/iclock/getrequest?SN=ZKCLI0001&INFO=${encodeURIComponent('Ver 8.0.4.3,12,10,345,192.168.1.201')}`);
    await send('/iclock/cdata?SN=ZKCLI0001&table=ATTLOG', '101\t2026-10-12 08:41:00\t0\t1\t0\t0\t0\n777\t2026-10-12 08:42:00\t0\t1\t0\t0\t0\n');
    await send('/iclock/ping?SN=ZKCLI0002');

    const all = await run('devices');
    expect(all.code).toBe(0);
    expect(all.out).toContain('序列号');
    expect(all.out).toMatch(/ZKCLI0001\s+door-1\s+已登记\s+正常/);
    expect(all.out).toContain('Ver 8.0.4.3');
    expect(all.out).toContain('12/10/345');
    expect(all.out).toContain('1/0/1/0');
    expect(all.out).toMatch(/ZKCLI0002\s+—\s+待登记/);
    expect(all.out).toContain('共 2 台考勤机：已登记 1 台，待登记 1 台，离线告警 0 台');
    expect(all.out).toContain('待登记的考勤机');

    const pending = await run('devices', 'pending');
    expect(pending.out).not.toContain('ZKCLI0001');
    expect(pending.out).toContain('ZKCLI0002');

    const asJson = await run('devices', 'registered', '--json');
    expect(JSON.parse(asJson.out).devices.map((d: { sn: string }) => d.sn)).toEqual(['ZKCLI0001']);

    const bad = await run('devices', 'lost');
    expect(bad.code).toBe(1);
  });
});
