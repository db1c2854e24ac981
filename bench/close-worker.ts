/**
 * One close, measured in a fresh process (so its memory is the close's, as a Lambda's would be):
 * first a bare paginated Query of the same staff-month partitions (warm-up pass, then a timed pass),
 * then closeDay or closePeriod with the real services, sampling memory every 20 ms.
 *
 * Usage (by bench/close.ts): node --import tsx bench/close-worker.ts <config.json> <result.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.js';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import { HallStore, storedEventOf } from '../shared/adapters/dynamodb/store.js';
import type { BusEnvelope } from '../shared/bus/patterns.js';
import type { HallEvent, StoredEvent } from '../shared/domain/events.js';
import type { Shift, Staff } from '../shared/domain/masterdata.js';
import { foldStaffMonth } from '../shared/domain/scoring.js';
import { Calendars } from '../shared/domain/calendar.js';
import type { EventBus, Mailer, OutgoingMail } from '../shared/ports.js';
import { closeDay } from '../shared/services/close-day.js';
import { closePeriod } from '../shared/services/close-period.js';
import { mapLimit } from '../shared/services/ingest.js';
import { publishDepartment, PUBLICATION_REQUESTED } from '../shared/services/publish.js';
import type { PublicationMessage } from '../shared/domain/publication.js';
import { attachCapacity, CapacityMeter, type CapDelta } from './capacity.js';

export interface WorkerConfig {
  mode: 'day' | 'month';
  endpoint: string;
  table: string;
  month: string;
  /** Day close: the date to close. */
  date?: string;
  /** Clock of the close (after the period). */
  now: number;
  tz: string;
  concurrency: number;
}

export interface MemoryStats {
  rssBaseMB: number;
  rssPeakMB: number;
  heapBaseMB: number;
  heapPeakMB: number;
  heapPeakDeltaMB: number;
  /** heapUsed + external (Buffers, e.g. xlsx and MIME), peak minus base. */
  heapExternalPeakDeltaMB: number;
  /** Kernel high-water mark of the process (VmHWM), whole life of the worker. */
  vmHwmMB: number;
  samples: number;
}

export interface WorkerResult {
  mode: 'day' | 'month';
  staff: number;
  /** `ms`: mean of a timed pass right before and right after the close (brackets machine-load drift). */
  bareQuery: { ms: number; beforeMs: number; afterMs: number; warmupMs: number; partitions: number; items: number; rcu: number; pages: number };
  close: { ms: number; result: unknown; capacity: CapDelta };
  memory: MemoryStats;
  mail?: { count: number; bytes: number; firstAtMs: number; lastAtMs: number };
  /**
   * Month close, split as issue #22 asks: `closeMs` until the last publication is enqueued (freeze, rank,
   * enqueue: what the close itself does), and the publish consumers' mails after it (rendered and sent by
   * publishDepartment, as the publish function does per department), timed separately.
   */
  publish?: { enqueuedAtMs: number; messages: number; mailsDoneAtMs: number; mailsSeconds: number };
  bus?: { entries: number };
  /**
   * Where the close's time goes, measured after it: JSON.parse of every event item and the pure
   * monthly fold of every staff member (single thread, no I/O), and the summed latency of each
   * DynamoDB operation divided by the close's concurrency (≈ its share of wall time).
   */
  breakdown: { parseMs: number; foldCpuMs: number; ioWallMsByOp: Record<string, number> };
  /** Month close: time to the first frozen sheet write, to the last sheet write, and the rest (ranking, mails). */
  phasesMs?: { fold: number; freeze: number; rankAndEnqueue: number };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

function vmHwmMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const [cfgPath, outPath] = process.argv.slice(2);
  if (!cfgPath || !outPath) throw new Error('usage: close-worker.ts <config.json> <result.json>');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as WorkerConfig;
  const store = new HallStore(createDocumentClient({ endpoint: cfg.endpoint }), cfg.table);
  const meter = new CapacityMeter();
  attachCapacity(store.db, meter);

