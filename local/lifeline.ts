/**
 * `npm start` runs us under npm → sh → node; a SIGTERM to npm does not always reach us (sh may die
 * without passing it on). So we also watch our ancestors and stop cleanly when any of them is gone.
 */
import { readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isFinite(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process exists (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Calls `onGone` once when the parent or any ancestor up to the npm process exits. */
export function watchAncestors(onGone: () => void, intervalMs = 500): () => void {
  const ancestors: number[] = [];
  for (let pid = process.ppid; pid > 1 && ancestors.length < 4; ) {
    ancestors.push(pid);
    const cmd = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    })();
    if (/\bnpm/.test(cmd)) break; // the launcher: no need to look above it
    const next = parentOf(pid);
    if (next === undefined) break;
    pid = next;
  }
  const timer = setInterval(() => {
    if (ancestors.some((p) => !alive(p))) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
