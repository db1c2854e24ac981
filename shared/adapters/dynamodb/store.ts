/**
 * The DynamoDB adapter: every read and write hallscore makes, behind names that say what they mean.
 * Domain code never sees keys or SDK types.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  QueryCommand as AttributeQueryCommand,
  TransactionCanceledException,
  type AttributeValue,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { DIRTY_SK, type ChangeRecord } from '../../bus/refresh.js';
import type { HallEvent, StoredEvent } from '../../domain/events.js';
import type { MasterKind, Source, Staff, WithId } from '../../domain/masterdata.js';
import { DEFAULT_RULES, type RuleSet, type RuleSetBody } from '../../domain/rules.js';
import type { MonthSummary, Sheet } from '../../domain/types.js';
import { keys } from './keys.js';
import { mailKey, type MailEntry, type PublicationRequest } from '../../domain/publication.js';

type MailKey = { period: string; departmentId: string; version: number };
const LEDGER_NAMES = { '#pe': 'period', '#dep': 'departmentId', '#ver': 'version' };

type Item = Record<string, unknown>;
type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

export class ConflictError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export interface PeriodState {
  period: string;
  status: 'open' | 'closed';
  version: number;
  /**
   * Set while a close of this open period runs (when it started): consumers then list what arrives in
   * `afterClose` as well, so an event stored after the close read its partition is never in neither.
   */
  closing?: string;
  ruleVersion?: number;
  closedAt?: string;
  /** Department mails of this period that could not be delivered yet (retried by re-close and reconcile). */
  undelivered?: { departmentId: string; version: number; reason: string }[];
}

export interface UnmatchedPunch {
  sn: string;
  sourceId: string;
  pin: string;
  local: string;
  occurredAt: string;
  receivedAt: string;
  status?: string;
  verify?: string;
}

export interface RejectedLine {
  line: number;
  raw: string;
  message: string;
}

export interface CaseLink {
  staffId: string;
  month: string;
  /** sk of the event that opened the case, in its staff-month partition. */
  eventSk: string;
}

/** A role key as listed (never the key itself). */
export interface RoleKey {
  id: string;
  name: string;
  role: 'admin' | 'inspector' | 'department' | 'screen';
  departmentId?: string;
  createdAt: string;
}

const roleKeyOf = (i: Item): RoleKey => ({
  id: i.id as string,
  name: i.name as string,
  role: i.role as RoleKey['role'],
  ...(typeof i.departmentId === 'string' ? { departmentId: i.departmentId } : {}),
  createdAt: i.createdAt as string,
});

export class HallStore {
  /**
   * Locally, the twin of the table's DynamoDB stream: told of every write into a staff-month partition
   * (events, joined copies, dirty markers) once it succeeded. On AWS it stays unset; the stream does it.
   */
  onChange?: (records: ChangeRecord[]) => void;

  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  private changed(items: Item[], eventName: 'INSERT' | 'MODIFY' = 'INSERT'): void {
    if (!this.onChange || items.length === 0) return;
    this.onChange(
      items.map((i) => ({
        eventName,
        dynamodb: {
          Keys: { pk: { S: i.pk as string }, sk: { S: i.sk as string } },
          NewImage: { pk: { S: i.pk as string }, sk: { S: i.sk as string }, ...(typeof i.e === 'string' ? { e: { S: i.e } } : {}) },
        },
      })),
    );
  }

  // ---------- generic ----------

