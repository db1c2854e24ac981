/** Bearer-key authentication: keys are compared as SHA-256 digests, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { SourceKind } from '../domain/events.js';
import { HttpError } from '../http/errors.js';

export type Principal = { kind: 'admin'; sourceId: 'admin' } | { kind: 'source'; sourceId: string; sourceKind: SourceKind };

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

/** 401 for a missing or unknown key. The admin key's digest comes from config (env or secret). */
export async function authenticate(
  store: HallStore,
  adminKeyHash: string,
  headers: Record<string, string | undefined>,
): Promise<Principal> {
  const key = bearer(headers);
  if (!key) throw new HttpError(401, 'unauthorized', 'Authorization: Bearer <key> is required');
  const digest = hashKey(key);
  if (sameDigest(digest, adminKeyHash)) return { kind: 'admin', sourceId: 'admin' };
  const source = await store.sourceByKeyHash(digest);
  if (!source) throw new HttpError(401, 'unauthorized', 'unknown key');
  return { kind: 'source', sourceId: source.sourceId, sourceKind: source.kind };
}

export function requireAdmin(p: Principal): void {
  if (p.kind !== 'admin') throw new HttpError(403, 'forbidden', 'this route needs the admin key');
}
