/**
 * The bus consumer's work: join case events into the staff-months they affect (the read model's
 * refresher then refolds them). Everything here is idempotent (puts of fixed keys, folds from the store), so at-least-once,
 * any-order delivery cannot change a result.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { StoredEvent } from '../domain/events.js';
import { addMonths, localMonth } from '../domain/time.js';
import { ReadCache } from './context.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { RecordedDetail } from './ingest.js';
import { homePartition, parseStaffMonth } from './partitions.js';
import { errorText, logger } from '../logger.js';

export interface RecordDeps {
  store: HallStore;
  tz: string;
}

type Target = { staffId: string; month: string };
const keyOf = (t: Target) => `${t.staffId}|${t.month}`;

/** Joins one event where it belongs and returns the staff-months whose sheets it changes. */
async function join(store: HallStore, tz: string, d: RecordedDetail): Promise<Target[]> {
  const { pk, stored } = d;
  const e = stored.event;
  const home = parseStaffMonth(pk);
  const month = (s: StoredEvent) => localMonth(s.at, tz);

  switch (e.type) {
    case 'attendance.leave': {
      // A leave spanning months is copied into each, so every month's fold stays one Query.
      const targets: Target[] = [];
      const last = localMonth(Date.parse(e.to), tz);
      for (let m = localMonth(Date.parse(e.from), tz); m <= last; m = addMonths(m, 1)) {
        if (m !== home!.month) await store.putCopy(keys.staffMonth(e.staffId, m), stored);
        targets.push({ staffId: e.staffId, month: m });
      }
      return targets;
    }
    case 'evaluation.submitted': {
      const casePk = keys.casePk('evaluation', e.caseId);
      const { events } = await store.joinCase(casePk, { link: { staffId: e.staffId, month: home!.month, eventSk: keys.eventSk(stored.source, e.id) } });
      for (const a of events) await store.putCopy(pk, a);
      return [home!];
    }
    case 'evaluation.annulled': {
      const { links } = await store.joinCase(pk, { event: stored });
      for (const l of links) await store.putCopy(keys.staffMonth(l.staffId, l.month), stored);
      return links.map((l) => ({ staffId: l.staffId, month: l.month }));
    }
    case 'complaint.filed': {
      const casePk = keys.casePk('complaint', e.caseId);
      const { events } = await store.joinCase(casePk, { link: { staffId: e.staffId, month: home!.month, eventSk: keys.eventSk(stored.source, e.id) } });
      const targets: Target[] = [home!];
      for (const r of events) {
        await store.putCopy(pk, r);
        // Points land in the resolution's month: that month needs both halves too.
        if (month(r) !== home!.month) {
          await store.putCopy(keys.staffMonth(e.staffId, month(r)), r);
          await store.putCopy(keys.staffMonth(e.staffId, month(r)), stored);
          targets.push({ staffId: e.staffId, month: month(r) });
        }
      }
      return targets;
    }
    case 'complaint.resolved': {
      const { links } = await store.joinCase(pk, { event: stored });
      const targets: Target[] = [];
      for (const l of links) {
        await store.putCopy(keys.staffMonth(l.staffId, l.month), stored);
        targets.push({ staffId: l.staffId, month: l.month });
        const resMonth = month(stored);
        if (resMonth !== l.month) {
          const filed = await store.getEvent(keys.staffMonth(l.staffId, l.month), l.eventSk);
          await store.putCopy(keys.staffMonth(l.staffId, resMonth), stored);
          if (filed) await store.putCopy(keys.staffMonth(l.staffId, resMonth), filed);
          targets.push({ staffId: l.staffId, month: resMonth });
        }
      }
      return targets;
    }
    default:
      return home ? [home] : [];
  }
}

/** Whether an event belongs to a month: by its time, or for a leave by the span it covers. */
function fallsIn(s: StoredEvent, month: string, tz: string): boolean {
  // An annulment changes the month of the review it annuls, whenever it is dated.
  if (s.event.type === 'evaluation.annulled') return true;
  if (s.event.type === 'attendance.leave') {
    return localMonth(Date.parse(s.event.from), tz) <= month && month <= localMonth(Date.parse(s.event.to), tz);
  }
  return localMonth(s.at, tz) === month;
}

/**
 * Records a batch: joins case events into the staff-months they affect and lists events of closed
 * months in their sheet's `afterClose`. Returns the indexes of details that failed (for SQS partial
 * batch responses). Open sheets are not refolded here: every write into a staff-month partition (the
 * event itself, a joined copy) marks it dirty for the read model's refresher (services/refresh.ts),
 * which folds each dirty staff-month once per batching window; single-sheet reads fold live.
 */
export async function recordBatch(deps: RecordDeps, details: RecordedDetail[]): Promise<number[]> {
  const cache = new ReadCache(deps.store);
  const failed = new Set<number>();
  const byTarget = new Map<string, { target: Target; indexes: number[]; eventIds: string[] }>();

  // Join first (I/O), then merge per staff-month synchronously, so no entry can overwrite another.
  const joined = await Promise.all(
    details.map(async (d, i) => {
      try {
        return await join(deps.store, deps.tz, d);
      } catch (err) {
        logger.error('join failed', { eventId: d.stored.event.id, error: errorText(err) });
        failed.add(i);
        return [];
      }
    }),
  );
  joined.forEach((targets, i) => {
    const d = details[i]!;
    for (const t of targets) {
      const k = keyOf(t);
      const entry = byTarget.get(k) ?? { target: t, indexes: [], eventIds: [] };
      entry.indexes.push(i);
      // Only events that fall in a month are listed as its late arrivals (not joined halves from other months).
      if (fallsIn(d.stored, t.month, deps.tz)) entry.eventIds.push(d.stored.event.id);
      byTarget.set(k, entry);
    }
  });

  await Promise.all(
    [...byTarget.values()].map(async ({ target, indexes, eventIds }) => {
      try {
        const period = await cache.period(target.month);
        if (period.status === 'closed') {
          // Kept and listed; published scores change only with a revision.
          for (const id of new Set(eventIds)) await deps.store.addAfterClose(target.month, target.staffId, id);
        }
      } catch (err) {
        logger.error('after-close listing failed', { ...target, error: errorText(err) });
        for (const i of indexes) failed.add(i);
      }
    }),
  );
  return [...failed].sort((a, b) => a - b);
}

/**
 * Replays the joins of a staff-month from its stored events (those whose home is this partition):
 * links and case copies are re-made, so a month can be rebuilt even if bus deliveries were lost.
 */
export async function rejoinStaffMonth(deps: RecordDeps, staffId: string, month: string): Promise<number> {
  const pk = keys.staffMonth(staffId, month);
  const own = (await deps.store.partitionEvents(pk)).filter((s) => homePartition(s.event, deps.tz) === pk);
  for (const stored of own) await join(deps.store, deps.tz, { pk, stored });
  return own.length;
}
