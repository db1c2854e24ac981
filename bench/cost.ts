/**
 * Estimated AWS cost of one hall-month of 200 staff, from the units and durations measured in this
 * run, the invocation counts that the schedules and the hall's traffic imply, and on-demand prices.
 */

/**
 * AWS on-demand prices, us-east-1, as published on the AWS pricing pages that I know (last checked
 * 2025-06; DynamoDB after its 2024-11-01 on-demand price cut). Not re-verified online in this run
 * (run date is printed with the results); free tiers are ignored (conservative).
 */
export const PRICES = {
  asOf: '2025-06 (AWS public on-demand prices, us-east-1; free tiers ignored)',
  dynamodb: {
    perMillionWriteRequestUnits: 0.625,
    perMillionReadRequestUnits: 0.125,
    storagePerGBMonth: 0.25,
    pitrPerGBMonth: 0.2,
  },
  /** infra/constructs/hall-function.ts: Architecture.ARM_64. INIT is billed since 2025-08-01. */
  lambdaArm64: { perGBSecond: 0.0000133334, perMillionRequests: 0.2 },
  eventBridge: { perMillionCustomEvents: 1.0 },
  sqs: { perMillionRequests: 0.4 },
  apiGatewayHttp: { perMillionRequests: 1.0 },
  ses: { perThousandEmails: 0.1, perGBAttachments: 0.12 },
  /** Not part of the target, listed for completeness. */
  other: { secretsManagerPerSecretMonth: 0.4, cloudWatchAlarmPerMonth: 0.1, xrayPerMillionTraces: 5.0 },
} as const;

/**
 * A 200-staff hall-month (22 workdays), the same per-staff rates bench/data.ts generates.
 * Traffic shape: pads and devices post one event per request in real time; the bus invokes the
 * record function once per event, so record invocations = events.
 */
export const HALL_MONTH = {
  staff: 200,
  workdays: 22,
  calendarDays: 30,
  perStaffWorkday: { punch: 4.0, review: 9.5, complaintFiled: 0.05, complaintResolved: 0.05, inspection: 0.1, leave: 0.01 },
  /** Punches that arrive after their day was closed (device offline, catch-up upload). */
  latePunchShare: 0.01,
  /** Admin reads: single sheets (folded live), and department lists / rankings (read the stored sheets). */
  sheetReads: 300,
  listReads: 60,
  adminRequests: 50,
  departments: 8,
  /**
   * The day-close schedule closes yesterday (a no-op when already closed) and today: one refold of
   * every sheet a night. The hourly reconcile only retries undelivered mails (one small Query), it
   * refolds nothing (shared/services/close-day.ts reconcile).
   */
  dayCloseRunsPerMonth: 30,
  closeDaysPerRun: 1,
  reconcileRunsPerMonth: 24 * 30,
  reconcileRefoldsPerRun: 0,
  /** Average fill of a staff-month partition over the month (daily refolds read a growing partition). */
  averagePartitionFill: 0.5,
  /**
   * No SQS event source: the bus invokes the record and publish functions directly (asynchronous),
   * and the refresher reads the table's stream, whose polling by Lambda is not billed. (An SQS event
   * source's idle poller makes ~15 long polls a minute: ~$0.26 a month each, which the model used to
   * carry for the record queue.) SQS is billed only for dead letters: none in a normal month.
   */
  /** Cold starts per function per month (INIT billed): warm during office hours, cold after idle gaps. */
  coldStartsPerFunction: 600,
  retainedMonths: 12,
  /** CloudWatch alarms in the synthesized template (cdk.out: 8 AWS::CloudWatch::Alarm). */
  alarms: 8,
} as const;

export interface UnitCost {
  wcu: number;
  rcu: number;
  /** Lambda ms per invocation of the function that does this work. */
  ms: number;
}

export interface CostInputs {
  /** Per single-event request (one event a request), AWS-billed units. */
  ingest: { punch: UnitCost & { recordMs: number }; review: UnitCost & { recordMs: number }; complaint: UnitCost & { recordMs: number }; latePunch: UnitCost & { recordMs: number } };
  /** Refold of one staff sheet at month end (day close per staff): units and ms. `queryRcu` is the partition read part. A refresh folds one staff-month too: its Lambda ms are this fold's. */
  refoldPerStaff: { wcu: number; rcu: number; queryRcu: number; ms: number };
  /** Month close per staff (fold, freeze, rank, mail), units and ms. */
  monthClosePerStaff: { wcu: number; rcu: number; ms: number };
  /** A list or ranking from stored sheets (the read model), per staff member listed: measured on GET /v1/rankings. */
  listPerStaff: { rcu: number; ms: number };
  mailBytes: number;
  memoryMB: Record<'ingest' | 'record' | 'close' | 'query' | 'admin' | 'iclock' | 'refresh', number>;
  coldInitMs: Record<string, number>;
  bytesPerEventItem: number;
}

