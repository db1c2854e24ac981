/**
 * Consumers stop starting work near their deadline (issue #15): a batch is worked in chunks, and the
 * chunks not started once the remaining time falls below the reserve are reported as failures (SQS
 * retries them), instead of being cut off mid-write by the Lambda timeout.
 */
import { describe, expect, it } from 'vitest';
import { withinDeadline } from '../../shared/services/deadline.js';

describe('withinDeadline', () => {
  it('works every chunk when time allows, passing each its offset; failures of a chunk map back to the batch', async () => {
    const seen: [number[], number][] = [];
    const r = await withinDeadline([10, 11, 12, 13, 14], { chunk: 2, reserveMs: 1000, remainingMs: () => 60_000 }, async (items, offset) => {
      seen.push([items, offset]);
      return items.includes(13) ? [1] : []; // index 1 of the chunk [12, 13]
    });
    expect(seen).toEqual([
      [[10, 11], 0],
      [[12, 13], 2],
      [[14], 4],
    ]);
    expect(r).toEqual({ failed: [3], notStarted: 0 });
  });

  it('starts no chunk once the remaining time is below the reserve: the rest are failures, none half-done', async () => {
    let now = 0;
    const started: number[] = [];
    const r = await withinDeadline([0, 1, 2, 3, 4, 5], { chunk: 2, reserveMs: 10_000, remainingMs: () => 30_000 - now }, async (items) => {
      started.push(...items);
      now += 12_000; // each chunk takes 12 s
      return [];
    });
    // 30 s left → chunk 1; 18 s → chunk 2; 6 s < 10 s reserve → stop.
    expect(started).toEqual([0, 1, 2, 3]);
    expect(r).toEqual({ failed: [4, 5], notStarted: 2 });
  });

  it('an empty batch does nothing', async () => {
    expect(await withinDeadline([], { chunk: 5, reserveMs: 1, remainingMs: () => 0 }, async () => [0])).toEqual({ failed: [], notStarted: 0 });
  });
});