  async queryAll(pk: string, skPrefix?: string, opts: { consistent?: boolean; attributes?: string[] } = {}): Promise<Item[]> {
    const out: Item[] = [];
    let start: Item | undefined;
    const names = opts.attributes ? Object.fromEntries(opts.attributes.map((a, i) => [`#a${i}`, a])) : undefined;
    do {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
          ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':p': skPrefix } : { ':pk': pk },
          ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
          ConsistentRead: opts.consistent ?? true,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey as Item | undefined;
    } while (start);
    return out;
  }

  async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return r.Item as Item | undefined;
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys (strongly consistent unless told). */
  async batchGet(keyList: { pk: string; sk: string }[], opts: { consistent?: boolean } = {}): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < keyList.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = keyList.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const r = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: opts.consistent ?? true } } }),
        );
        out.push(...((r.Responses?.[this.table] ?? []) as Item[]));
        pending = r.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  /** TransactWriteItems, retried with jitter on TransactionConflict (the SDK does not retry it). */
  private async transact(tx: TransactItems): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: tx }));
        return;
      } catch (e) {
        const conflict = e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict');
        if (!conflict) throw e;
        if (attempt >= 5) throw Object.assign(new Error('transaction conflict persisted after 5 attempts'), { name: 'TransactionConflict' });
        await sleep(20 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  // ---------- master data ----------

  async getMaster<T>(kind: MasterKind, id: string): Promise<WithId<T> | undefined> {
    const item = await this.get(keys.master(kind, id));
    return item ? ({ ...(item.data as T), id } as WithId<T>) : undefined;
  }

  async getMasters<T>(kind: MasterKind, ids: string[]): Promise<Map<string, WithId<T>>> {
    const uniq = [...new Set(ids)];
    const items = await this.batchGet(uniq.map((id) => keys.master(kind, id)));
    return new Map(items.map((i) => [i.sk as string, { ...(i.data as T), id: i.sk as string } as WithId<T>]));
  }

  /**
   * Which of these master records exist. Eventually consistent first (half the read units: ingest asks
   * for every event's staff member), then the misses strongly consistent, so a record created a moment
   * ago is never refused. One deleted a moment ago may still be seen: its events are kept, as they
   * would have been a moment earlier.
   */
  async existingMasters(kind: MasterKind, ids: string[]): Promise<Set<string>> {
    const uniq = [...new Set(ids)];
    const found = new Set((await this.batchGet(uniq.map((id) => keys.master(kind, id)), { consistent: false })).map((i) => i.sk as string));
    const missing = uniq.filter((id) => !found.has(id));
    if (missing.length > 0) for (const i of await this.batchGet(missing.map((id) => keys.master(kind, id)))) found.add(i.sk as string);
    return found;
  }

  async listMaster<T>(kind: MasterKind): Promise<WithId<T>[]> {
    const items = await this.queryAll(keys.master(kind).pk);
    return items.map((i) => ({ ...(i.data as T), id: i.sk as string }) as WithId<T>);
  }

  /** Plain master records (departments, shifts, windows). */
  async putMaster(kind: MasterKind, id: string, data: object): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.master(kind, id), data, updatedAt: new Date().toISOString() },
      }),
    );
  }

  /** Staff with a unique PIN: the PIN index and the record change together or not at all. */
  async putStaff(id: string, data: Staff): Promise<void> {
    const prev = await this.getMaster<Staff>('staff', id);
    const tx: TransactItems = [
      { Put: { TableName: this.table, Item: { ...keys.master('staff', id), data, updatedAt: new Date().toISOString() } } },
    ];
    if (data.pin !== undefined && data.pin !== prev?.pin) {
      tx.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.pin(data.pin), staffId: id },
          ConditionExpression: 'attribute_not_exists(pk) OR staffId = :id',
          ExpressionAttributeValues: { ':id': id },
        },
      });
    }
    if (prev?.pin !== undefined && prev.pin !== data.pin) {
      tx.push({ Delete: { TableName: this.table, Key: keys.pin(prev.pin) } });
    }
    try {
      await this.transact(tx);
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new ConflictError(`pin ${data.pin} is already enrolled for another staff member`, 'pin');
      }
      throw e;
    }
  }

  async staffIdsByPins(pins: string[]): Promise<Map<string, string>> {
    const items = await this.batchGet([...new Set(pins)].map((p) => keys.pin(p)));
    return new Map(items.map((i) => [(i.pk as string).slice(4), i.staffId as string]));
  }

  /** Sources: only the key's SHA-256 is stored; the key and device indexes follow the record. */
  async putSource(id: string, data: Source, keyHash: string | undefined): Promise<void> {
    const prevItem = await this.get(keys.master('sources', id));
    const prev = prevItem as { keyHash?: string; data?: Source } | undefined;
    const tx: TransactItems = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.master('sources', id),
            data: {
              kind: data.kind,
              deviceSn: data.deviceSn,
              hasKey: keyHash !== undefined,
              allowedIps: data.allowedIps,
              hasCommKey: data.commKey !== undefined ? true : undefined,
              allowAnyTimeOffset: data.allowAnyTimeOffset,
            },
            keyHash,
            updatedAt: new Date().toISOString(),
          },
        },
      },
    ];
    if (keyHash !== undefined && keyHash !== prev?.keyHash) {
      tx.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.apiKey(keyHash), sourceId: id, kind: data.kind },
          ConditionExpression: 'attribute_not_exists(pk) OR sourceId = :id',
          ExpressionAttributeValues: { ':id': id },
        },
      });
    } else if (keyHash !== undefined) {
      tx.push({ Put: { TableName: this.table, Item: { ...keys.apiKey(keyHash), sourceId: id, kind: data.kind } } });
    }
    if (prev?.keyHash !== undefined && prev.keyHash !== keyHash) {
      tx.push({ Delete: { TableName: this.table, Key: keys.apiKey(prev.keyHash) } });
    }
    if (data.deviceSn !== undefined) {
      tx.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.device(data.deviceSn), sourceId: id, ...devicePolicy(data) },
          ConditionExpression: 'attribute_not_exists(pk) OR sourceId = :id',
          ExpressionAttributeValues: { ':id': id },
        },
      });
    }
    const prevSn = prev?.data?.deviceSn;
    if (prevSn !== undefined && prevSn !== data.deviceSn) {
      tx.push({ Delete: { TableName: this.table, Key: keys.device(prevSn) } });
    }
    try {
      await this.transact(tx);
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new ConflictError('key or deviceSn is already used by another source', 'key');
      }
      throw e;
    }
  }

  async sourceByKeyHash(hash: string): Promise<{ sourceId: string; kind: Source['kind'] } | undefined> {
    const i = await this.get(keys.apiKey(hash));
    return i ? { sourceId: i.sourceId as string, kind: i.kind as Source['kind'] } : undefined;
  }

  /** What a key digest belongs to: a source, or a role key (CONTRACT.md §13). */
  async principalByKeyHash(
    hash: string,
  ): Promise<{ sourceId: string; kind: Source['kind'] } | { keyId: string; role: RoleKey['role']; departmentId?: string } | undefined> {
    const i = await this.get(keys.apiKey(hash));
    if (!i) return undefined;
    if (typeof i.keyId === 'string') {
      return { keyId: i.keyId, role: i.role as RoleKey['role'], ...(typeof i.departmentId === 'string' ? { departmentId: i.departmentId } : {}) };
    }
    return { sourceId: i.sourceId as string, kind: i.kind as Source['kind'] };
  }

  // ---------- role keys: the record and the digest index are written and deleted together ----------

  async putRoleKey(k: RoleKey, keyHash: string): Promise<void> {
    const index = { keyId: k.id, role: k.role, ...(k.departmentId !== undefined ? { departmentId: k.departmentId } : {}) };
    await this.transact([
      { Put: { TableName: this.table, Item: { ...keys.roleKey(k.id), ...k, keyHash }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table, Item: { ...keys.apiKey(keyHash), ...index }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  }

  async listRoleKeys(): Promise<RoleKey[]> {
    return (await this.queryAll(keys.roleKey().pk, undefined, { consistent: true })).map(roleKeyOf);
  }

  /** Deletes the key (record and digest index); false when there was none. */
  async deleteRoleKey(id: string): Promise<boolean> {
    const item = await this.get(keys.roleKey(id));
    if (!item) return false;
    await this.transact([
      { Delete: { TableName: this.table, Key: keys.roleKey(id) } },
      { Delete: { TableName: this.table, Key: keys.apiKey(item.keyHash as string) } },
    ]);
    return true;
  }

  async sourceByDevice(sn: string): Promise<string | undefined> {
    const i = await this.get(keys.device(sn));
    return i?.sourceId as string | undefined;
  }

  // ---------- rules ----------

  async currentRules(): Promise<RuleSet> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'RULES' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = r.Items?.[0];
    return item ? (item.rules as RuleSet) : DEFAULT_RULES;
  }

  async rulesVersion(version: number): Promise<RuleSet> {
    if (version === 0) return DEFAULT_RULES;
    const item = await this.get(keys.rules(version));
    if (!item) throw new Error(`rule set version ${version} not found`);
    return item.rules as RuleSet;
  }

  /** Appends a new version; concurrent writers retry on the conditional put. */
  async putRules(body: RuleSetBody): Promise<number> {
    for (;;) {
      const version = (await this.currentRules()).version + 1;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...keys.rules(version), rules: { ...body, version }, createdAt: new Date().toISOString() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return version;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    }
  }

  // ---------- events ----------

  /**
   * The durable accept: a conditional put on (source, id) within the event's home partition.
   * `requestId` tells our own earlier attempt (an SDK retry after a lost answer) from a real repeat.
   */
  async putEvent(pk: string, stored: StoredEvent, requestId?: string): Promise<boolean> {
    const item = eventItem(pk, stored, { requestId });
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      this.changed([item]);
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        const old = (e as ConditionalCheckFailedException & { Item?: Record<string, { S?: string }> }).Item?.e?.S;
        return requestId !== undefined && old !== undefined && (JSON.parse(old) as StoredJson).rid === requestId;
      }
      throw e;
    }
  }

  /**
   * The durable accept of an event, keyed by (source, id) alone: a conditional write of its identity
   * item (which keeps the first accepted copy and its home partition), then the event in its home
   * partition. A repeat — whatever its staff, time or payload — finds the identity item and is a
   * duplicate; what it returns is the STORED event and home, which is what gets (re-)published.
   * The identity item first: a crash between the two writes leaves an identity without its home item,
   * which the repeat that follows (or the sweeper) completes from the identity's copy.
   *
   * The identity item is also where voids meet their event (void-registry.ts): a void made before the
   * event is already on it, and this one atomic UpdateItem returns it (`voided`), so an event no void
   * touches writes nothing more for voiding.
   */
  async acceptEvent(pk: string, stored: StoredEvent, requestId: string): Promise<{ isNew: boolean; pk: string; stored: StoredEvent; voided: boolean }> {
    const idKey = keys.eventId(stored.source, stored.event.id);
    let ownAttempt = true;
    let home = pk;
    let kept = stored;
    let identity: Record<string, unknown> | undefined;
    try {
      const r = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: idKey,
          UpdateExpression: 'SET h = :h, e = :e',
          // Not attribute_not_exists(pk): a void made first has created the item without an event.
          ConditionExpression: 'attribute_not_exists(e)',
          ExpressionAttributeValues: { ':h': pk, ':e': encodeStored(stored, requestId) },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      identity = r.Attributes;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const old = (e as ConditionalCheckFailedException & { Item?: Record<string, AttributeValue> }).Item;
      if (!old?.e?.S || !old.h?.S) throw e;
      const json = JSON.parse(old.e.S) as StoredJson;
      // Our own earlier attempt (an SDK retry after a lost answer) is not a repeat.
      ownAttempt = json.rid === requestId;
      home = old.h.S;
      kept = decodeStored(old.e.S);
      identity = old;
    }
    // The home item; for a repeat this only completes an accept that died between the two writes.
    // Whoever writes it is the accept that counts (`accepted`, not a duplicate): a fresh event, our own
    // retry, or a repeat completing a dead accept; an older home item (an event stored before identity
    // items existed, or a repeat racing its first accept) makes the caller a duplicate.
    const isNew = await this.putEvent(home, kept, ownAttempt ? requestId : undefined);
    return { isNew, pk: home, stored: kept, voided: Object.keys(identity ?? {}).some(isVoidAttribute) };
  }

  /** A joined copy (idempotent overwrite) so a staff-month's fold stays a single Query. */
  async putCopy(pk: string, stored: StoredEvent): Promise<void> {
    const item = eventItem(pk, stored, { copy: true });
    await this.db.send(new PutCommand({ TableName: this.table, Item: item }));
    this.changed([item], 'MODIFY');
  }

  /**
   * Marks staff-months dirty for the read model's refresher (a change that is not an event: master
   * data, rules, calendars): one small marker item in each staff-month's own partition, so on AWS it
   * reaches the refresher through the same stream shard, in order, as that staff-month's events.
   */
  async markDirty(targets: { staffId: string; month: string }[], now: number): Promise<void> {
    const seen = new Set<string>();
    const items: Item[] = [];
    for (const t of targets) {
      const pk = keys.staffMonth(t.staffId, t.month);
      if (seen.has(pk)) continue;
      seen.add(pk);
      // A changing attribute makes every mark a stream record (MODIFY), and the TTL clears old markers.
      items.push({ pk, sk: DIRTY_SK, at: now, ttl: Math.floor(now / 1000) + 30 * 86400 });
    }
    await this.batchPut(items);
    this.changed(items, 'MODIFY');
  }

  async getEvent(pk: string, sk: string): Promise<StoredEvent | undefined> {
    const i = await this.get({ pk, sk });
    return i ? storedEventOf(i) : undefined;
  }

  /** A partition's events; strongly consistent unless told (the refresher checks an eventual read itself). */
  async partitionEvents(pk: string, opts: { consistent?: boolean } = {}): Promise<StoredEvent[]> {
    // The fold's hot read (hundreds of rows a sheet): only the event attribute, taken straight from the
    // wire format, so the document client's unmarshalling does not walk every row before JSON.parse does.
    // The document client sends a plain client command through the same stack; its types only know its own.
    const out: StoredEvent[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const r = (await this.db.send(
        new AttributeQueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':p': { S: 'E#' } },
          ProjectionExpression: 'e',
          ConsistentRead: opts.consistent ?? true,
          ExclusiveStartKey: start,
        }) as never,
      )) as QueryCommandOutput;
      for (const i of r.Items ?? []) out.push(decodeStored(i.e!.S!));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Records one half of a case join and returns everything the case holds, in one atomic
   * UpdateItem on the case's join item: a review or filing adds its link, an annulment or
   * resolution adds itself. Whichever half arrives second sees the first, in any order, without a
   * separate put and Query.
   */
  async joinCase(casePk: string, half: { link: CaseLink } | { event: StoredEvent }): Promise<{ links: CaseLink[]; events: StoredEvent[] }> {
    const [name, value] =
      'link' in half
        ? [keys.caseLinkSk(half.link.staffId, half.link.month), { ...half.link }]
        : [keys.eventSk(half.event.source, half.event.event.id), encodeStored(half.event)];
    const r = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.caseJoin(casePk),
        UpdateExpression: 'SET #h = :v',
        ExpressionAttributeNames: { '#h': name },
        ExpressionAttributeValues: { ':v': value },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return caseJoinOf(r.Attributes ?? {});
  }

  // ---------- days and periods ----------

  async closeDay(date: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { ...keys.closedDay(date.slice(0, 7), date), closedAt: new Date().toISOString() } }),
    );
  }

  async closedDays(month: string): Promise<Set<string>> {
    return new Set((await this.queryAll(keys.closedDay(month).pk)).map((i) => i.sk as string));
  }

  async getPeriod(period: string): Promise<PeriodState> {
    const i = await this.get(keys.period(period));
    return i ? (i.state as PeriodState) : { period, status: 'open', version: 0 };
  }

  async listPeriods(): Promise<PeriodState[]> {
    return (await this.queryAll('PERIOD')).map((i) => i.state as PeriodState);
  }

  /**
   * Writes a period's state. With `expectVersion`, only over the state of that version (a close writes
   * over what it read): a writer that lost its lease cannot overwrite a newer close.
   */
  async putPeriod(state: PeriodState, expectVersion?: number): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.period(state.period), state },
          ...(expectVersion === undefined
            ? {}
            : {
                ConditionExpression: 'attribute_not_exists(pk) OR #st.#v = :v',
                ExpressionAttributeNames: { '#st': 'state', '#v': 'version' },
                ExpressionAttributeValues: { ':v': expectVersion },
              }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new ConflictError(`${state.period} changed while it was being closed`, 'period');
      throw e;
    }
  }

  // ---------- sheets ----------

  async getSheet(period: string, staffId: string): Promise<Sheet | undefined> {
    const i = await this.get(keys.sheet(period, staffId));
    return i?.body ? toSheet(i) : undefined;
  }

  async getSheets(period: string, staffIds: string[]): Promise<Sheet[]> {
    return (await this.batchGet([...new Set(staffIds)].map((s) => keys.sheet(period, s)))).filter((i) => i.body).map(toSheet);
  }

  /** One staff member's sheets of several periods (the return rule's 12 months) in one batch. */
  async staffSheets(staffId: string, periods: string[]): Promise<Sheet[]> {
    return (await this.batchGet(periods.map((p) => keys.sheet(p, staffId)))).filter((i) => i.body).map(toSheet);
  }

  /** Frozen sheets of one version (those of the given staff that have it). */
  async getFrozenSheets(period: string, staffIds: string[], version: number): Promise<Sheet[]> {
    return (await this.batchGet([...new Set(staffIds)].map((s) => keys.frozenSheet(period, s, version)))).filter((i) => i.body).map(toSheet);
  }

  /** Whether a period has any stored sheet (one item read at most). */
  async hasSheets(period: string): Promise<boolean> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.sheet(period).pk },
        ProjectionExpression: 'pk',
        Limit: 1,
      }),
    );
    return (r.Items ?? []).length > 0;
  }

  async listSheets(period: string): Promise<Sheet[]> {
    return (await this.queryAll(keys.sheet(period).pk)).filter((i) => i.body).map(toSheet);
  }

  /**
   * Writes an open sheet unless a writer that saw more already wrote (the watermark counts the
   * partition's items and closed days, which only grow), so a slow consumer cannot roll a sheet back.
   * Returns false when a newer sheet is already there.
   */
  async putOpenSheet(sheet: Sheet, watermark: number): Promise<boolean> {
    try {
      // An update, not a put: late arrivals listed while a close runs (`ac`) stay on the item.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.sheet(sheet.period, sheet.staffId),
          UpdateExpression: 'SET body = :b, w = :w, #s = :open',
          ConditionExpression: '(attribute_not_exists(w) OR w <= :w) AND (attribute_not_exists(#s) OR #s = :open)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':b': packSheet(sheet), ':w': watermark, ':open': 'open' },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Closed-month summaries of a staff member, by month. */
  async staffHistory(staffId: string): Promise<Map<string, MonthSummary>> {
    return historyOf(await this.get(keys.history(staffId)));
  }

  /** Many staff members' history items in one round trip per 100. */
  async staffHistories(staffIds: string[]): Promise<Map<string, Map<string, MonthSummary>>> {
    const items = await this.batchGet([...new Set(staffIds)].map((id) => keys.history(id)));
    const out = new Map<string, Map<string, MonthSummary>>();
    for (const i of items) out.set((i.pk as string).slice(5), historyOf(i));
    return out;
  }

  /**
   * Sets one month's summary on each staff member's history item (and drops one that aged out): an
   * update of that month alone, so closes of different months running at once never overwrite each other.
   */
  async putHistoryMonths(list: { staffId: string; month: string; summary: MonthSummary; drop?: string }[]): Promise<void> {
    await pool(list, 16, async ({ staffId, month, summary, drop }) => {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.history(staffId),
          UpdateExpression: `SET #m = :s${drop ? ' REMOVE #d' : ''}`,
          ExpressionAttributeNames: { '#m': `m${month}`, ...(drop ? { '#d': `m${drop}` } : {}) },
          ExpressionAttributeValues: { ':s': summary },
        }),
      );
    });
  }

  /** Replaces whole history items (the benchmark's bulk loader): batched, 25 a request. */
  async putHistories(list: { staffId: string; months: Map<string, MonthSummary> }[]): Promise<void> {
    await this.batchPut(
      list.map(({ staffId, months }) => ({ ...keys.history(staffId), ...Object.fromEntries([...months].map(([m, sum]) => [`m${m}`, sum])) })),
    );
  }

  /**
   * Freezes many sheets: the versioned copies in batches, the latest copy conditionally on its version
   * (never over a newer one: a close that outlived its lease cannot roll a revision back).
   */
  async putClosedSheets(sheets: Sheet[], folded?: Map<string, Set<string>>): Promise<void> {
    const packed = sheets.map((sheet) => ({ sheet, body: packSheet(sheet) }));
    await this.batchPut(packed.map(({ sheet, body }) => ({ ...keys.frozenSheet(sheet.period, sheet.staffId, sheet.version), body })));
    await pool(packed, 16, async ({ sheet, body }) => {
      const key = keys.sheet(sheet.period, sheet.staffId);
      let old: Item | undefined;
      try {
        const r = await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET body = :b, #s = :closed, v = :v',
            ConditionExpression: 'attribute_not_exists(v) OR v <= :v',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':b': body, ':closed': 'closed', ':v': sheet.version },
            ReturnValues: 'ALL_OLD',
          }),
        );
        old = r.Attributes as Item | undefined;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) {
          throw new ConflictError(`a newer version of ${sheet.period}/${sheet.staffId} than v${sheet.version} is already frozen`, 'version');
        }
        throw e;
      }
      // Late arrivals listed meanwhile (`ac`) that this fold counted are no longer late; the others stay listed.
      const listed = old?.ac instanceof Set ? [...(old.ac as Set<string>)] : [];
      // A month's fold says what it counted; a longer period counts what its months no longer list.
      const mine = folded?.get(sheet.staffId);
      const counted = listed.filter((id) => (mine ? mine.has(id) : !sheet.afterClose.includes(id)));
      if (counted.length > 0) {
        await this.db.send(
          new UpdateCommand({ TableName: this.table, Key: key, UpdateExpression: 'DELETE ac :ids', ExpressionAttributeValues: { ':ids': new Set(counted) } }),
        );
      }
    });
  }

  /** Unconditional puts via BatchWriteItem: 25 items a request, 4 in flight, unprocessed items retried. */
  private async batchPut(items: Item[]): Promise<void> {
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        let pending: Record<string, unknown>[] = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
          if (attempt > 10) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed`);
          const r = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
          pending = (r.UnprocessedItems?.[this.table] ?? []) as Record<string, unknown>[];
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, chunks.length) }, worker));
  }

  /**
   * Records an event that arrived after its period closed (or while it is being closed); a string set
   * makes repeats harmless. While closing there may be no sheet item yet: the freeze adds the body.
   */
  async addAfterClose(period: string, staffId: string, eventId: string, opts: { closing?: boolean } = {}): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.sheet(period, staffId),
        UpdateExpression: 'ADD ac :e',
        ...(opts.closing ? {} : { ConditionExpression: 'attribute_exists(body)' }),
        ExpressionAttributeValues: { ':e': new Set([eventId]) },
      }),
    ).catch((e: unknown) => {
      // No frozen sheet for this staff (not active at close): the event stays stored for a revision.
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    });
  }

  // ---------- mail ledger: one entry per (period, department, version) ----------
  // Each step is one conditional write, so no interleaving of closes, redeliveries and reconcile runs
  // can send a (period, department, version) twice: the claim is taken before the send.

  async mailEntry(k: MailKey): Promise<MailEntry | undefined> {
    const i = await this.get(keys.mail(k.period, k.departmentId, k.version));
    return i ? mailEntryOf(i) : undefined;
  }

  async mailLedger(period: string): Promise<MailEntry[]> {
    return (await this.queryAll(keys.mail(period, '', 0).pk)).map(mailEntryOf);
  }

  /** Sent: an entry written by recordMail (entries from before the ledger had states are sent ones). */
  async mailSent(k: MailKey): Promise<boolean> {
    return (await this.mailEntry(k))?.status === 'sent';
  }

  /**
   * Queues a publication: its request is kept (the reconcile sweep re-sends from it) and it is listed
   * as due until sent. An entry already sent is left alone.
   */
  async queueMail(request: PublicationRequest): Promise<void> {
    const k = mailKey(request);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(k.period, k.departmentId, k.version),
          UpdateExpression: 'SET #pe = :p, #dep = :d, #ver = :v, #req = :r, #s = if_not_exists(#s, :q), queuedAt = :now',
          // A held publication is released only by releaseMail (POST /v1/publish), never by a re-queue.
          ConditionExpression: 'attribute_not_exists(#s) OR NOT (#s IN (:sent, :superseded, :held))',
          ExpressionAttributeNames: { '#s': 'status', '#req': 'request', ...LEDGER_NAMES },
          ExpressionAttributeValues: { ':p': k.period, ':d': k.departmentId, ':v': k.version, ':r': request, ':q': 'queued', ':sent': 'sent', ':superseded': 'superseded', ':held': 'held', ':now': new Date().toISOString() },
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return;
      throw e;
    }
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.mailDue(k.period, k.departmentId, k.version), ...k } }));
  }

  /**
   * Holds a publication for review (rule `publication: "review"`): kept with its request, subject and
   * recipients so GET /v1/mails lists it, but not due — neither the sweep nor a claim sends it until
   * releaseMail. A re-run of the same close rewrites it; an entry past `held` is left alone.
   */
  async holdMail(request: PublicationRequest, info: { subject: string; to: string[] }): Promise<void> {
    const k = mailKey(request);
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(k.period, k.departmentId, k.version),
          UpdateExpression: 'SET #pe = :p, #dep = :d, #ver = :v, #req = :r, #s = :held, subject = :subj, #to = :to, heldAt = :now',
          ConditionExpression: 'attribute_not_exists(#s) OR #s = :held',
          ExpressionAttributeNames: { '#s': 'status', '#req': 'request', '#to': 'to', ...LEDGER_NAMES },
          ExpressionAttributeValues: { ':p': k.period, ':d': k.departmentId, ':v': k.version, ':r': request, ':held': 'held', ':subj': info.subject, ':to': info.to, ':now': new Date().toISOString() },
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      });
  }

  /**
   * Releases a held publication (POST /v1/publish): held → queued and due. True only for the one caller
   * whose conditional write moved it, so concurrent publishes release each mail once.
   */
  async releaseMail(k: MailKey): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(k.period, k.departmentId, k.version),
          UpdateExpression: 'SET #s = :q, queuedAt = :now',
          ConditionExpression: '#s = :held',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':q': 'queued', ':held': 'held', ':now': new Date().toISOString() },
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.mailDue(k.period, k.departmentId, k.version), ...k } }));
    return true;
  }

  /**
   * Claims the send of a (period, department, version): wins only if nobody sent it and nobody holds a
   * claim newer than `staleBefore` (wall-clock ms; an older claim's holder has timed out).
   */
  async claimMail(k: MailKey, token: string, staleBefore: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(k.period, k.departmentId, k.version),
          UpdateExpression: 'SET #pe = :p, #dep = :d, #ver = :v, #s = :sending, #t = :t, claimedAt = :now',
          ConditionExpression: 'attribute_not_exists(#s) OR #s IN (:queued, :failed) OR (#s = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status', '#t': 'token', ...LEDGER_NAMES },
          ExpressionAttributeValues: {
            ':p': k.period, ':d': k.departmentId, ':v': k.version, ':sending': 'sending', ':t': token, ':now': Date.now(),
            ':queued': 'queued', ':failed': 'failed', ':stale': staleBefore,
          },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** The mail went out: marked sent (whoever holds the claim now: a sent mail is never sent again) and no longer due. */
  async recordMail(k: MailKey, info: { subject: string; to: string[]; where: string; sentBy?: string }): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.mail(k.period, k.departmentId, k.version),
        UpdateExpression: 'SET #pe = :p, #dep = :d, #ver = :v, #s = :sent, subject = :subj, #to = :to, #w = :w, sentAt = :now, sentBy = :by REMOVE #t, #why',
        ExpressionAttributeNames: { '#s': 'status', '#to': 'to', '#w': 'where', '#t': 'token', '#why': 'reason', ...LEDGER_NAMES },
        ExpressionAttributeValues: {
          ':p': k.period, ':d': k.departmentId, ':v': k.version, ':sent': 'sent', ':subj': info.subject, ':to': info.to, ':w': info.where,
          ':now': new Date().toISOString(), ':by': info.sentBy ?? 'unknown',
        },
      }),
    );
    await this.deleteItem(keys.mailDue(k.period, k.departmentId, k.version));
  }

  /** Sending failed: the claim is given back (only by its holder) with the reason; the mail stays due. */
  async failMail(k: MailKey, token: string, reason: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(k.period, k.departmentId, k.version),
          UpdateExpression: 'SET #s = :failed, #why = :r REMOVE #t',
          ConditionExpression: '#t = :t',
          ExpressionAttributeNames: { '#s': 'status', '#t': 'token', '#why': 'reason' },
          ExpressionAttributeValues: { ':failed': 'failed', ':r': reason, ':t': token },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /** A later version of the department's results exists: this one is never sent. */
  async supersedeMail(k: MailKey): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.mail(k.period, k.departmentId, k.version),
        UpdateExpression: 'SET #s = :x REMOVE #t',
        ConditionExpression: 'attribute_not_exists(#s) OR #s <> :sent',
        ExpressionAttributeNames: { '#s': 'status', '#t': 'token' },
        ExpressionAttributeValues: { ':x': 'superseded', ':sent': 'sent' },
      }),
    ).catch((e: unknown) => {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    });
    await this.deleteItem(keys.mailDue(k.period, k.departmentId, k.version));
  }

  /** Mails not delivered yet (all periods, or one). */
  async mailsDue(period?: string): Promise<MailKey[]> {
    const items = await this.queryAll(keys.mailDue().pk, period === undefined ? undefined : `${period}#`);
    return items.map((i) => mailKey(i as unknown as MailKey));
  }

  /** The ledger of a period's mails (every department and version). */
  async listMails(period: string): Promise<Item[]> {
    return this.queryAll(`MAIL#${period}`);
  }

  async deleteItem(key: { pk: string; sk: string }): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }
}

