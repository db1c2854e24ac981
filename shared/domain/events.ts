/**
 * Event contracts (CONTRACT.md §4), defined once and used by ingest, the bus and the consumers.
 * `.strict()` is deliberately not used: senders may add fields; only the named ones are kept.
 */
import * as z from 'zod';
import { EFFICIENCY_SCHEMAS, EFFICIENCY_SENDERS, type EfficiencyEvent } from './efficiency-events.js';
import { Id, Instant } from './ids.js';

const base = { id: Id, occurredAt: Instant };

export const PunchEvent = z
  .object({
    ...base,
    type: z.literal('attendance.punch'),
    staffId: Id.optional(),
    pin: z.string().min(1).max(64).optional(),
    deviceSn: z.string().max(128).optional(),
    status: z.string().max(16).optional(),
    verify: z.string().max(16).optional(),
  })
  .refine((e) => e.staffId !== undefined || e.pin !== undefined, {
    message: 'staffId or pin is required',
    path: ['staffId'],
  });

export const LeaveKind = z.enum(['personal', 'sick', 'annual', 'business', 'training', 'other']);
/** A leave spans at most 366 days: one event never makes a consumer walk years of staff-months in a batch. */
export const MAX_LEAVE_MS = 366 * 24 * 3600 * 1000;
export const LeaveEvent = z
  .object({ ...base, type: z.literal('attendance.leave'), staffId: Id, from: Instant, to: Instant, kind: LeaveKind })
  .refine((e) => Date.parse(e.from) < Date.parse(e.to), { message: 'from must be before to', path: ['to'] })
  .refine((e) => Date.parse(e.to) - Date.parse(e.from) <= MAX_LEAVE_MS, {
    message: 'a leave spans at most 366 days; record a longer absence as several leaves',
    path: ['to'],
  });

export const EvaluationChannel = z.enum(['pad', 'qr', 'sms', 'web', 'app', 'hotline']);
export const EvaluationSubmitted = z.object({
  ...base,
  type: z.literal('evaluation.submitted'),
  caseId: Id,
  staffId: Id,
  level: z.number().int().min(1).max(5),
  channel: EvaluationChannel,
  comment: z.string().max(2000).optional(),
});

export const EvaluationAnnulled = z.object({
  ...base,
  type: z.literal('evaluation.annulled'),
  caseId: Id,
  reason: z.string().min(1).max(2000),
});

export const ComplaintCategory = z.enum(['attitude', 'discipline', 'integrity', 'efficiency', 'other']);
export const ComplaintFiled = z.object({
  ...base,
  type: z.literal('complaint.filed'),
  caseId: Id,
  staffId: Id,
  category: ComplaintCategory,
  channel: z.enum(['12345', 'onsite', 'phone', 'letter', 'web']),
  summary: z.string().min(1).max(4000),
});

export const ComplaintResolved = z.object({
  ...base,
  type: z.literal('complaint.resolved'),
  caseId: Id,
  verdict: z.enum(['substantiated', 'unsubstantiated']),
  severity: z.enum(['minor', 'serious']).default('minor'),
});

export const InspectionItem = z.enum([
  'absent-from-post',
  'dress',
  'badge',
  'desk',
  'phone',
  'conduct',
  'language',
  'window-vacant',
  'away-unreported',
]);
export const InspectionRecorded = z.object({
  ...base,
  type: z.literal('inspection.recorded'),
  staffId: Id,
  item: InspectionItem,
  note: z.string().max(2000).optional(),
});

/** hall: 大厅通报批评; superior / media: 被上级机关或媒体通报、曝光 (CONTRACT.md §12: alone makes return recommended). */
export const CriticismKind = z.enum(['hall', 'superior', 'media']);
export const CriticismNotified = z.object({
  ...base,
  type: z.literal('criticism.notified'),
  staffId: Id,
  note: z.string().min(1).max(2000),
  kind: CriticismKind.default('hall'),
});

export const Rater = z.enum(['self', 'leader', 'department', 'peer', 'public']);
/** A composite rating of a quarter or year (CONTRACT.md §12): 自评, 领导评价, 派驻部门评价, 同事互评, 社会评价. */
export const RatingRecorded = z.object({
  ...base,
  type: z.literal('rating.recorded'),
  staffId: Id,
  period: z.string().regex(/^(19[7-9]\d|[2-9]\d{3})(-Q[1-4])?$/, 'must be YYYY-Qn or YYYY'),
  rater: Rater,
  score: z.number().min(0).max(100),
});

export const CommendationRecorded = z.object({
  ...base,
  type: z.literal('commendation.recorded'),
  staffId: Id,
  kind: z.enum(['banner', 'letter', 'media', 'award']),
  note: z.string().max(2000).optional(),
});

