/**
 * One close of a period at a time, across processes: a lease per period string (`close#2026-09`,
 * `close#2026-Q3`, and whatever periods come next), taken with a conditional put. A longer period
 * closing the periods inside it takes their leases too, so a month's own schedule and its quarter's
 * (both at 02:00 on a quarter's first day) never both publish the month.
 */
import { randomUUID } from 'node:crypto';
import { claimLease, releaseLease } from '../adapters/dynamodb/leases.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { HttpError } from '../http/errors.js';

/**
 * Longer than the close function's timeout (300 s), so a live close never loses its lease; a close
 * that died holds it at most this long (`npm start` clears its table's leases at start-up).
 */
export const CLOSE_LEASE_MS = 10 * 60_000;
/** How long a waiting close polls before giving up with 409 (the scheduled close's timeout is 300 s). */
const WAIT_MS = 240_000;

export interface HeldLease {
  release(): Promise<void>;
}

export async function holdCloseLease(store: HallStore, period: string, opts: { wait: boolean; waitMs?: number }): Promise<HeldLease> {
  const name = `close#${period}`;
  const token = randomUUID();
  const deadline = Date.now() + (opts.waitMs ?? WAIT_MS);
  for (let pause = 100; ; pause = Math.min(1000, pause * 2)) {
    if (await claimLease(store, name, token, CLOSE_LEASE_MS)) return { release: () => releaseLease(store, name, token) };
    if (!opts.wait || Date.now() > deadline) {
      throw new HttpError(409, 'close-in-progress', `a close of ${period} is already running; retry when it has finished (closing again then changes nothing)`);
    }
    await new Promise((r) => setTimeout(r, pause));
  }
}