/** What the iclock path checks on every request of a device (CONTRACT §9); the commKey only as a digest. */
function devicePolicy(s: Source): Record<string, unknown> {
  return {
    ...(s.allowedIps ? { allowedIps: s.allowedIps } : {}),
    ...(s.commKey !== undefined ? { commKeyHash: createHash('sha256').update(s.commKey).digest('hex') } : {}),
    ...(s.allowAnyTimeOffset ? { allowAnyTimeOffset: true } : {}),
  };
}

/** The one JSON attribute of an event item. */
interface StoredJson {
  s: string;
  r: string;
  a: number;
  e: HallEvent;
  /** The ingest request that stored it (home items only). */
  rid?: string;
}

/** A stored event as the JSON the table holds (event items and case join items alike). */
function encodeStored(s: StoredEvent, requestId?: string): string {
  const json: StoredJson = { s: s.source, r: s.receivedAt, a: s.at, e: s.event, ...(requestId ? { rid: requestId } : {}) };
  return JSON.stringify(json);
}

function decodeStored(text: string): StoredEvent {
  const j = JSON.parse(text) as StoredJson;
  return { source: j.s, receivedAt: j.r, at: j.a, event: j.e };
}

/** Attributes of an identity item that hold voids of its event (void-registry.ts writes them). */
export const VOID_ATTRIBUTE_PREFIX = 'V#';
const isVoidAttribute = (name: string): boolean => name.startsWith(VOID_ATTRIBUTE_PREFIX);

