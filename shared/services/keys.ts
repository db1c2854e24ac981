/** POST/GET/DELETE /v1/keys: role keys, shown once at creation and stored as SHA-256 digests. */
import { randomBytes } from 'node:crypto';
import { KeyInput } from '../domain/keys.js';
import { badRequest, HttpError, parseOrThrow } from '../http/errors.js';
import type { HallStore, RoleKey } from '../adapters/dynamodb/store.js';
import { hashKey } from './auth.js';
import { parseId } from './master-data.js';

export async function createKey(store: HallStore, body: unknown, now: number): Promise<RoleKey & { key: string }> {
  const input = parseOrThrow(KeyInput, body, 'key');
  if (input.departmentId !== undefined && !(await store.getMaster('departments', input.departmentId))) {
    throw badRequest('the key names a department that does not exist', [{ path: 'departmentId', message: `unknown department ${input.departmentId}` }], 'unknown-reference');
  }
  const id = `k-${randomBytes(6).toString('hex')}`;
  // 32 random bytes: as strong as the admin key ought to be; the prefix makes a leaked key recognisable.
  const key = `hsk_${randomBytes(32).toString('base64url')}`;
  const record: RoleKey = {
    id,
    name: input.name,
    role: input.role,
    ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
    createdAt: new Date(now).toISOString(),
  };
  await store.putRoleKey(record, hashKey(key));
  return { ...record, key };
}

export async function listKeys(store: HallStore): Promise<{ keys: RoleKey[] }> {
  return { keys: (await store.listRoleKeys()).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)) };
}

export async function deleteKey(store: HallStore, rawId: string | undefined): Promise<void> {
  const id = parseId(rawId);
  if (!(await store.deleteRoleKey(id))) throw new HttpError(404, 'not-found', `no key ${id}`);
}
