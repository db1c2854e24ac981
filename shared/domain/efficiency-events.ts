/**
 * Event contracts of service efficiency (CONTRACT.md §10): cases of the approval system (办件) and
 * tickets of the queueing system (叫号). Kept apart from events.ts so the efficiency family can grow
 * without touching the other families' schemas.
 */
import * as z from 'zod';
import { Id, Instant } from './ids.js';

const base = { id: Id, occurredAt: Instant };

export const CaseLimit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('immediate') }),
  z.object({
    kind: z.literal('promised'),
    workdays: z.number().int().min(1).max(365),
    legalWorkdays: z.number().int().min(1).max(365).optional(),
  }),
]);
export type CaseLimit = z.infer<typeof CaseLimit>;

export const CaseAccepted = z.object({
  ...base,
  type: z.literal('case.accepted'),
  caseId: Id,
  staffId: Id,
  item: z.string().min(1).max(500),
  limit: CaseLimit,
});

export const CaseSuspended = z.object({
  ...base,
  type: z.literal('case.suspended'),
  caseId: Id,
  reason: z.string().min(1).max(2000),
});

export const CaseResumed = z.object({ ...base, type: z.literal('case.resumed'), caseId: Id });

export const CaseResult = z.enum(['approved', 'rejected', 'withdrawn', 'transferred']);
export const CaseCompleted = z.object({ ...base, type: z.literal('case.completed'), caseId: Id, result: CaseResult });

export const TicketOutcome = z.enum(['served', 'no-show', 'transferred']);
export const QueueTicket = z
  .object({
    ...base,
    type: z.literal('queue.ticket'),
    ticketId: Id,
    staffId: Id,
    windowId: Id,
    issuedAt: Instant,
    calledAt: Instant.optional(),
    finishedAt: Instant.optional(),
    outcome: TicketOutcome,
  })
  .superRefine((t, ctx) => {
    // A served ticket's wait and service are what the queue block averages: both times are required.
    if (t.outcome === 'served') {
      for (const f of ['calledAt', 'finishedAt'] as const) {
        if (t[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: `is required for a served ticket` });
      }
    }
    // Times that run backwards would give negative waits.
    const order: ['issuedAt' | 'calledAt' | 'finishedAt', string | undefined][] = [
      ['issuedAt', t.issuedAt],
      ['calledAt', t.calledAt],
      ['finishedAt', t.finishedAt],
    ];
    let prev: [string, number] | undefined;
    for (const [name, v] of order) {
      if (v === undefined) continue;
      const ms = Date.parse(v);
      if (prev && ms < prev[1]) ctx.addIssue({ code: 'custom', path: [name], message: `must not be before ${prev[0]}` });
      prev = [name, ms];
    }
  });

export const EFFICIENCY_SCHEMAS = {
  'case.accepted': CaseAccepted,
  'case.suspended': CaseSuspended,
  'case.resumed': CaseResumed,
  'case.completed': CaseCompleted,
  'queue.ticket': QueueTicket,
} as const;

export type CaseAccepted = z.infer<typeof CaseAccepted>;
export type CaseSuspended = z.infer<typeof CaseSuspended>;
export type CaseResumed = z.infer<typeof CaseResumed>;
export type CaseCompleted = z.infer<typeof CaseCompleted>;
export type QueueTicket = z.infer<typeof QueueTicket>;
export type CaseEvent = CaseAccepted | CaseSuspended | CaseResumed | CaseCompleted;
export type EfficiencyEvent = CaseEvent | QueueTicket;

/** Who may send them (CONTRACT.md §10). */
export const EFFICIENCY_SENDERS = {
  'case.accepted': ['approval', 'admin'],
  'case.suspended': ['approval', 'admin'],
  'case.resumed': ['approval', 'admin'],
  'case.completed': ['approval', 'admin'],
  'queue.ticket': ['queue', 'admin'],
} as const;

/** Case events that name only a caseId: they join the accepting staff member's case. */
export const CASE_FOLLOW_UPS: ReadonlySet<string> = new Set(['case.suspended', 'case.resumed', 'case.completed']);
