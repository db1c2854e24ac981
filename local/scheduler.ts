/** The local twin of EventBridge Scheduler: fires SCHEDULES in hall time while `npm start` runs. */
import { nextRun, SCHEDULES, type Schedule } from '../shared/schedules.js';
import { localParts, zonedInstant } from '../shared/domain/time.js';
import { errorText, logger } from '../shared/logger.js';

const MAX_TIMEOUT = 2 ** 31 - 1;

export function startScheduler(tz: string, invoke: (s: Schedule) => Promise<unknown>, now: () => number = Date.now): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const arm = (s: Schedule) => {
    if (stopped) return;
    const next = nextRun(s.cron, localParts(now(), tz));
    const at = zonedInstant(next.date, next.time, tz);
    const wait = Math.min(MAX_TIMEOUT, Math.max(0, at - now()));
    const t = setTimeout(async () => {
      timers.delete(t);
      if (now() >= at) {
        try {
          await invoke(s);
        } catch (e) {
          logger.error(`schedule ${s.name} failed`, { error: errorText(e) });
        }
      }
      arm(s);
    }, wait);
    t.unref();
    timers.add(t);
  };
  SCHEDULES.forEach(arm);
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
  };
}
