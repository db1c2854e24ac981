/**
 * Corrections (CONTRACT.md §11): an admin's `event.voided` {source, eventId, reason} takes back a
 * mistaken event. The fold drops the voided event as if it had never been accepted; both stay
 * stored. Pure: the partition's events in, the events to fold and the sheet's `voided` list out.
 */
import type { EventVoided, StoredEvent } from './events.js';

export interface VoidedEntry {
  source: string;
  eventId: string;
  reason: string;
  /** When the void was made (its occurredAt), hall time. */
  at: string;
}

const keyOf = (source: string, eventId: string): string => `${source}\u0000${eventId}`;
const cmp = (a: StoredEvent, b: StoredEvent): number =>
  a.at - b.at || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);

/**
 * The effective void per target: the earliest (time, then id), so voiding twice changes nothing more.
 * A void naming another void has no effect: corrections are not themselves corrected (post the
 * mistaken event again under a new id instead), which also rules out cycles.
 */
export function voidsByTarget(events: readonly StoredEvent[]): Map<string, StoredEvent<EventVoided>> {
  const voids = events.filter((e): e is StoredEvent<EventVoided> => e.event.type === 'event.voided');
  const voidKeys = new Set(voids.map((v) => keyOf(v.source, v.event.id)));
  const out = new Map<string, StoredEvent<EventVoided>>();
  for (const v of voids) {
    const k = keyOf(v.event.source, v.event.eventId);
    if (voidKeys.has(k)) continue;
    const prev = out.get(k);
    if (!prev || cmp(v, prev) < 0) out.set(k, v);
  }
  return out;
}

/** The events no void takes back, voids left out: what a computation counts (applyVoids without the sheet's list). */
export function unvoided(events: readonly StoredEvent[]): StoredEvent[] {
  const byTarget = voidsByTarget(events);
  return events.filter((e) => e.event.type !== 'event.voided' && !byTarget.has(keyOf(e.source, e.event.id)));
}

/**
 * Removes voided events (and the voids themselves) from a partition's events.
 * @param events deduplicated events of one partition
 * @param hallIso formats an instant in hall time
 * @returns `kept` in input order; `voided` one entry per voided event present, by (at, source, eventId)
 */
export function applyVoids(
  events: readonly StoredEvent[],
  hallIso: (at: number) => string,
): { kept: StoredEvent[]; voided: VoidedEntry[] } {
  const byTarget = voidsByTarget(events);
  if (byTarget.size === 0) return { kept: events.filter((e) => e.event.type !== 'event.voided'), voided: [] };
  const kept: StoredEvent[] = [];
  const hit = new Map<string, StoredEvent<EventVoided>>();
  for (const e of events) {
    if (e.event.type === 'event.voided') continue;
    const k = keyOf(e.source, e.event.id);
    const v = byTarget.get(k);
    if (v) hit.set(k, v);
    else kept.push(e);
  }
  const voided = [...hit.values()]
    .sort((a, b) => a.at - b.at || cmpStr(a.event.source, b.event.source) || cmpStr(a.event.eventId, b.event.eventId))
    .map((v) => ({ source: v.event.source, eventId: v.event.eventId, reason: v.event.reason, at: hallIso(v.at) }));
  return { kept, voided };
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
