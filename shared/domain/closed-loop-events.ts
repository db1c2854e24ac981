/**
 * Event contracts of the 好差评 closed loop, window duty and corrections (CONTRACT.md §11):
 * rectification, return visit, appeal (joined on caseId like an annulment), approved away-from-post,
 * and the admin's void of a mistaken event.
 */
import * as z from 'zod';
import { Id, Instant } from './ids.js';

const base = { id: Id, occurredAt: Instant };

/** The window reports what it fixed (整改). */
export const EvaluationRectified = z.object({
  ...base,
  type: z.literal('evaluation.rectified'),
  caseId: Id,
  note: z.string().min(1).max(2000),
});

/** The return visit (回访) and its result. */
export const EvaluationRevisited = z.object({
  ...base,
  type: z.literal('evaluation.revisited'),
  caseId: Id,
  satisfied: z.boolean(),
  note: z.string().max(2000).optional(),
});

/** The staff member disputes the review (申诉); an evaluation.annulled upholds it. */
export const EvaluationAppealed = z.object({
  ...base,
  type: z.literal('evaluation.appealed'),
  caseId: Id,
  reason: z.string().min(1).max(2000),
});

/** Longest approved absence from the post: within a working day. */
export const MAX_AWAY_MS = 24 * 3600_000;

/** An approved absence from the post (离岗报备) within the working day. */
export const AttendanceAway = z
  .object({ ...base, type: z.literal('attendance.away'), staffId: Id, from: Instant, to: Instant, reason: z.string().min(1).max(2000) })
  .refine((e) => Date.parse(e.from) < Date.parse(e.to), { message: 'from must be before to', path: ['to'] })
  .refine((e) => Date.parse(e.to) - Date.parse(e.from) <= MAX_AWAY_MS, {
    message: 'an away lies within one working day (at most 24 hours); use attendance.leave for longer',
    path: ['to'],
  });

/** The admin takes back a mistaken event (source, eventId): it leaves every computation; both stay stored. */
export const EventVoided = z.object({
  ...base,
  type: z.literal('event.voided'),
  source: Id,
  eventId: Id,
  reason: z.string().min(1).max(2000),
});
