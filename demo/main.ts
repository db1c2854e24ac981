/**
 * `npm run demo` / `npx hallscore demo`: starts a local stack in this process (DynamoDB Local in
 * memory, mails to ./outbox-demo) unless --url is given, runs the simulated period through it and
 * prints the summary.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, runDemo, defaultDemoQuarter, type DemoProgress } from './run.js';

export const DEMO_USAGE = `usage: npm run demo -- [options]      (or: npx hallscore demo [options])

Simulates a government service hall over a past period and runs it through hallscore:
departments, windows, shifts and staff; punches from two iclock devices and a mobile app;
reviews, complaints, patrol findings, leave, commendations; then closes every day, the
months and the quarter — and after a second or fourth quarter its half year (半年工作情况通报)
and after a fourth quarter its year (年度考核结果) — and prints rankings, red flag windows and
return recommendations.

options:
  --seed N          random seed (default 42); the same seed gives the same hall and events
  --staff N         number of staff, 8–2000 (default 60)
  --quarter P       period to simulate: YYYY-Qn, or one month YYYY-MM
                    (default: the fourth quarter of the last fully past year the holiday
                    calendar covers, ${defaultDemoQuarter()}, which also ends a half year and a year)
  --url URL         use a running hallscore instead of starting one in this process
  --key KEY         its admin key (default $HALLSCORE_ADMIN_KEY or local-admin-key)
  --outbox DIR      where the in-process stack writes mails (default ./outbox-demo, emptied first)
  --no-close-days   leave day closing to the month close (faster, skips POST /v1/close/day)
  --keep            keep the in-process stack running afterwards (explore it with npx hallscore; Ctrl-C stops)
  --port N          port of the in-process stack (default: any free port; 3000 with --keep)
  -h, --help        this text`;

interface Args {
  seed: number;
  staff: number;
  period?: string;
  url?: string;
  key: string;
  outbox?: string;
  closeDays: boolean;
  keep: boolean;
  port?: number;
  help: boolean;
}

export class UsageError extends Error {}

export function parseDemoArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args {
  const args: Args = { seed: 42, staff: 60, key: env.HALLSCORE_ADMIN_KEY ?? 'local-admin-key', closeDays: true, keep: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const int = (lo: number, hi: number) => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`${flag} must be an integer from ${lo} to ${hi}, got ${v}`);
      return n;
    };
    switch (flag) {
      case '--seed':
        args.seed = int(0, 2 ** 32 - 1);
        break;
      case '--staff':
        args.staff = int(8, 2000);
        break;
      case '--quarter':
      case '--period': {
        const p = value();
        if (!/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/.test(p)) throw new UsageError(`${flag} must be YYYY-Qn or YYYY-MM, got ${p}`);
        args.period = p;
        break;
      }
      case '--url':
        args.url = value();
        break;
      case '--key':
        args.key = value();
        break;
      case '--outbox':
        args.outbox = value();
        break;
      case '--no-close-days':
        args.closeDays = false;
        break;
      case '--keep':
        args.keep = true;
        break;
      case '--port':
        args.port = int(0, 65535);
        break;
      case '--demo': // `npm start -- --demo` style: harmless here
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  }
  return args;
}

/** Progress: a redrawn bar on a terminal, a line every week otherwise. */
function progressPrinter(out: NodeJS.WriteStream): (p: DemoProgress) => void {
  const tty = out.isTTY === true;
  return (p) => {
    const wd = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][p.day.isoWeekday];
    const what = p.day.workday ? `${String(p.punches).padStart(4)} punches ${String(p.events).padStart(4)} events` : `${p.day.isoWeekday >= 6 ? 'weekend' : 'holiday'} (no sessions)`;
    const line = `day ${String(p.index).padStart(String(p.total).length)}/${p.total} ${p.day.date} ${wd}  ${what}  ${(p.elapsedMs / 1000).toFixed(0)} s`;
    if (tty) {
      const width = 24;
      const done = Math.round((p.index / p.total) * width);
      out.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${line}\x1b[K`);
      if (p.index === p.total) out.write('\n');
    } else if (p.index % 7 === 0 || p.index === p.total || (p.day.workday && p.day.isoWeekday >= 6)) {
      out.write(`${line}${p.day.workday && p.day.isoWeekday >= 6 ? '  (调休 make-up workday)' : ''}\n`);
    }
  };
}

/**
 * Keeps the in-process stack's JSON log lines (console or Powertools, stdout or stderr) out of the
 * demo's output: they go to a file, and the summary says how many were errors.
 */
function captureStackLogs(file: string): { restore: () => void; errors: () => number } {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write);
  let errors = 0;
  streams.forEach((stream, i) => {
    const orig = originals[i]!;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
      if (text.startsWith('{"level"')) {
        errors += (text.match(/^\{"level":"(error|critical)"/gim) ?? []).length;
        appendFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }
      return (orig as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
  });
  return {
    restore: () => streams.forEach((s, i) => (s.write = originals[i]!)),
    errors: () => errors,
  };
}

/** Node prints the AWS SDK's "Node 20 support ends" notice on every start: keep the demo quiet about it. */
function quietSdkNotice(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (/NodeVersionSupportWarning|AWS SDK for JavaScript/.test(`${w.name} ${w.message}`)) return;
    for (const l of listeners) l(w);
  });
}

/** The demo as a command; returns the exit code. */
export async function demoMain(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseDemoArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`hallscore demo: ${e.message}\n\n${DEMO_USAGE}`);
      return 1;
    }
    throw e;
  }
  if (args.help) {
    console.log(DEMO_USAGE);
    return 0;
  }
  const period = args.period ?? defaultDemoQuarter();
  const t0 = Date.now();
  let stack: { url: string; stop(): Promise<void> } | undefined;
  let capture: ReturnType<typeof captureStackLogs> | undefined;
  let outbox: string | undefined;
  let logFile: string | undefined;
  try {
    if (!args.url) {
      quietSdkNotice();
      outbox = resolve(args.outbox ?? './outbox-demo');
      if (!args.outbox) rmSync(outbox, { recursive: true, force: true });
      mkdirSync(outbox, { recursive: true });
      logFile = resolve(outbox, 'stack.log');
      capture = captureStackLogs(logFile);
      console.log(`starting a local stack (DynamoDB Local in memory, mails to ${outbox}) …`);
      const { startStack } = await import('../local/stack.js');
      stack = await startStack({ port: args.port ?? (args.keep ? 3000 : 0), dataDir: 'memory', outbox, adminKey: args.key, schedules: false });
      console.log(`hallscore on ${stack.url} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
    const url = args.url ?? stack!.url;
    console.log(`simulating ${period}: seed ${args.seed}, ${args.staff} staff, 6 departments, 12 windows, 2 shifts, 2 iclock devices`);
    const res = await runDemo({
      url,
      key: args.key,
      seed: args.seed,
      staff: args.staff,
      period,
      outbox,
      closeDays: args.closeDays,
      progress: progressPrinter(process.stdout),
    });
    const lines = formatSummary(res);
    if (stack) lines.push(`wall time including the local stack's start: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (capture && capture.errors() > 0) lines.push(`stack log: ${capture.errors()} error line(s) in ${logFile}`);
    console.log(lines.join('\n'));
    if (stack && args.keep) {
      const st = res.plan.story;
      const urlOpt = stack.url === 'http://127.0.0.1:3000' ? '' : ` --url ${stack.url}`;
      const keyOpt = args.key === 'local-admin-key' ? '' : ` --key ${args.key}`;
      console.log(
        [
          '',
          `the stack stays up at ${stack.url} (admin key ${args.key}); Ctrl-C stops it. Try:`,
          `  npx hallscore rankings ${period}${urlOpt}${keyOpt}`,
          `  npx hallscore sheet ${res.plan.months[0]} ${st.habituallyLate[0]}${urlOpt}${keyOpt}`,
          `  npx hallscore sheet ${period} ${st.returned}${urlOpt}${keyOpt}`,
        ].join('\n'),
      );
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
    }
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? ('describe' in e && typeof e.describe === 'function' ? (e.describe as () => string)() : e.message) : String(e);
    console.error(`hallscore demo failed: ${msg}`);
    if (logFile) console.error(`stack log: ${logFile}`);
    return 2;
  } finally {
    if (stack) await stack.stop();
    capture?.restore();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await demoMain(process.argv.slice(2));
}
