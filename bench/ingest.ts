/**
 * Ingest → sheet through the real handlers: POST /v1/events over HTTP to the in-process local stack
 * (ingest handler → conditional puts → LocalBus → record handler → sheets). LocalBus delivers
 * synchronously, so when a request's 202 arrives its sheets are written: the clock stops when the
 * last response is in, and the sheets are then checked against what was sent.
 */
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import type { ComplaintFiled, HallEvent } from '../shared/domain/events.js';
import { daysOfMonth } from '../shared/domain/time.js';
import type { HallStore } from '../shared/adapters/dynamodb/store.js';
import type { LocalStack } from '../local/stack.js';
import type { CapacityMeter, CapDelta } from './capacity.js';
import { makeComplaint, makePunch, makeResolution, makeReview, Rng, SOURCE_KEYS, type Hall } from './data.js';
import { fmt, phase, Progress } from './report.js';

export type Family = 'punch' | 'review' | 'complaint';
type Kind = keyof typeof SOURCE_KEYS;
const KIND_OF: Record<Family, Kind> = { punch: 'attendance', review: 'evaluation', complaint: 'complaint' };

export interface IngestPhase {
  name: string;
  days: 'open' | 'closed';
  family: 'mix' | Family | 'late-punch';
  shape: string;
  events: number;
  byFamily: Record<string, number>;
  requests: number;
  seconds: number;
  eventsPerS: number;
  wcuPerEvent: number;
  rcuPerEvent: number;
  /** With what DynamoDB bills beyond ConsumedCapacity here (failed conditions, missing batch keys). */
  awsWcuPerEvent: number;
  awsRcuPerEvent: number;
  /** Per request: latency, time inside bus delivery (= record consumer), and the rest (= ingest function). */
  latencyMsP50: number;
  latencyMsP99: number;
  recordMsPerRequest: number;
  ingestMsPerRequest: number;
  /**
   * The read model's refresh after the last 202: seconds until the refresher had taken in every write
   * of the phase (waiting out its batching window as it would, not flushed early). Capacity includes it.
   */
  drainSeconds: number;
  /** Staleness: from a write reaching the stream to the end of the refresh batch that folded it (ms). */
  staleness: { records: number; p50Ms: number; p99Ms: number; maxMs: number };
  capacity: CapDelta;
}

interface Batch {
  kind: Kind;
  events: HallEvent[];
}

/** Generates events of one month for the hall, remembering what each staff member should show. */
export class EventSource {
  private n = 0;
  readonly reviews = new Map<string, number>();
  readonly filed = new Map<string, number>();
  /** Staff members whose sheets an event generated since the last clear() changes. */
  readonly touched = new Set<string>();
  private readonly rng: Rng;
  private pendingResolutions: ComplaintFiled[] = [];
  constructor(
    private readonly hall: Hall,
    private readonly month: string,
    private readonly workdays: string[],
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  private staff(): string {
    const id = this.rng.pick(this.hall.staff).id;
    this.touched.add(id);
    return id;
  }
  private day(): string {
    return this.rng.pick(this.workdays);
  }
  private id(tag: string): string {
    return `${tag}-${(this.n++).toString(36)}`;
  }

  punch(tag: string): HallEvent {
    return makePunch(this.rng, this.staff(), this.day(), this.rng.int(0, 3), this.id(`${tag}p`));
  }
  review(tag: string): HallEvent {
    const r = makeReview(this.rng, this.staff(), this.day(), this.id(`${tag}r`));
    this.reviews.set(r.staffId, (this.reviews.get(r.staffId) ?? 0) + 1);
    return r;
  }
  /** Complaint stream: filings, and resolutions of earlier filings `lag` positions later. */
  complaints(tag: string, count: number, lag: number): HallEvent[] {
    const out: HallEvent[] = [];
    const lastDay = daysOfMonth(this.month).at(-1)!;
    while (out.length < count) {
      if (this.pendingResolutions.length > lag) {
        const f = this.pendingResolutions.shift()!;
        this.touched.add(f.staffId);
        const d = new Date(Date.parse(f.occurredAt) + this.rng.int(2, 10) * 86400_000).toISOString().slice(0, 10);
        out.push(makeResolution(this.rng, f, d > lastDay ? lastDay : d, this.id(`${tag}cr`)));
      } else {
        const f = makeComplaint(this.rng, this.staff(), this.day(), this.id(`${tag}c`));
        this.filed.set(f.staffId, (this.filed.get(f.staffId) ?? 0) + 1);
        this.pendingResolutions.push(f);
        out.push(f);
      }
    }
    return out;
  }

  /** Batches of `size` for a count-weighted mix, interleaved in a seeded random order. */
  batches(tag: string, counts: Partial<Record<Family, number>>, size: number): Batch[] {
    const streams: Record<Family, HallEvent[]> = {
      punch: Array.from({ length: counts.punch ?? 0 }, () => this.punch(tag)),
      review: Array.from({ length: counts.review ?? 0 }, () => this.review(tag)),
      complaint: this.complaints(tag, counts.complaint ?? 0, size),
    };
    const perFamily = (Object.keys(streams) as Family[]).map((f) => {
      const list: Batch[] = [];
      for (let i = 0; i < streams[f].length; i += size) list.push({ kind: KIND_OF[f], events: streams[f].slice(i, i + size) });
      return list;
    });
    const order = perFamily.flatMap((l, fi) => l.map(() => fi));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const next = perFamily.map(() => 0);
    return order.map((fi) => perFamily[fi]![next[fi]!++]!);
  }
}

export class IngestDriver {
  private publishMs = 0;
  private lags: number[] = [];
  constructor(
    readonly stack: LocalStack,
    readonly meter: CapacityMeter,
  ) {
    // The read model's staleness: each refreshed write, from reaching the stream to its batch's end.
    stack.refresh.onDelivered = (done, at) => {
      for (const d of done) this.lags.push(at - d.arrivedAt);
    };
    // Time spent inside bus delivery = the record consumer's work (LocalBus awaits it).
    const bus = stack.bus;
    const publish = bus.publish.bind(bus);
    bus.publish = async (entries) => {
      const t = performance.now();
      try {
        await publish(entries);
      } finally {
        this.publishMs += performance.now() - t;
      }
    };
  }

