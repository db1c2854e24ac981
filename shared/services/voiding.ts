/**
 * Corrections in the consumer (README "Corrections"): a void and the event it voids meet in the
 * void registry, whichever comes first. The void is copied into every staff-month the voided event
 * entered (the fold then drops the event there), for a rating into its partitions (partitions.ts
 * ratingPartitions; latestRatings drops it there); a void that arrives first is copied by the event's
 * own join. Both stay stored where they are.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { joinVoid } from '../adapters/dynamodb/void-registry.js';
import type { EventVoided, StoredEvent } from '../domain/events.js';
import type { RecordedDetail } from './ingest.js';
import { openedCasePk, ratingPartitions } from './partitions.js';

export type Target = { staffId: string; month: string };

/**
 * Registers where an event lives and carries voids made before it into its staff-months.
 * @param targets the staff-months its join put it in
 * @returns whether voids exist for it (the targets must then be refolded)
 */
export async function carryVoids(store: HallStore, d: RecordedDetail, targets: readonly Target[]): Promise<boolean> {
  // Voids are not themselves voided (see shared/domain/voiding.ts), so they register nowhere.
  if (d.stored.event.type === 'event.voided') return false;
  const { voids } = await joinVoid(store, { source: d.stored.source, eventId: d.stored.event.id }, { home: d.pk });
  if (voids.length === 0) return false;
  for (const v of voids) {
    for (const t of targets) await store.putCopy(keys.staffMonth(t.staffId, t.month), v);
    // A rating is in no staff-month: the void goes where its copies are.
    for (const pk of ratingPartitions(d.stored.event)) await store.putCopy(pk, v);
    // Case halves that arrive later copy what the case item holds: the void must travel with them
    // (a half homed in its case partition, or an opening whose case another month may join later).
    const casePk = d.pk.startsWith('CASE#') ? d.pk : openedCasePk(d.stored.event);
    if (casePk) await store.joinCase(casePk, { event: v });
  }
  return true;
}

/**
 * Records a void: finds the voided event through the registry (if it arrived already), re-runs its
 * join (idempotent) to learn every staff-month it entered, and copies the void into each.
 * @param rejoin the consumer's join of one event
 * @returns the staff-months to refold
 */
export async function recordVoid(
  store: HallStore,
  d: RecordedDetail,
  rejoin: (d: RecordedDetail) => Promise<Target[]>,
): Promise<Target[]> {
  const v = d.stored as StoredEvent<EventVoided>;
  const target = { source: v.event.source, eventId: v.event.eventId };
  const { homes } = await joinVoid(store, target, { void: v });
  const out: Target[] = [];
  for (const home of homes) {
    const voidedEvent = await store.getEvent(home, keys.eventSk(target.source, target.eventId));
    if (!voidedEvent) continue;
    const targets = await rejoin({ pk: home, stored: voidedEvent });
    // Held by the case item too, so a verdict arriving later in another month copies it along.
    const casePk = home.startsWith('CASE#') ? home : openedCasePk(voidedEvent.event);
    if (casePk) await store.joinCase(casePk, { event: v });
    for (const t of targets) {
      await store.putCopy(keys.staffMonth(t.staffId, t.month), v);
      out.push(t);
    }
    // A rating is in no staff-month: the void goes where its copies are (its sheets read them on request).
    for (const pk of ratingPartitions(voidedEvent.event)) await store.putCopy(pk, v);
  }
  return out;
}
