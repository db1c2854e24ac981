/**
 * `hallscore <command>`: the operator CLI over the public HTTP API (CONTRACT.md), so a hall can be
 * run day to day without writing curl. Exit codes: 0 ok, 1 usage or validation error (the request
 * or the file is wrong), 2 server error (unreachable, 5xx, a route it does not have).
 */
import { ApiError, ConnectionError, HallscoreClient } from './client.js';
import { closeCmd, previewCmd, publishCmd, deadLettersCmd, importCmd, listCmd, NoRouteError, rankingsCmd, replayCmd, sheetCmd, sheetsCmd, UsageError, type Io, type Opts } from './commands.js';
import { FileError } from './tabular.js';
import { devicesCmd } from './devices.js';
import { calendarCmd, calendarWarning } from './calendar.js';

export const USAGE = `usage: hallscore <command> [arguments] [options]

commands:
  import <kind> <file>        import master data from a .csv or .xlsx list; kind is one of
                              departments, shifts, windows, staff, sources. The header row names
                              the fields, e.g. staff: id,name,departmentId,windowId,shiftId,pin,active,since
                              (departments: id,name,emails with emails separated by ;
                               shifts: id,sessions,arriveEarlyMinutes,lateAbsentMinutes,
                               earlyLeaveAbsentMinutes,calendar with sessions like 09:00-12:00;13:30-17:00
                               windows: id,name,hallId   sources: id,kind,key,deviceSn)
  sources                     list the sources (event senders and attendance devices)
  list <kind>                 list departments, shifts, windows, staff or sources
  sheet <period> <staffId>    a staff member's score sheet and its line items
  sheets <period>             every sheet of a month or quarter (--department ID to filter)
  rankings <period>           staff and window rankings, with the red flag window
  close day <YYYY-MM-DD>      close a day (absences and missing punches are scored)
  close <period> [--revise]   close a month YYYY-MM, quarter YYYY-Qn, half year YYYY-H1|H2 or year
                              YYYY (rank, mail departments: 半年工作情况通报, 年度考核结果);
                              --revise publishes version + 1 with what came after the close
  preview <period>            通报邮件预览（规则 publication: review 时关账后邮件待审核）
  publish <period>            发送待审核的通报邮件（只发送一次）
  devices [pending|registered]  考勤机：登记状态、最后通讯、固件与记录数、离线告警
  dead-letters list           bus deliveries that failed after retries
  dead-letters redrive        deliver them all again
  replay <period>             refold a period's sheets from its stored events
  calendar show [YYYY|id]     what the holiday calendars cover (a year's days, a hall calendar)
  calendar import <file>      add a year: the State Council notice (国务院办公厅关于YYYY年部分节假日
                              安排的通知) pasted whole into a .txt, or a holiday-cn YYYY.json;
                              --dry-run shows what would be stored
  demo [options]              simulate a hall over a past quarter (hallscore demo --help)

options:
  --url URL         hallscore base URL (default $HALLSCORE_URL or http://127.0.0.1:3000)
  --key KEY         admin key (default $HALLSCORE_ADMIN_KEY or local-admin-key)
  --json            print the server's JSON answer instead of a table
  --dry-run         import, calendar import: check the file, store nothing
  --skip-invalid    import: send the valid rows even if some rows have errors
  --sheet NAME      import: the worksheet of an .xlsx to read (default: one named after the kind, else the first)
  -h, --help        this text

exit codes: 0 ok · 1 usage or validation error · 2 server error or server unreachable
errors in files are printed as FILE:LINE:COLUMN: message`;

