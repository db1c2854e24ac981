/**
 * The void registry (README "Corrections"): one item per possibly voided event (source, eventId)
 * where its voids and the partitions holding it meet, like a case join. Each half is one atomic
 * UpdateItem returning the item, so whichever of the event and its void is recorded second sees
 * the first, in any order.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../domain/events.js';
import { eventItem, storedEventOf, type HallStore } from './store.js';

export const voidPk = (source: string, eventId: string): string => `VOID#${source}#${eventId}`;
const voidKey = (source: string, eventId: string) => ({ pk: voidPk(source, eventId), sk: 'J' });

/** Attribute names are bounded (DynamoDB: 64 KB per name), and a home pk is short; hex keeps any id legal. */
const homeAttr = (pk: string): string => `H#${Buffer.from(pk, 'utf8').toString('hex')}`;

export interface VoidJoin {
  /** Home partitions of the voided event (normally one). */
  homes: string[];
  /** The voids made for it. */
  voids: StoredEvent[];
}

/**
 * Records one half of a void join and returns both halves.
 * @param target the (source, eventId) that is or may be voided
 * @param half the voided event's home partition, or a void of it
 */
export async function joinVoid(
  store: HallStore,
  target: { source: string; eventId: string },
  half: { home: string } | { void: StoredEvent },
): Promise<VoidJoin> {
  const [name, value] =
    'home' in half ? [homeAttr(half.home), half.home] : [`E#${half.void.source}#${half.void.event.id}`, eventItem('', half.void).e];
  const r = await store.db.send(
    new UpdateCommand({
      TableName: store.table,
      Key: voidKey(target.source, target.eventId),
      UpdateExpression: 'SET #h = :v',
      ExpressionAttributeNames: { '#h': name },
      ExpressionAttributeValues: { ':v': value },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const homes: string[] = [];
  const voids: StoredEvent[] = [];
  for (const [k, v] of Object.entries(r.Attributes ?? {})) {
    if (k.startsWith('H#')) homes.push(v as string);
    else if (k.startsWith('E#')) voids.push(storedEventOf({ e: v }));
  }
  return { homes: homes.sort(), voids };
}
