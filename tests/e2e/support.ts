/**
 * Small helpers for the acceptance e2e tests: event bodies as the contract (§4) spells them, batch
 * posting with the right key, sheet reads, and a deterministic shuffle. Everything goes over HTTP.
 */
import { expect } from 'vitest';
import type { Api, Reply } from '../helpers/stack.js';

/** Hall-local wall clock → RFC 3339 with the hall's offset: t('2026-09-08', '09:00') → '2026-09-08T09:00:00+08:00'. */
export const t = (date: string, time = '10:00'): string => `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;

/** Working days of September 2026 on the cn-statutory calendar (中秋 25–27; Sun 20 is a make-up workday). */
export const WORKDAYS_2026_09 = [
  '2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04',
  '2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11',
  '2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18',
  '2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24',
  '2026-09-28', '2026-09-29', '2026-09-30',
];

type Ev = Record<string, unknown>;

export const ev = {
  punch: (id: string, staffId: string, at: string): Ev => ({ id, type: 'attendance.punch', occurredAt: at, staffId }),
  leave: (id: string, staffId: string, from: string, to: string, kind = 'personal'): Ev => ({
    id,
    type: 'attendance.leave',
    occurredAt: from,
    staffId,
    from,
    to,
    kind,
  }),
  review: (id: string, staffId: string, level: number, at: string, caseId = `case-${id}`): Ev => ({
    id,
    type: 'evaluation.submitted',
    occurredAt: at,
    caseId,
    staffId,
    level,
    channel: 'pad',
  }),
  rectify: (id: string, caseId: string, at: string): Ev => ({ id, type: 'evaluation.rectified', occurredAt: at, caseId, note: '已整改' }),
  annul: (id: string, caseId: string, at: string): Ev => ({ id, type: 'evaluation.annulled', occurredAt: at, caseId, reason: '经核实差评不属实' }),
  filed: (id: string, caseId: string, staffId: string, at: string, category = 'attitude'): Ev => ({
    id,
    type: 'complaint.filed',
    occurredAt: at,
    caseId,
    staffId,
    category,
    channel: '12345',
    summary: '办事群众反映窗口人员态度生硬',
  }),
  resolved: (id: string, caseId: string, at: string, verdict = 'substantiated', severity?: 'minor' | 'serious'): Ev => ({
    id,
    type: 'complaint.resolved',
    occurredAt: at,
    caseId,
    verdict,
    ...(severity ? { severity } : {}),
  }),
  inspection: (id: string, staffId: string, at: string, item = 'dress'): Ev => ({ id, type: 'inspection.recorded', occurredAt: at, staffId, item }),
  criticism: (id: string, staffId: string, at: string): Ev => ({ id, type: 'criticism.notified', occurredAt: at, staffId, note: '通报批评' }),
  commendation: (id: string, staffId: string, at: string, kind = 'banner'): Ev => ({ id, type: 'commendation.recorded', occurredAt: at, staffId, kind }),
};

/** On-time punches for both sessions of the seed shift (09:00–12:00, 13:30–17:00). */
export const onTimeDay = (staffId: string, date: string, prefix = `${staffId}-${date}`): Ev[] =>
  ['08:45', '12:00', '13:15', '17:00'].map((hm, i) => ev.punch(`${prefix}-${i + 1}`, staffId, t(date, hm)));

/** Posts events (in batches of ≤ 500) with a key; every batch must be accepted (202). */
export async function post(api: Api, key: string, events: Ev[]): Promise<{ accepted: number; duplicates: number }> {
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < events.length; i += 500) {
    const r = await api.post('/v1/events', { events: events.slice(i, i + 500) }, key);
    expect(r.status, r.text).toBe(202);
    accepted += r.body.accepted;
    duplicates += r.body.duplicates;
  }
  return { accepted, duplicates };
}

export async function ok<T = any>(p: Promise<Reply<T>>, status = 200): Promise<T> {
  const r = await p;
  expect(r.status, r.text).toBe(status);
  return r.body;
}

/** PUT /v1/staff/{id} (defaults: department tax, window w1, shift std of seedHall). */
export const addStaff = (api: Api, id: string, extra: Record<string, unknown> = {}) =>
  ok(api.put(`/v1/staff/${id}`, { name: `员工${id}`, departmentId: 'tax', windowId: 'w1', shiftId: 'std', ...extra }));

export const sheetOf = (api: Api, period: string, staffId: string) => ok(api.get(`/v1/sheets/${period}/staff/${staffId}`));

export interface Item {
  code: string;
  points: number;
  at?: string;
  refs: string[];
  note?: string;
}

/** Sum of item points, in hundredths to avoid float noise. */
export const itemsSum = (items: Item[]): number => items.reduce((s, i) => s + Math.round(i.points * 100), 0) / 100;
export const itemsOf = (sheet: { items: Item[] }, code: string): Item[] => sheet.items.filter((i) => i.code === code);

/** A deterministic shuffle (mulberry32). */
export function shuffle<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
