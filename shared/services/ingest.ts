/**
 * POST /v1/events: authenticate → check types against the sender → validate all-or-nothing →
 * resolve staff → conditional put per event (the durable accept) → publish to the bus.
 */
import { randomUUID } from 'node:crypto';
import { INGEST_SOURCE, type BusEnvelope } from '../bus/patterns.js';
import { EVENT_SCHEMAS, EVENT_TYPES, SENDERS, type EventType, type HallEvent, type SourceKind, type StoredEvent } from '../domain/events.js';
import { badRequest, HttpError, issuesToErrors, type FieldError } from '../http/errors.js';
import type { HallStore } from '../adapters/dynamodb/store.js';
import { dropUnpublished, keepUnpublished, listUnpublished } from '../adapters/dynamodb/unpublished.js';
import type { Clock, EventBus } from '../ports.js';
import type { Principal } from './auth.js';
import { homePartition, parseStaffMonth } from './partitions.js';
import { errorText, logger } from '../logger.js';

export const MAX_EVENTS_PER_REQUEST = 500;
export const MAX_FUTURE_MS = 5 * 60_000;

export interface IngestDeps {
  store: HallStore;
  bus: EventBus;
  clock: Clock;
  tz: string;
}

export interface Accepted {
  accepted: number;
  duplicates: number;
}

/** The bus detail: the stored event and its home partition. */
export interface RecordedDetail {
  pk: string;
  stored: StoredEvent;
  /** The accept found voids of this event on its identity item (made before it): the consumer carries them. */
  voided?: true;
  /**
   * Its home month's period was open (not closed, no close running) when read after the event was
   * stored: the consumer need not read it again for that month (a close starting later folds it).
   */
  homeOpen?: true;
}

function unwrap(body: unknown): { raws: unknown[]; batch: boolean } {
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'events' in body) {
    const events = (body as { events: unknown }).events;
    if (!Array.isArray(events)) throw badRequest('events must be an array', [{ path: 'events', message: 'must be an array of 1–500 events' }]);
    if (events.length < 1 || events.length > MAX_EVENTS_PER_REQUEST) {
      throw badRequest(`a batch holds 1–${MAX_EVENTS_PER_REQUEST} events`, [
        { path: 'events', message: `must hold 1–${MAX_EVENTS_PER_REQUEST} events (got ${events.length})` },
      ]);
    }
    return { raws: events, batch: true };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('body must be an event object or {"events": [...]}', [{ path: '(body)', message: 'must be a JSON object' }]);
  }
  return { raws: [body], batch: false };
}

/**
 * What kind of sender a principal is: an inspector key posts what an inspection source may
 * (inspection.recorded, commendation.recorded; CONTRACT.md §13); department and screen keys post nothing.
 */
function senderKind(p: Principal): SourceKind | 'admin' | undefined {
  if (p.kind === 'admin') return 'admin';
  if (p.kind === 'source') return p.sourceKind;
  return p.role === 'inspector' ? 'inspection' : undefined;
}

export function validateEvents(body: unknown, principal: Principal, now: number): HallEvent[] {
  const { raws, batch } = unwrap(body);
  const at = (i: number) => (batch ? { index: i } : {});
  const prefix = (i: number, path: string) => (batch ? `events.${i}.${path}` : path);

  // Types first: a sender posting another kind's event is refused (403) whatever else is wrong.
  const typeErrors: FieldError[] = [];
  const forbidden: FieldError[] = [];
  raws.forEach((raw, i) => {
    const type = raw !== null && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !(EVENT_TYPES as string[]).includes(type)) {
      typeErrors.push({ ...at(i), path: prefix(i, 'type'), message: `must be one of ${EVENT_TYPES.join(', ')}` });
      return;
    }
    const who = senderKind(principal);
    if (who === undefined || !SENDERS[type as EventType].includes(who)) {
      forbidden.push({ ...at(i), path: prefix(i, 'type'), message: who === undefined ? `a ${principal.kind === 'key' ? principal.role : ''} key may not send events` : `a source of kind ${who} may not send ${type}` });
    }
  });
  if (forbidden.length > 0) throw new HttpError(403, 'forbidden', 'this key may not send these event types', forbidden);

  const errors: FieldError[] = [...typeErrors];
  const events: HallEvent[] = [];
  raws.forEach((raw, i) => {
    if (typeErrors.some((e) => (e.index ?? 0) === i)) return;
    const type = (raw as { type: EventType }).type;
    const r = EVENT_SCHEMAS[type].safeParse(raw);
    if (!r.success) {
      errors.push(...issuesToErrors(r.error.issues, batch ? i : undefined).map((e) => ({ ...e, path: prefix(i, e.path) })));
      return;
    }
    const e = r.data as HallEvent;
    if (Date.parse(e.occurredAt) > now + MAX_FUTURE_MS) {
      errors.push({ ...at(i), path: prefix(i, 'occurredAt'), message: 'is more than 5 minutes in the future' });
      return;
    }
    events.push(e);
  });
  if (errors.length > 0) throw badRequest(`${errors.length} validation error(s); nothing was stored`, errors);
  return events;
}

