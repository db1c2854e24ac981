/** Master data routes (CONTRACT.md §3): validate, check references, store; keys only as hashes. */
import { Id } from '../domain/ids.js';
import { MASTER_SCHEMAS, type MasterKind, type Shift, type Source, type Staff } from '../domain/masterdata.js';
import { loadCalendarData } from '../adapters/dynamodb/calendar-store.js';
import { BUILT_IN_CALENDARS } from '../domain/calendar.js';
import { RuleSetBody } from '../domain/rules.js';
import { badRequest, HttpError, parseOrThrow } from '../http/errors.js';
import { ConflictError, type HallStore } from '../adapters/dynamodb/store.js';
import { hashKey } from './auth.js';
import { markStaffDirty, staffOnShift, type DirtyDeps } from './dirty.js';

export function parseId(id: string | undefined, path = 'id'): string {
  const r = Id.safeParse(id);
  if (!r.success) throw badRequest(`invalid ${path}`, [{ path, message: 'must match [A-Za-z0-9._:-]{1,128}' }]);
  return r.data;
}

export function isMasterKind(k: string): k is MasterKind {
  return k in MASTER_SCHEMAS;
}

/** What GET returns for a source: never the key, not even its hash. */
function publicSource(id: string, data: { kind: string; deviceSn?: string; hasKey?: boolean; allowedIps?: string[]; hasCommKey?: boolean; allowAnyTimeOffset?: boolean }) {
  return {
    id,
    kind: data.kind,
    ...(data.deviceSn ? { deviceSn: data.deviceSn } : {}),
    hasKey: data.hasKey ?? false,
    ...(data.allowedIps ? { allowedIps: data.allowedIps } : {}),
    ...(data.hasCommKey ? { hasCommKey: true } : {}),
    ...(data.allowAnyTimeOffset ? { allowAnyTimeOffset: true } : {}),
  };
}

/**
 * Creates or replaces a master record. A staff or shift change alters the folds of open months, so it
 * marks the affected staff-months dirty for the read model (lists and rankings follow within seconds).
 */
export async function putMaster(deps: DirtyDeps, kind: MasterKind, rawId: string | undefined, body: unknown): Promise<object> {
  const { store } = deps;
  const id = parseId(rawId);
  const data = parseOrThrow(MASTER_SCHEMAS[kind], body, kind === 'staff' ? 'staff record' : `${kind.replace(/s$/, '')}`);
  try {
    switch (kind) {
      case 'staff': {
        const s = data as Staff;
        const [dept, win, shift] = await Promise.all([
          store.getMaster('departments', s.departmentId),
          store.getMaster('windows', s.windowId),
          store.getMaster('shifts', s.shiftId),
        ]);
        const missing = [
          ...(dept ? [] : [{ path: 'departmentId', message: `unknown department ${s.departmentId}` }]),
          ...(win ? [] : [{ path: 'windowId', message: `unknown window ${s.windowId}` }]),
          ...(shift ? [] : [{ path: 'shiftId', message: `unknown shift ${s.shiftId}` }]),
        ];
        if (missing.length > 0) throw badRequest('staff names master data that does not exist', missing, 'unknown-reference');
        await store.putStaff(id, s);
        await markStaffDirty(deps, [id]);
        return { id, ...s };
      }
      case 'shifts': {
        // A shift names cn-statutory, mon-fri or a hall calendar that exists (CONTRACT.md §8).
        const cal = (data as Shift).calendar;
        if (!BUILT_IN_CALENDARS.includes(cal) && !(await loadCalendarData(store)).hallCalendars.some((c) => c.id === cal)) {
          throw badRequest('shift names a calendar that does not exist', [
            { path: 'calendar', message: `unknown calendar ${cal}: use cn-statutory, mon-fri or a hall calendar (PUT /v1/calendars/${cal} first)` },
          ], 'unknown-reference');
        }
        await store.putMaster(kind, id, data);
        // Its sessions or calendar change the folds of every staff member on it.
        await markStaffDirty(deps, await staffOnShift(store, id));
        return { id, ...data };
      }
      case 'sources': {
        const s = data as Source;
        await store.putSource(id, s, s.key === undefined ? undefined : hashKey(s.key));
        return publicSource(id, { ...s, hasKey: s.key !== undefined, hasCommKey: s.commKey !== undefined });
      }
      default:
        await store.putMaster(kind, id, data);
        return { id, ...data };
    }
  } catch (e) {
    if (e instanceof ConflictError) throw new HttpError(409, 'conflict', e.message, [{ path: e.path, message: e.message }]);
    throw e;
  }
}

export async function getMaster(store: HallStore, kind: MasterKind, rawId: string | undefined): Promise<object> {
  const id = parseId(rawId);
  const rec = await store.getMaster<Record<string, unknown>>(kind, id);
  if (!rec) throw new HttpError(404, 'not-found', `no ${kind} record ${id}`);
  return kind === 'sources' ? publicSource(id, rec as unknown as { kind: string }) : rec;
}

export async function listMaster(store: HallStore, kind: MasterKind): Promise<object> {
  const recs = await store.listMaster<Record<string, unknown>>(kind);
  return { [kind]: kind === 'sources' ? recs.map((r) => publicSource(r.id, r as unknown as { kind: string })) : recs };
}

/** Open sheets are scored with the current rule set: a new one marks every open staff-month dirty. */
export async function putRules(deps: DirtyDeps, body: unknown): Promise<{ version: number }> {
  const rules = parseOrThrow(RuleSetBody, body, 'rule set');
  const version = await deps.store.putRules(rules);
  await markStaffDirty(deps);
  return { version };
}