/**
 * An event as stored (exported for the benchmark's bulk loader, so it writes exactly this format):
 * the key and one JSON attribute. Few attributes matter: DynamoDB Local reads each Query row about
 * 25 % cheaper than with one attribute per field, and the fold reads hundreds of rows per sheet.
 */
export function eventItem(pk: string, s: StoredEvent, opts: { copy?: boolean; requestId?: string | undefined } = {}): Item {
  return { pk, sk: keys.eventSk(s.source, s.event.id), e: encodeStored(s, opts.requestId), ...(opts.copy ? { copy: true } : {}) };
}

/** An event item back as a StoredEvent. */
export function storedEventOf(i: Item): StoredEvent {
  return decodeStored(i.e as string);
}

/** A case's join item as the store writes it (exported for the benchmark's bulk loader). */
export function caseJoinItem(casePk: string, halves: { links?: CaseLink[]; events?: StoredEvent[] }): Item {
  const item: Item = { ...keys.caseJoin(casePk) };
  for (const l of halves.links ?? []) item[keys.caseLinkSk(l.staffId, l.month)] = { ...l };
  for (const e of halves.events ?? []) item[keys.eventSk(e.source, e.event.id)] = encodeStored(e);
  return item;
}

function caseJoinOf(item: Item): { links: CaseLink[]; events: StoredEvent[] } {
  const links: CaseLink[] = [];
  const events: StoredEvent[] = [];
  for (const [k, v] of Object.entries(item)) {
    if (k.startsWith('L#')) {
      const l = v as CaseLink;
      links.push({ staffId: l.staffId, month: l.month, eventSk: l.eventSk });
    } else if (k.startsWith('E#')) events.push(decodeStored(v as string));
  }
  return { links, events };
}