export {
  AttendanceAway,
  EvaluationAppealed,
  EvaluationRectified,
  EvaluationRevisited,
  EventVoided,
} from './closed-loop-events.js';
import { AttendanceAway, EvaluationAppealed, EvaluationRectified, EvaluationRevisited, EventVoided } from './closed-loop-events.js';

export const EVENT_SCHEMAS = {
  'attendance.punch': PunchEvent,
  'attendance.leave': LeaveEvent,
  'evaluation.submitted': EvaluationSubmitted,
  'evaluation.annulled': EvaluationAnnulled,
  'complaint.filed': ComplaintFiled,
  'complaint.resolved': ComplaintResolved,
  'inspection.recorded': InspectionRecorded,
  'criticism.notified': CriticismNotified,
  'commendation.recorded': CommendationRecorded,
  'evaluation.rectified': EvaluationRectified,
  'evaluation.revisited': EvaluationRevisited,
  'evaluation.appealed': EvaluationAppealed,
  'attendance.away': AttendanceAway,
  'event.voided': EventVoided,
  ...EFFICIENCY_SCHEMAS,
  'rating.recorded': RatingRecorded,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export type PunchEvent = z.infer<typeof PunchEvent>;
export type LeaveEvent = z.infer<typeof LeaveEvent>;
export type EvaluationSubmitted = z.infer<typeof EvaluationSubmitted>;
export type EvaluationAnnulled = z.infer<typeof EvaluationAnnulled>;
export type ComplaintFiled = z.infer<typeof ComplaintFiled>;
export type ComplaintResolved = z.infer<typeof ComplaintResolved>;
export type InspectionRecorded = z.infer<typeof InspectionRecorded>;
/** `kind` is optional here: events stored before v2 have none, and mean `hall`. */
export type CriticismNotified = Omit<z.infer<typeof CriticismNotified>, 'kind'> & { kind?: z.infer<typeof CriticismKind> };
export type CommendationRecorded = z.infer<typeof CommendationRecorded>;
export type EvaluationRectified = z.infer<typeof EvaluationRectified>;
export type EvaluationRevisited = z.infer<typeof EvaluationRevisited>;
export type EvaluationAppealed = z.infer<typeof EvaluationAppealed>;
export type AttendanceAway = z.infer<typeof AttendanceAway>;
export type EventVoided = z.infer<typeof EventVoided>;
export type RatingRecorded = z.infer<typeof RatingRecorded>;
export type HallEvent =
  | EvaluationRectified
  | EvaluationRevisited
  | EvaluationAppealed
  | AttendanceAway
  | EventVoided
  | PunchEvent
  | LeaveEvent
  | EvaluationSubmitted
  | EvaluationAnnulled
  | ComplaintFiled
  | ComplaintResolved
  | InspectionRecorded
  | CriticismNotified
  | CommendationRecorded
  | EfficiencyEvent
  | RatingRecorded;

export type SourceKind = 'attendance' | 'evaluation' | 'complaint' | 'inspection' | 'approval' | 'queue';
/** Who may send each type (CONTRACT.md §4). 'admin' is the admin key. */
export const SENDERS: Record<EventType, ReadonlyArray<SourceKind | 'admin'>> = {
  'attendance.punch': ['attendance', 'admin'],
  'attendance.leave': ['admin'],
  'evaluation.submitted': ['evaluation', 'admin'],
  'evaluation.annulled': ['evaluation', 'admin'],
  'complaint.filed': ['complaint', 'admin'],
  'complaint.resolved': ['complaint', 'admin'],
  'inspection.recorded': ['inspection', 'admin'],
  'criticism.notified': ['admin'],
  'commendation.recorded': ['inspection', 'admin'],
  'evaluation.rectified': ['evaluation', 'admin'],
  'evaluation.revisited': ['evaluation', 'admin'],
  'evaluation.appealed': ['evaluation', 'admin'],
  'attendance.away': ['admin'],
  'event.voided': ['admin'],
  ...EFFICIENCY_SENDERS,
  'rating.recorded': ['admin'],
};

/**
 * An accepted event as stored. `source` is the sending source's id ('admin' for the admin key);
 * `at` is occurredAt as epoch ms; punches are resolved to a staffId before storing.
 */
export interface StoredEvent<E extends HallEvent = HallEvent> {
  source: string;
  receivedAt: string;
  at: number;
  event: E;
}

/** The staff member an event is about, where it names one directly. */
export function staffOf(e: HallEvent): string | undefined {
  return 'staffId' in e ? e.staffId : undefined;
}