interface Parsed {
  positionals: string[];
  url: string;
  key: string;
  help: boolean;
  opts: Opts;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Parsed {
  const out: Parsed = {
    positionals: [],
    url: env.HALLSCORE_URL || 'http://127.0.0.1:3000',
    key: env.HALLSCORE_ADMIN_KEY || 'local-admin-key',
    help: false,
    opts: { json: false, revise: false, skipInvalid: false, dryRun: false },
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--url':
        out.url = value();
        break;
      case '--key':
        out.key = value();
        break;
      case '--json':
        out.opts.json = true;
        break;
      case '--revise':
        out.opts.revise = true;
        break;
      case '--skip-invalid':
        out.opts.skipInvalid = true;
        break;
      case '--dry-run':
        out.opts.dryRun = true;
        break;
      case '--sheet':
        out.opts.sheet = value();
        break;
      case '--department':
        out.opts.department = value();
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  }
  if (!/^https?:\/\/[^\s/]+/.test(out.url)) throw new UsageError(`--url must be an http(s) URL, got ${JSON.stringify(out.url)}`);
  return out;
}

const COMMANDS: Record<string, (api: HallscoreClient, io: Io, o: Opts, args: string[]) => Promise<number>> = {
  import: importCmd,
  list: listCmd,
  sources: (api, io, o, args) => {
    if (args.length > 0) throw new UsageError(`sources takes no arguments (got ${JSON.stringify(args[0])})`);
    return listCmd(api, io, o, ['sources']);
  },
  sheet: sheetCmd,
  sheets: sheetsCmd,
  rankings: rankingsCmd,
  close: closeCmd,
  preview: previewCmd,
  publish: publishCmd,
  'dead-letters': deadLettersCmd,
  devices: devicesCmd,
  replay: replayCmd,
  calendar: calendarCmd,
};

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io?: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = io ?? { out: (l: string) => process.stdout.write(`${l}\n`), err: (l: string) => process.stderr.write(`${l}\n`) };
  // The demo has its own options: hand it everything after the word.
  const takesValue = new Set(['--url', '--key', '--sheet', '--department']);
  const demoAt = argv.findIndex((a, i) => !a.startsWith('-') && !takesValue.has(argv[i - 1] ?? ''));
  if (demoAt >= 0 && argv[demoAt] === 'demo') {
    const { demoMain } = await import('../demo/main.js');
    // Deliberately not $HALLSCORE_URL: the demo writes a made-up hall, so it only goes to a
    // server named on its own command line (otherwise it starts a stack of its own).
    return demoMain([...argv.slice(0, demoAt), ...argv.slice(demoAt + 1)]);
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv, env);
  } catch (e) {
    if (e instanceof UsageError) {
      out.err(`hallscore: ${e.message}\nrun hallscore --help for the commands`);
      return 1;
    }
    throw e;
  }
  const [command, ...args] = parsed.positionals;
  if (parsed.help || command === 'help' || command === undefined) {
    if (command === undefined && !parsed.help) {
      out.err(USAGE);
      return 1;
    }
    out.out(USAGE);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    out.err(`hallscore: unknown command ${JSON.stringify(command)}\nrun hallscore --help for the commands`);
    return 1;
  }
  const api = new HallscoreClient(parsed.url, parsed.key);
  const { code, answered } = await runCommand(command, run, api, out, parsed.opts, args);
  // The calendar's early warning (CONTRACT.md §8) after every answer the server gave, on stderr so
  // pipes stay clean; `calendar` prints its own.
  if (answered && command !== 'calendar') {
    const warning = await calendarWarning(api);
    if (warning) out.err(warning);
  }
  return code;
}

/** Runs one command; `answered` is false when the server was never reached (usage, bad file, no connection). */
async function runCommand(
  command: string,
  run: (api: HallscoreClient, io: Io, o: Opts, args: string[]) => Promise<number>,
  api: HallscoreClient,
  out: Io,
  opts: Opts,
  args: string[],
): Promise<{ code: number; answered: boolean }> {
  try {
    return { code: await run(api, out, opts, args), answered: true };
  } catch (e) {
    if (e instanceof UsageError) {
      out.err(`hallscore ${command}: ${e.message}\nrun hallscore --help for the commands`);
      return { code: 1, answered: false };
    }
    if (e instanceof FileError) {
      out.err(e.message);
      return { code: 1, answered: false };
    }
    if (e instanceof NoRouteError || e instanceof ConnectionError) {
      out.err(`hallscore ${command}: ${e.message}`);
      return { code: 2, answered: false };
    }
    if (e instanceof ApiError) {
      const hint = e.status === 401 ? ' (check --key or HALLSCORE_ADMIN_KEY)' : e.status === 403 ? ' (this needs the admin key)' : '';
      out.err(`hallscore ${command}: ${e.describe()}${hint}`);
      return { code: e.status >= 500 ? 2 : 1, answered: true };
    }
    out.err(`hallscore ${command}: ${e instanceof Error ? e.message : String(e)}`);
    return { code: 2, answered: false };
  }
}
