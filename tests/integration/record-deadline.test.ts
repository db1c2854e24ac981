/**
 * The record consumer near its Lambda deadline (issue #15): it stops starting chunks when too little
 * time is left and reports the rest as batch item failures, so SQS redelivers exactly those; what it
 * did record is complete.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/record/handler.js';
import { envelope } from '../../shared/services/ingest.js';
import { homePartition } from '../../shared/services/partitions.js';
import { fakeContext } from '../../local/bus.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { at } from '../helpers/fixtures.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  await stack.api.seedHall();
});
afterAll(async () => stack?.stop());

function batch(n: number): SQSEvent {
  const records = Array.from({ length: n }, (_, i) => {
    const event = { id: `dl-${i}`, type: 'evaluation.submitted' as const, occurredAt: '2026-11-10T10:00:00+08:00', caseId: `dl-case-${i}`, staffId: 's1', level: 5, channel: 'pad' as const };
    const stored = { source: 'evaluation-1', receivedAt: '2026-11-10T02:00:01.000Z', at: Date.parse(event.occurredAt), event };
    return { messageId: `m${i}`, body: JSON.stringify(envelope({ pk: homePartition(event, 'Asia/Shanghai'), stored })) };
  });
  return { Records: records } as unknown as SQSEvent;
}

describe('record consumer deadline', () => {
  it('with less time left than its reserve it starts nothing and reports every record as a failure', async () => {
    const handler = createHandler(async () => stack.deps);
    const ctx: Context = { ...fakeContext('record'), getRemainingTimeInMillis: () => 2_000 };
    const r = (await handler(batch(30), ctx)) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(r.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
  });

  it('with time running out midway, the records it started are recorded and only the rest come back', async () => {
    const handler = createHandler(async () => stack.deps);
    let calls = 0;
    // Plenty of time for the first check, then too little: one chunk is worked.
    const ctx: Context = { ...fakeContext('record'), getRemainingTimeInMillis: () => (calls++ === 0 ? 60_000 : 1_000) };
    const r = (await handler(batch(60), ctx)) as { batchItemFailures: { itemIdentifier: string }[] };
    const failed = new Set(r.batchItemFailures.map((f) => f.itemIdentifier));
    expect(failed.size).toBeGreaterThan(0);
    expect(failed.size).toBeLessThan(60);
    // Every record not reported failed was recorded in full: its case is joined.
    for (let i = 0; i < 60; i++) {
      if (failed.has(`m${i}`)) continue;
      const [join] = await stack.deps.store.queryAll(`CASE#evaluation#dl-case-${i}`, 'J');
      expect(join?.['L#s1#2026-11'], `m${i}`).toBeDefined();
    }
  });
});
