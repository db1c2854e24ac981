/**
 * Window duty (CONTRACT.md §11, 离岗报备 and AB岗): inspection findings as sheet items, where a finding
 * of absence from the post inside an approved `attendance.away` is excused (0 points, note `excused`).
 * Pure: instants are epoch ms.
 */
import type { AttendanceAway, InspectionRecorded, StoredEvent } from './events.js';
import type { RuleSet } from './rules.js';
import { INSPECTION_ITEM_ZH, labelled } from './notes-zh.js';
import type { SheetItem } from './types.js';

/** Findings an approved away excuses: being away from the post is what it approves. */
export const EXCUSABLE_FINDINGS: ReadonlySet<InspectionRecorded['item']> = new Set(['absent-from-post', 'away-unreported']);

const toSecond = (at: number): number => Math.floor(at / 1000) * 1000;

/** Points of a finding under the rule set. */
export function findingPoints(item: InspectionRecorded['item'], rules: RuleSet['inspection']): number {
  switch (item) {
    case 'absent-from-post':
      return rules.absentFromPost;
    case 'window-vacant':
      return rules.windowVacant;
    case 'away-unreported':
      return rules.awayUnreported;
    default:
      return rules.finding;
  }
}

/** The approved away covering an instant, to the second with both ends included (earliest first). */
export function awayCovering(at: number, aways: readonly StoredEvent<AttendanceAway>[]): StoredEvent<AttendanceAway> | undefined {
  const t = toSecond(at);
  let best: StoredEvent<AttendanceAway> | undefined;
  for (const a of aways) {
    const from = toSecond(Date.parse(a.event.from));
    const to = toSecond(Date.parse(a.event.to));
    if (from <= t && t <= to && (!best || from < toSecond(Date.parse(best.event.from)) || (from === toSecond(Date.parse(best.event.from)) && a.event.id < best.event.id))) best = a;
  }
  return best;
}

/**
 * One item of code `inspection` per finding of the month.
 * @param findings the month's inspection findings for this staff member
 * @param aways this staff member's approved aways (any month)
 */
export function inspectionItems(
  findings: readonly StoredEvent<InspectionRecorded>[],
  aways: readonly StoredEvent<AttendanceAway>[],
  rules: RuleSet['inspection'],
  hallIso: (at: number) => string,
  points: (p: number) => number,
): SheetItem[] {
  return findings.map((e) => {
    const away = EXCUSABLE_FINDINGS.has(e.event.item) ? awayCovering(e.at, aways) : undefined;
    if (away) return { code: 'inspection', points: 0, at: hallIso(e.at), refs: [e.event.id, away.event.id], note: 'excused' };
    return {
      code: 'inspection',
      points: points(findingPoints(e.event.item, rules)),
      at: hallIso(e.at),
      refs: [e.event.id],
      note: labelled(INSPECTION_ITEM_ZH, e.event.item, e.event.note),
    };
  });
}
