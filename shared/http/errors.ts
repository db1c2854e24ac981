/** Contract §2 error shape: {error, message, errors: [{index?, path, message}]}. */
import type { z } from 'zod';

export interface FieldError {
  index?: number;
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errors: FieldError[] = [], code = 'validation-failed') =>
  new HttpError(400, code, message, errors);

/** zod issues → field errors with dotted paths (prefix joins e.g. 'events.3'). */
export function issuesToErrors(issues: z.core.$ZodIssue[], index?: number): FieldError[] {
  return issues.map((i) => ({
    ...(index !== undefined ? { index } : {}),
    path: i.path.map(String).join('.') || '(body)',
    message: i.message,
  }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(`${what} is invalid`, issuesToErrors(r.error.issues));
  return r.data;
}
