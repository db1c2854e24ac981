/** The queue block (叫号, CONTRACT.md §10) of a monthly sheet, hand-computed. */
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../shared/domain/events.js';
import { foldStaffMonth } from '../../shared/domain/scoring.js';
import { makeRules, monthInput, ticket } from '../helpers/fixtures.js';
import type { StoredEvent } from '../../shared/domain/events.js';

const fold = (events: StoredEvent[], extra: Parameters<typeof monthInput>[0] = {}) => foldStaffMonth(monthInput({ events, ...extra }));

describe('queue block', () => {
  const tickets = [
    ticket('t1', '2026-10-12 09:00', '2026-10-12 09:10', '2026-10-12 09:25'), // wait 10, service 15
    ticket('t2', '2026-10-12 09:00', '2026-10-12 09:40:30', '2026-10-12 09:45'), // wait 40.5 (long), service 4.5
    ticket('t3', '2026-10-12 09:00', '2026-10-12 09:30', '2026-10-12 09:31'), // wait exactly 30: not long; service 1
    ticket('t4', '2026-10-12 09:05', '2026-10-12 10:00', undefined, { outcome: 'no-show' }),
    ticket('t5', '2026-10-12 09:05', '2026-10-12 09:50', undefined, { outcome: 'transferred' }),
    ticket('t6', '2026-09-30 16:00', '2026-09-30 16:50', '2026-09-30 17:00'), // September: not this month
    ticket('t7', '2026-10-13 09:00', '2026-10-13 10:00', '2026-10-13 10:10', { ticketId: 'T-t1' }), // same ticket again: first kept
  ];

  it('served, no-shows, means over served tickets only, waits beyond 30 minutes', () => {
    const s = fold(tickets);
    expect(s.queue).toEqual({
      served: 3,
      noShow: 1,
      meanWaitMinutes: 26.83, // (10 + 40.5 + 30) / 3 = 26.8333
      longWaits: 1,
      meanServiceMinutes: 6.83, // (15 + 4.5 + 1) / 3 = 6.8333
      totalWaitSeconds: 4830,
      totalServiceSeconds: 1230,
    });
    // Tickets score nothing by default.
    expect(s.items).toEqual([]);
    expect(s.score).toBe(100);
  });

  it('with queue.longWait points, each long wait is an item', () => {
    const rules = makeRules({ queue: { longWait: { minutes: 20, points: -0.5 } } });
    const s = fold(tickets, { rules });
    expect(s.queue.longWaits).toBe(2);
    expect(s.items.map((i) => [i.code, i.points, i.refs])).toEqual([
      ['long-wait', -0.5, ['t3']], // dated when the ticket ended: 09:31
      ['long-wait', -0.5, ['t2']], // 09:45
    ]);
    expect(s.score).toBe(99);
  });
});

describe('queue.ticket validation', () => {
  const base = { id: 'q1', type: 'queue.ticket', occurredAt: '2026-10-12T09:30:00+08:00', ticketId: 'A001', staffId: 's1', windowId: 'w1', issuedAt: '2026-10-12T09:00:00+08:00' };
  const paths = (v: unknown) => {
    const r = EVENT_SCHEMAS['queue.ticket'].safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.')).sort();
  };
  it('a served ticket needs both calledAt and finishedAt; times must not run backwards', () => {
    expect(paths({ ...base, outcome: 'served' })).toEqual(['calledAt', 'finishedAt']);
    expect(paths({ ...base, outcome: 'served', calledAt: '2026-10-12T09:10:00+08:00' })).toEqual(['finishedAt']);
    expect(paths({ ...base, outcome: 'no-show' })).toEqual([]);
    expect(paths({ ...base, outcome: 'served', calledAt: '2026-10-12T08:50:00+08:00', finishedAt: '2026-10-12T09:20:00+08:00' })).toEqual(['calledAt']);
    expect(paths({ ...base, outcome: 'served', calledAt: '2026-10-12T09:10:00+08:00', finishedAt: '2026-10-12T09:20:00+08:00' })).toEqual([]);
  });
});
