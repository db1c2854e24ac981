/**
 * The operator CLI as an operator runs it: `node bin/hallscore.js …` in a child process against an
 * in-process stack — import from CSV and XLSX, errors at file:LINE:COLUMN, lists, a sheet as a
 * table, closing days and periods, dead letters and replay, and the exit codes.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { USAGE } from '../../cli/main.js';
import { ADMIN_KEY, FixedClock, testStack, type TestStack } from '../helpers/stack.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let stack: TestStack;
let dir: string;

type Run = CliRun;

function cli(args: string[], opts: { url?: string; key?: string } = {}): Promise<Run> {
  return runCli(args, { cwd: dir, url: opts.url ?? stack.url, key: opts.key ?? ADMIN_KEY });
}

const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return name; // relative: the CLI runs in `dir`, so messages say exactly this name
};

beforeAll(async () => {
  // A fixed day, and the (made-up) 2027 calendar imported, so no calendar warning is due whatever the
  // real date: these tests read stderr exactly. The warning itself is tested in cli-calendar.test.ts.
  stack = await testStack({ clock: new FixedClock(Date.parse('2026-12-07T10:00:00+08:00')) });
  const notice = readFileSync(join(ROOT, 'tests', 'fixtures', 'notices', '2027-made-up.txt'), 'utf8');
  const r = await fetch(`${stack.url}/v1/calendars/cn-statutory/years/2027`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/plain; charset=utf-8' },
    body: notice,
  });
  if (r.status !== 200) throw new Error(`calendar import failed: ${r.status} ${await r.text()}`);
  dir = mkdtempSync(join(tmpdir(), 'hallscore-cli-'));
});
afterAll(async () => stack?.stop());

describe('hallscore CLI', () => {
  it('--help lists every command; a wrong command or option is a usage error (exit 1)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.trim()).toBe(USAGE);
    for (const c of ['import <kind> <file>', 'sources', 'sheet <period> <staffId>', 'close day <YYYY-MM-DD>', 'close <period> [--revise]', 'dead-letters list', 'dead-letters redrive', 'replay <period>', 'demo']) {
      expect(help.stdout).toContain(c);
    }
    const bad = await cli(['frobnicate']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    expect((await cli(['sources', '--colour'])).code).toBe(1);
    expect((await cli(['sheet', '2026-13', 's1'])).stderr).toContain('period must be YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY');
  });

  it('imports departments, shifts and windows from CSV (quotes, commas, ; lists, CRLF, BOM)', async () => {
    const d = await cli(['import', 'departments', file('departments.csv', '\ufeffid,name,emails\r\ntax,税务局,tax@example.gov.cn\r\nmkt,"市场监管局, 一分局","mkt@example.gov.cn; mkt2@example.gov.cn"\r\n')]);
    expect(d.stderr).toBe('');
    expect(d.stdout).toContain('imported 2 of 2 departments from departments.csv');
    expect(d.code).toBe(0);
    expect((await stack.api.get('/v1/departments/mkt')).body).toMatchObject({ name: '市场监管局, 一分局', emails: ['mkt@example.gov.cn', 'mkt2@example.gov.cn'] });

    const s = await cli(['import', 'shifts', file('shifts.csv', 'id,sessions,arriveEarlyMinutes,calendar\nstd,09:00-12:00;13:30-17:00,10,cn-statutory\nearly,8:30~12:00,,\n')]);
    expect(s.code).toBe(0);
    expect((await stack.api.get('/v1/shifts/early')).body.sessions).toEqual([{ start: '08:30', end: '12:00' }]);

    const w = await cli(['import', 'windows', file('windows.csv', 'id,name\nw1,1号窗口\nw2,"2号窗口 ""综合"""\n')]);
    expect(w.code).toBe(0);
    expect((await stack.api.get('/v1/windows/w2')).body.name).toBe('2号窗口 "综合"');
  });

  it('imports staff from an XLSX roster (numbers, dates and booleans as Excel keeps them)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('staff');
    ws.addRow(['id', 'name', 'departmentId', 'windowId', 'shiftId', 'pin', 'active', 'since']);
    ws.addRow(['s1', '张三', 'tax', 'w1', 'std', 101, true, new Date(Date.UTC(2026, 0, 1))]);
    ws.addRow(['s2', '李四', 'tax', 'w1', 'std', 102, null, null]);
    ws.addRow(['s3', '王五', 'mkt', 'w2', 'std', '103', '是', '2026/7/1']);
    await wb.xlsx.writeFile(join(dir, 'staff.xlsx'));
    const r = await cli(['import', 'staff', 'staff.xlsx']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('imported 3 of 3 staff from staff.xlsx');
    expect(r.code).toBe(0);
    expect((await stack.api.get('/v1/staff/s1')).body).toMatchObject({ name: '张三', pin: '101', active: true, since: '2026-01-01' });
    expect((await stack.api.get('/v1/staff/s3')).body).toMatchObject({ pin: '103', since: '2026-07-01' });
  });

  it('reports every bad cell as file:LINE:COLUMN and imports nothing from a bad file (exit 1)', async () => {
    const bad = file(
      'bad.csv',
      [
        'id,name,departmentId,windowId,shiftId,pin,active,since',
        'x1,赵六,tax,w1,std,10-4,maybe,2026-13-01',
        'x2,,tax,w1,std,105,,',
        'x3,孙七,tax,w1,std,105,,,extra',
        'bad id,周八,tax,w1,std,,,',
        'x5,吴九,tax,w1,std,109,,',
      ].join('\n'),
    );
    const r = await cli(['import', 'staff', bad]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('bad.csv:2:6: pin: must be 1–32 letters or digits');
    expect(lines).toContain('bad.csv:2:7: active: must be true or false (also yes/no, 1/0, 是/否), got "maybe"');
    expect(lines).toContain('bad.csv:2:8: since: is not a calendar day');
    expect(lines).toContain('bad.csv:3:2: name: is required');
    expect(lines).toContain('bad.csv:4:6: pin: PIN 105 is already used on line 3');
    expect(lines).toContain('bad.csv:4:9: a value ("extra") in a column without a header');
    expect(lines).toContain('bad.csv:5:1: id: "bad id" must match [A-Za-z0-9._:-]{1,128}');
    expect(r.stderr).toContain('bad.csv: 4 of 5 row(s) have errors; nothing was imported');
    expect((await stack.api.get('/v1/staff/x5')).status).toBe(404);

    // --skip-invalid sends the good row and still exits 1.
    const skip = await cli(['import', 'staff', bad, '--skip-invalid']);
    expect(skip.code).toBe(1);
    expect(skip.stdout).toContain('imported 1 of 5 staff from bad.csv (4 failed)');
    expect((await stack.api.get('/v1/staff/x5')).status).toBe(200);

    const header = await cli(['import', 'staff', file('header.csv', 'id,name,dept\ns9,x,y\n')]);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('header.csv:1:3: unknown column "dept" for staff');
    expect(header.stderr).toContain('header.csv:1:4: missing column "departmentId"');

    const quote = await cli(['import', 'windows', file('quote.csv', 'id,name\nw7,ok\nw8,"never closed\nw9,x\n')]);
    expect(quote.code).toBe(1);
    expect(quote.stderr.trim()).toBe('quote.csv:3:2: unterminated quoted field (a " is never closed)');

    const missing = await cli(['import', 'staff', 'nope.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('nope.csv:1:1: no such file');
  });

  it("maps the server's refusals back to the row and column", async () => {
    const r = await cli(['import', 'staff', file('refs.csv', 'id,name,departmentId,windowId,shiftId,pin\ny1,郑十,nodept,w1,std,201\ny2,冯一,tax,w1,std,101\ny3,陈二,tax,w2,std,203\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refs.csv:2:3: departmentId: unknown department nodept (server: 400 unknown-reference)');
    expect(r.stderr).toMatch(/refs\.csv:3:6: pin: .*101.*\(server: 409 conflict\)/);
    expect(r.stdout).toContain('imported 1 of 3 staff from refs.csv (2 failed)');
  });

  it('imports and lists sources (keys never shown)', async () => {
    const imp = await cli(['import', 'sources', file('sources.csv', 'id,kind,key,deviceSn\ndoor-1,attendance,,CQZ7232260001\npads,evaluation,pads-source-key-0000001,\n')]);
    expect(imp.code).toBe(0);
    const r = await cli(['sources']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/door-1\s+attendance\s+CQZ7232260001/);
    expect(r.stdout).toMatch(/pads\s+evaluation\s+yes \(hashed\)/);
    expect(r.stdout).not.toContain('pads-source-key-0000001');
    const j = await cli(['sources', '--json']);
    expect(JSON.parse(j.stdout).sources).toHaveLength(2);
  });

  it('closes days and shows a sheet as a table of its line items', async () => {
    const punches = ['101\t2026-10-12 08:55:00\t0\t1', '101\t2026-10-12 12:00:30\t1\t1', '101\t2026-10-12 13:19:00\t0\t1'].join('\n') + '\n';
    expect(await (await fetch(`${stack.url}/iclock/cdata?SN=CQZ7232260001&table=ATTLOG`, { method: 'POST', body: punches })).text()).toBe('OK:3');
    const ev = await stack.api.post('/v1/events', {
      events: [{ id: 'r1', type: 'evaluation.submitted', occurredAt: '2026-10-12T10:00:00+08:00', caseId: 'c1', staffId: 's1', level: 1, channel: 'pad', comment: '态度差' }],
    });
    expect(ev.status).toBe(202);

    const day = await cli(['close', 'day', '2026-10-12']);
    expect(day.code).toBe(0);
    expect(day.stdout).toContain('closed 2026-10-12');
    expect((await cli(['close', 'day', '2026-10-12'])).stdout).toContain('2026-10-12 was already closed');
    const future = await cli(['close', 'day', '2099-01-01']);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('409 period-not-ended');

    const r = await cli(['sheet', '2026-10', 's1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-10 · s1 张三');
    expect(r.stdout).toContain('税务局 (tax)');
    expect(r.stdout).toMatch(/late\s+-1\.00\s+2026-10-12 08:55:00\s+101-20261012085500/);
    expect(r.stdout).toMatch(/bad-review\s+-2\.00\s+2026-10-12 10:00:00\s+r1/);
    expect(r.stdout).toMatch(/missing-punch\s+-1\.00/);
    expect(r.stdout).toContain('3 item(s), total -4.00 → score 96.00');

    const none = await cli(['sheet', '2026-10', 'nobody']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('404');
  });

  it('closes a period (mails written), closing again sends nothing, --revise says when nothing changed', async () => {
    const r = await cli(['close', '2026-10']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/closed 2026-10: version 1, \d+ sheet\(s\), 2 mail\(s\) written/);
    expect(readdirSync(join(stack.outbox, '2026-10')).filter((f) => f.endsWith('.eml')).sort()).toEqual(['mkt.eml', 'tax.eml']);
    expect((await cli(['close', '2026-10'])).stdout).toContain('2026-10 is closed (version 1');
    expect((await cli(['close', '2026-10', '--revise'])).stdout).toContain('the revision changed nothing');
    expect((await cli(['sheet', '2026-10', 's1'])).stdout).toContain('已关闭 closed · version 1');
    const quarter = await cli(['sheet', '2026-Q4', 's1']);
    expect(quarter.code).toBe(0);
    expect(quarter.stdout).toMatch(/= mean of the monthly scores \(2026-10 \d+\.\d\d · 2026-11 /);
    const open = await cli(['close', '2099-01']);
    expect(open.code).toBe(1);
  });

  it('lists and redrives dead letters, and replays a period', async () => {
    const list = await cli(['dead-letters', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('no dead letters');
    const redrive = await cli(['dead-letters', 'redrive']);
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain('redriven 0, failed 0');
    const replay = await cli(['replay', '2026-09']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/replayed 2026-09: \d+ sheet\(s\) refolded/);
    expect((await cli(['dead-letters', 'purge'])).code).toBe(1);
  });

  describe('against a server without the dead-letter and replay routes', () => {
    let old: Server;
    let url: string;
    beforeAll(async () => {
      // What an older hallscore answers for a route it does not have.
      old = createServer((req, res) => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not-found', message: `no route for ${req.method} ${req.url}`, errors: [] }));
      });
      await new Promise<void>((r) => old.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(old.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => old.close(() => r())));

    it('says the server does not offer them and exits 2', async () => {
      for (const [args, what] of [
        [['dead-letters', 'list'], 'GET /v1/dead-letters answered 404'],
        [['dead-letters', 'redrive'], 'POST /v1/dead-letters/redrive answered 404'],
        [['replay', '2026-09'], 'POST /v1/replay/2026-09 answered 404'],
      ] as const) {
        const r = await cli([...args], { url });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`does not offer`);
        expect(r.stderr).toContain(what);
        expect(r.stderr).toContain('update the hallscore server');
      }
    });
  });

  it('exits 2 when the server cannot be reached and 1 with a hint for a wrong key', async () => {
    const down = await cli(['sources'], { url: 'http://127.0.0.1:9' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('cannot reach hallscore at http://127.0.0.1:9');
    const key = await cli(['sources'], { key: 'not-the-admin-key' });
    expect(key.code).toBe(1);
    expect(key.stderr).toContain('401');
    expect(key.stderr).toContain('check --key');
  });
});
