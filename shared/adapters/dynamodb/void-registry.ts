/**
 * Where a void meets the event it voids (README "Corrections"): on the event's identity item
 * (`ID#{source}#{id}`, written by the accept), like a case join. A void adds itself there in one
 * atomic UpdateItem that returns the item, and the accept's own UpdateItem returns any void already
 * there; so whichever of the two writes second sees the first, in any order, and an event no void
 * touches pays nothing for voiding.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../domain/events.js';
import { keys } from './keys.js';
import { eventItem, storedEventOf, VOID_ATTRIBUTE_PREFIX, type HallStore } from './store.js';

/** The home partition of an `event.voided` itself (its identity item is its own, like any event's). */
export const voidPk = (source: string, eventId: string): string => `VOID#${source}#${eventId}`;

export interface VoidJoin {
  /** The voided event as accepted and its home partition, if it has been accepted. */
  voided?: { home: string; stored: StoredEvent };
  /** The voids made for it. */
  voids: StoredEvent[];
}

function joinOf(item: Record<string, unknown> | undefined): VoidJoin {
  const voids: StoredEvent[] = [];
  for (const [k, v] of Object.entries(item ?? {})) if (k.startsWith(VOID_ATTRIBUTE_PREFIX)) voids.push(storedEventOf({ e: v }));
  const home = item?.h;
  const e = item?.e;
  return typeof home === 'string' && typeof e === 'string' ? { voided: { home, stored: storedEventOf({ e }) }, voids } : { voids };
}

/** Adds a void to the identity item of the event it names and returns both halves. */
export async function registerVoid(store: HallStore, target: { source: string; eventId: string }, v: StoredEvent): Promise<VoidJoin> {
  const r = await store.db.send(
    new UpdateCommand({
      TableName: store.table,
      Key: keys.eventId(target.source, target.eventId),
      UpdateExpression: 'SET #v = :v',
      ExpressionAttributeNames: { '#v': `${VOID_ATTRIBUTE_PREFIX}${v.source}#${v.event.id}` },
      ExpressionAttributeValues: { ':v': eventItem('', v).e },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return joinOf(r.Attributes);
}

/** The voids of an event (strongly consistent: replays and events whose accept saw a void read it). */
export async function voidsOf(store: HallStore, source: string, eventId: string): Promise<StoredEvent[]> {
  const r = await store.db.send(new GetCommand({ TableName: store.table, Key: keys.eventId(source, eventId), ConsistentRead: true }));
  return joinOf(r.Item).voids;
}