  private async post(b: Batch): Promise<void> {
    const body = b.events.length === 1 ? b.events[0] : { events: b.events };
    const r = await fetch(`${this.stack.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SOURCE_KEYS[b.kind]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (r.status !== 202) throw new Error(`POST /v1/events → ${r.status}: ${text.slice(0, 500)}`);
    const accepted = (JSON.parse(text) as { accepted: number }).accepted;
    if (accepted !== b.events.length) throw new Error(`accepted ${accepted} of ${b.events.length}: ${text}`);
  }

  async run(
    p: Pick<IngestPhase, 'name' | 'days' | 'family' | 'shape'>,
    batches: Batch[],
    concurrency: number,
  ): Promise<IngestPhase> {
    const events = batches.reduce((n, b) => n + b.events.length, 0);
    const byFamily: Record<string, number> = {};
    for (const b of batches) for (const e of b.events) byFamily[e.type] = (byFamily[e.type] ?? 0) + 1;
    phase(`ingest ${p.name}: ${events.toLocaleString('en-US')} events in ${batches.length} requests, ${concurrency} concurrent`);
    const progress = new Progress(p.name, events, 'events');
    const lat: number[] = [];
    let next = 0;
    const s0 = this.meter.snapshot();
    const pub0 = this.publishMs;
    this.lags = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches.length) {
          const b = batches[next++]!;
          const t = performance.now();
          await this.post(b);
          lat.push(performance.now() - t);
          progress.add(b.events.length);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    progress.done();
    // Let the refresher finish the phase's writes as it would (its window, not an early flush), so the
    // capacity below includes the refresh and staleness covers every write.
    const td = performance.now();
    for (let waited = 0; this.stack.refresh.pending > 0 && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await this.stack.refresh.flush();
    const drainSeconds = (performance.now() - td) / 1000;
    const lags = this.lags.sort((a, b) => a - b);
    const cap = this.meter.since(s0);
    const dead = await this.deadLetters();
    if (dead > 0) throw new Error(`${dead} dead-lettered bus deliveries during ${p.name}`);
    lat.sort((a, b) => a - b);
    const publishMs = this.publishMs - pub0;
    const meanLatency = lat.reduce((a, b) => a + b, 0) / Math.max(1, lat.length);
    const r: IngestPhase = {
      ...p,
      events,
      byFamily,
      requests: batches.length,
      seconds,
      eventsPerS: events / seconds,
      wcuPerEvent: cap.wcu / events,
      rcuPerEvent: cap.rcu / events,
      awsWcuPerEvent: cap.awsWcu / events,
      awsRcuPerEvent: cap.awsRcu / events,
      latencyMsP50: lat[Math.floor(lat.length * 0.5)] ?? 0,
      latencyMsP99: lat[Math.floor(lat.length * 0.99)] ?? 0,
      recordMsPerRequest: publishMs / batches.length,
      ingestMsPerRequest: meanLatency - publishMs / batches.length,
      drainSeconds,
      staleness: {
        records: lags.length,
        p50Ms: lags[Math.floor(lags.length * 0.5)] ?? 0,
        p99Ms: lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))] ?? 0,
        maxMs: lags.at(-1) ?? 0,
      },
      capacity: cap,
    };
    phase(
      `  → ${fmt(r.eventsPerS, 0)} events/s, ${fmt(r.wcuPerEvent)} WCU + ${fmt(r.rcuPerEvent)} RCU per event (refresh included), p50 ${fmt(r.latencyMsP50, 1)} ms per request; refresh drained ${fmt(drainSeconds, 1)} s after the last 202, staleness p99 ${fmt(r.staleness.p99Ms / 1000, 2)} s`,
    );
    return r;
  }

  /** Dead letters so far: the bus's list (older local bus) or the table's DLQ partition. */
  async deadLetters(): Promise<number> {
    const legacy = (this.stack.bus as unknown as { deadLetters?: unknown[] }).deadLetters;
    if (Array.isArray(legacy)) return legacy.length;
    return (await this.stack.deps.store.queryAll('DLQ')).length;
  }

  /** Open days: every sheet shows exactly the reviews and complaints sent for its staff member. */
  async verifyOpen(
    src: EventSource,
    hall: Hall,
    month: string,
    preloaded: { reviews: Map<string, number>; filed: Map<string, number> },
  ): Promise<{ sheets: number; checked: number }> {
    const sheets = new Map((await this.stack.deps.store.getSheets(month, hall.staff.map((s) => s.id))).map((s) => [s.staffId, s]));
    let checked = 0;
    for (const s of hall.staff) {
      const sent = (src.reviews.get(s.id) ?? 0) + (src.filed.get(s.id) ?? 0);
      const want = { reviews: (src.reviews.get(s.id) ?? 0) + (preloaded.reviews.get(s.id) ?? 0), filed: (src.filed.get(s.id) ?? 0) + (preloaded.filed.get(s.id) ?? 0) };
      const sheet = sheets.get(s.id);
      if (!sheet) {
        if (sent > 0) throw new Error(`no sheet for ${s.id}, expected ${JSON.stringify(want)}`);
        continue;
      }
      if (sent === 0) continue;
      if (sheet.evaluations.count !== want.reviews || sheet.complaints.filed !== want.filed) {
        throw new Error(`sheet ${s.id} shows ${sheet.evaluations.count} reviews / ${sheet.complaints.filed} complaints, sent ${want.reviews} / ${want.filed}`);
      }
      checked++;
    }
    return { sheets: sheets.size, checked };
  }

  /** Closed days: every sheet's watermark counts every item of its partition (the sheet saw the last event). */
  async verifyWatermarks(staff: { id: string }[], month: string): Promise<{ checked: number }> {
    const store = this.stack.deps.store;
    let checked = 0;
    for (const s of staff) {
      const item = await store.get(keys.sheet(month, s.id));
      if (!item) throw new Error(`no sheet for ${s.id} after closed-days events`);
      const pk = keys.staffMonth(s.id, month);
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const r = await store.db.send(
          new QueryCommand({
            TableName: store.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
            ExpressionAttributeValues: { ':pk': pk, ':p': 'E#' },
            Select: 'COUNT',
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        count += r.Count ?? 0;
        start = r.LastEvaluatedKey;
      } while (start);
      // services/sheets.ts: rules.version × 1e12 + events × 1000 + closed days (this and later months).
      const seen = Math.floor(((item.w as number) % 1e12) / 1000);
      if (seen !== count) throw new Error(`sheet ${s.id} was folded from ${seen} events, its partition holds ${count}`);
      checked++;
    }
    return { checked };
  }
}

export interface SheetSizes {
  sheets: number;
  /** The sheet as JSON (what the fold produces). */
  avgJsonBytes: number;
  maxJsonBytes: number;
  /** The `body` attribute as the store writes it (whatever its encoding). */
  avgStoredBodyBytes: number;
  maxStoredBodyBytes: number;
  /** What-ifs on the JSON: gzip (default level), brotli (quality 5). */
  avgGzipBytes: number;
  avgBrotliBytes: number;
  avgItems: number;
}

/** Sizes of a period's sheets: parsed through the store (format-agnostic) and as stored. */
export async function sheetSizes(store: HallStore, period: string): Promise<SheetSizes> {
  const [raw, sheets] = await Promise.all([store.queryAll(keys.sheet(period).pk), store.listSheets(period)]);
  const stored = raw.map((i) => i.body).filter((b) => b !== undefined).map((b) => (typeof b === 'string' ? Buffer.byteLength(b) : b instanceof Uint8Array ? b.length : 0));
  let json = 0;
  let maxJson = 0;
  let gz = 0;
  let br = 0;
  let items = 0;
  for (const sheet of sheets) {
    const b = JSON.stringify(sheet);
    const n = Buffer.byteLength(b);
    json += n;
    maxJson = Math.max(maxJson, n);
    gz += gzipSync(b).length;
    br += brotliCompressSync(b, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }).length;
    items += sheet.items.length;
  }
  const k = Math.max(1, sheets.length);
  return {
    sheets: sheets.length,
    avgJsonBytes: json / k,
    maxJsonBytes: maxJson,
    avgStoredBodyBytes: stored.reduce((a, b) => a + b, 0) / Math.max(1, stored.length),
    maxStoredBodyBytes: Math.max(0, ...stored),
    avgGzipBytes: gz / k,
    avgBrotliBytes: br / k,
    avgItems: items / k,
  };
}
