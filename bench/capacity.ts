/**
 * DynamoDB consumed capacity, measured: a middleware on a document client's stack asks for
 * `ReturnConsumedCapacity: 'TOTAL'` on every data-plane call and sums what comes back, per operation
 * label (command + partition-key prefix) so a phase's units can be explained, not just totalled.
 *
 * DynamoDB Local reports capacity as DynamoDB bills it (shared/TOOLCHAIN.md), with two gaps that the
 * `aws*` fields fill in: a failed conditional write reports nothing locally but is billed ≥ 1 WRU,
 * and BatchGetItem reports 0 for keys that do not exist, which DynamoDB bills at the minimum read
 * (1 RRU consistent, 0.5 eventually consistent).
 */
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface OpStats {
  calls: number;
  /** Units as reported by ConsumedCapacity. */
  units: number;
  /** Items returned (reads) or written (writes). */
  items: number;
  /** Summed request latency, ms. */
  ms: number;
  /** performance.now() of the first and last completion. */
  firstAt: number;
  lastAt: number;
  kind: 'read' | 'write';
}

export interface CapSnapshot {
  rcu: number;
  wcu: number;
  readCalls: number;
  writeCalls: number;
  itemsRead: number;
  itemsWritten: number;
  conditionalFailures: number;
  /** BatchGetItem keys that found nothing (billed on AWS, 0 here). */
  missingBatchKeys: number;
  missingBatchKeysConsistent: number;
  ops: Record<string, OpStats>;
}

export interface CapDelta extends CapSnapshot {
  /** rcu + the minimum reads DynamoDB bills for missing BatchGet keys. */
  awsRcu: number;
  /** wcu + 1 per failed conditional write. */
  awsWcu: number;
}

type Json = Record<string, unknown>;

/** A string attribute, marshalled ({S: ..}) or not. */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { S?: unknown }).S === 'string') return (v as { S: string }).S;
  return undefined;
}

/** 'SM#s0001#2026-09' → 'SM'; 'MD#staff' → 'MD#staff'; 'CASE#complaint#c1' → 'CASE#complaint'. */
export function pkFamily(pk: string | undefined): string {
  if (!pk) return '?';
  const parts = pk.split('#');
  if (parts[0] === 'MD' || parts[0] === 'CASE') return parts.slice(0, 2).join('#');
  return parts[0] ?? '?';
}

function pkOf(op: string, input: Json): string | undefined {
  switch (op) {
    case 'PutItem':
      return str((input.Item as Json | undefined)?.pk);
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return str((input.Key as Json | undefined)?.pk);
    case 'Query': {
      const v = input.ExpressionAttributeValues as Json | undefined;
      return str(v?.[':pk']) ?? str(v ? Object.values(v)[0] : undefined);
    }
    case 'BatchGetItem': {
      const t = Object.values((input.RequestItems as Json | undefined) ?? {})[0] as { Keys?: Json[] } | undefined;
      return str(t?.Keys?.[0]?.pk);
    }
    case 'BatchWriteItem': {
      const t = Object.values((input.RequestItems as Json | undefined) ?? {})[0] as Json[] | undefined;
      const r = t?.[0] as { PutRequest?: { Item?: Json }; DeleteRequest?: { Key?: Json } } | undefined;
      return str(r?.PutRequest?.Item?.pk ?? r?.DeleteRequest?.Key?.pk);
    }
    case 'TransactWriteItems': {
      const t = (input.TransactItems as Json[] | undefined)?.[0] as Record<string, { Item?: Json; Key?: Json }> | undefined;
      const x = t ? Object.values(t)[0] : undefined;
      return str(x?.Item?.pk ?? x?.Key?.pk);
    }
    default:
      return undefined;
  }
}

function sumCapacity(cc: unknown, kind: 'read' | 'write'): number {
  const list = Array.isArray(cc) ? cc : cc ? [cc] : [];
  let n = 0;
  for (const c of list as { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }[]) {
    const specific = kind === 'read' ? c.ReadCapacityUnits : c.WriteCapacityUnits;
    n += specific ?? c.CapacityUnits ?? 0;
  }
  return n;
}

export class CapacityMeter {
  private s: CapSnapshot = CapacityMeter.empty();

  static empty(): CapSnapshot {
    return {
      rcu: 0,
      wcu: 0,
      readCalls: 0,
      writeCalls: 0,
      itemsRead: 0,
      itemsWritten: 0,
      conditionalFailures: 0,
      missingBatchKeys: 0,
      missingBatchKeysConsistent: 0,
      ops: {},
    };
  }

  snapshot(): CapSnapshot {
    return { ...this.s, ops: Object.fromEntries(Object.entries(this.s.ops).map(([k, v]) => [k, { ...v }])) };
  }

