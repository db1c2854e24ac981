/**
 * Accepted events whose publication on the bus failed (PutEvents down after its retries). They are
 * already stored; this list is what the reconcile sweep publishes later, so a sender that never
 * retries loses nothing. Written only on that failure path: the accept itself costs nothing more.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../domain/events.js';
import { keys } from './keys.js';
import type { HallStore } from './store.js';

/** What a bus envelope of a recorded event carries: its home partition and the stored event. */
export interface Unpublished {
  pk: string;
  stored: StoredEvent;
  voided?: true;
}

export async function keepUnpublished(store: HallStore, events: Unpublished[]): Promise<void> {
  // One put per event, keyed by (source, id): a repeat while the bus is still down overwrites its entry.
  for (let i = 0; i < events.length; i += 8) {
    await Promise.all(
      events.slice(i, i + 8).map((u) =>
        store.db.send(new PutCommand({ TableName: store.table, Item: { ...keys.unpublished(u.stored.source, u.stored.event.id), d: JSON.stringify(u) } })),
      ),
    );
  }
}

export async function listUnpublished(store: HallStore): Promise<Unpublished[]> {
  const items = await store.queryAll(keys.unpublished().pk, undefined, { consistent: true });
  return items.map((i) => JSON.parse(i.d as string) as Unpublished);
}

export async function dropUnpublished(store: HallStore, events: Unpublished[]): Promise<void> {
  await Promise.all(events.map((u) => store.db.send(new DeleteCommand({ TableName: store.table, Key: keys.unpublished(u.stored.source, u.stored.event.id) }))));
}
