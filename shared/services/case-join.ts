/**
 * The join of the case family (case.accepted with its pauses, resumptions and completion; CONTRACT.md
 * §10). Unlike reviews and complaints, a case matters to up to three months (acceptance, completion,
 * due day), and its due month moves as pauses arrive. So the case's join item holds every event of the
 * case and a link per staff-month it was ever copied into; every arrival copies the whole case into
 * all of them. A month the case no longer belongs to keeps its copies and refolds them correctly.
 *
 * Any order, any repeats: each arrival is one atomic UpdateItem returning the whole item, so the last
 * arrival sees every event; a new link is added before copying, and the item it returns is checked
 * again, so an event that raced past an earlier read is copied by one of the two.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import type { CaseLink, HallStore } from '../adapters/dynamodb/store.js';
import { loadCalendarData } from '../adapters/dynamodb/calendar-store.js';
import { Calendars } from '../domain/calendar.js';
import type { CaseEvent } from '../domain/efficiency-events.js';
import { monthsOfCase } from '../domain/efficiency.js';
import type { StoredEvent } from '../domain/events.js';
import type { Shift, Staff } from '../domain/masterdata.js';
import { homePartition } from './partitions.js';

export type CaseTarget = { staffId: string; month: string };

/** Rounds of "copy, link, look again" before giving up (each round adds at least one link). */
const MAX_ROUNDS = 6;

/** The staff member's working-day calendar, read from master data. */
async function workdayFn(store: HallStore, staffId: string): Promise<(d: string) => boolean> {
  const staff = await store.getMaster<Staff>('staff', staffId);
  const shift = staff ? await store.getMaster<Shift>('shifts', staff.shiftId) : undefined;
  // The hall's calendars (its year data over the package, its hall calendars): CONTRACT.md §8.
  const calendars = Calendars.from(await loadCalendarData(store));
  const calendar = calendars.get(shift?.calendar ?? 'cn-statutory');
  return (d) => calendar.isWorkday(d);
}

/**
 * Joins one case event and returns the staff-months whose sheets it changes.
 * @param home the partition ingest stored the event in (a staff-month for an acceptance, the case's own otherwise)
 */
export async function joinCaseEvent(store: HallStore, tz: string, stored: StoredEvent<CaseEvent>): Promise<CaseTarget[]> {
  const e = stored.event;
  const casePk = keys.casePk('case', e.caseId);
  let state = await store.joinCase(casePk, { event: stored });
  const calendars = new Map<string, (d: string) => boolean>();
  const copied = new Set<string>(); // `${pk}|${sk}` already written by this call
  const targets = new Map<string, CaseTarget>();

  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Every staff member who accepted this caseId (normally one) and the months the case counts in.
    const acceptances = state.events.filter((s): s is StoredEvent<Extract<CaseEvent, { type: 'case.accepted' }>> => s.event.type === 'case.accepted');
    const wanted: CaseLink[] = [];
    for (const a of acceptances) {
      const staffId = a.event.staffId;
      if (!calendars.has(staffId)) calendars.set(staffId, await workdayFn(store, staffId));
      for (const month of monthsOfCase(state.events, staffId, calendars.get(staffId)!, tz)) {
        wanted.push({ staffId, month, eventSk: keys.eventSk(a.source, a.event.id) });
      }
    }
    const linked = new Set(state.links.map((l) => `${l.staffId}|${l.month}`));
    const missing = wanted.filter((l) => !linked.has(`${l.staffId}|${l.month}`));
    // Link before copying: an event joined after this sees the link and copies itself there.
    let events = state.events;
    for (const l of missing) {
      state = await store.joinCase(casePk, { link: l });
      events = state.events;
    }
    for (const l of state.links) {
      const pk = keys.staffMonth(l.staffId, l.month);
      targets.set(`${l.staffId}|${l.month}`, { staffId: l.staffId, month: l.month });
      for (const s of events) {
        const k = `${pk}|${keys.eventSk(s.source, s.event.id)}`;
        // The accepted event's own item stays the original (a copy would drop what ingest's dedupe reads).
        if (copied.has(k) || homePartition(s.event, tz) === pk) continue;
        await store.putCopy(pk, s);
        copied.add(k);
      }
    }
    if (missing.length === 0) break;
    // Links were added: the months may have moved again with what the last update returned.
  }
  return [...targets.values()];
}
