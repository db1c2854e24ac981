/** Role keys (CONTRACT.md §13): the body of POST /v1/keys. */
import * as z from 'zod';
import { Id } from './ids.js';

export const KeyRole = z.enum(['admin', 'inspector', 'department', 'screen']);
export type KeyRole = z.infer<typeof KeyRole>;

export const KeyInput = z
  .object({
    name: z.string().min(1).max(200),
    role: KeyRole,
    departmentId: Id.optional(),
  })
  .refine((k) => k.role !== 'department' || k.departmentId !== undefined, {
    message: 'departmentId is required for a department key',
    path: ['departmentId'],
  })
  .refine((k) => k.role === 'department' || k.departmentId === undefined, {
    message: 'only a department key names a department',
    path: ['departmentId'],
  });
export type KeyInput = z.infer<typeof KeyInput>;
