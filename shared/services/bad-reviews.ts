/** GET /v1/bad-reviews (CONTRACT.md §11): the bad reviews submitted in a month and their closed loop. */
import { keys } from '../adapters/dynamodb/keys.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { staffOf, type StoredEvent } from '../domain/events.js';
import { Id } from '../domain/ids.js';
import type { Shift, Staff, WithId } from '../domain/masterdata.js';
import { BAD_REVIEW_FILTERS, badReviewStates, workdayOrWeekday, type BadReviewFilter, type BadReviewState } from '../domain/rectification.js';
import { addMonths, isMonth, localMonth, toHallIso } from '../domain/time.js';
import { unvoided } from '../domain/voiding.js';
import { badRequest } from '../http/errors.js';
import { dueMonthsSpan } from './closed-loop.js';
import { ReadCache } from './context.js';
import { mapLimit } from './ingest.js';

export interface BadReviewQuery {
  period: string;
  departmentId?: string;
  status?: BadReviewFilter;
}

export interface BadReviewRow {
  caseId: string;
  eventId: string;
  staffId: string;
  windowId: string;
  departmentId: string;
  level: number;
  at: string;
  comment?: string;
  status: BadReviewState['status'];
  dueAt: string;
  rectifiedAt?: string;
  revisit?: { satisfied: boolean; at: string };
  appeal?: { reason: string; at: string };
}

/** Validates the query string; 400 with the offending parameter's path. */
export function parseBadReviewQuery(q: Record<string, string | undefined>): BadReviewQuery {
  const errors: { path: string; message: string }[] = [];
  if (!q.period || !isMonth(q.period)) errors.push({ path: 'period', message: 'must be a month, YYYY-MM' });
  if (q.departmentId !== undefined && !Id.safeParse(q.departmentId).success) errors.push({ path: 'departmentId', message: 'must match [A-Za-z0-9._:-]{1,128}' });
  if (q.status !== undefined && !(BAD_REVIEW_FILTERS as readonly string[]).includes(q.status)) {
    errors.push({ path: 'status', message: `must be one of ${BAD_REVIEW_FILTERS.join(', ')}` });
  }
  if (errors.length > 0) throw badRequest('invalid bad-review query', errors);
  return {
    period: q.period!,
    ...(q.departmentId !== undefined ? { departmentId: q.departmentId } : {}),
    ...(q.status !== undefined ? { status: q.status as BadReviewFilter } : {}),
  };
}

/** One copy per (source, id): copies of one event are identical. */
function dedupe(events: readonly StoredEvent[]): StoredEvent[] {
  const seen = new Map<string, StoredEvent>();
  for (const e of events) seen.set(`${e.source}\u0000${e.event.id}`, seen.get(`${e.source}\u0000${e.event.id}`) ?? e);
  return [...seen.values()];
}

export async function listBadReviews(store: HallStore, tz: string, q: BadReviewQuery): Promise<{ reviews: BadReviewRow[] }> {
  const cache = new ReadCache(store);
  const state = await cache.period(q.period);
  // A closed month is judged under the rules it was closed with, like its sheets.
  const rules = state.status === 'closed' && state.ruleVersion !== undefined ? await cache.rulesVersion(state.ruleVersion) : await cache.rules();
  const months = [q.period, ...Array.from({ length: dueMonthsSpan(rules.rectification.workdays) }, (_, i) => addMonths(q.period, i + 1))];
  const closed = new Set((await Promise.all(months.map((m) => cache.closedDays(m)))).flatMap((s) => [...s]));
  const staff = (await store.listMaster<Staff>('staff')).filter((s) => q.departmentId === undefined || s.departmentId === q.departmentId);
  const hall = (at: number) => toHallIso(at, tz);

  const calendars = await cache.calendars();
  const perStaff = await mapLimit(staff, 8, async (s: WithId<Staff>) => {
    const shift = (await cache.shift(s.shiftId)) as WithId<Shift> | undefined;
    if (!shift) return [];
    const kept = unvoided(dedupe(await store.partitionEvents(keys.staffMonth(s.id, q.period))));
    const events = kept.filter((e) => {
      const who = staffOf(e.event);
      return who === undefined || who === s.id;
    });
    const states = badReviewStates({
      events,
      tz,
      workdays: rules.rectification.workdays,
      isWorkday: (d) => workdayOrWeekday(d, calendars.get(shift.calendar)),
      isClosedDay: (d) => closed.has(d),
    });
    return states
      .filter((st) => localMonth(st.review.at, tz) === q.period && (q.status === undefined || st.matches.has(q.status)))
      .map((st) => row(st, s, hall));
  });
  const reviews = perStaff.flat().sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  return { reviews };
}

function row(st: BadReviewState, s: WithId<Staff>, hall: (at: number) => string): BadReviewRow {
  const r = st.review.event;
  return {
    caseId: r.caseId,
    eventId: r.id,
    staffId: s.id,
    windowId: s.windowId,
    departmentId: s.departmentId,
    level: r.level,
    at: hall(st.review.at),
    ...(r.comment !== undefined ? { comment: r.comment } : {}),
    status: st.status,
    dueAt: hall(st.dueAt),
    ...(st.rectification ? { rectifiedAt: hall(st.rectification.at) } : {}),
    ...(st.revisit ? { revisit: { satisfied: st.revisit.event.satisfied, at: hall(st.revisit.at) } } : {}),
    ...(st.appeal ? { appeal: { reason: st.appeal.event.reason, at: hall(st.appeal.at) } } : {}),
  };
}
