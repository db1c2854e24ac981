/** Bearer-key authentication: keys are compared as SHA-256 digests, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { SourceKind } from '../domain/events.js';
import { HttpError } from '../http/errors.js';
import type { Role } from '../http/routes.js';

/**
 * Who is calling. The environment's admin key and admin-role keys are `admin` (events they post carry
 * the source id 'admin', CONTRACT.md §7); other role keys are `key`; registered sources are `source`.
 */
export type Principal =
  | { kind: 'admin'; sourceId: 'admin'; keyId?: string }
  | { kind: 'source'; sourceId: string; sourceKind: SourceKind }
  | { kind: 'key'; role: Exclude<Role, 'admin'>; keyId: string; departmentId?: string; sourceId: string };

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sameDigest(aHex: string, bHex: string): boolean {
  if (!SHA256_HEX.test(aHex) || !SHA256_HEX.test(bHex)) return false;
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearer(headers: Record<string, string | undefined>): string | undefined {
  const h = headers.authorization ?? headers.Authorization;
  const m = h?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

/** The source id of events a role key posts (inspectors): never a registrable source id clash with 'admin'. */
export const keySourceId = (keyId: string): string => `key:${keyId}`;

/**
 * 401 for a missing or unknown key. The admin key's digest comes from config (env or secret). Role keys
 * are read from the table on every call (no cache), so a deleted key stops at once.
 */
export async function authenticate(
  store: HallStore,
  adminKeyHash: string,
  headers: Record<string, string | undefined>,
): Promise<Principal> {
  const key = bearer(headers);
  if (!key) throw new HttpError(401, 'unauthorized', 'Authorization: Bearer <key> is required');
  const digest = hashKey(key);
  if (sameDigest(digest, adminKeyHash)) return { kind: 'admin', sourceId: 'admin' };
  const found = await store.principalByKeyHash(digest);
  if (!found) throw new HttpError(401, 'unauthorized', 'unknown key');
  if ('sourceId' in found) return { kind: 'source', sourceId: found.sourceId, sourceKind: found.kind };
  if (found.role === 'admin') return { kind: 'admin', sourceId: 'admin', keyId: found.keyId };
  return {
    kind: 'key',
    role: found.role,
    keyId: found.keyId,
    sourceId: keySourceId(found.keyId),
    ...(found.departmentId !== undefined ? { departmentId: found.departmentId } : {}),
  };
}

/** The role a principal acts in; sources have none (they may only post events). */
export function roleOf(p: Principal): Role | undefined {
  return p.kind === 'admin' ? 'admin' : p.kind === 'key' ? p.role : undefined;
}

/** 403 unless the principal's role is one of `roles`. */
export function requireRole(p: Principal, roles: readonly Role[]): void {
  const role = roleOf(p);
  if (role === undefined || !roles.includes(role)) {
    const who = role ? `a ${role} key` : 'a source key';
    throw new HttpError(403, 'forbidden', `this route needs a key with role ${roles.join(' or ')}; ${who} may not call it`);
  }
}

export function requireAdmin(p: Principal): void {
  requireRole(p, ['admin']);
}

/** The department a department key is limited to; undefined for keys that see the whole hall. */
export const departmentScope = (p: Principal): string | undefined => (p.kind === 'key' && p.role === 'department' ? p.departmentId : undefined);