  // ---- bare Query of the same items, same concurrency
  const staff = await store.listMaster<Staff>('staff');
  const pks = staff.map((s) => keys.staffMonth(s.id, cfg.month));
  const bare = async () => {
    let items = 0;
    let pages = 0;
    await mapLimit(pks, cfg.concurrency, async (pk) => {
      let start: Record<string, unknown> | undefined;
      do {
        const r = await store.db.send(
          new QueryCommand({
            TableName: store.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
            ExpressionAttributeValues: { ':pk': pk, ':p': 'E#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items += r.Items?.length ?? 0;
        pages++;
        start = r.LastEvaluatedKey;
      } while (start);
    });
    return { items, pages };
  };
  let t = performance.now();
  await bare();
  const warmupMs = performance.now() - t;
  const q0 = meter.snapshot();
  t = performance.now();
  const { items, pages } = await bare();
  const bareMs = performance.now() - t;
  const bareCap = meter.since(q0);

  // ---- the close
  const clock = { now: () => cfg.now };
  const mail = { count: 0, bytes: 0, firstAtMs: 0, lastAtMs: 0 };
  let busEntries = 0;
  const mailer: Mailer = {
    async send(m: OutgoingMail) {
      const now = performance.now();
      if (mail.count === 0) mail.firstAtMs = now;
      mail.lastAtMs = now;
      mail.count++;
      mail.bytes += m.raw.length;
      return `counted:${m.departmentId}`;
    },
  };
  // The bus hands publication requests to the publish step, as EventBridge → SQS → the publish function
  // would (PutEvents returns at once); the close then waits for the ledger. On AWS each department's
  // mail renders in its own invocation, not on the close's CPU: here they start once the close has
  // enqueued every department's request (or returned), so rendering never runs inside the timed close.
  let enqueuedAt = 0;
  const departmentsToMail = new Set(staff.map((s) => s.departmentId)).size;
  const waiting: PublicationMessage[] = [];
  const publishing: Promise<unknown>[] = [];
  const startPublishing = () => {
    for (const m of waiting.splice(0)) publishing.push(publishDepartment(publishDeps, m));
  };
  const bus: EventBus = {
    async publish(entries: BusEnvelope[]) {
      busEntries += entries.length;
      for (const e of entries) {
        if (e['detail-type'] !== PUBLICATION_REQUESTED) continue;
        enqueuedAt = performance.now();
        waiting.push(e.detail as PublicationMessage);
      }
      if (waiting.length + publishing.length >= departmentsToMail) startPublishing();
    },
  };
  const publishDeps = { store, bus, mailer, clock, tz: cfg.tz, mailFrom: '考核系统 <hallscore@bench.example.gov.cn>' };

  gc();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heap: base.heapUsed, heapExt: base.heapUsed + base.external };
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples++;
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.heapExt = Math.max(peak.heapExt, m.heapUsed + m.external);
  };
  const timer = setInterval(sample, 20);
  const c0 = meter.snapshot();
  const t0 = performance.now();
  const result =
    cfg.mode === 'day'
      ? await closeDay({ store, tz: cfg.tz, clock }, cfg.date!)
      : await closePeriod(publishDeps, cfg.month);
  startPublishing();
  await Promise.all(publishing);
  const mailsDoneAt = performance.now();
  // A month close is done once its publications are enqueued; its answer waits for the ledger (polling).
  const closeMs = cfg.mode === 'month' && enqueuedAt > 0 ? enqueuedAt - t0 : performance.now() - t0;
  sample();
  clearInterval(timer);
  const cap = meter.since(c0);
  t = performance.now();
  await bare();
  const bareAfterMs = performance.now() - t;

  // ---- breakdown (after the measured close)
  const shifts = new Map((await store.listMaster<Shift>('shifts')).map((s) => [s.id, s]));
  const rules = await store.currentRules();
  const closedDays = await store.closedDays(cfg.month);
  const raw: Record<string, unknown>[][] = [];
  await mapLimit(pks, cfg.concurrency, async (pk, i) => {
    raw[i] = await store.queryAll(pk, 'E#');
  });
  let tp = performance.now();
  const events: StoredEvent[][] = raw.map((items) =>
    items.map(storedEventOf),
  );
  const parseMs = performance.now() - tp;
  tp = performance.now();
  staff.forEach((s, i) =>
    foldStaffMonth({
      calendars: Calendars.packageOnly(),
      period: cfg.month,
      tz: cfg.tz,
      staff: s,
      shift: shifts.get(s.shiftId)!,
      rules,
      events: events[i]!,
      closedDays,
      history: [],
      status: 'closed',
      version: 1,
      afterClose: [],
    }),
  );
  const foldCpuMs = performance.now() - tp;
  const ioWallMsByOp = Object.fromEntries(
    Object.entries(cap.ops)
      .map(([k, o]) => [k, Math.round((o.ms / cfg.concurrency) * 10) / 10] as const)
      .filter(([, ms]) => ms >= 1)
      .sort((a, b) => b[1] - a[1]),
  );

  const out: WorkerResult = {
    mode: cfg.mode,
    staff: staff.length,
    bareQuery: { ms: (bareMs + bareAfterMs) / 2, beforeMs: bareMs, afterMs: bareAfterMs, warmupMs, partitions: pks.length, items, rcu: bareCap.rcu, pages },
    close: { ms: closeMs, result, capacity: cap },
    breakdown: { parseMs, foldCpuMs, ioWallMsByOp },
    memory: {
      rssBaseMB: base.rss / MB,
      rssPeakMB: peak.rss / MB,
      heapBaseMB: base.heapUsed / MB,
      heapPeakMB: peak.heap / MB,
      heapPeakDeltaMB: (peak.heap - base.heapUsed) / MB,
      heapExternalPeakDeltaMB: (peak.heapExt - base.heapUsed - base.external) / MB,
      vmHwmMB: vmHwmMB(),
      samples,
    },
  };
  if (cfg.mode === 'month') {
    out.mail = { ...mail, firstAtMs: mail.firstAtMs - t0, lastAtMs: mail.lastAtMs - t0 };
    out.bus = { entries: busEntries };
    out.publish = { enqueuedAtMs: enqueuedAt - t0, messages: publishing.length, mailsDoneAtMs: mailsDoneAt - t0, mailsSeconds: (mailsDoneAt - enqueuedAt) / 1000 };
    // Fold = until the last read of an event partition; freeze = until the last SHEETV/SHEET write after
    // that (a first close writes sheets while it is still folding); the rest is ranking and mail.
    const reads = Object.entries(cap.ops).filter(([k, o]) => o.kind === 'read' && / SM$/.test(k)).map(([, o]) => o);
    const writes = Object.entries(cap.ops).filter(([k, o]) => o.kind === 'write' && / SHEETV?$/.test(k)).map(([, o]) => o);
    if (reads.length > 0 && writes.length > 0) {
      const foldEnd = Math.max(...reads.map((o) => o.lastAt));
      const lastWrite = Math.max(...writes.map((o) => o.lastAt));
      const fold = foldEnd - t0;
      const freeze = Math.max(0, lastWrite - foldEnd);
      out.phasesMs = { fold, freeze, rankAndEnqueue: closeMs - fold - freeze };
    }
  }
  writeFileSync(outPath, JSON.stringify(out));
  store.db.destroy();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
