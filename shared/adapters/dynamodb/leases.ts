/**
 * Leases in the table: a conditional put that only one process can win until the holder releases it
 * or it expires. Lambda runs closes in parallel (two schedules at 02:00, an API retry), so an
 * in-process lock would not do. Expiry is wall-clock time, whatever clock the business logic uses.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HallStore } from './store.js';
import { keys } from './keys.js';

/** Takes the lease `name` for `ttlMs` unless someone else holds an unexpired one. */
export async function claimLease(store: HallStore, name: string, token: string, ttlMs: number): Promise<boolean> {
  const now = Date.now();
  try {
    await store.db.send(
      new PutCommand({
        TableName: store.table,
        Item: { ...keys.lease(name), token, expiresAt: now + ttlMs, ttl: Math.ceil((now + ttlMs) / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** Releases the lease if this holder still has it (an expired and retaken lease is left to its new holder). */
export async function releaseLease(store: HallStore, name: string, token: string): Promise<void> {
  try {
    await store.db.send(
      new DeleteCommand({ TableName: store.table, Key: keys.lease(name), ConditionExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'token' }, ExpressionAttributeValues: { ':t': token } }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

/** Drops every lease: only for `npm start`'s start-up, when no other process can hold one of its table's. */
export async function clearLeases(store: HallStore): Promise<number> {
  const held = await store.queryAll(keys.lease().pk);
  for (const l of held) await store.deleteItem({ pk: l.pk as string, sk: l.sk as string });
  return held.length;
}
