/**
 * The local bus, the twin of EventBridge → Lambda (asynchronous invocation): each consumer gets one
 * event per call, a publish resolves only after its own events were handled, a call that throws is
 * retried `retryAttempts` times and then dead-lettered, without holding back other events.
 */
import { describe, expect, it } from 'vitest';
import { LocalBus } from '../../local/bus.js';
import { CLOSE_SOURCE, CONSUMER_SETTINGS, INGEST_SOURCE, type BusEnvelope } from '../../shared/bus/patterns.js';
import type { DeadLetter } from '../../shared/ports.js';

type Event = BusEnvelope & { id: string };
const envelope = (id: string): BusEnvelope => ({ source: INGEST_SOURCE, 'detail-type': 'evaluation.submitted', detail: { id } });
const idOf = (e: { detail: unknown }) => (e.detail as { id: string }).id;
const bodyId = (body: string) => idOf(JSON.parse(body) as { detail: unknown });
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('LocalBus', () => {
  it('hands each event to its consumer alone, and resolves each publish after its own events are handled', async () => {
    const calls: string[] = [];
    const handled = new Set<string>();
    const bus = new LocalBus({
      record: async (event: Event) => {
        calls.push(idOf(event));
        expect(event.id, 'an EventBridge event id').toMatch(/[0-9a-f-]{36}/);
        await tick();
        handled.add(idOf(event));
      },
    });
    const requests = Array.from({ length: 6 }, (_, i) => Array.from({ length: 10 }, (_, j) => `r${i}-${j}`));
    await Promise.all(
      requests.map(async (ids) => {
        await bus.publish(ids.map(envelope));
        for (const id of ids) expect(handled.has(id), `${id} handled before its publish resolved`).toBe(true);
      }),
    );
    expect(calls.sort()).toEqual(requests.flat().sort()); // each event delivered exactly once
  });

  it('retries a call that throws, then dead-letters the event with its error; the others are delivered once', async () => {
    const calls = new Map<string, number>();
    const dead: Omit<DeadLetter, 'id'>[] = [];
    const bus = new LocalBus(
      {
        record: async (event: Event) => {
          calls.set(idOf(event), (calls.get(idOf(event)) ?? 0) + 1);
          if (idOf(event) === 'poison') throw new Error('join failed');
        },
      },
      { retryDelayMs: 1 },
    );
    bus.onDeadLetter(async (d) => void dead.push(d));
    await bus.publish(['a', 'poison', 'b'].map(envelope));
    expect(calls.get('a')).toBe(1);
    expect(calls.get('b')).toBe(1);
    expect(calls.get('poison')).toBe(1 + CONSUMER_SETTINGS.retryAttempts);
    expect(dead.map((d) => bodyId(d.body))).toEqual(['poison']);
    expect(dead[0]).toMatchObject({ consumer: 'record', rule: 'record-hall-events', error: 'join failed' });
  });

  it('does not hold other events back while a failed one waits to be retried', async () => {
    const done: string[] = [];
    const bus = new LocalBus(
      {
        record: async (event: Event) => {
          if (idOf(event) === 'poison') throw new Error('poison');
          done.push(idOf(event));
        },
      },
      { retryDelayMs: 40 },
    );
    bus.onDeadLetter(async (d) => void done.push(`dead:${bodyId(d.body)}`));
    const poison = bus.publish([envelope('poison')]);
    await tick();
    await bus.publish([envelope('later')]);
    expect(done).toEqual(['later']); // delivered while the poison event waits for its retry
    await poison;
    expect(done).toEqual(['later', 'dead:poison']);
  });

  it('rejects the publish when the dead-letter sink itself fails (nothing is dropped silently), and keeps serving', async () => {
    let consumerDown = true;
    let sinkDown = true;
    const dead: string[] = [];
    const bus = new LocalBus({ record: async () => (consumerDown ? Promise.reject(new Error('consumer down')) : undefined) }, { retryDelayMs: 1 });
    bus.onDeadLetter(async (d) => (sinkDown ? Promise.reject(new Error('dead-letter store down')) : void dead.push(bodyId(d.body))));
    await expect(bus.publish([envelope('x')])).rejects.toThrow('dead-letter store down');
    sinkDown = false;
    await bus.publish([envelope('y')]);
    expect(dead).toEqual(['y']);
    consumerDown = false;
    await expect(bus.publish([envelope('z')])).resolves.toBeUndefined();
    expect(dead).toEqual(['y']);
  });

  it('routes publications to the publish consumer only, and redelivers a dead letter once on request', async () => {
    const seen: string[] = [];
    const publication = (id: string): BusEnvelope => ({ source: CLOSE_SOURCE, 'detail-type': 'publication.requested', detail: { id } });
    let failing = true;
    const bus = new LocalBus(
      {
        record: async (event: Event) => void seen.push(`record:${idOf(event)}`),
        publish: async (event: Event) => {
          seen.push(`publish:${idOf(event)}`);
          if (failing) throw new Error('render failed');
        },
      },
      { retryDelayMs: 1 },
    );
    const dead: Omit<DeadLetter, 'id'>[] = [];
    bus.onDeadLetter(async (d) => void dead.push(d));
    await bus.publish([publication('d1'), envelope('e1')]);
    expect(seen.filter((s) => s === 'publish:d1')).toHaveLength(1 + CONSUMER_SETTINGS.retryAttempts);
    expect(seen.filter((s) => s === 'record:e1')).toHaveLength(1);
    expect(dead).toEqual([expect.objectContaining({ consumer: 'publish', rule: 'publish-department-mails', error: 'render failed' })]);
    failing = false;
    expect(await bus.redeliver({ id: 'x', ...dead[0]! })).toBe(true);
    expect(seen.at(-1)).toBe('publish:d1');
  });
});
