/**
 * Day close and month close of a big hall: loads a realistic month straight into the table (the
 * store's item format, BatchWriteItem), a year of closed sheets as history, then runs each close in
 * a fresh worker process (bench/close-worker.ts) next to a bare Query of the same partitions.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.js';
import { HallStore } from '../shared/adapters/dynamodb/store.js';
import { ensureTable } from '../shared/adapters/dynamodb/table.js';
import { addDays, daysOfMonth, zonedInstant } from '../shared/domain/time.js';
import { REPO_ROOT } from '../infra/functions.js';
import { batchLoad, itemBytes, seedHistory, seedMasterData, staffMonthItems, templateSheets, TZ, workdaysOf, type Hall } from './data.js';
import { sheetSizes, type SheetSizes } from './ingest.js';
import { phase } from './report.js';
import { attachCapacity, CapacityMeter } from './capacity.js';
import { rankings } from '../shared/services/query.js';
import { refreshMonth } from '../shared/services/close-day.js';
import { periodOf } from '../shared/domain/periods.js';
import { performance } from 'node:perf_hooks';
import type { WorkerConfig, WorkerResult } from './close-worker.js';

export interface CloseBench {
  staff: number;
  workdays: number;
  month: string;
  events: number;
  items: number;
  /** Mean DynamoDB item size of an event. */
  eventItemBytes: number;
  loadSeconds: number;
  loadItemsPerS: number;
  historySheets: number;
  /** GET /v1/rankings of the open quarter (rankings() as the query function runs it), at two volumes. */
  rankings: RankingRun[];
  day: WorkerResult & { date: string; ratio: number };
  month_: WorkerResult & { ratio: number };
  closedSheetSizes: SheetSizes;
}

export interface RankingRun {
  quarter: string;
  workdaysLoaded: number;
  eventsPerStaff: number;
  /** Median of `runs` calls, each with a fresh cache (as each request has). */
  ms: number;
  runs: number[];
  staffRanked: number;
  /** Queries of staff-month partitions during the calls: 0 when answered from stored sheets. */
  partitionQueries: number;
  rcu: number;
}

async function timeRankings(store: HallStore, month: string, workdays: number, events: number, staff: number): Promise<RankingRun> {
  const quarter = periodOf(month, 'quarter');
  const meter = new CapacityMeter();
  attachCapacity(store.db, meter);
  const runs: number[] = [];
  let ranked = 0;
  const s0 = meter.snapshot();
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await rankings(store, TZ, quarter, 'main');
    runs.push(performance.now() - t);
    ranked = r.staff.length;
  }
  const cap = meter.since(s0);
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    quarter,
    workdaysLoaded: workdays,
    eventsPerStaff: events / staff,
    ms: sorted[Math.floor(sorted.length / 2)]!,
    runs: runs.map((x) => Math.round(x)),
    staffRanked: ranked,
    partitionQueries: cap.ops['Query SM']?.calls ?? 0,
    rcu: cap.rcu / runs.length,
  };
}

function runWorker(cfg: WorkerConfig): Promise<WorkerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hallscore-bench-close-'));
  const cfgPath = join(dir, 'config.json');
  const outPath = join(dir, 'result.json');
  writeFileSync(cfgPath, JSON.stringify(cfg));
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'close-worker.ts'), cfgPath, outPath], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    child.once('error', rej);
    child.once('exit', (code) => {
      if (code !== 0) return rej(new Error(`close worker (${cfg.mode}) exited with ${code}`));
      res(JSON.parse(readFileSync(outPath, 'utf8')) as WorkerResult);
    });
  });
}

