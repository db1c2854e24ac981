/**
 * The bus consumer's work: join case events into the staff-months they affect (the read model's
 * refresher then refolds them). Everything here is idempotent (puts of fixed keys, folds from the store), so at-least-once,
 * any-order delivery cannot change a result.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { EvaluationSubmitted, StoredEvent } from '../domain/events.js';
import { addMonths, localMonth } from '../domain/time.js';
import { ReadCache } from './context.js';
import type { CaseLink, HallStore } from '../adapters/dynamodb/store.js';
import type { RecordedDetail } from './ingest.js';
import { joinCaseEvent } from './case-join.js';
import { homePartition, openedCasePk, parseStaffMonth, ratingPartitions } from './partitions.js';
import { periodOf } from '../domain/periods.js';
import { dueMonthsAfter } from './closed-loop.js';
import { carryVoids, recordVoid } from './voiding.js';
import { errorText, logger } from '../logger.js';

export interface RecordDeps {
  store: HallStore;
  tz: string;
}

/** A staff-month an event changes; `lists` says whether it is a late arrival there if that month is closed (default: it falls in the month). */
type Target = { staffId: string; month: string; lists?: boolean };
const keyOf = (t: Target) => `${t.staffId}|${t.month}`;

/** Joins one event where it belongs and returns the staff-months whose sheets it changes. */
async function join(store: HallStore, tz: string, d: RecordedDetail): Promise<Target[]> {
  const { pk, stored } = d;
  const e = stored.event;
  const home = parseStaffMonth(pk);

  switch (e.type) {
    case 'attendance.leave':
    case 'attendance.away': {
      // A leave spanning months is copied into each, so every month's fold stays one Query.
      const targets: Target[] = [];
      const last = localMonth(Date.parse(e.to), tz);
      for (let m = localMonth(Date.parse(e.from), tz); m <= last; m = addMonths(m, 1)) {
        if (m !== home!.month) await store.putCopy(keys.staffMonth(e.staffId, m), stored);
        targets.push({ staffId: e.staffId, month: m });
      }
      return targets;
    }
    case 'evaluation.submitted':
    case 'complaint.filed': {
      const kind = e.type === 'evaluation.submitted' ? 'evaluation' : 'complaint';
      const casePk = keys.casePk(kind, e.caseId);
      const eventSk = keys.eventSk(stored.source, e.id);
      // A bad review's rectification-overdue item lands in the month of its due day: that month needs the case too.
      const later = e.type === 'evaluation.submitted' ? await dueMonthsAfter(new ReadCache(store), tz, stored as StoredEvent<EvaluationSubmitted>) : [];
      for (const m of later) {
        await store.putCopy(keys.staffMonth(e.staffId, m), stored);
        await store.joinCase(casePk, { link: { staffId: e.staffId, month: m, eventSk } });
      }
      const joined = await store.joinCase(casePk, { link: { staffId: e.staffId, month: home!.month, eventSk } });
      const targets = await spreadCase(store, tz, joined, { opened: { stored, pk } });
      for (const m of later) for (const x of joined.events) await store.putCopy(keys.staffMonth(e.staffId, m), x);
      return targets;
    }
    case 'event.voided':
      return recordVoid(store, d, (target) => join(store, tz, target));
    case 'rating.recorded':
      // Copied into its period's partition, so a list reads the hall's ratings in one Query (the home
      // stays the exact read). No staff-month changes: lists fold a period's ratings on read.
      for (const copy of ratingPartitions(e)) if (copy !== pk) await store.putCopy(copy, stored);
      return [];
    case 'evaluation.rectified':
    case 'evaluation.revisited':
    case 'evaluation.appealed': {
      const { links } = await store.joinCase(pk, { event: stored });
      for (const l of links) await store.putCopy(keys.staffMonth(l.staffId, l.month), stored);
      return links.map((l) => ({ staffId: l.staffId, month: l.month }));
    }
    case 'evaluation.annulled':
    case 'complaint.resolved': {
      const joined = await store.joinCase(pk, { event: stored });
      return spreadCase(store, tz, joined, { decided: stored });
    }
    case 'case.accepted':
    case 'case.suspended':
    case 'case.resumed':
    case 'case.completed':
      return joinCaseEvent(store, tz, stored as StoredEvent<typeof e>);
    default:
      return home ? [home] : [];
  }
}

/**
 * Copies a case's events so every staff-month it touches holds all of them, and returns those months.
 * A case touches, per staff member, the months of its opening events (reviews, filings) and of its
 * complaint resolutions (points land there). Each such month gets the opening events and every
 * resolution or annulment, so a verdict changed in a later month, or a second review of the case in
 * the next month, takes effect in every month (the fold picks the earliest review and latest verdict).
 * Copies go into closed months too: their revision picks them up.
 */
