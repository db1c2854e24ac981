/**
 * The design's floor for a review: the four store operations the design gives a review (the durable
 * conditional put, the UpdateItem on its case's join item, the Query of its staff-month partition,
 * the sheet put), called straight on HallStore from this process, 16 in flight. No HTTP, validation,
 * bus, batching or fold: what the review path would reach if hallscore's own code cost nothing.
 */
import { performance } from 'node:perf_hooks';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.js';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import { HallStore } from '../shared/adapters/dynamodb/store.js';
import { ensureTable } from '../shared/adapters/dynamodb/table.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Sheet } from '../shared/domain/types.js';
import { runFor } from './baseline.js';
import { batchLoad, makePunch, makeReview, meanPartitionRows, Rng, SOURCE_IDS, staffId, staffMonthItems, workdaysOf } from './data.js';

export interface ReviewFloor {
  reviewsPerS: number;
  reviews: number;
  seconds: number;
  concurrency: number;
  partitions: number;
  /** Rows of a staff-month partition during the timed run: mean of its start and its end (each review adds one). */
  partitionRows: number;
}

export async function reviewFloor(
  endpoint: string,
  table: string,
  opts: { month: string; staff: number; workdays: number; seconds: number; warmupSeconds: number; concurrency?: number },
  /** Folded sheets to write (as the review path writes a full sheet). */
  templates: Sheet[],
): Promise<ReviewFloor> {
  const concurrency = opts.concurrency ?? 16;
  await ensureTable(new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), table);
  const store = new HallStore(createDocumentClient({ endpoint }), table);
  const days = workdaysOf(opts.month).slice(0, opts.workdays);
  const ids = Array.from({ length: opts.staff }, (_, i) => staffId(i + 1));
  function* items() {
    for (let i = 0; i < ids.length; i++) yield* staffMonthItems(3000 + i, ids[i]!, opts.month, days);
  }
  await batchLoad(store, items(), { total: Math.round(ids.length * days.length * 14.3), label: 'review floor partitions' });

  const rng = new Rng(7);
  const sheetOf = (id: string, i: number): Sheet => ({ ...templates[i % templates.length]!, period: opts.month, staffId: id, status: 'open', version: 0 });
  let n = 0;
  const review = async (): Promise<void> => {
    const i = n++;
    const id = rng.pick(ids);
    const event = makeReview(rng, id, rng.pick(days), `floor-${i}`);
    const pk = keys.staffMonth(id, opts.month);
    const stored = { source: SOURCE_IDS.evaluation, receivedAt: new Date().toISOString(), at: Date.parse(event.occurredAt), event };
    await store.putEvent(pk, stored);
    await store.joinCase(keys.casePk('evaluation', event.caseId), { link: { staffId: id, month: opts.month, eventSk: keys.eventSk(stored.source, event.id) } });
    const events = await store.partitionEvents(pk);
    await store.putOpenSheet(sheetOf(id, i), events.length * 100 + i);
  };
  await runFor(opts.warmupSeconds, concurrency, review);
  const rowsBefore = await meanPartitionRows(store, ids, opts.month);
  const t0 = performance.now();
  const reviews = await runFor(opts.seconds, concurrency, review);
  const seconds = (performance.now() - t0) / 1000;
  const rowsAfter = await meanPartitionRows(store, ids, opts.month);
  store.db.destroy();
  return { reviewsPerS: reviews / seconds, reviews, seconds, concurrency, partitions: ids.length, partitionRows: (rowsBefore + rowsAfter) / 2 };
}

export interface AcceptFloor {
  /** Events per second of each family at its floor. */
  punchPerS: number;
  reviewPerS: number;
  seconds: number;
  concurrency: number;
}

/**
 * The design's floor under the read model's rules (issue #22): what the 202 path and the consumer must
 * still write per event, called straight on HallStore, 16 in flight, no HTTP, bus, refresh or fold.
 * A punch is its durable accept (`acceptEvent`: the identity item's conditional put, then the event's
 * put in its partition); a review is that accept plus the UpdateItem on its case's join item.
 */
export async function acceptFloor(
  endpoint: string,
  table: string,
  opts: { month: string; staff: number; seconds: number; warmupSeconds: number; concurrency?: number },
): Promise<AcceptFloor> {
  const concurrency = opts.concurrency ?? 16;
  await ensureTable(new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), table);
  const store = new HallStore(createDocumentClient({ endpoint }), table);
  const days = workdaysOf(opts.month);
  const ids = Array.from({ length: opts.staff }, (_, i) => staffId(i + 1));
  const rng = new Rng(11);
  let n = 0;
  const punch = async (): Promise<void> => {
    const i = n++;
    const id = rng.pick(ids);
    const event = makePunch(rng, id, rng.pick(days), i % 4, `fp-${i}`);
    const stored = { source: SOURCE_IDS.attendance, receivedAt: new Date().toISOString(), at: Date.parse(event.occurredAt), event };
    await store.acceptEvent(keys.staffMonth(id, opts.month), stored, `rq-${i}`);
  };
  const review = async (): Promise<void> => {
    const i = n++;
    const id = rng.pick(ids);
    const event = makeReview(rng, id, rng.pick(days), `fr-${i}`);
    const stored = { source: SOURCE_IDS.evaluation, receivedAt: new Date().toISOString(), at: Date.parse(event.occurredAt), event };
    await store.acceptEvent(keys.staffMonth(id, opts.month), stored, `rq-${i}`);
    await store.joinCase(keys.casePk('evaluation', event.caseId), { link: { staffId: id, month: opts.month, eventSk: keys.eventSk(stored.source, event.id) } });
  };
  await runFor(opts.warmupSeconds, concurrency, review);
  let t0 = performance.now();
  const punches = await runFor(opts.seconds / 2, concurrency, punch);
  const punchSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const reviews = await runFor(opts.seconds / 2, concurrency, review);
  const reviewSeconds = (performance.now() - t0) / 1000;
  store.db.destroy();
  return { punchPerS: punches / punchSeconds, reviewPerS: reviews / reviewSeconds, seconds: punchSeconds + reviewSeconds, concurrency };
}
