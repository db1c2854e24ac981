/**
 * The physical limit, measured in this run: a bare conditional PutItem of one small item, 16 in
 * flight, from this Node process, through a document client built exactly like the store's.
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../shared/adapters/dynamodb/table.js';
import { attachCapacity, CapacityMeter } from './capacity.js';

export interface BaselineResult {
  putPerS: number;
  ops: number;
  seconds: number;
  concurrency: number;
  wcuPerPut: number;
  p50Ms: number;
  p99Ms: number;
}

export async function baselinePut(endpoint: string, table: string, opts: { seconds: number; warmupSeconds: number; concurrency?: number }): Promise<BaselineResult> {
  const concurrency = opts.concurrency ?? 16;
  await ensureTable(new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), table);
  const db = createDocumentClient({ endpoint });
  const meter = new CapacityMeter();
  attachCapacity(db, meter);
  let n = 0;
  const run = (seconds: number, lat?: number[]) =>
    runFor(seconds, concurrency, async () => {
      const i = n++;
      const t = performance.now();
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `B#${i}`, sk: 'x', v: i },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      lat?.push(performance.now() - t);
    });
  await run(opts.warmupSeconds);
  const s0 = meter.snapshot();
  const lat: number[] = [];
  const t0 = performance.now();
  const ops = await run(opts.seconds, lat);
  const seconds = (performance.now() - t0) / 1000;
  const cap = meter.since(s0);
  lat.sort((a, b) => a - b);
  db.destroy();
  return {
    putPerS: ops / seconds,
    ops,
    seconds,
    concurrency,
    wcuPerPut: cap.wcu / ops,
    p50Ms: lat[Math.floor(lat.length * 0.5)] ?? 0,
    p99Ms: lat[Math.floor(lat.length * 0.99)] ?? 0,
  };
}

/** Runs `op` back to back from `concurrency` loops until `seconds` have passed; returns how many completed. */
export async function runFor(seconds: number, concurrency: number, op: () => Promise<void>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await op();
        done++;
      }
    }),
  );
  return done;
}