export async function closeBench(endpoint: string, opts: { staff: number; workdays: number; month: string; table: string }): Promise<CloseBench> {
  await ensureTable(new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), opts.table);
  const store = new HallStore(createDocumentClient({ endpoint }), opts.table);

  phase(`close bench: master data for ${opts.staff} staff`);
  const hall: Hall = await seedMasterData(store, opts.staff);
  const workdays = workdaysOf(opts.month).slice(0, opts.workdays);

  const estimate = Math.round(opts.staff * workdays.length * 14.3);
  phase(`close bench: generating and loading ${opts.staff} staff × ${workdays.length} workdays of ${opts.month} (≈${estimate.toLocaleString('en-US')} items)`);
  let events = 0;
  let eventBytes = 0;
  // Loaded in two halves, so the open quarter's ranking is timed at two volumes (it must not grow).
  const half = Math.ceil(workdays.length / 2);
  function* all(days: string[], seed: number) {
    for (let i = 0; i < hall.staff.length; i++) {
      for (const item of staffMonthItems(seed + i, hall.staff[i]!.id, opts.month, days)) {
        if (String(item.sk).startsWith('E#') && item.copy !== true) {
          events++;
          eventBytes += itemBytes(item);
        }
        yield item;
      }
    }
  }
  const first = await batchLoad(store, all(workdays.slice(0, half), 1000), { total: Math.round((estimate * half) / workdays.length), label: 'events (first half)', concurrency: 8 });

  phase('close bench: history (11 closed months of sheets per staff member)');
  const templates = templateSheets(hall, opts.month);
  const hist = await seedHistory(store, hall, opts.month, templates);

  // The read model after the first half: every staff-month refreshed (as the refresher or a day close leaves it).
  phase(`close bench: refreshing ${opts.staff} stored sheets, then GET /v1/rankings of the open quarter (${half} workdays loaded)`);
  await refreshMonth(store, TZ, opts.month);
  const rankingRuns = [await timeRankings(store, opts.month, half, events, opts.staff)];
  phase(`  → ${rankingRuns[0]!.ms.toFixed(0)} ms (median of 5), ${rankingRuns[0]!.partitionQueries} staff-month Queries`);

  const rest = await batchLoad(store, all(workdays.slice(half), 5000), { total: estimate - first.items, label: 'events (second half)', concurrency: 8 });
  const load = { items: first.items + rest.items, seconds: first.seconds + rest.seconds };
  phase(`  → ${load.items.toLocaleString('en-US')} items (${events.toLocaleString('en-US')} events) in ${load.seconds.toFixed(1)} s`);

  // The day under test is the last workday with events; earlier days were closed on their evenings.
  const date = workdays.at(-1)!;
  for (const d of daysOfMonth(opts.month)) if (d < date) await store.closeDay(d);
  const afterMonth = zonedInstant(addDays(daysOfMonth(opts.month).at(-1)!, 3), '02:00', TZ);

  phase(`close bench: day close of ${date} (fresh process; bare Query of the same partitions first)`);
  const day = await runWorker({ mode: 'day', endpoint, table: opts.table, month: opts.month, date, now: afterMonth, tz: TZ, concurrency: 8 });
  phase(`  → ${(day.close.ms / 1000).toFixed(2)} s (bare Query ${(day.bareQuery.ms / 1000).toFixed(2)} s), peak RSS ${day.memory.rssPeakMB.toFixed(0)} MB`);

  // The day close refolded and stored every sheet of the month: the ranking again, at the full volume.
  rankingRuns.push(await timeRankings(store, opts.month, workdays.length, events, opts.staff));
  phase(`  → GET /v1/rankings/${rankingRuns[1]!.quarter}: ${rankingRuns[1]!.ms.toFixed(0)} ms (median of 5) at ${rankingRuns[1]!.eventsPerStaff.toFixed(0)} events per staff member, against ${rankingRuns[0]!.ms.toFixed(0)} ms at ${rankingRuns[0]!.eventsPerStaff.toFixed(0)}`);

  phase(`close bench: month close of ${opts.month} (fresh process; bare Query first)`);
  const month = await runWorker({ mode: 'month', endpoint, table: opts.table, month: opts.month, now: afterMonth, tz: TZ, concurrency: 8 });
  phase(`  → ${(month.close.ms / 1000).toFixed(2)} s (bare Query ${(month.bareQuery.ms / 1000).toFixed(2)} s), ${month.mail?.count ?? 0} mails, peak RSS ${month.memory.rssPeakMB.toFixed(0)} MB`);

  const closedSheetSizes = await sheetSizes(store, opts.month);
  store.db.destroy();
  return {
    staff: opts.staff,
    workdays: workdays.length,
    month: opts.month,
    events,
    items: load.items,
    eventItemBytes: eventBytes / Math.max(1, events),
    loadSeconds: load.seconds,
    loadItemsPerS: load.items / load.seconds,
    historySheets: hist.sheets,
    rankings: rankingRuns,
    day: { ...day, date, ratio: day.close.ms / day.bareQuery.ms },
    month_: { ...month, ratio: month.close.ms / month.bareQuery.ms },
    closedSheetSizes,
  };
}
