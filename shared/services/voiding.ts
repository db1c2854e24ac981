/**
 * Corrections in the consumer (README "Corrections"): a void and the event it voids meet on the
 * event's identity item, whichever comes first (adapters/dynamodb/void-registry.ts). The void is
 * copied into every staff-month the voided event entered (the fold then drops the event there), for a
 * rating into its partitions (partitions.ts ratingPartitions; latestRatings drops it there); a void
 * that arrives first is copied by the event's own join. Both stay stored where they are.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { registerVoid, voidsOf } from '../adapters/dynamodb/void-registry.js';
import type { EventVoided, StoredEvent } from '../domain/events.js';
import type { RecordedDetail } from './ingest.js';
import { openedCasePk, ratingPartitions } from './partitions.js';

export type Target = { staffId: string; month: string };

/**
 * Carries voids made before an event into its staff-months.
 * @param targets the staff-months its join put it in
 * @param check read the identity item even if the accept saw no void (replays, whose accept is not at hand)
 * @returns whether voids exist for it (the targets must then be refolded)
 */
export async function carryVoids(store: HallStore, d: RecordedDetail, targets: readonly Target[], check = false): Promise<boolean> {
  // Voids are not themselves voided (see shared/domain/voiding.ts).
  if (d.stored.event.type === 'event.voided') return false;
  // The accept's write of the identity item returned the voids already there: none, nothing to read.
  // A void written after it sees the event there and is carried by recordVoid instead.
  if (!d.voided && !check) return false;
  const voids = await voidsOf(store, d.stored.source, d.stored.event.id);
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
 * Records a void: finds the voided event on its identity item (if it was accepted already), re-runs
 * its join (idempotent) to learn every staff-month it entered, and copies the void into each.
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
  const { voided } = await registerVoid(store, target, v);
  const out: Target[] = [];
  if (voided) {
    // The identity item's copy: its home item may still be in flight (the accept writes it second).
    const { home, stored: voidedEvent } = voided;
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
