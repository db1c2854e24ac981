/**
 * Zod schemas of request bodies that live nowhere else, and of responses, for the OpenAPI document
 * (shared/http/openapi.ts) and the console's typed client (web/src/api.ts). Request bodies are the
 * very schemas the handlers validate with (imported from shared/domain), never copies.
 */
import * as z from 'zod';
import { EVENT_SCHEMAS } from '../domain/events.js';
import { Id } from '../domain/ids.js';

const anyEvent = z.union(Object.values(EVENT_SCHEMAS) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

/** POST /v1/events: one event or a batch of 1–500. */
export const EventsBody = z.union([anyEvent, z.object({ events: z.array(anyEvent).min(1).max(500) })]);

export const Error4xx = z.object({
  error: z.string(),
  message: z.string(),
  errors: z.array(z.object({ index: z.number().int().optional(), path: z.string(), message: z.string() })),
});

export const Accepted = z.object({ accepted: z.number().int(), duplicates: z.number().int() });

export const RoleKeyView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'inspector', 'department', 'screen']),
  departmentId: Id.optional(),
  createdAt: z.string(),
});
export const CreatedKey = RoleKeyView.extend({ key: z.string().describe('shown once; stored as a SHA-256 digest') });
export const KeyList = z.object({ keys: z.array(RoleKeyView) });

const SessionStatus = z.enum(['upcoming', 'in-progress', 'on-time', 'late', 'early-leave', 'missing-punch', 'absent', 'excused']);
export const TodayResponse = z.object({
  date: z.string(),
  workday: z.boolean(),
  staff: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      windowId: z.string(),
      departmentId: z.string(),
      onLeave: z.boolean(),
      away: z.boolean(),
      sessions: z.array(
        z.object({ start: z.string(), end: z.string(), arrival: z.string().optional(), departure: z.string().optional(), status: SessionStatus }),
      ),
    }),
  ),
});

const rate = z.number().nullable();
export const ScreenResponse = z.object({
  hallId: z.string(),
  at: z.string(),
  today: z.object({
    expected: z.number().int(),
    present: z.number().int(),
    late: z.number().int(),
    absent: z.number().int(),
    onLeave: z.number().int(),
    evaluations: z.number().int(),
    satisfactionRate: rate,
  }),
  month: z.object({
    period: z.string(),
    evaluations: z.number().int(),
    satisfactionRate: rate,
    windows: z.array(z.object({ windowId: z.string(), name: z.string(), rank: z.number().int(), meanScore: z.number(), satisfactionRate: rate })),
  }),
  redFlag: z.object({ period: z.string(), windowId: z.string(), name: z.string() }).nullable(),
});

export const MailList = z.object({
  mails: z.array(
    z.object({
      departmentId: z.string(),
      version: z.number().int(),
      to: z.array(z.string()),
      subject: z.string(),
      sentAt: z.string().optional(),
      status: z.enum(['sent', 'pending', 'failed', 'held']),
    }),
  ),
});

/** POST /v1/close/{period} (CONTRACT.md §5): mails written by this call; under review 0. */
export const CloseResponse = z.looseObject({
  period: z.string(),
  version: z.number().int(),
  sheets: z.number().int(),
  emails: z.number().int(),
});

/** GET /v1/close/{period}/preview (CONTRACT.md §12): each department's mail of the latest version, as it will be sent. */
export const PublicationPreview = z.object({
  period: z.string(),
  version: z.number().int(),
  mails: z.array(z.object({ departmentId: z.string(), to: z.array(z.string()), subject: z.string(), html: z.string() })),
});

/** POST /v1/publish/{period} (CONTRACT.md §12): mails sent by this call (0 when nothing was held). */
export const PublishResponse = z.object({ period: z.string(), version: z.number().int(), emails: z.number().int() });

export const SheetItem = z.object({
  code: z.string(),
  points: z.number(),
  at: z.string().optional(),
  refs: z.array(z.string()).describe('ids of the events the item came from'),
  note: z.string().optional(),
});

export const SheetResponse = z.looseObject({
  period: z.string(),
  staffId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  windowId: z.string(),
  ruleVersion: z.number().int(),
  status: z.enum(['open', 'closed']),
  version: z.number().int(),
  score: z.number(),
  grade: z.string(),
  veto: z.boolean(),
  returnRecommended: z.boolean(),
  returnReasons: z.array(z.string()),
  items: z.array(SheetItem),
  afterClose: z.array(z.string()),
  rectification: z
    .object({
      badReviews: z.number().int(),
      rectified: z.number().int(),
      onTime: z.number().int(),
      overdue: z.number().int(),
      pending: z.number().int(),
      appealed: z.number().int(),
      revisited: z.number().int(),
      revisitSatisfied: z.number().int(),
    })
    .optional(),
  voided: z.array(z.object({ source: z.string(), eventId: z.string(), reason: z.string(), at: z.string() })).optional(),
});

/** GET /v1/bad-reviews (CONTRACT.md §11). */
export const BadReviewsResponse = z.object({
  reviews: z.array(
    z.object({
      caseId: z.string(),
      eventId: z.string(),
      staffId: z.string(),
      windowId: z.string(),
      departmentId: z.string(),
      level: z.number().int(),
      at: z.string(),
      comment: z.string().optional(),
      status: z.enum(['annulled', 'rectified', 'overdue', 'open']),
      dueAt: z.string(),
      rectifiedAt: z.string().optional(),
      revisit: z.object({ satisfied: z.boolean(), at: z.string() }).optional(),
      appeal: z.object({ reason: z.string(), at: z.string() }).optional(),
    }),
  ),
});

export const RankingResponse = z.looseObject({
  period: z.string(),
  staff: z.array(z.looseObject({ rank: z.number().int(), staffId: z.string(), score: z.number(), grade: z.string() })),
  windows: z.array(z.looseObject({ rank: z.number().int(), windowId: z.string(), meanScore: z.number(), satisfactionRate: rate })),
  redFlagWindowId: z.string().nullable(),
});

export const SheetEvents = z.object({
  events: z.array(
    z.object({
      source: z.string().describe("the sending source's id ('admin' for the admin key)"),
      receivedAt: z.string(),
      at: z.number().describe('occurredAt, epoch ms'),
      event: z.looseObject({ id: z.string(), type: z.string(), occurredAt: z.string() }),
    }),
  ),
});

/** GET /v1/devices (CONTRACT §9). */
export const DeviceList = z.object({
  devices: z.array(
    z.object({
      sn: z.string(),
      sourceId: z.string().optional(),
      status: z.enum(['registered', 'pending']),
      firstSeen: z.string(),
      lastSeen: z.string(),
      lastAttlogAt: z.string().optional(),
      userAgent: z.string().optional(),
      info: z
        .object({ firmware: z.string().optional(), users: z.number().int().optional(), fingerprints: z.number().int().optional(), attlogs: z.number().int().optional(), ip: z.string().optional() })
        .optional(),
      lines: z.object({ stored: z.number().int(), duplicate: z.number().int(), unmatched: z.number().int(), rejected: z.number().int() }),
      stale: z.boolean(),
    }),
  ),
});