/** Every event must name a known staff member (punches may name a PIN instead). */
async function resolveStaff(store: HallStore, events: HallEvent[], batch: boolean): Promise<HallEvent[]> {
  const staffIds = events.flatMap((e) => ('staffId' in e && e.staffId !== undefined ? [e.staffId] : []));
  const pins = events.flatMap((e) => (e.type === 'attendance.punch' && e.staffId === undefined && e.pin !== undefined ? [e.pin] : []));
  const [known, byPin] = await Promise.all([store.existingMasters('staff', staffIds), store.staffIdsByPins(pins)]);
  const errors: FieldError[] = [];
  const resolved = events.map((e, i) => {
    const path = (p: string) => (batch ? `events.${i}.${p}` : p);
    const at = batch ? { index: i } : {};
    if (e.type === 'attendance.punch' && e.staffId === undefined) {
      const staffId = byPin.get(e.pin!);
      if (!staffId) errors.push({ ...at, path: path('pin'), message: `no staff member has pin ${e.pin}` });
      return { ...e, staffId } as HallEvent;
    }
    if ('staffId' in e && e.staffId !== undefined && !known.has(e.staffId)) {
      errors.push({ ...at, path: path('staffId'), message: `unknown staff ${e.staffId}` });
    }
    return e;
  });
  if (errors.length > 0) throw badRequest('events name staff that master data does not know; nothing was stored', errors, 'unknown-staff');
  return resolved;
}

export function envelope(detail: RecordedDetail): BusEnvelope {
  return { source: INGEST_SOURCE, 'detail-type': detail.stored.event.type, detail };
}

export async function ingest(deps: IngestDeps, principal: Principal, body: unknown): Promise<Accepted> {
  const now = deps.clock.now();
  const batch = body !== null && typeof body === 'object' && 'events' in (body as object);
  const events = await resolveStaff(deps.store, validateEvents(body, principal, now), batch);
  return storeAndPublish(deps, principal.sourceId, events, now);
}

/** Shared by the HTTP ingest and the iclock device path. */
export async function storeAndPublish(deps: IngestDeps, sourceId: string, events: HallEvent[], now: number): Promise<Accepted> {
  const receivedAt = new Date(now).toISOString();
  const seen = new Set<string>();
  let duplicates = 0;
  const unique: RecordedDetail[] = [];
  for (const event of events) {
    if (seen.has(event.id)) {
      duplicates++;
      continue;
    }
    seen.add(event.id);
    unique.push({ pk: homePartition(event, deps.tz), stored: { source: sourceId, receivedAt, at: Date.parse(event.occurredAt), event } });
  }
  const requestId = randomUUID();
  // (source, id) is the identity wherever the content puts the event: a repeat with another staff
  // member, time or payload is a duplicate, and what goes on the bus is the stored event.
  const results = await mapLimit(unique, 16, (d) => deps.store.acceptEvent(d.pk, d.stored, requestId));
  const accepted = results.filter((r) => r.isNew).length;
  duplicates += results.length - accepted;
  // Repeats are published again: if an earlier attempt stored them but died before publishing,
  // the client's retry is what delivers them. Consumers are idempotent, so this costs no accuracy.
  const open = await openMonths(deps.store, results.map((r) => r.pk));
  const details: RecordedDetail[] = results.map((r) => ({
    pk: r.pk,
    stored: r.stored,
    ...(r.voided ? { voided: true as const } : {}),
    ...(open.has(parseStaffMonth(r.pk)?.month ?? '') ? { homeOpen: true as const } : {}),
  }));
  try {
    await deps.bus.publish(details.map(envelope));
  } catch (e) {
    // Stored already: kept for the reconcile sweep to publish, so the answer is still 202 and a
    // sender that never retries loses nothing. Only if that list cannot be written either, 503.
    logger.warn('bus publish failed; keeping the events for the reconcile sweep', { error: errorText(e), count: details.length });
    try {
      await keepUnpublished(deps.store, details);
    } catch (e2) {
      logger.error('unpublished list write failed', { error: errorText(e2), count: details.length });
      throw new HttpError(503, 'bus-unavailable', 'events were stored but could not be forwarded; retry the same request (repeats are recognised and not counted twice)');
    }
  }
  return { accepted, duplicates };
}

/**
 * The home months of these partitions whose period is open, read once per request after the writes,
 * so the consumer (one event per invocation) need not. A failed read only costs the consumer its own
 * read: the events are stored and must still be published.
 */
async function openMonths(store: HallStore, pks: string[]): Promise<Set<string>> {
  const months = [...new Set(pks.flatMap((pk) => parseStaffMonth(pk)?.month ?? []))];
  try {
    const states = await Promise.all(months.map((m) => store.getPeriod(m)));
    return new Set(states.filter((p) => p.status === 'open' && !p.closing).map((p) => p.period));
  } catch (e) {
    logger.warn('period states unreadable after the accept; the consumer reads them', { error: errorText(e) });
    return new Set();
  }
}

/** The reconcile sweep's part for ingest: publishes the events kept when the bus was down, then forgets them. */
export async function publishKeptEvents(deps: { store: HallStore; bus: EventBus }): Promise<number> {
  const kept = await listUnpublished(deps.store);
  let published = 0;
  for (let i = 0; i < kept.length; i += 100) {
    const chunk = kept.slice(i, i + 100);
    await deps.bus.publish(chunk.map(envelope));
    await dropUnpublished(deps.store, chunk);
    published += chunk.length;
  }
  return published;
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