export interface CostLine {
  service: string;
  item: string;
  quantity: number;
  unit: string;
  usd: number;
  inTarget: boolean;
}

export function estimateHallMonth(x: CostInputs): { lines: CostLine[]; totalUsd: number; targetUsd: number; volumes: Record<string, number> } {
  const H = HALL_MONTH;
  const sd = H.staff * H.workdays;
  const punches = sd * H.perStaffWorkday.punch;
  const late = punches * H.latePunchShare;
  const onTime = punches - late;
  const reviewLike = sd * (H.perStaffWorkday.review + H.perStaffWorkday.inspection + H.perStaffWorkday.leave);
  const complaints = sd * (H.perStaffWorkday.complaintFiled + H.perStaffWorkday.complaintResolved);
  const events = punches + reviewLike + complaints;

  const fill = H.averagePartitionFill;
  const refold = {
    wcu: x.refoldPerStaff.wcu,
    rcu: x.refoldPerStaff.rcu - x.refoldPerStaff.queryRcu * (1 - fill),
    ms: x.refoldPerStaff.ms * (0.5 + 0.5 * fill),
  };
  const dayRefolds = H.dayCloseRunsPerMonth * H.closeDaysPerRun * H.staff;
  const reconcileRefolds = H.reconcileRunsPerMonth * H.reconcileRefoldsPerRun;
  // Single sheets fold live; lists and rankings read the stored sheets.
  const queryRefolds = H.sheetReads;
  // The refresher folds a staff-month per event that changes a sheet now (everything but punches of
  // open days); at a hall's pace one batch holds one event, so one refresh each (conservative).
  const refreshes = events - onTime;

  const lines: CostLine[] = [];
  const add = (service: string, item: string, quantity: number, unit: string, usd: number, inTarget = true) =>
    lines.push({ service, item, quantity, unit, usd, inTarget });
  const ddb = PRICES.dynamodb;
  const wru = (n: number) => (n / 1e6) * ddb.perMillionWriteRequestUnits;
  const rru = (n: number) => (n / 1e6) * ddb.perMillionReadRequestUnits;

  const ing = x.ingest;
  const ingestWcu = onTime * ing.punch.wcu + late * ing.latePunch.wcu + reviewLike * ing.review.wcu + complaints * ing.complaint.wcu;
  const ingestRcu = onTime * ing.punch.rcu + late * ing.latePunch.rcu + reviewLike * ing.review.rcu + complaints * ing.complaint.rcu;
  add('DynamoDB', 'ingest + record: write units', ingestWcu, 'WRU', wru(ingestWcu));
  add('DynamoDB', 'ingest + record: read units', ingestRcu, 'RRU', rru(ingestRcu));
  add('DynamoDB', `day closes (${H.dayCloseRunsPerMonth}×${H.closeDaysPerRun} full refolds)`, dayRefolds, 'refolds', wru(dayRefolds * refold.wcu) + rru(dayRefolds * refold.rcu));
  add('DynamoDB', `reconcile (${H.reconcileRunsPerMonth} hourly runs, mail retries only)`, reconcileRefolds, 'refolds', wru(reconcileRefolds * refold.wcu) + rru(reconcileRefolds * refold.rcu));
  add('DynamoDB', 'month close', H.staff, 'staff', wru(H.staff * x.monthClosePerStaff.wcu) + rru(H.staff * x.monthClosePerStaff.rcu));
  add('DynamoDB', 'single sheet reads (folded live)', queryRefolds, 'refolds', wru(queryRefolds * refold.wcu) + rru(queryRefolds * refold.rcu));
  add('DynamoDB', 'list and ranking reads (stored sheets)', H.listReads, 'lists', rru(H.listReads * H.staff * x.listPerStaff.rcu));
  const gb = (events * x.bytesPerEventItem * H.retainedMonths) / 1e9;
  add('DynamoDB', `storage + PITR, ${H.retainedMonths} months retained`, gb, 'GB', gb * (ddb.storagePerGBMonth + ddb.pitrPerGBMonth));

  const L = PRICES.lambdaArm64;
  const gbs = (ms: number, mb: number) => (ms / 1000) * (mb / 1024);
  const ingestGbs =
    gbs(onTime * ing.punch.ms + late * ing.latePunch.ms + reviewLike * ing.review.ms + complaints * ing.complaint.ms, x.memoryMB.ingest);
  const recordGbs = gbs(
    onTime * ing.punch.recordMs + late * ing.latePunch.recordMs + reviewLike * ing.review.recordMs + complaints * ing.complaint.recordMs,
    x.memoryMB.record,
  );
  const closeMs = (dayRefolds + reconcileRefolds) * refold.ms + H.staff * x.monthClosePerStaff.ms;
  const closeGbs = gbs(closeMs, x.memoryMB.close);
  const queryGbs = gbs(queryRefolds * refold.ms + H.listReads * H.staff * x.listPerStaff.ms, x.memoryMB.query);
  const refreshGbs = gbs(refreshes * refold.ms, x.memoryMB.refresh);
  const initGbs = Object.entries(x.coldInitMs).reduce(
    (n, [fn, ms]) => n + gbs(ms * H.coldStartsPerFunction, x.memoryMB[fn as keyof CostInputs['memoryMB']] ?? 512),
    0,
  );
  const closeInvocations = H.dayCloseRunsPerMonth + H.reconcileRunsPerMonth + 1;
  const requests = events * 2 + refreshes + closeInvocations + H.sheetReads + H.listReads + H.adminRequests;
  add('Lambda', 'ingest GB-s', ingestGbs, 'GB-s', ingestGbs * L.perGBSecond);
  add('Lambda', 'record GB-s', recordGbs, 'GB-s', recordGbs * L.perGBSecond);
  add('Lambda', 'close GB-s (day closes, reconcile, month close)', closeGbs, 'GB-s', closeGbs * L.perGBSecond);
  add('Lambda', 'query GB-s', queryGbs, 'GB-s', queryGbs * L.perGBSecond);
  add('Lambda', 'refresh GB-s (one staff-month fold per sheet-changing event)', refreshGbs, 'GB-s', refreshGbs * L.perGBSecond);
  add('Lambda', `INIT GB-s (${H.coldStartsPerFunction} cold starts per function)`, initGbs, 'GB-s', initGbs * L.perGBSecond);
  add('Lambda', 'requests', requests, 'requests', (requests / 1e6) * L.perMillionRequests);

  const busEvents = events + H.departments;
  add('EventBridge', 'custom events (ingest + assessment.published)', busEvents, 'events', (busEvents / 1e6) * PRICES.eventBridge.perMillionCustomEvents);
  const apiReq = events + H.sheetReads + H.listReads + H.adminRequests;
  add('API Gateway', 'HTTP API requests', apiReq, 'requests', (apiReq / 1e6) * PRICES.apiGatewayHttp.perMillionRequests);
  const mailGb = (H.departments * x.mailBytes) / 1e9;
  add('SES', 'department mails', H.departments, 'mails', (H.departments / 1000) * PRICES.ses.perThousandEmails + mailGb * PRICES.ses.perGBAttachments);

  const O = PRICES.other;
  add('other', 'Secrets Manager: admin key secret', 1, 'secret', O.secretsManagerPerSecretMonth, false);
  add('other', 'CloudWatch alarms', H.alarms, 'alarms', H.alarms * O.cloudWatchAlarmPerMonth, false);
  // Default sampling traces the first request each second (+5 % beyond): at < 1 request/s that is every request.
  const traces = requests;
  add('other', 'X-Ray traces (Tracing.ACTIVE; < 1 req/s → all sampled)', traces, 'traces', (traces / 1e6) * O.xrayPerMillionTraces, false);

  const targetUsd = lines.filter((l) => l.inTarget).reduce((n, l) => n + l.usd, 0);
  const totalUsd = lines.reduce((n, l) => n + l.usd, 0);
  return {
    lines,
    totalUsd,
    targetUsd,
    volumes: { events, punches, latePunches: late, reviewsInspectionsLeaves: reviewLike, complaintEvents: complaints, dayRefolds, reconcileRefolds, queryRefolds, refreshes, lambdaRequests: requests, apiRequests: apiReq },
  };
}
