/**
 * The bench itself (bench/run.ts sets the environment first, then imports this).
 * `npm run bench [-- --quick]`: hallscore's benchmarks against a DynamoDB Local started for the run.
 *
 *  1. baseline: bare conditional PutItem, 16 in flight (the physical limit, measured now)
 *  2. ingest → sheet through the real handlers over HTTP (open days, then closed days), per family
 *  3. consumed capacity (RCU/WCU) of every call, per phase and per operation
 *  4. day close and month close of a big hall (fresh processes; memory; vs a bare Query)
 *  5. bundles (infra's esbuild settings) and cold init of each function
 *  6. estimated AWS cost of a 200-staff hall-month
 *
 * Prints tables and writes bench/results.json. `--quick` (CI smoke) runs small volumes in < 1 min.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { startStack } from '../local/stack.js';
import { storedEventOf } from '../shared/adapters/dynamodb/store.js';
import { FUNCTIONS, REPO_ROOT } from '../infra/functions.js';
import { daysOfMonth } from '../shared/domain/time.js';
import { REFRESH_SETTINGS } from '../shared/bus/refresh.js';
import { baselinePut, type BaselineResult } from './baseline.js';
import { acceptFloor, reviewFloor } from './floor.js';
import { buildBundles, coldInits, type LayerInfo } from './bundles.js';
import { consoleBench } from './console.js';

/** Layers built with the bundles (reported beside them, never counted as bundle bytes). */
let LAYERS: LayerInfo[] = [];
import { attachCapacity, CapacityMeter, type CapDelta } from './capacity.js';
import { closeBench } from './close.js';
import { estimateHallMonth, HALL_MONTH, PRICES, type UnitCost } from './cost.js';
import { batchLoad, meanPartitionRows, seedHistory, seedMasterData, staffMonthItems, templateSheets, workdaysOf } from './data.js';
import { EventSource, IngestDriver, sheetSizes, type IngestPhase, type SheetSizes } from './ingest.js';
import { fmt, fmtInt, phase, table, type Cell } from './report.js';

const quick = process.argv.includes('--quick');
const MONTH = '2026-09'; // 22 statutory workdays
const ADMIN_KEY = 'bench-admin-key-000000001';

const V = quick
  ? {
      baselineSeconds: 1.5,
      baselineWarmup: 0.5,
      ingestStaff: 60,
      preloadWorkdays: 3,
      warmup: 200,
      mix: 800,
      family: { punch: 150, review: 100, complaint: 50 },
      single: 10,
      closedMix: 200,
      late: 100,
      closeStaff: 100,
      closeWorkdays: 5,
      coldRuns: 1,
      consoleStaff: 40,
      consoleRuns: 3,
    }
  : {
      baselineSeconds: 8,
      baselineWarmup: 4,
      ingestStaff: 200,
      preloadWorkdays: 11,
      warmup: 2000,
      mix: 8000,
      family: { punch: 1200, review: 800, complaint: 400 },
      single: 50,
      closedMix: 2000,
      late: 800,
      closeStaff: 1000,
      closeWorkdays: 22,
      coldRuns: 3,
      consoleStaff: 200,
      consoleRuns: 8,
    };

const BATCH = 25;
const CLIENTS = 16;
/**
 * The ingest mix is a hall day's: the same per staff-workday counts the cost model and the close's
 * generated month use (4 punches, 9.5 reviews, 0.1 complaint events), so reviews are most of it.
 */
const MIX = (() => {
  const d = HALL_MONTH.perStaffWorkday;
  const complaint = d.complaintFiled + d.complaintResolved;
  const all = d.punch + d.review + complaint;
  return { punch: d.punch / all, review: d.review / all, complaint: complaint / all };
})();
const split = (n: number) => ({ punch: Math.round(n * MIX.punch), review: Math.round(n * MIX.review), complaint: Math.round(n * MIX.complaint) });

const r2 = (n: number) => Math.round(n * 100) / 100;
const r3 = (n: number) => Math.round(n * 1000) / 1000;

