/**
 * The local bus's queue: concurrent publishes share consumer invocations (as an SQS event source
 * under load does), batches respect the shared batch size, a publish resolves only after its own
 * records were handled, and a record that keeps failing is dead-lettered after the shared
 * receive count without holding back the rest of its batch. A `direct` rule (publish) gets one event
 * per call, as EventBridge's asynchronous invocation of Lambda does, retried as Lambda retries it.
 */
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalBus } from '../../local/bus.js';
import { CLOSE_SOURCE, CONSUMER_SETTINGS, DIRECT_SETTINGS, INGEST_SOURCE, type BusEnvelope } from '../../shared/bus/patterns.js';
import type { DeadLetter } from '../../shared/ports.js';

const envelope = (id: string): BusEnvelope => ({ source: INGEST_SOURCE, 'detail-type': 'evaluation.submitted', detail: { id } });
const idOf = (body: string) => (JSON.parse(body) as { detail: { id: string } }).detail.id;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('LocalBus', () => {
  it('groups concurrent publishes into shared batches and resolves each publish after its records are handled', async () => {
    const batches: string[][] = [];
    const handled = new Set<string>();
    const bus = new LocalBus({
      record: async (event: SQSEvent) => {
        batches.push(event.Records.map((r) => idOf(r.body)));
        await tick();
        for (const r of event.Records) handled.add(idOf(r.body));
      },
    });
    const requests = Array.from({ length: 12 }, (_, i) => Array.from({ length: 25 }, (_, j) => `r${i}-${j}`));
    await Promise.all(
      requests.map(async (ids) => {
        await bus.publish(ids.map(envelope));
        for (const id of ids) expect(handled.has(id), `${id} handled before its publish resolved`).toBe(true);
      }),
    );
    const all = batches.flat();
    expect(all.sort()).toEqual(requests.flat().sort()); // each record delivered exactly once
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(CONSUMER_SETTINGS.batchSize);
    // 300 records from 12 requests: later requests queue behind the first batch and share invocations.
    expect(batches.length).toBeLessThan(requests.length);
  });

  it('retries only the failed record and dead-letters it after maxReceiveCount receives', async () => {
    const receives = new Map<string, number>();
    const dead: Omit<DeadLetter, 'id'>[] = [];
    const bus = new LocalBus(
      {
        record: async (event: SQSEvent) => ({
          batchItemFailures: event.Records.filter((r) => {
            const id = idOf(r.body);
            receives.set(id, (receives.get(id) ?? 0) + 1);
            return id === 'poison';
          }).map((r) => ({ itemIdentifier: r.messageId })),
        }),
      },
      { retryDelayMs: 1 },
    );
    bus.onDeadLetter(async (d) => void dead.push(d));
    await bus.publish(['a', 'poison', 'b'].map(envelope));
    expect(receives.get('a')).toBe(1);
    expect(receives.get('b')).toBe(1);
    expect(receives.get('poison')).toBe(CONSUMER_SETTINGS.maxReceiveCount);
    expect(dead.map((d) => idOf(d.body))).toEqual(['poison']);
    expect(dead[0]).toMatchObject({ consumer: 'record', rule: 'record-hall-events', error: 'reported as a batch item failure' });
  });

  it('does not hold other records back while a failed one waits to be retried (like a visibility timeout)', async () => {
    const done: string[] = [];
    const bus = new LocalBus(
      {
        record: async (event: SQSEvent) => {
          const failures = event.Records.filter((r) => idOf(r.body) === 'poison').map((r) => ({ itemIdentifier: r.messageId }));
          for (const r of event.Records) if (idOf(r.body) !== 'poison') done.push(idOf(r.body));
          return { batchItemFailures: failures };
        },
      },
      { retryDelayMs: 40 },
    );
    bus.onDeadLetter(async (d) => void done.push(`dead:${idOf(d.body)}`));
    const poison = bus.publish([envelope('poison')]);
    await tick();
    await bus.publish([envelope('later')]);
    expect(done).toEqual(['later']); // delivered while the poison record waits for its next receive
    await poison;
    expect(done).toEqual(['later', 'dead:poison']);
  });

  it('rejects the publish when the dead-letter sink itself fails (nothing is dropped silently), and keeps serving', async () => {
    let consumerDown = true;
    let sinkDown = true;
    const dead: string[] = [];
    const bus = new LocalBus({ record: async () => (consumerDown ? Promise.reject(new Error('consumer down')) : undefined) }, { retryDelayMs: 1 });
    bus.onDeadLetter(async (d) => (sinkDown ? Promise.reject(new Error('dead-letter store down')) : void dead.push(idOf(d.body))));
    await expect(bus.publish([envelope('x')])).rejects.toThrow('dead-letter store down');
    sinkDown = false;
    await bus.publish([envelope('y')]);
    expect(dead).toEqual(['y']);
    consumerDown = false;
    await expect(bus.publish([envelope('z')])).resolves.toBeUndefined();
    expect(dead).toEqual(['y']);
  });

  it('a direct rule gets one event per call, retried after a throw as Lambda does, then dead-lettered', async () => {
    const calls: string[] = [];
    const dead: Omit<DeadLetter, 'id'>[] = [];
    const publication = (id: string): BusEnvelope => ({ source: CLOSE_SOURCE, 'detail-type': 'publication.requested', detail: { id } });
    const bus = new LocalBus(
      {
        publish: async (event: BusEnvelope & { id: string }) => {
          const id = (event.detail as { id: string }).id;
          calls.push(id);
          if (id === 'bad') throw new Error('render failed');
        },
      },
      { retryDelayMs: 1 },
    );
    bus.onDeadLetter(async (d) => void dead.push(d));
    await bus.publish(['d1', 'bad', 'd2'].map(publication));
    expect(calls.filter((c) => c === 'd1')).toHaveLength(1);
    expect(calls.filter((c) => c === 'd2')).toHaveLength(1);
    expect(calls.filter((c) => c === 'bad')).toHaveLength(1 + DIRECT_SETTINGS.retryAttempts);
    expect(dead).toEqual([expect.objectContaining({ consumer: 'publish', rule: 'publish-department-mails', error: 'render failed' })]);
    expect(idOf(dead[0]!.body)).toBe('bad');
  });
});