function mailEntryOf(i: Item): MailEntry {
  const e: MailEntry = {
    period: i.period as string,
    departmentId: i.departmentId as string,
    version: i.version as number,
    // Entries written before the ledger had states were written after sending.
    status: (i.status as MailEntry['status'] | undefined) ?? 'sent',
  };
  for (const f of ['request', 'reason', 'sentBy', 'sentAt', 'subject', 'to', 'where'] as const) if (i[f] !== undefined) (e as unknown as Item)[f] = i[f];
  return e;
}

function historyOf(item: Item | undefined): Map<string, MonthSummary> {
  const out = new Map<string, MonthSummary>();
  for (const [k, v] of Object.entries(item ?? {})) if (/^m\d{4}-\d{2}$/.test(k)) out.set(k.slice(1), v as MonthSummary);
  return out;
}

/**
 * Sheets are stored gzipped: a month's line items compress ~5×, and DynamoDB bills writes per KB of
 * item, so a refold costs about one write unit instead of five.
 */
function packSheet(sheet: Sheet): Uint8Array {
  return gzipSync(JSON.stringify(sheet));
}

function toSheet(i: Item): Sheet {
  if (!(i.body instanceof Uint8Array)) throw new Error(`sheet item ${String(i.pk)}/${String(i.sk)} has no body`);
  const sheet = JSON.parse(gunzipSync(i.body).toString('utf8')) as Sheet;
  const late = i.ac instanceof Set ? [...(i.ac as Set<string>)] : [];
  if (late.length > 0) sheet.afterClose = [...new Set([...sheet.afterClose, ...late])].sort();
  return sheet;
}

async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