function topOps(cap: CapDelta, per: number, n = 8): { op: string; calls: number; units: number; unitsPer: number; callsPer: number; items: number }[] {
  return Object.entries(cap.ops)
    .map(([op, o]) => ({ op: `${o.kind === 'read' ? 'R' : 'W'} ${op}`, calls: o.calls, units: o.units, unitsPer: r3(o.units / per), callsPer: r3(o.calls / per), items: o.items }))
    .sort((a, b) => b.units - a.units || b.calls - a.calls)
    .slice(0, n);
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg().map(r2);
  phase(`hallscore bench${quick ? ' --quick' : ''}: ${cpus().length} CPUs, Node ${process.version}, load average ${loadAtStart.join(' ')}`);
  if (loadAtStart[0]! > cpus().length * 0.75) phase('  note: the machine is busy with other work; absolute numbers will be lower than on an idle machine');

  phase('starting DynamoDB Local (in memory)');
  const ddb = await startDynamoDbLocal({ dataDir: 'memory' });
  const endpoint = ddb.endpoint;
  try {
    // ---------------------------------------------------------------- 2./3. ingest → sheet
    phase(`ingest bench: local stack (real handlers, LocalBus), ${V.ingestStaff}-staff hall`);
    const outbox = mkdtempSync(join(tmpdir(), 'hallscore-bench-outbox-'));
    const stack = await startStack({ dynamoEndpoint: endpoint, port: 0, tableName: 'bench-ingest', schedules: false, outbox, adminKey: ADMIN_KEY });
    const meter = new CapacityMeter();
    attachCapacity(stack.deps.store.db, meter);
    phase(`ingest bench: master data and 11 months of closed sheets (history) for ${V.ingestStaff} staff`);
    const hall = await seedMasterData(stack.deps.store, V.ingestStaff);
    const templates = templateSheets(hall, MONTH);
    await seedHistory(stack.deps.store, hall, MONTH, templates);
    // Mid-month partitions: the first workdays of the month are already stored (and joined).
    const preDays = workdaysOf(MONTH).slice(0, V.preloadWorkdays);
    const preloaded = { reviews: new Map<string, number>(), filed: new Map<string, number>() };
    function* firstDays() {
      for (let i = 0; i < hall.staff.length; i++) {
        const id = hall.staff[i]!.id;
        for (const item of staffMonthItems(2000 + i, id, MONTH, preDays)) {
          if (String(item.pk).startsWith('SM#') && item.copy !== true) {
            const type = storedEventOf(item).event.type;
            const m = type === 'evaluation.submitted' ? preloaded.reviews : type === 'complaint.filed' ? preloaded.filed : undefined;
            m?.set(id, (m.get(id) ?? 0) + 1);
          }
          yield item;
        }
      }
    }
    phase(`ingest bench: preloading ${preDays.length} workdays of ${MONTH} (mid-month partitions), then ingesting the rest`);
    await batchLoad(stack.deps.store, firstDays(), { total: Math.round(V.ingestStaff * preDays.length * 14.3), label: 'first days' });
    const src = new EventSource(hall, MONTH, workdaysOf(MONTH).slice(V.preloadWorkdays), 42);
    const drv = new IngestDriver(stack, meter);
    const batched = `${BATCH}/request × ${CLIENTS} clients`;
    // The baseline warms DynamoDB Local's JVM on puts before it measures; the mix gets the same: an
    // unmeasured mix first, so the JIT has compiled the Query/Update paths too. Measured cold, the first
    // Query-heavy phase spent about twice the JVM CPU per review that the same phase spent warm.
    phase(`warm-up (not measured): ${V.warmup.toLocaleString('en-US')} events of the same mix`);
    const warmup = await drv.run({ name: 'warm-up mix', days: 'open', family: 'mix', shape: batched }, src.batches('w', split(V.warmup), BATCH), CLIENTS);
    // ---------------------------------------------------------------- 1. baseline, bracketing the headline phase
    // Measured right before and right after the realistic mix (DynamoDB Local's JVM is warm by then, and
    // the two runs bracket whatever else the machine is doing during the mix).
    phase(`baseline: bare conditional PutItem, 16 concurrent, ${V.baselineSeconds} s (+${V.baselineWarmup} s warm-up)`);
    const baselineBefore: BaselineResult = await baselinePut(endpoint, 'bench-baseline', { seconds: V.baselineSeconds, warmupSeconds: V.baselineWarmup });
    phase(`  → ${fmtInt(baselineBefore.putPerS)} puts/s, ${fmt(baselineBefore.wcuPerPut)} WCU per put, p50 ${fmt(baselineBefore.p50Ms, 1)} ms`);

    const phases: IngestPhase[] = [];

    // Mean rows of a staff-month partition (what each refold's Query reads), around the headline mix.
    const meanRows = () => meanPartitionRows(stack.deps.store, hall.staff.map((st) => st.id), MONTH);
    const rowsBeforeMix = await meanRows();
    const openMix = await drv.run({ name: 'mix, open days', days: 'open', family: 'mix', shape: batched }, src.batches('m', split(V.mix), BATCH), CLIENTS);
    phases.push(openMix);
    const mixPartitionRows = (rowsBeforeMix + (await meanRows())) / 2;
    // The baseline again right after the headline phase: the two bracket it (machine load drifts).
    phase(`baseline again, right after the mix: bare conditional PutItem, 16 concurrent, ${V.baselineSeconds} s`);
    const baselineAfter = await baselinePut(endpoint, 'bench-baseline-after', { seconds: V.baselineSeconds, warmupSeconds: 0.2 });
    phase(`  → ${fmtInt(baselineAfter.putPerS)} puts/s, p50 ${fmt(baselineAfter.p50Ms, 1)} ms`);
    const baseline = { ...baselineBefore, putPerS: (baselineBefore.putPerS + baselineAfter.putPerS) / 2, beforePutPerS: baselineBefore.putPerS, afterPutPerS: baselineAfter.putPerS };
    const openCheck = await drv.verifyOpen(src, hall, MONTH, preloaded);
    phase(`  verified: ${openCheck.checked} sheets show every review and complaint sent`);
    const openSizes = await sheetSizes(stack.deps.store, MONTH);

    for (const f of ['punch', 'review', 'complaint'] as const) {
      phases.push(await drv.run({ name: `${f}, open days`, days: 'open', family: f, shape: batched }, src.batches(`b${f[0]}`, { [f]: V.family[f] }, BATCH), CLIENTS));
    }
    for (const f of ['punch', 'review', 'complaint'] as const) {
      phases.push(await drv.run({ name: `${f}, open days, 1/request`, days: 'open', family: f, shape: '1/request × 1 client' }, src.batches(`s${f[0]}`, { [f]: V.single }, 1), 1));
    }
    await drv.verifyOpen(src, hall, MONTH, preloaded);

    phase(`closing every day of ${MONTH} (punches now refold their sheet: late punches)`);
    for (const d of daysOfMonth(MONTH)) await stack.deps.store.closeDay(d);
    src.touched.clear();
    const closedMix = await drv.run({ name: 'mix, closed days', days: 'closed', family: 'mix', shape: batched }, src.batches('k', split(V.closedMix), BATCH), CLIENTS);
    phases.push(closedMix);
    phases.push(await drv.run({ name: 'late punch, closed days', days: 'closed', family: 'late-punch', shape: batched }, src.batches('lp', { punch: V.late }, BATCH), CLIENTS));
    phases.push(await drv.run({ name: 'late punch, 1/request', days: 'closed', family: 'late-punch', shape: '1/request × 1 client' }, src.batches('ls', { punch: V.single }, 1), 1));
    const wm = await drv.verifyWatermarks(hall.staff.filter((s) => src.touched.has(s.id)), MONTH);
    await drv.verifyOpen(src, hall, MONTH, preloaded);
    phase(`  verified: ${wm.checked} sheets were folded from every event of their partition`);
    const closedSizes = await sheetSizes(stack.deps.store, MONTH);

    // The design's floor for a review, in its own table, on as many partitions as the ingest hall and
    // about the rows the headline mix saw (it grew them from the preloaded days by ~1.5 days of events).
    const floorDays = V.preloadWorkdays + 1;
    phase(`review floor: the four store operations a review needs, called directly, 16 concurrent, ${V.baselineSeconds} s (partitions of ${floorDays} workdays)`);
    const floor = await reviewFloor(endpoint, 'bench-floor', { month: MONTH, staff: V.ingestStaff, workdays: floorDays, seconds: V.baselineSeconds, warmupSeconds: V.baselineWarmup / 2 }, templates);
    phase(`  → ${fmt(floor.reviewsPerS, 0)} reviews/s on partitions of ${fmt(floor.partitionRows, 0)} rows (mean over the run)`);
    phase(`accept floor (issue #22's rules): a punch's durable accept, a review's accept + case join, called directly, 16 concurrent, ${V.baselineSeconds} s`);
    const floor22 = await acceptFloor(endpoint, 'bench-floor-22', { month: MONTH, staff: V.ingestStaff, seconds: V.baselineSeconds, warmupSeconds: V.baselineWarmup / 2 });
    phase(`  → punches ${fmt(floor22.punchPerS, 0)}/s, reviews ${fmt(floor22.reviewPerS, 0)}/s`);

    // ---------------------------------------------------------------- 5. bundles + cold init
    phase('bundles: esbuild with infra/functions.ts ESBUILD_OPTIONS');
    const { dir, bundles, layers, buildMs } = await buildBundles();
    LAYERS = layers;
    for (const l of layers) phase(`  → layer of ${l.name}: ${l.modules.join(', ')} and ${l.packages} packages, ${(l.bytes / 1e6).toFixed(1)} MB unzipped (not part of the bundle; loaded on first use)`);
    phase(`  → ${bundles.length} bundles in ${(buildMs / 1000).toFixed(1)} s: ${bundles.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(0)} KB`).join(', ')}`);
    phase(`cold init: fresh node process per function, import → first call (${V.coldRuns} run${V.coldRuns > 1 ? 's, median' : ''})`);
    const cold = await coldInits(
      dir,
      bundles,
      {
        TABLE_NAME: 'bench-ingest',
        DYNAMODB_ENDPOINT: endpoint,
        BUS_NAME: 'hallscore',
        HALLSCORE_TZ: 'Asia/Shanghai',
        HALLSCORE_ADMIN_KEY: ADMIN_KEY,
        MAIL_FROM: 'hallscore@bench.example.gov.cn',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench-placeholder',
        AWS_SECRET_ACCESS_KEY: 'bench-placeholder',
      },
      V.coldRuns,
    );
    phase(`  → ${cold.map((c) => `${c.name} ${c.initToFirstResultMs.toFixed(0)} ms`).join(', ')}`);
    await stack.stop();

    // ---------------------------------------------------------------- 4. closes
    const close = await closeBench(endpoint, { staff: V.closeStaff, workdays: V.closeWorkdays, month: MONTH, table: 'bench-close' });

    // ---------------------------------------------------------------- 7. the console in a browser
    phase(`console: gzipped JS of the first page and the screen; navigation → first sheet list (${V.consoleStaff} staff, headless Chromium)`);
    const consoleCost = await consoleBench(endpoint, { staff: V.consoleStaff, runs: V.consoleRuns, month: MONTH });

    // ---------------------------------------------------------------- 6. cost
    const byName = (n: string) => phases.find((p) => p.name === n)!;
    const unit = (p: IngestPhase): UnitCost & { recordMs: number } => ({ wcu: p.awsWcuPerEvent, rcu: p.awsRcuPerEvent, ms: p.ingestMsPerRequest, recordMs: p.recordMsPerRequest });
    const dayCap = close.day.close.capacity;
    const monthCap = close.month_.close.capacity;
    const fullMonth = 22 / close.workdays; // quick runs load fewer days: scale partition reads to a full month
    const dayQueryRcu = (dayCap.ops['Query SM']?.units ?? 0) * fullMonth;
    const dayRcu = dayCap.awsRcu + (fullMonth - 1) * (dayCap.ops['Query SM']?.units ?? 0);
    const monthRcu = monthCap.awsRcu + (fullMonth - 1) * (monthCap.ops['Query SM']?.units ?? 0);
    const memoryMB = Object.fromEntries(FUNCTIONS.map((f) => [f.name, f.memorySize])) as Record<'ingest' | 'record' | 'close' | 'query' | 'admin' | 'iclock' | 'refresh', number>;
    // The bigger of the two open-quarter rankings (its per-staff units and time stand for every list).
    const listRun = close.rankings[close.rankings.length - 1]!;
    const cost = estimateHallMonth({
      ingest: {
        punch: unit(byName('punch, open days, 1/request')),
        review: unit(byName('review, open days, 1/request')),
        complaint: unit(byName('complaint, open days, 1/request')),
        latePunch: unit(byName('late punch, 1/request')),
      },
      refoldPerStaff: {
        wcu: dayCap.awsWcu / close.staff,
        rcu: dayRcu / close.staff,
        queryRcu: dayQueryRcu / close.staff,
        ms: (close.day.close.ms * fullMonth) / close.staff,
      },
      monthClosePerStaff: { wcu: monthCap.awsWcu / close.staff, rcu: monthRcu / close.staff, ms: (close.month_.close.ms * fullMonth) / close.staff },
      listPerStaff: { rcu: listRun.rcu / listRun.staffRanked, ms: listRun.ms / listRun.staffRanked },
      mailBytes: (close.month_.mail?.bytes ?? 0) / Math.max(1, close.month_.mail?.count ?? 1),
      memoryMB,
      coldInitMs: Object.fromEntries(cold.map((c) => [c.name, c.initToFirstResultMs])),
      bytesPerEventItem: close.eventItemBytes,
    });

    // ---------------------------------------------------------------- results
    const ingestPerS = openMix.eventsPerS;
    const closeRatio = Math.max(close.day.ratio, close.month_.ratio);
    const closePeakMB = Math.max(close.day.memory.rssPeakMB, close.month_.memory.rssPeakMB);
    const ONE_MB = 1_000_000;
    const family = (p: IngestPhase) => ({
      eventsPerS: r2(p.eventsPerS),
      wcuPerEvent: r3(p.wcuPerEvent),
      rcuPerEvent: r3(p.rcuPerEvent),
      awsWcuPerEvent: r3(p.awsWcuPerEvent),
      awsRcuPerEvent: r3(p.awsRcuPerEvent),
      events: p.events,
      seconds: r3(p.seconds),
      latencyMsP50: r2(p.latencyMsP50),
      ingestMsPerRequest: r2(p.ingestMsPerRequest),
      recordMsPerRequest: r2(p.recordMsPerRequest),
      topOps: topOps(p.capacity, p.events),
    });
    const closeDetail = (w: typeof close.day | typeof close.month_, days: number) => {
      const c = w.close.capacity;
      const staffDays = close.staff * days;
      return {
        staff: close.staff,
        seconds: r3(w.close.ms / 1000),
        bareQuerySeconds: r3(w.bareQuery.ms / 1000),
        ratio: r2(w.ratio),
        bareQuery: {
          note: 'seconds = mean of a timed pass before and after the close',
          beforeSeconds: r3(w.bareQuery.beforeMs / 1000),
          afterSeconds: r3(w.bareQuery.afterMs / 1000),
          partitions: w.bareQuery.partitions,
          items: w.bareQuery.items,
          pages: w.bareQuery.pages,
          rcu: w.bareQuery.rcu,
        },
        itemsRead: c.itemsRead,
        itemsWritten: c.itemsWritten,
        readCalls: c.readCalls,
        writeCalls: c.writeCalls,
        rcu: c.rcu,
        wcu: c.wcu,
        awsRcu: c.awsRcu,
        awsWcu: c.awsWcu,
        perStaffDay: { itemsRead: r3(c.itemsRead / staffDays), itemsWritten: r3(c.itemsWritten / staffDays), rcu: r3(c.awsRcu / staffDays), wcu: r3(c.awsWcu / staffDays) },
        perStaff: { itemsRead: r2(c.itemsRead / close.staff), itemsWritten: r2(c.itemsWritten / close.staff), rcu: r2(c.awsRcu / close.staff), wcu: r2(c.awsWcu / close.staff), ms: r2(w.close.ms / close.staff) },
        memory: Object.fromEntries(Object.entries(w.memory).map(([k, v]) => [k, r2(v)])),
        topOps: topOps(c, close.staff, 10),
        breakdown: {
          parseSeconds: r3(w.breakdown.parseMs / 1000),
          foldCpuSeconds: r3(w.breakdown.foldCpuMs / 1000),
          ioWallSecondsByOp: Object.fromEntries(Object.entries(w.breakdown.ioWallMsByOp).map(([k, v]) => [k, r3(v / 1000)])),
        },
        result: w.close.result,
      };
    };
    const monthMails = close.month_.mail?.count ?? 0;
    const results = {
      ...(quick ? { quick: true } : {}),
      baselinePutPerS: r2(baseline.putPerS),
      ingestPerS: r2(ingestPerS),
      ingestRatio: r3(ingestPerS / baseline.putPerS),
      /**
       * What the mix would reach if hallscore's code cost nothing: punches at the bare put, reviews and
       * complaints at the review floor (their store operations called directly). ingestPerS / this.
       */
      designFloor: (() => {
        const perS = 1 / (MIX.punch / baseline.putPerS + (MIX.review + MIX.complaint) / floor.reviewsPerS);
        return {
          reviewsPerS: r2(floor.reviewsPerS),
          partitionRows: r2(floor.partitionRows),
          mixPartitionRows: r2(mixPartitionRows),
          mixPerS: r2(perS),
          mixRatio: r3(perS / baseline.putPerS),
          ingestVsFloor: r3(ingestPerS / perS),
        };
      })(),
      /**
       * Issue #22's floor: the rules after the read model (no refold per event): punches at their durable
       * accept (identity item + event put), reviews and complaints at accept + case join. ingestPerS / this.
       */
      acceptFloor: (() => {
        const perS = 1 / (MIX.punch / floor22.punchPerS + (MIX.review + MIX.complaint) / floor22.reviewPerS);
        return { punchPerS: r2(floor22.punchPerS), reviewPerS: r2(floor22.reviewPerS), mixPerS: r2(perS), mixRatio: r3(perS / baseline.putPerS), ingestVsFloor: r3(ingestPerS / perS) };
      })(),
      /** The read model (CONTRACT.md §7 v2): write → stored sheet, per phase, and the ranking of an open quarter. */
      readModel: {
        batchingWindowSeconds: REFRESH_SETTINGS.batchingWindowSeconds,
        stalenessMixP99Seconds: r3(openMix.staleness.p99Ms / 1000),
        stalenessWorstP99Seconds: r3(Math.max(...phases.map((p) => p.staleness.p99Ms)) / 1000),
        phases: phases.map((p) => ({ name: p.name, records: p.staleness.records, p50Seconds: r3(p.staleness.p50Ms / 1000), p99Seconds: r3(p.staleness.p99Ms / 1000), maxSeconds: r3(p.staleness.maxMs / 1000), drainSeconds: r3(p.drainSeconds) })),
        openQuarterRankings: close.rankings.map((k) => ({ ...k, ms: r2(k.ms), eventsPerStaff: r2(k.eventsPerStaff), rcu: r2(k.rcu) })),
      },
      wcuPerEvent: r3(openMix.wcuPerEvent),
      rcuPerEvent: r3(openMix.rcuPerEvent),
      closePeakMB: r2(closePeakMB),
      closeRatio: r2(closeRatio),
      baseline: {
        note: 'putPerS = mean of a run right before and a run right after the headline ingest phase (mix, open days)',
        ...baseline,
        putPerS: r2(baseline.putPerS),
        beforePutPerS: r2(baseline.beforePutPerS),
        afterPutPerS: r2(baseline.afterPutPerS),
        after: { ...baselineAfter, putPerS: r2(baselineAfter.putPerS) },
      },
      ingest: {
        staff: V.ingestStaff,
        month: MONTH,
        preloadedWorkdays: V.preloadWorkdays,
        mix: MIX,
        warmup: { events: warmup.events, eventsPerS: r2(warmup.eventsPerS) },
        clients: CLIENTS,
        batch: BATCH,
        openDays: { ...family(openMix), ratio: r3(openMix.eventsPerS / baseline.putPerS), byType: openMix.byFamily },
        closedDays: { ...family(closedMix), ratio: r3(closedMix.eventsPerS / baseline.putPerS), byType: closedMix.byFamily },
        verified: { openDaysSheets: openCheck.checked, closedDaysWatermarks: wm.checked },
        sheetItemBytes: { openDays: openSizes, closedDays: closedSizes },
        phases: phases.map((p) => ({ name: p.name, shape: p.shape, ...family(p), awsExtras: { conditionalFailures: p.capacity.conditionalFailures, missingBatchKeys: p.capacity.missingBatchKeys } })),
      },
      perFamily: {
        note: 'wcu/rcu: ConsumedCapacity as DynamoDB Local reports it; awsWcu/awsRcu add what DynamoDB bills beyond that (failed conditional writes, missing BatchGet keys)',
        batched: Object.fromEntries(
          (['punch, open days', 'review, open days', 'complaint, open days', 'late punch, closed days'] as const).map((n) => [n.split(',')[0]!.replace(' ', '-'), family(byName(n))]),
        ),
        singleEventRequests: Object.fromEntries(
          (['punch, open days, 1/request', 'review, open days, 1/request', 'complaint, open days, 1/request', 'late punch, 1/request'] as const).map((n) => [
            n.split(',')[0]!.replace(' ', '-'),
            family(byName(n)),
          ]),
        ),
      },
      dayClose: { date: close.day.date, ...closeDetail(close.day, 1) },
      monthClose: {
        month: MONTH,
        workdays: close.workdays,
        ...closeDetail(close.month_, close.workdays),
        emails: monthMails,
        /** The close ends when its publications are enqueued; the publish step's mails are timed after it. */
        publish: close.month_.publish ? { ...close.month_.publish, mailsSeconds: r3(close.month_.publish.mailsSeconds) } : null,
        mailsPerS: r2(monthMails / (close.month_.close.ms / 1000)),
        mailBytes: close.month_.mail?.bytes ?? 0,
        mailWindowSeconds: close.month_.mail ? r3((close.month_.mail.lastAtMs - close.month_.mail.firstAtMs) / 1000) : null,
        phasesSeconds: close.month_.phasesMs
          ? { fold: r3(close.month_.phasesMs.fold / 1000), freeze: r3(close.month_.phasesMs.freeze / 1000), rankAndEnqueue: r3(close.month_.phasesMs.rankAndEnqueue / 1000) }
          : null,
        closedSheetItemBytes: close.closedSheetSizes,
      },
      closeData: {
        staff: close.staff,
        workdays: close.workdays,
        events: close.events,
        items: close.items,
        eventItemBytes: r2(close.eventItemBytes),
        historySheets: close.historySheets,
        loadSeconds: r3(close.loadSeconds),
        loadItemsPerS: r2(close.loadItemsPerS),
      },
      bundles: Object.fromEntries(bundles.map((b) => [b.name, { bytes: b.bytes, under1MB: b.bytes < ONE_MB, top: b.top }])),
      layers: LAYERS.map(({ name, modules, packages, files, bytes }) => ({ function: name, modules, packages, files, bytes })),
      coldInit: Object.fromEntries(cold.map((c) => [c.name, { ...c, importMs: r2(c.importMs), firstCallMs: r2(c.firstCallMs), initToFirstResultMs: r2(c.initToFirstResultMs), processMs: r2(c.processMs), rssMB: r2(c.rssMB) }])),
      cost: {
        pricesAsOf: PRICES.asOf,
        prices: PRICES,
        assumptions: HALL_MONTH,
        volumes: Object.fromEntries(Object.entries(cost.volumes).map(([k, v]) => [k, Math.round(v)])),
        lines: cost.lines.map((l) => ({ ...l, quantity: r2(l.quantity), usd: Math.round(l.usd * 10000) / 10000 })),
        targetUsd: Math.round(cost.targetUsd * 1000) / 1000,
        totalWithOtherUsd: Math.round(cost.totalUsd * 1000) / 1000,
        ...(quick ? { note: `quick run: close units and times scaled ×${fullMonth.toFixed(2)} from ${close.workdays} loaded workdays to a full month` } : {}),
      },
      console: {
        firstPageJsGzipBytes: consoleCost.firstPage.gzipBytes,
        firstPageJsBytes: consoleCost.firstPage.bytes,
        firstPageJsFiles: consoleCost.firstPage.files,
        screenJsGzipBytes: consoleCost.screen.gzipBytes,
        screenJsBytes: consoleCost.screen.bytes,
        screenJsFiles: consoleCost.screen.files,
        sheetList: { ...consoleCost.sheetList, coldMs: r2(consoleCost.sheetList.coldMs), warmMedianMs: r2(consoleCost.sheetList.warmMedianMs), warmRuns: consoleCost.sheetList.warmRuns.map(r2) },
      },
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGB: r2(totalmem() / 1e9), node: process.version, date: started.toISOString(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map(r2), dynamodbLocal: '1.25.1 (in memory, -Xmx1g)' },
      durationSeconds: 0,
    };
    results.durationSeconds = r2((Date.now() - started.getTime()) / 1000);
    writeFileSync(join(REPO_ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    printTables(results, phases, bundles, cold, cost);
    phase(`wrote bench/results.json (${results.durationSeconds.toFixed(1)} s)`);
  } finally {
    await ddb.stop();
  }
}

type Results = Record<string, any>;

function printTables(
  R: Results,
  phases: IngestPhase[],
  bundles: Awaited<ReturnType<typeof buildBundles>>['bundles'],
  cold: Awaited<ReturnType<typeof coldInits>>,
  cost: ReturnType<typeof estimateHallMonth>,
): void {
  const out: string[] = [];
  out.push(
    table('Summary', ['metric', 'value', 'key'], [
      ['baseline: conditional PutItem, 16 concurrent (mean of before/after)', `${fmt(R.baselinePutPerS, 0)} ops/s (${fmt(R.baseline.beforePutPerS, 0)} / ${fmt(R.baseline.afterPutPerS, 0)})`, 'baselinePutPerS'],
      ['ingest → sheet, realistic mix, open days', `${fmt(R.ingestPerS, 0)} events/s`, 'ingestPerS'],
      ['console: gzipped JS of the first page (sign-in; the same bundle serves every page)', `${fmt(R.console.firstPageJsGzipBytes / 1024, 0)} KB (${fmt(R.console.firstPageJsBytes / 1024, 0)} KB raw)`, 'console.firstPageJsGzipBytes'],
      ['hall screen: gzipped JS', `${fmt(R.console.screenJsGzipBytes / 1024, 0)} KB (${fmt(R.console.screenJsBytes / 1024, 0)} KB raw)`, 'console.screenJsGzipBytes'],
      [`navigation → first rendered sheet list (${R.console.sheetList.rows} rows, headless Chromium)`, `${fmt(R.console.sheetList.coldMs, 0)} ms cold, ${fmt(R.console.sheetList.warmMedianMs, 0)} ms warm`, 'console.sheetList'],
      ['ingest / baseline', fmt(R.ingestRatio, 3), 'ingestRatio'],
      ['review floor: its 4 store operations called directly (no HTTP, bus, fold)', `${fmt(R.designFloor.reviewsPerS, 0)} reviews/s (partitions of ${fmt(R.designFloor.partitionRows, 0)} rows; the mix's: ${fmt(R.designFloor.mixPartitionRows, 0)})`, 'designFloor.reviewsPerS'],
      ['mix at the design floor (punches at the bare put, reviews at the review floor)', `${fmt(R.designFloor.mixPerS, 0)} events/s (${fmt(R.designFloor.mixRatio, 3)} × baseline)`, 'designFloor.mixPerS'],
      ['ingest / design floor (old rules: refold per event)', fmt(R.designFloor.ingestVsFloor, 3), 'designFloor.ingestVsFloor'],
      ['accept floor (#22 rules): punch accept, review accept + case join', `punches ${fmt(R.acceptFloor.punchPerS, 0)}/s, reviews ${fmt(R.acceptFloor.reviewPerS, 0)}/s; mix ${fmt(R.acceptFloor.mixPerS, 0)} events/s (${fmt(R.acceptFloor.mixRatio, 3)} × baseline)`, 'acceptFloor'],
      ['ingest / accept floor', fmt(R.acceptFloor.ingestVsFloor, 3), 'acceptFloor.ingestVsFloor'],
      ['staleness p99 (write → stored sheet), mix / worst phase', `${fmt(R.readModel.stalenessMixP99Seconds, 2)} s / ${fmt(R.readModel.stalenessWorstP99Seconds, 2)} s (window ${R.readModel.batchingWindowSeconds} s)`, 'readModel'],
      ...R.readModel.openQuarterRankings.map((k: Results) => [`GET /v1/rankings/${k.quarter}, ${k.staffRanked} staff, ${fmt(k.eventsPerStaff, 0)} events/staff in its open month`, `${fmt(k.ms, 0)} ms (median of 5; ${k.partitionQueries} staff-month Queries)`, 'readModel.openQuarterRankings']),
      ['month close mails (publish step, after the close)', R.monthClose.publish ? `${R.monthClose.publish.messages} departments in ${fmt(R.monthClose.publish.mailsSeconds, 2)} s` : '—', 'monthClose.publish'],
      ['ingest → sheet, mix, closed days (late punches refold)', `${fmt(R.ingest.closedDays.eventsPerS, 0)} events/s`, 'ingest.closedDays'],
      ['write units per event (mix, open days)', fmt(R.wcuPerEvent, 3), 'wcuPerEvent'],
      ['read units per event (mix, open days)', fmt(R.rcuPerEvent, 3), 'rcuPerEvent'],
      [`day close, ${R.dayClose.staff} staff`, `${fmt(R.dayClose.seconds, 2)} s (${fmt(R.dayClose.ratio, 2)}× bare Query)`, 'dayClose'],
      [`month close, ${R.monthClose.staff} staff × ${R.monthClose.workdays} workdays`, `${fmt(R.monthClose.seconds, 2)} s (${fmt(R.monthClose.ratio, 2)}× bare Query)`, 'monthClose'],
      ['close time / bare Query (worst)', fmt(R.closeRatio, 2), 'closeRatio'],
      ['close peak memory (RSS, worst)', `${fmt(R.closePeakMB, 0)} MB`, 'closePeakMB'],
      ['cost, 200-staff hall-month', `$${fmt(R.cost.targetUsd, 3)}`, 'cost.targetUsd'],
    ]),
  );
  out.push(
    table(
      `Ingest phases (${R.ingest.staff}-staff hall, ${R.ingest.month}, first ${R.ingest.preloadedWorkdays} workdays preloaded)`,
      ['phase', 'shape', 'events', 'events/s', 'WCU/ev', 'RCU/ev', 'AWS WCU/ev', 'AWS RCU/ev', 'p50 ms/req', 'ingest ms/req', 'record ms/req'],
      phases.map((p) => [p.name, p.shape, p.events, r2(p.eventsPerS), r3(p.wcuPerEvent), r3(p.rcuPerEvent), r3(p.awsWcuPerEvent), r3(p.awsRcuPerEvent), r2(p.latencyMsP50), r2(p.ingestMsPerRequest), r2(p.recordMsPerRequest)]),
    ),
  );
  const opsRows = (title: string, ops: { op: string; callsPer: number; unitsPer: number }[]) => ops.map((o) => [title, o.op, o.callsPer, o.unitsPer] as Cell[]);
  out.push(
    table('Where the units go (per event; R = read, W = write; operation and partition family)', ['phase', 'operation', 'calls/event', 'units/event'], [
      ...opsRows('mix, open days', R.ingest.openDays.topOps),
      ...opsRows('review, 1/request', R.perFamily.singleEventRequests.review.topOps),
      ...opsRows('late punch, 1/request', R.perFamily.singleEventRequests['late-punch'].topOps),
    ]),
  );
  out.push(
    table('Sheet sizes (JSON; `body` as the store writes it; what-if gzip / brotli-5 of the JSON)', ['sheets', 'n', 'avg JSON B', 'max JSON B', 'avg stored body B', 'max stored body B', 'avg gzip B', 'avg brotli B', 'avg items'], [
      ['open, after open-days mix', ...sz(R.ingest.sheetItemBytes.openDays)],
      ['open, after closed-days phases', ...sz(R.ingest.sheetItemBytes.closedDays)],
      [`closed, month close (${R.monthClose.staff} staff)`, ...sz(R.monthClose.closedSheetItemBytes)],
    ]),
  );
  const cd = (name: string, d: Results) => [
    name,
    d.seconds,
    d.bareQuerySeconds,
    d.ratio,
    d.itemsRead,
    d.itemsWritten,
    d.awsRcu,
    d.awsWcu,
    d.perStaffDay.itemsRead,
    d.perStaffDay.itemsWritten,
    d.perStaffDay.rcu,
    d.perStaffDay.wcu,
    d.memory.rssPeakMB,
    d.memory.heapPeakDeltaMB,
  ];
  out.push(
    table(
      `Closes (${R.closeData.staff} staff, ${fmtInt(R.closeData.events)} events over ${R.closeData.workdays} workdays, loaded at ${fmtInt(R.closeData.loadItemsPerS)} items/s)`,
      ['close', 's', 'bare Query s', 'ratio', 'items read', 'items written', 'RCU', 'WCU', 'read/staff-day', 'written/staff-day', 'RCU/staff-day', 'WCU/staff-day', 'peak RSS MB', 'heap Δ MB'],
      [cd(`day ${R.dayClose.date}`, R.dayClose), cd(`month ${R.monthClose.month}`, R.monthClose)],
    ),
  );
  const ph = R.monthClose.phasesSeconds;
  out.push(
    table('Month close detail (the close ends at the last enqueue; mails are the publish step after it)', ['mails', 'mails/s (whole close)', 'mail window s', 'MB mailed', 'fold s', 'freeze s', 'rank + enqueue s'], [
      [R.monthClose.emails, R.monthClose.mailsPerS, R.monthClose.mailWindowSeconds, r2(R.monthClose.mailBytes / 1e6), ph?.fold, ph?.freeze, ph?.rankAndEnqueue],
    ]),
  );
  const bd = (name: string, d: Results) => {
    const io = Object.entries(d.breakdown.ioWallSecondsByOp as Record<string, number>).slice(0, 4);
    return [name, d.seconds, d.bareQuerySeconds, d.breakdown.foldCpuSeconds, d.breakdown.parseSeconds, io.map(([k, v]) => `${k} ${fmt(v, 2)}`).join('; ')];
  };
  out.push(
    table('Where the close time goes (fold/parse: single-thread CPU re-measured after the close; I/O: summed request latency ÷ 8, includes event-loop wait)', ['close', 'close s', 'bare Query s', 'fold CPU s', 'JSON.parse s', 'I/O s by operation (largest)'], [
      bd('day', R.dayClose),
      bd('month', R.monthClose),
    ]),
  );
  out.push(
    table('Where the close units go (per staff)', ['close', 'operation', 'calls/staff', 'units/staff'], [
      ...R.dayClose.topOps.map((o: { op: string; callsPer: number; unitsPer: number }) => ['day', o.op, o.callsPer, o.unitsPer]),
      ...R.monthClose.topOps.map((o: { op: string; callsPer: number; unitsPer: number }) => ['month', o.op, o.callsPer, o.unitsPer]),
    ]),
  );
  out.push(
    table(
      'Bundles (minified ESM, infra settings) and cold init (fresh process: import → first call, median)',
      ['function', 'KB', '< 1 MB', 'biggest inputs', 'import ms', 'first call ms', 'init→result ms', 'process ms', 'RSS MB', 'first call'],
      bundles.map((b) => {
        const c = cold.find((x) => x.name === b.name)!;
        return [
          b.name,
          r2(b.bytes / 1024),
          b.bytes < 1_000_000 ? 'yes' : 'NO',
          b.top.slice(0, 3).map((t) => `${t.input} ${(t.bytes / 1024).toFixed(0)}K`).join(', '),
          r2(c.importMs),
          r2(c.firstCallMs),
          r2(c.initToFirstResultMs),
          r2(c.processMs),
          r2(c.rssMB),
          `${c.event} → ${c.status}`,
        ];
      }),
    ),
  );
  out.push(
    table(
      `Estimated AWS cost, one 200-staff hall-month (prices: ${PRICES.asOf})`,
      ['service', 'item', 'quantity', 'unit', 'USD', 'in target'],
      cost.lines.map((l) => [l.service, l.item, r2(l.quantity), l.unit, Math.round(l.usd * 10000) / 10000, l.inTarget ? 'yes' : 'no']),
    ),
  );
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const biggest = Object.entries(R.bundles as Record<string, { bytes: number }>).sort((a, b) => b[1].bytes - a[1].bytes)[0]!;
  out.push(
    table('Targets', ['target', 'measured', 'limit', 'result'], [
      ['ingestRatio', fmt(R.ingestRatio, 3), '≥ 0.45', pass(R.ingestRatio >= 0.45)],
      ['ingest / accept floor', fmt(R.acceptFloor.ingestVsFloor, 3), '≥ 0.8', pass(R.acceptFloor.ingestVsFloor >= 0.8)],
      ['wcuPerEvent', fmt(R.wcuPerEvent, 3), '≤ 1.8', pass(R.wcuPerEvent <= 1.8)],
      ['rcuPerEvent', fmt(R.rcuPerEvent, 3), '≤ 3', pass(R.rcuPerEvent <= 3)],
      ['staleness p99 (mix)', `${fmt(R.readModel.stalenessMixP99Seconds, 2)} s`, `≤ ${R.readModel.batchingWindowSeconds + 2} s`, pass(R.readModel.stalenessMixP99Seconds <= R.readModel.batchingWindowSeconds + 2)],
      ...R.readModel.openQuarterRankings.map((k: Results) => [`open-quarter ranking at ${fmt(k.eventsPerStaff, 0)} events/staff`, `${fmt(k.ms, 0)} ms`, '≤ 1,000 ms', pass(k.ms <= 1000)]),
      ['closeRatio (day)', fmt(R.dayClose.ratio, 2), '≤ 3', pass(R.dayClose.ratio <= 3)],
      ['closeRatio (month: freeze + rank + enqueue)', fmt(R.monthClose.ratio, 2), '≤ 2.5', pass(R.monthClose.ratio <= 2.5)],
      ['closePeakMB', fmt(R.closePeakMB, 0), '≤ 1024', pass(R.closePeakMB <= 1024)],
      [`every bundle < 1 MB (largest: ${biggest[0]})`, `${fmtInt(biggest[1].bytes)} B`, '< 1,000,000 B', pass(biggest[1].bytes < 1_000_000)],
      ['cost per 200-staff hall-month (6 services)', `$${fmt(R.cost.targetUsd, 3)}`, '≤ $0.70', pass(R.cost.targetUsd <= 0.7)],
    ]),
  );
  process.stdout.write(out.join(''));
}

function sz(s: SheetSizes): Cell[] {
  return [s.sheets, Math.round(s.avgJsonBytes), s.maxJsonBytes, Math.round(s.avgStoredBodyBytes), s.maxStoredBodyBytes, Math.round(s.avgGzipBytes), Math.round(s.avgBrotliBytes), r2(s.avgItems)];
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