  /** Everything since `from` (a snapshot). */
  since(from: CapSnapshot): CapDelta {
    const now = this.s;
    const ops: Record<string, OpStats> = {};
    for (const [k, v] of Object.entries(now.ops)) {
      const p = from.ops[k];
      const calls = v.calls - (p?.calls ?? 0);
      if (calls === 0) continue;
      ops[k] = {
        kind: v.kind,
        calls,
        units: round(v.units - (p?.units ?? 0)),
        items: v.items - (p?.items ?? 0),
        ms: round(v.ms - (p?.ms ?? 0)),
        firstAt: p ? p.lastAt : v.firstAt, // approximate: the first completion after the snapshot
        lastAt: v.lastAt,
      };
    }
    const d = {
      rcu: round(now.rcu - from.rcu),
      wcu: round(now.wcu - from.wcu),
      readCalls: now.readCalls - from.readCalls,
      writeCalls: now.writeCalls - from.writeCalls,
      itemsRead: now.itemsRead - from.itemsRead,
      itemsWritten: now.itemsWritten - from.itemsWritten,
      conditionalFailures: now.conditionalFailures - from.conditionalFailures,
      missingBatchKeys: now.missingBatchKeys - from.missingBatchKeys,
      missingBatchKeysConsistent: now.missingBatchKeysConsistent - from.missingBatchKeysConsistent,
      ops,
    };
    const missingEventual = d.missingBatchKeys - d.missingBatchKeysConsistent;
    return { ...d, awsRcu: round(d.rcu + d.missingBatchKeysConsistent + 0.5 * missingEventual), awsWcu: round(d.wcu + d.conditionalFailures) };
  }

  record(op: string, label: string, kind: 'read' | 'write', units: number, items: number, ms: number): void {
    const s = this.s;
    if (kind === 'read') {
      s.rcu += units;
      s.readCalls++;
      s.itemsRead += items;
    } else {
      s.wcu += units;
      s.writeCalls++;
      s.itemsWritten += items;
    }
    const now = performance.now();
    const o = (s.ops[label] ??= { calls: 0, units: 0, items: 0, ms: 0, firstAt: now, lastAt: now, kind });
    o.calls++;
    o.units += units;
    o.items += items;
    o.ms += ms;
    o.lastAt = now;
  }

  conditionalFailure(): void {
    this.s.conditionalFailures++;
  }

  missingKeys(n: number, consistent: boolean): void {
    this.s.missingBatchKeys += n;
    if (consistent) this.s.missingBatchKeysConsistent += n;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Adds the capacity middleware to a document client (its stack is the underlying client's stack, so
 * every command through either is counted). Idempotent per client.
 */
export function attachCapacity(db: DynamoDBDocumentClient, meter: CapacityMeter): void {
  const name = 'benchConsumedCapacity';
  try {
    db.middlewareStack.remove(name);
  } catch {
    /* not there */
  }
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String((context as { commandName?: string }).commandName ?? '').replace(/Command$/, '');
      const kind = READS.has(op) ? 'read' : WRITES.has(op) ? 'write' : undefined;
      if (!kind) return next(args);
      const input = args.input as Json;
      input.ReturnConsumedCapacity = 'TOTAL';
      const label = `${op} ${pkFamily(pkOf(op, input))}`;
      const t0 = performance.now();
      try {
        const r = await next(args);
        const out = r.output as Json;
        const units = sumCapacity(out.ConsumedCapacity, kind);
        let items = 0;
        switch (op) {
          case 'Query':
          case 'Scan':
            items = Number(out.Count ?? 0);
            break;
          case 'GetItem':
            items = out.Item ? 1 : 0;
            break;
          case 'BatchGetItem': {
            const got = Object.values((out.Responses as Record<string, unknown[]> | undefined) ?? {}).reduce((n, l) => n + l.length, 0);
            const req = Object.values((input.RequestItems as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>) ?? {});
            const asked = req.reduce((n, t) => n + (t.Keys?.length ?? 0), 0);
            const unprocessed = Object.values((out.UnprocessedKeys as Record<string, { Keys?: unknown[] }> | undefined) ?? {}).reduce(
              (n, t) => n + (t.Keys?.length ?? 0),
              0,
            );
            items = got;
            const missing = asked - got - unprocessed;
            if (missing > 0) meter.missingKeys(missing, req.some((t) => t.ConsistentRead === true));
            break;
          }
          case 'BatchWriteItem': {
            const asked = Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).reduce((n, l) => n + l.length, 0);
            const unprocessed = Object.values((out.UnprocessedItems as Record<string, unknown[]> | undefined) ?? {}).reduce((n, l) => n + l.length, 0);
            items = asked - unprocessed;
            break;
          }
          case 'TransactWriteItems':
            items = ((input.TransactItems as unknown[]) ?? []).length;
            break;
          default:
            items = 1;
        }
        meter.record(op, label, kind, units, items, performance.now() - t0);
        return r;
      } catch (e) {
        const n = (e as { name?: string }).name;
        if (n === 'ConditionalCheckFailedException') {
          meter.conditionalFailure();
          meter.record(op, `${label} (condition failed)`, kind, 0, 0, performance.now() - t0);
        } else if (n === 'TransactionCanceledException') {
          meter.conditionalFailure();
        }
        throw e;
      }
    },
    { step: 'initialize', name, override: true },
  );
}
