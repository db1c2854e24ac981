/**
 * Work that must end before a deadline (a Lambda's timeout): done in chunks, and no chunk is started
 * once less than `reserveMs` remains. What was not started is reported as failed, so the queue
 * redelivers it, rather than being cut off halfway by the timeout (which would fail the whole batch).
 */
export interface DeadlineOptions {
  /** Items per chunk. */
  chunk: number;
  /** Time kept for the chunk in flight to finish and the answer to go out. */
  reserveMs: number;
  remainingMs: () => number;
}

/**
 * @param fn works one chunk; returns the indexes (within the chunk) that failed
 * @returns batch indexes that failed or were not started
 */
export async function withinDeadline<T>(
  items: readonly T[],
  opts: DeadlineOptions,
  fn: (chunk: T[], offset: number) => Promise<number[]>,
): Promise<{ failed: number[]; notStarted: number }> {
  const failed: number[] = [];
  for (let offset = 0; offset < items.length; offset += opts.chunk) {
    if (opts.remainingMs() < opts.reserveMs) {
      for (let i = offset; i < items.length; i++) failed.push(i);
      return { failed, notStarted: items.length - offset };
    }
    for (const i of await fn(items.slice(offset, offset + opts.chunk), offset)) failed.push(offset + i);
  }
  return { failed, notStarted: 0 };
}
