/**
 * GET /v1/screen/{hallId} (CONTRACT.md §13): what the hall's display shows — today's head counts and
 * reviews, this month's window ranking and satisfaction, and the 流动红旗 of the last closed month.
 * Window names only: no staff names, ids or any personal data.
 */
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { EvaluationSubmitted } from '../domain/events.js';
import type { Window } from '../domain/masterdata.js';
import { rankPeriod } from '../domain/ranking.js';
import { emptyByLevel, satisfactionRate } from '../domain/scoring.js';
import { summarizeDay, type DaySummary } from '../domain/today.js';
import { isMonth, localDate } from '../domain/time.js';
import { periodSheets } from './query.js';
import { todayView } from './today.js';

export interface Screen {
  hallId: string;
  at: string;
  today: DaySummary & { evaluations: number; satisfactionRate: number | null };
  month: {
    period: string;
    evaluations: number;
    satisfactionRate: number | null;
    windows: { windowId: string; name: string; rank: number; meanScore: number; satisfactionRate: number | null }[];
  };
  redFlag: { period: string; windowId: string; name: string } | null;
}

export async function screen(store: HallStore, tz: string, now: number, hallId: string): Promise<Screen> {
  const date = localDate(now, tz);
  const month = date.slice(0, 7);
  const [view, windows, periods] = await Promise.all([
    todayView(store, tz, now, { hallId, date }),
    store.listMaster<Window>('windows'),
    store.listPeriods(),
  ]);
  const hallWindowIds = new Set(windows.filter((w) => (w.hallId ?? 'main') === hallId).map((w) => w.id));
  const nameOf = new Map(windows.map((w) => [w.id, w.name]));

  const byLevel = emptyByLevel();
  let reviews = 0;
  for (const e of view.events) {
    if (e.event.type !== 'evaluation.submitted') continue;
    reviews += 1;
    byLevel[String((e.event as EvaluationSubmitted).level) as keyof typeof byLevel] += 1;
  }

  const sheets = (await periodSheets(store, tz, month)).filter((s) => hallWindowIds.has(s.windowId));
  const ranking = rankPeriod({ period: month, sheets, windows: windows.map((w) => ({ id: w.id, hallId: w.hallId ?? 'main' })), hallId });
  const monthLevels = emptyByLevel();
  for (const s of sheets) for (const k of Object.keys(monthLevels) as (keyof typeof monthLevels)[]) monthLevels[k] += s.evaluations.byLevel[k];

  const lastClosed = periods
    .filter((p) => p.status === 'closed' && isMonth(p.period) && p.period < month)
    .map((p) => p.period)
    .sort()
    .pop();
  let redFlag: Screen['redFlag'] = null;
  if (lastClosed) {
    const closedSheets = (await periodSheets(store, tz, lastClosed)).filter((s) => hallWindowIds.has(s.windowId));
    const r = rankPeriod({ period: lastClosed, sheets: closedSheets, windows: windows.map((w) => ({ id: w.id, hallId: w.hallId ?? 'main' })), hallId });
    if (r.redFlagWindowId) redFlag = { period: lastClosed, windowId: r.redFlagWindowId, name: nameOf.get(r.redFlagWindowId) ?? r.redFlagWindowId };
  }

  return {
    hallId,
    at: new Date(now).toISOString(),
    today: { ...summarizeDay(view.staff), evaluations: reviews, satisfactionRate: satisfactionRate(byLevel) },
    month: {
      period: month,
      evaluations: sheets.reduce((n, s) => n + s.evaluations.count, 0),
      satisfactionRate: satisfactionRate(monthLevels),
      windows: ranking.windows.map((w) => ({ ...w, name: nameOf.get(w.windowId) ?? w.windowId })),
    },
    redFlag,
  };
}
