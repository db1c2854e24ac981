/** Where each accepted event is stored: its "home" partition (README, Data). */
import { keys } from '../adapters/dynamodb/keys.js';
import type { HallEvent } from '../domain/events.js';
import { localMonth } from '../domain/time.js';
import { voidPk } from '../adapters/dynamodb/void-registry.js';

export function homePartition(e: HallEvent, tz: string): string {
  switch (e.type) {
    case 'evaluation.annulled':
    case 'evaluation.rectified':
    case 'evaluation.revisited':
    case 'evaluation.appealed':
      return keys.casePk('evaluation', e.caseId);
    case 'event.voided':
      return voidPk(e.source, e.eventId);
    case 'complaint.resolved':
      return keys.casePk('complaint', e.caseId);
    case 'rating.recorded':
      // Stored with the period it rates, not the month it was entered in (CONTRACT.md §12).
      return keys.ratings(e.staffId, e.period);
    case 'attendance.leave':
    case 'attendance.away':
      return keys.staffMonth(e.staffId, localMonth(Date.parse(e.from), tz));
    case 'case.suspended':
    case 'case.resumed':
    case 'case.completed':
      return keys.casePk('case', e.caseId);
    default:
      if (e.staffId === undefined) throw new Error(`${e.type} ${e.id} reached storage without a staffId`);
      return keys.staffMonth(e.staffId, localMonth(Date.parse(e.occurredAt), tz));
  }
}

/**
 * The partitions a rating lives in (none for other events): its home, which single sheets and the close
 * read exactly, and its period's copy partition, which lists and rankings read for the whole hall at
 * once. A void of the rating is copied into both.
 */
export function ratingPartitions(e: HallEvent): string[] {
  return e.type === 'rating.recorded' ? [keys.ratings(e.staffId, e.period), keys.periodRatings(e.period)] : [];
}

/** The staff-month a partition key names, if it is one. */
export function parseStaffMonth(pk: string): { staffId: string; month: string } | undefined {
  const m = /^SM#(.+)#(\d{4}-\d{2})$/.exec(pk);
  return m ? { staffId: m[1]!, month: m[2]! } : undefined;
}

/** The case partition an opening event (review, filing, acceptance) starts, if it is one. */
export function openedCasePk(e: HallEvent): string | undefined {
  if (e.type === 'evaluation.submitted') return keys.casePk('evaluation', e.caseId);
  if (e.type === 'complaint.filed') return keys.casePk('complaint', e.caseId);
  if (e.type === 'case.accepted') return keys.casePk('case', e.caseId);
  return undefined;
}
