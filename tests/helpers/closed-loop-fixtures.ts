/** Builders for the closed-loop events (CONTRACT.md §11), stored as the store holds them. */
import type {
  AttendanceAway,
  EvaluationAppealed,
  EvaluationRectified,
  EvaluationRevisited,
  EventVoided,
  StoredEvent,
} from '../../shared/domain/events.js';
import { iso, stored, TZ, type EventOpts } from './fixtures.js';

const when = (local: string, o: EventOpts): string => iso(local, o.tz ?? TZ);

export function rectified(id: string, caseId: string, local: string, o: EventOpts = {}): StoredEvent<EvaluationRectified> {
  return stored({ id, type: 'evaluation.rectified', occurredAt: when(local, o), caseId, note: '已整改' }, o.source ?? 'eval-1');
}

export function revisited(id: string, caseId: string, local: string, satisfied: boolean, o: EventOpts = {}): StoredEvent<EvaluationRevisited> {
  return stored({ id, type: 'evaluation.revisited', occurredAt: when(local, o), caseId, satisfied }, o.source ?? 'eval-1');
}

export function appealed(id: string, caseId: string, local: string, o: EventOpts = {}): StoredEvent<EvaluationAppealed> {
  return stored({ id, type: 'evaluation.appealed', occurredAt: when(local, o), caseId, reason: '办事人误评' }, o.source ?? 'eval-1');
}

export function away(id: string, fromLocal: string, toLocal: string, o: EventOpts = {}): StoredEvent<AttendanceAway> {
  return stored(
    { id, type: 'attendance.away', occurredAt: when(fromLocal, o), staffId: o.staffId ?? 's1', from: when(fromLocal, o), to: when(toLocal, o), reason: '去后台取材料，B岗顶岗' },
    'admin',
  );
}

export function voided(id: string, target: { source: string; eventId: string }, local: string, reason = '误录'): StoredEvent<EventVoided> {
  return stored({ id, type: 'event.voided', occurredAt: iso(local), source: target.source, eventId: target.eventId, reason }, 'admin');
}

/** Every day of a month, for `closedDays`. */
export const allDays = (month: string): Set<string> => {
  const out = new Set<string>();
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  for (let d = 1; d <= n; d++) out.add(`${month}-${String(d).padStart(2, '0')}`);
  return out;
};
