/**
 * The device registry's table access (CONTRACT.md §9): per-device state (seen, INFO, line counters,
 * the staff it serves), the pending-device cap, a pending device's kept lines, and the sharded, paged
 * lists of unmatched and rejected lines. Writes go in batches of 25 with bounded concurrency.
 */
import { BatchWriteCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import type { DeviceInfo } from '../../domain/devices.js';
import { keys, LIST_SHARDS, listShard } from './keys.js';
import type { HallStore, RejectedLine, UnmatchedPunch } from './store.js';

type Item = Record<string, unknown>;

export const MAX_PENDING_DEVICES = 50;
export const MAX_KEPT_LINES = 10_000;
/** BatchWriteItem requests in flight at once, per call. */
const WRITE_CONCURRENCY = 4;

export interface DevicePolicy {
  sourceId: string;
  allowedIps?: string[];
  commKeyHash?: string;
  allowAnyTimeOffset?: boolean;
}

export interface LineCounts {
  stored: number;
  duplicate: number;
  unmatched: number;
  rejected: number;
}

export interface DeviceState {
  sn: string;
  status: 'registered' | 'pending';
  sourceId?: string;
  firstSeen: number;
  lastSeen: number;
  lastAttlogAt?: number;
  userAgent?: string;
  info?: DeviceInfo;
  lines: LineCounts;
  staffIds: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DeviceStore {
  constructor(private readonly store: HallStore) {}

  private get db() {
    return this.store.db;
  }
  private get table() {
    return this.store.table;
  }

  /** The registration of an SN and what it allows, or undefined for an unregistered SN. */
  async policy(sn: string): Promise<DevicePolicy | undefined> {
    const i = await this.store.get(keys.device(sn));
    if (!i) return undefined;
    return {
      sourceId: i.sourceId as string,
      ...(Array.isArray(i.allowedIps) ? { allowedIps: i.allowedIps as string[] } : {}),
      ...(typeof i.commKeyHash === 'string' ? { commKeyHash: i.commKeyHash } : {}),
      ...(i.allowAnyTimeOffset === true ? { allowAnyTimeOffset: true } : {}),
    };
  }

  /**
   * Makes an unregistered SN pending (or keeps it so): 'full' when 50 others are pending already.
   * One transaction: the pending counter (conditional on < 50) and the state item (new, or formerly
   * registered) move together, so concurrent first requests cannot exceed the cap.
   */
  async admitPending(sn: string, now: number, userAgent: string | undefined): Promise<'pending' | 'full'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.pendingCount(),
                UpdateExpression: 'ADD n :one',
                ConditionExpression: 'attribute_not_exists(n) OR n < :max',
                ExpressionAttributeValues: { ':one': 1, ':max': MAX_PENDING_DEVICES },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: keys.deviceState(sn),
                UpdateExpression:
                  'SET sn = :sn, #st = :pending, firstSeen = if_not_exists(firstSeen, :now), lastSeen = :now' +
                  (userAgent ? ', userAgent = :ua' : '') +
                  ' REMOVE sourceId',
                ConditionExpression: 'attribute_not_exists(pk) OR #st = :registered',
                ExpressionAttributeNames: { '#st': 'status' },
                ExpressionAttributeValues: { ':sn': sn, ':pending': 'pending', ':registered': 'registered', ':now': now, ...(userAgent ? { ':ua': userAgent } : {}) },
              },
            },
          ],
        }),
      );
      return 'pending';
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      const [count, state] = e.CancellationReasons ?? [];
      // The state item's condition failed: it is pending already (the counter already counts it).
      if (state?.Code === 'ConditionalCheckFailed') return 'pending';
      if (count?.Code === 'ConditionalCheckFailed') return 'full';
      throw e;
    }
  }

  /** Seen bookkeeping (callers bound how often): last seen, user agent, INFO, registration status. */
  async touch(sn: string, t: { now: number; status: 'registered' | 'pending'; sourceId?: string; userAgent?: string; info?: DeviceInfo }): Promise<void> {
    // Status moves only with admitPending/markRegistered; a first contact of a registered SN sets it.
    const sets = ['sn = :sn', '#st = if_not_exists(#st, :st)', 'firstSeen = if_not_exists(firstSeen, :now)', 'lastSeen = :now'];
    const values: Item = { ':sn': sn, ':st': t.status, ':now': t.now };
    if (t.sourceId) (sets.push('sourceId = if_not_exists(sourceId, :src)'), (values[':src'] = t.sourceId));
    if (t.userAgent) (sets.push('userAgent = :ua'), (values[':ua'] = t.userAgent));
    if (t.info) (sets.push('info = :info'), (values[':info'] = t.info));
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.deviceState(sn),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Adds an upload's line counts; remembers which staff punch on this device (for staleness). */
  async countLines(sn: string, sourceId: string, now: number, c: LineCounts, staffIds: string[]): Promise<void> {
    const values: Item = { ':sn': sn, ':src': sourceId, ':reg': 'registered', ':now': now, ':s': c.stored, ':d': c.duplicate, ':u': c.unmatched, ':r': c.rejected };
    let add = 'lStored :s, lDuplicate :d, lUnmatched :u, lRejected :r';
    if (staffIds.length > 0) {
      add += ', staffIds :staff';
      values[':staff'] = new Set(staffIds);
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.deviceState(sn),
        UpdateExpression: `SET sn = :sn, sourceId = :src, #st = :reg, firstSeen = if_not_exists(firstSeen, :now), lastSeen = :now, lastAttlogAt = :now ADD ${add}`,
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** The SN is registered now: its state says so, and a pending place is freed (once). */
  async markRegistered(sn: string, sourceId: string): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.deviceState(sn),
                UpdateExpression: 'SET #st = :reg, sourceId = :src',
                ConditionExpression: '#st = :pending',
                ExpressionAttributeNames: { '#st': 'status' },
                ExpressionAttributeValues: { ':reg': 'registered', ':src': sourceId, ':pending': 'pending' },
              },
            },
            { Update: { TableName: this.table, Key: keys.pendingCount(), UpdateExpression: 'ADD n :minus', ExpressionAttributeValues: { ':minus': -1 } } },
          ],
        }),
      );
    } catch (e) {
      if (!(e instanceof TransactionCanceledException) || e.CancellationReasons?.[0]?.Code !== 'ConditionalCheckFailed') throw e;
      // Not pending (never seen, or registered already): only the source it belongs to changes.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.deviceState(sn),
          UpdateExpression: 'SET #st = :reg, sourceId = :src',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: { ':reg': 'registered', ':src': sourceId },
        }),
      ).catch((err: unknown) => {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      });
    }
  }

  async list(): Promise<DeviceState[]> {
    return (await this.store.queryAll('DEVICES', 'D#')).map(stateOf);
  }

  // ---------- a pending device's kept lines ----------

  /** Keeps lines (sort key → raw line); then, if the device may hold more than 10,000, drops the oldest. */
  async keepLines(sn: string, lines: { sk: string; raw: string }[], now: number): Promise<void> {
    if (lines.length === 0) return;
    await this.batchWrite(lines.map((l) => ({ PutRequest: { Item: { ...keys.pendingLine(sn, l.sk), raw: l.raw, keptAt: now } } })));
    // `kept` over-counts resends (puts overwrite); it only decides when to count exactly.
    const r = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.deviceState(sn),
        UpdateExpression: 'ADD kept :n',
        ExpressionAttributeValues: { ':n': lines.length },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    if (Number(r.Attributes?.kept ?? 0) <= MAX_KEPT_LINES) return;
    const all = await this.store.queryAll(keys.pendingLine(sn).pk, undefined, { attributes: ['pk', 'sk'] });
    const extra = all.slice(0, Math.max(0, all.length - MAX_KEPT_LINES));
    await this.batchWrite(extra.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
    await this.db.send(
      new UpdateCommand({ TableName: this.table, Key: keys.deviceState(sn), UpdateExpression: 'SET kept = :n', ExpressionAttributeValues: { ':n': all.length - extra.length } }),
    );
  }

  async keptLines(sn: string): Promise<{ sk: string; raw: string }[]> {
    return (await this.store.queryAll(keys.pendingLine(sn).pk)).map((i) => ({ sk: i.sk as string, raw: i.raw as string }));
  }

  async dropKeptLines(sn: string, sks: string[]): Promise<void> {
    await this.batchWrite(sks.map((sk) => ({ DeleteRequest: { Key: keys.pendingLine(sn, sk) } })));
    await this.db.send(
      new UpdateCommand({ TableName: this.table, Key: keys.deviceState(sn), UpdateExpression: 'REMOVE kept', ConditionExpression: 'attribute_exists(pk)' }),
    ).catch((e: unknown) => {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    });
  }

  // ---------- unmatched and rejected lines ----------

  /** Stores unmatched punches not stored before; returns how many were new (the rest are repeats). */
  async putUnmatched(list: UnmatchedPunch[]): Promise<number> {
    const byKey = new Map(list.map((p) => [JSON.stringify(keys.unmatched(p.sn, p.pin, p.local)), p]));
    const existing = await this.store.batchGet([...byKey.keys()].map((k) => JSON.parse(k) as { pk: string; sk: string }));
    for (const i of existing) byKey.delete(JSON.stringify({ pk: i.pk, sk: i.sk }));
    await this.batchWrite([...byKey.entries()].map(([k, p]) => ({ PutRequest: { Item: { ...(JSON.parse(k) as object), ...p } } })));
    return byKey.size;
  }

  /** Malformed or refused lines, once per (SN, line content): a resend overwrites its earlier copy. */
  async putRejected(sn: string, receivedAt: string, lines: RejectedLine[]): Promise<void> {
    const items = new Map<string, Item>();
    for (const l of lines) {
      const key = keys.rejectedLine(sn, createHash('sha256').update(l.raw).digest('hex').slice(0, 32));
      items.set(`${key.pk}/${key.sk}`, { ...key, sn, receivedAt, ...l });
    }
    await this.batchWrite([...items.values()].map((Item) => ({ PutRequest: { Item } })));
  }

  /**
   * One page of a sharded list, shard by shard in key order. The cursor is where the last page
   * stopped: a shard number and DynamoDB's LastEvaluatedKey within it.
   */
  async page(list: 'UNMATCHED' | 'REJECTED', limit: number, from: ListCursor | undefined): Promise<{ items: Item[]; next?: ListCursor }> {
    const items: Item[] = [];
    let shard = from?.shard ?? 0;
    let start: Item | undefined = from?.key;
    while (shard < LIST_SHARDS && items.length < limit) {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': listShard(list, shard) },
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey as Item | undefined;
      if (!start) shard++;
    }
    if (shard >= LIST_SHARDS) return { items };
    return { items, next: start ? { shard, key: start } : { shard } };
  }

  /** BatchWriteItem in chunks of 25, WRITE_CONCURRENCY in flight, unprocessed items retried with backoff. */
  private async batchWrite(requests: Item[]): Promise<void> {
    const chunks: Item[][] = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        let pending = chunks[next++]!;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 10) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed`);
          if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
          const r = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
          pending = (r.UnprocessedItems?.[this.table] ?? []) as Item[];
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
  }
}

export interface ListCursor {
  shard: number;
  key?: Item;
}

function stateOf(i: Item): DeviceState {
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
  return {
    sn: i.sn as string,
    status: i.status === 'registered' ? 'registered' : 'pending',
    ...(typeof i.sourceId === 'string' ? { sourceId: i.sourceId } : {}),
    firstSeen: num(i.firstSeen),
    lastSeen: num(i.lastSeen),
    ...(i.lastAttlogAt !== undefined ? { lastAttlogAt: num(i.lastAttlogAt) } : {}),
    ...(typeof i.userAgent === 'string' ? { userAgent: i.userAgent } : {}),
    ...(i.info && typeof i.info === 'object' ? { info: i.info as DeviceInfo } : {}),
    lines: { stored: num(i.lStored), duplicate: num(i.lDuplicate), unmatched: num(i.lUnmatched), rejected: num(i.lRejected) },
    staffIds: i.staffIds instanceof Set ? [...(i.staffIds as Set<string>)] : [],
  };
}
