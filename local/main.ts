/** `npm start`: the whole service on this machine. Ctrl-C / SIGTERM stop it and DynamoDB Local. */
import { JavaMissingError } from './dynamodb-local.js';
import { watchAncestors } from './lifeline.js';
import { startStack } from './stack.js';
import { calendarWarningZh } from '../shared/domain/calendar-warning.js';

// `npm start -- --demo`: the simulated hall (demo/), on a stack of its own.
if (process.argv.includes('--demo')) {
  const { demoMain } = await import('../demo/main.js');
  process.exit(await demoMain(process.argv.slice(2)));
}

const env = process.env;
const port = Number(env.PORT ?? 3000);

try {
  const adminKey = env.HALLSCORE_ADMIN_KEY ?? 'local-admin-key';
  const stack = await startStack({
    port,
    dataDir: env.HALLSCORE_DATA ?? './.hallscore',
    outbox: env.HALLSCORE_OUTBOX ?? './outbox',
    adminKey,
    tz: env.HALLSCORE_TZ ?? 'Asia/Shanghai',
  });
  console.log(`hallscore listening on ${stack.url}`);
  console.log(`admin key: ${adminKey}`);
  console.log(`DynamoDB Local: ${stack.ddb?.endpoint ?? 'external'} (pid ${stack.ddb?.process.pid ?? '-'}), data: ${env.HALLSCORE_DATA ?? './.hallscore'}`);
  // The early warning of CONTRACT.md §8 (the holiday calendar runs out): said at start, as /health says it.
  const health = (await (await fetch(`${stack.url}/health`)).json()) as { calendar?: { coveredThrough: number | null }; warnings?: string[] };
  for (const w of health.warnings ?? []) console.log(`warning: ${w}`);
  if (health.warnings?.length && health.calendar) console.log(calendarWarningZh(health.calendar.coveredThrough));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  watchAncestors(() => void shutdown('launcher exited'));
} catch (e) {
  if (e instanceof JavaMissingError) {
    console.error(e.message);
  } else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`hallscore: port ${port} is in use; set PORT to another port`);
  } else {
    console.error(`hallscore: failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
  process.exit(1);
}