async function spreadCase(
  store: HallStore,
  tz: string,
  joined: { links: CaseLink[]; events: StoredEvent[] },
  arrived: { opened: { stored: StoredEvent; pk: string } } | { decided: StoredEvent },
): Promise<Target[]> {
  const month = (s: StoredEvent) => localMonth(s.at, tz);
  const resolutionMonths = new Set(joined.events.filter((x) => x.event.type === 'complaint.resolved').map(month));
  const targets: Target[] = [];
  for (const staffId of new Set(joined.links.map((l) => l.staffId))) {
    const links = joined.links.filter((l) => l.staffId === staffId);
    const months = new Set([...links.map((l) => l.month), ...resolutionMonths]);
    // The opening events of this staff member's case (one per linked month), read only when another month needs them.
    const openings = new Map<string, StoredEvent>();
    if (months.size > 1) {
      for (const l of links) {
        const own = 'opened' in arrived && arrived.opened.pk === keys.staffMonth(l.staffId, l.month) ? arrived.opened.stored : undefined;
        const ev = own ?? (await store.getEvent(keys.staffMonth(l.staffId, l.month), l.eventSk));
        if (ev) openings.set(l.month, ev);
      }
    }
    for (const m of months) {
      const pkM = keys.staffMonth(staffId, m);
      const have = (s: StoredEvent) => links.some((l) => l.month === m && l.eventSk === keys.eventSk(s.source, s.event.id));
      const linked = links.some((l) => l.month === m);
      if ('decided' in arrived) {
        await store.putCopy(pkM, arrived.decided);
        // A month only a resolution ties to the case needs its opening events and the other decisions too.
        if (!linked) {
          for (const o of openings.values()) if (!have(o)) await store.putCopy(pkM, o);
          for (const x of joined.events) if (x.event.id !== arrived.decided.event.id || x.source !== arrived.decided.source) await store.putCopy(pkM, x);
        }
        targets.push({ staffId, month: m, lists: listsDecision(arrived.decided, m, month, joined.events) });
      } else {
        const opened = arrived.opened.stored;
        const openedMonth = parseStaffMonth(arrived.opened.pk)!.month;
        if (m === openedMonth || !linked) {
          // Its own month, or a month only a resolution ties to the case: every decision and every opening.
          for (const x of joined.events) await store.putCopy(pkM, x);
          for (const [om, o] of openings) if (om !== m || !linked) await store.putCopy(pkM, o);
          if (m !== openedMonth) await store.putCopy(pkM, opened);
        } else {
          // Another opening's month already holds the decisions.
          await store.putCopy(pkM, opened);
        }
        const other = openings.get(m);
        // In another month it changes the result only if it comes first there (the earliest review counts).
        targets.push({ staffId, month: m, lists: m === openedMonth ? undefined : other === undefined || opened.at < other.at });
      }
    }
  }
  return targets;
}

/** A resolution is a late arrival in its own month and in months where an earlier verdict of the case landed; an annulment wherever the review is. */
function listsDecision(d: StoredEvent, m: string, month: (s: StoredEvent) => string, events: StoredEvent[]): boolean | undefined {
  if (d.event.type === 'evaluation.annulled') return undefined; // fallsIn: every month of the review
  return month(d) === m || events.some((x) => x.event.type === 'complaint.resolved' && x.event.id !== d.event.id && month(x) === m);
}

/** Whether an event belongs to a month: by its time, or for a leave by the span it covers. */
function fallsIn(s: StoredEvent, month: string, tz: string): boolean {
  // An annulment (or rectification, return visit, appeal) changes the month of the review it
  // refers to, whenever it is dated; a void changes every month its event entered.
  if (
    s.event.type === 'evaluation.annulled' ||
    s.event.type === 'evaluation.rectified' ||
    s.event.type === 'evaluation.revisited' ||
    s.event.type === 'evaluation.appealed' ||
    s.event.type === 'event.voided'
  ) {
    return true;
  }
  // A case event may change every month its case counts in (acceptance, completion, due day).
  if (s.event.type.startsWith('case.')) return true;
  if (s.event.type === 'attendance.leave' || s.event.type === 'attendance.away') {
    return localMonth(Date.parse(s.event.from), tz) <= month && month <= localMonth(Date.parse(s.event.to), tz);
  }
  return localMonth(s.at, tz) === month;
}

/**
 * Records a batch: joins case events into the staff-months they affect and lists events of closed
 * months in their sheet's `afterClose`. Returns the indexes of details that failed (the handler throws
 * for them, so Lambda retries). Open sheets are not refolded here: every write into a staff-month partition (the
 * event itself, a joined copy) marks it dirty for the read model's refresher (services/refresh.ts),
 * which folds each dirty staff-month once per batching window; single-sheet reads fold live.
 */
export async function recordBatch(deps: RecordDeps, details: RecordedDetail[]): Promise<number[]> {
  const cache = new ReadCache(deps.store);
  const failed = new Set<number>();
  // `openKnown`: every event behind the entry is stored in that month and read it open after its write.
  const byTarget = new Map<string, { target: Target; indexes: number[]; eventIds: string[]; openKnown: boolean }>();

  // Join first (I/O), then merge per staff-month synchronously, so no entry can overwrite another.
  const joined = await Promise.all(
    details.map(async (d, i) => {
      try {
        const targets = await join(deps.store, deps.tz, d);
        // Voids made before this event are copied into its staff-months (those writes mark them dirty too).
        await carryVoids(deps.store, d, targets);
        return targets;
      } catch (err) {
        logger.error('join failed', { eventId: d.stored.event.id, error: errorText(err) });
        failed.add(i);
        return [];
      }
    }),
  );
  joined.forEach((targets, i) => {
    const d = details[i]!;
    const home = parseStaffMonth(d.pk);
    for (const t of targets) {
      const k = keyOf(t);
      const entry = byTarget.get(k) ?? { target: { staffId: t.staffId, month: t.month }, indexes: [], eventIds: [], openKnown: true };
      entry.indexes.push(i);
      entry.openKnown &&= d.homeOpen === true && home?.staffId === t.staffId && home.month === t.month;
      // Only events that fall in a month are listed as its late arrivals (not joined halves from other months).
      if (t.lists ?? fallsIn(d.stored, t.month, deps.tz)) entry.eventIds.push(d.stored.event.id);
      byTarget.set(k, entry);
    }
  });

  await Promise.all(
    [...byTarget.values()].map(async ({ target, indexes, eventIds, openKnown }) => {
      // Ingest read this month open after storing the event: a close starting since folds it, so
      // there is nothing to list and nothing to read (the common case: one read per request, not per event).
      if (openKnown) return;
      try {
        const period = await cache.period(target.month);
        if (period.status === 'closed') {
          // Kept and listed; published scores change only with a revision. The closed periods holding
          // the month (quarter, half year, year) list it too: their published numbers lack it as well.
          for (const p of [target.month, ...(await closedAbove(cache, target.month))]) {
            for (const id of new Set(eventIds)) await deps.store.addAfterClose(p, target.staffId, id);
          }
        } else if (period.closing) {
          // While a close of the month runs, its fold may already have read this partition: list the
          // event as late too (the freeze drops the ones its fold counted), so it is never in neither.
          for (const id of new Set(eventIds)) await deps.store.addAfterClose(target.month, target.staffId, id, { closing: true });
        }
      } catch (err) {
        logger.error('after-close listing failed', { ...target, error: errorText(err) });
        for (const i of indexes) failed.add(i);
      }
    }),
  );
  return [...failed].sort((a, b) => a - b);
}

/** The closed periods longer than a month that hold it. */
async function closedAbove(cache: ReadCache, month: string): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ['quarter', 'half', 'year'] as const) {
    const p = periodOf(month, kind);
    if ((await cache.period(p)).status === 'closed') out.push(p);
  }
  return out;
}

/**
 * Replays the joins of a staff-month from its stored events (those whose home is this partition):
 * links and case copies are re-made, so a month can be rebuilt even if bus deliveries were lost.
 */
export async function rejoinStaffMonth(deps: RecordDeps, staffId: string, month: string): Promise<number> {
  const own = await rejoinPartition(deps, keys.staffMonth(staffId, month));
  // The other halves of the cases opened here (verdicts, annulments, completions) live in their case
  // partitions: one that was stored but never delivered (its process died before publishing) is joined now.
  let halves = 0;
  for (const casePk of new Set(own.flatMap((s) => openedCasePk(s.event) ?? []))) {
    halves += (await rejoinPartition(deps, casePk)).length;
  }
  return own.length + halves;
}

/**
 * Replays the joins of a staff member's ratings of a quarter or year (their copies in the period's
 * partition, and voids made of them), so a lost bus delivery cannot leave a list without a rating.
 */
export async function rejoinRatings(deps: RecordDeps, staffId: string, period: string): Promise<number> {
  return (await rejoinPartition(deps, keys.ratings(staffId, period))).length;
}

/**
 * Re-runs the join of every event homed in a partition (idempotent) and returns those events. Their
 * accepts are not at hand, so each event's identity item is read for voids made before it.
 */
async function rejoinPartition(deps: RecordDeps, pk: string): Promise<StoredEvent[]> {
  const own = (await deps.store.partitionEvents(pk)).filter((s) => homePartition(s.event, deps.tz) === pk);
  for (const stored of own) await carryVoids(deps.store, { pk, stored }, await join(deps.store, deps.tz, { pk, stored }), true);
  return own;
}
