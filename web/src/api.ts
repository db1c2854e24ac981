/**
 * The console's API client. Request bodies and responses are typed from the same zod schemas and
 * domain types the handlers use (type-only imports: nothing of the server is bundled).
 */
import type * as z from 'zod';
import type { HallEvent, StoredEvent } from '../../shared/domain/events';
import type { KeyInput } from '../../shared/domain/keys';
import type { MASTER_SCHEMAS, WithId, Department, Shift, Window, Staff } from '../../shared/domain/masterdata';
import type { RuleSet } from '../../shared/domain/rules';
import type { Sheet } from '../../shared/domain/types';
import type { BadReviewsResponse, CreatedKey, DeviceList, KeyList, MailList, RankingResponse, ScreenResponse, TodayResponse } from '../../shared/http/schemas';
import { ApiError } from './errors';

export { ApiError };

export type { HallEvent, StoredEvent, Sheet, RuleSet, Department, Shift, Window, Staff, WithId };
export type Today = z.infer<typeof TodayResponse>;
export type Screen = z.infer<typeof ScreenResponse>;
export type Ranking = z.infer<typeof RankingResponse>;
export type Mails = z.infer<typeof MailList>;
export type Keys = z.infer<typeof KeyList>;
export type NewKey = z.infer<typeof CreatedKey>;
export type Devices = z.infer<typeof DeviceList>;
export type BadReviews = z.infer<typeof BadReviewsResponse>;
export type BadReview = BadReviews['reviews'][number];
/** One calendar day (CONTRACT.md §8). */
export interface CalendarDay {
  date: string;
  isOffDay: boolean;
  name?: string;
}
/** GET /v1/calendars entries and GET /v1/calendars/{id} (CONTRACT.md §8). */
export interface CalendarView {
  id: string;
  name: string;
  base?: string;
  coveredThrough: number | null;
  firstCovered: number | null;
  years?: { year: number; source: 'package' | 'hall'; days: number; papers: string[] }[];
  days?: CalendarDay[];
}
export interface CalendarYear {
  year: number;
  source: 'package' | 'hall';
  days: CalendarDay[];
  papers: string[];
}
/** GET /v1/close/{period}/preview (CONTRACT.md §12). */
export interface PublicationPreview {
  period: string;
  version: number;
  mails: { departmentId: string; to: string[]; subject: string; html: string }[];
}
export type MasterKind = keyof typeof MASTER_SCHEMAS;
export type MasterInput<K extends MasterKind> = z.input<(typeof MASTER_SCHEMAS)[K]>;
export type Role = 'admin' | 'inspector' | 'department' | 'screen';


const KEY_STORE = 'hallscore.key';
export const savedKey = (): string | null => localStorage.getItem(KEY_STORE);
export const saveKey = (k: string | null): void => (k ? localStorage.setItem(KEY_STORE, k) : localStorage.removeItem(KEY_STORE));

/** A body sent as it is, with its own content type (the holiday notice is text/plain, CONTRACT.md §8). */
class RawBody {
  constructor(
    readonly text: string,
    readonly type: string,
  ) {}
}

async function call<T>(method: string, path: string, body?: unknown, key = savedKey()): Promise<T> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = body instanceof RawBody ? body.type : 'application/json';
  const payload = body === undefined ? undefined : body instanceof RawBody ? body.text : JSON.stringify(body);
  let r: Response;
  try {
    r = await fetch(path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (r.status === 204) return undefined as T;
  const text = await r.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!r.ok) throw new ApiError(r.status, data?.error ?? 'error', data?.message ?? r.statusText, data?.errors ?? []);
  return data as T;
}

/** Which role a key has, found by asking the API what it may read (the API has no "who am I"). */
export async function probeRole(key: string): Promise<Role | null> {
  const ok = async (path: string) => {
    try {
      await call('GET', path, undefined, key);
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return false;
      throw e;
    }
  };
  if (await ok('/v1/keys')) return 'admin';
  if (await ok('/v1/today')) return 'inspector';
  if (await ok(`/v1/sheets/${currentMonth()}`)) return 'department';
  if (await ok('/v1/screen/main')) return 'screen';
  return null;
}

export function currentMonth(d = new Date()): string {
  const local = new Date(d.getTime() + 8 * 3600_000); // the hall's time zone (Asia/Shanghai)
  return local.toISOString().slice(0, 7);
}
export function hallNow(): string {
  const local = new Date(Date.now() + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}
export const newId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const api = {
  today: (date?: string, hallId = 'main') => call<Today>('GET', `/v1/today?hallId=${hallId}${date ? `&date=${date}` : ''}`),
  screen: (hallId: string, key?: string) => call<Screen>('GET', `/v1/screen/${encodeURIComponent(hallId)}`, undefined, key ?? savedKey()),
  sheets: (period: string, departmentId?: string) =>
    call<{ period: string; sheets: Omit<Sheet, 'items'>[] }>('GET', `/v1/sheets/${period}${departmentId ? `?departmentId=${departmentId}` : ''}`),
  sheet: (period: string, staffId: string) => call<Sheet>('GET', `/v1/sheets/${period}/staff/${encodeURIComponent(staffId)}`),
  sheetEvents: (period: string, staffId: string) =>
    call<{ events: StoredEvent[] }>('GET', `/v1/sheets/${period}/staff/${encodeURIComponent(staffId)}/events`),
  rankings: (period: string, hallId = 'main') => call<Ranking>('GET', `/v1/rankings/${period}?hallId=${hallId}`),
  post: (events: HallEvent | { events: HallEvent[] }) => call<{ accepted: number; duplicates: number }>('POST', '/v1/events', events),
  list: <K extends MasterKind>(kind: K) => call<Record<K, WithId<z.output<(typeof MASTER_SCHEMAS)[K]>>[]>>('GET', `/v1/${kind}`).then((r) => r[kind]),
  put: <K extends MasterKind>(kind: K, id: string, body: MasterInput<K>) => call<unknown>('PUT', `/v1/${kind}/${encodeURIComponent(id)}`, body),
  rules: () => call<RuleSet>('GET', '/v1/rules'),
  putRules: (body: unknown) => call<{ version: number }>('PUT', '/v1/rules', body),
  unmatched: () => call<{ punches: Record<string, unknown>[]; rejectedLines: Record<string, unknown>[] }>('GET', '/v1/unmatched-punches'),
  deadLetters: () => call<{ deadLetters: Record<string, unknown>[] }>('GET', '/v1/dead-letters'),
  redrive: () => call<{ redriven: number; failed: number; left?: boolean }>('POST', '/v1/dead-letters/redrive'),
  closeDay: (date: string) => call<unknown>('POST', `/v1/close/day/${date}`),
  closePeriod: (period: string) => call<unknown>('POST', `/v1/close/${period}`),
  mails: (period: string) => call<Mails>('GET', `/v1/mails/${period}`),
  keys: () => call<Keys>('GET', '/v1/keys'),
  createKey: (body: z.input<typeof KeyInput>) => call<NewKey>('POST', '/v1/keys', body),
  deleteKey: (id: string) => call<void>('DELETE', `/v1/keys/${encodeURIComponent(id)}`),
  calendars: () => call<{ calendars: CalendarView[] }>('GET', '/v1/calendars'),
  calendar: (id: string) => call<CalendarView>('GET', `/v1/calendars/${encodeURIComponent(id)}`),
  putCalendar: (id: string, body: { name: string; base: 'cn-statutory' | 'mon-fri'; days: CalendarDay[] }) =>
    call<CalendarView>('PUT', `/v1/calendars/${encodeURIComponent(id)}`, body),
  /** The State Council notice pasted as text; dryRun parses and answers what would be stored. */
  putNotice: (year: number, text: string, dryRun: boolean) =>
    call<CalendarYear>('PUT', `/v1/calendars/cn-statutory/years/${year}${dryRun ? '?dryRun=true' : ''}`, new RawBody(text, 'text/plain; charset=utf-8')),
  deleteYear: (year: number) => call<void>('DELETE', `/v1/calendars/cn-statutory/years/${year}`),
  devices: (status?: 'pending' | 'registered') => call<Devices>('GET', `/v1/devices${status ? `?status=${status}` : ''}`),
  badReviews: (q: { period: string; departmentId?: string; status?: string }) =>
    call<BadReviews>('GET', `/v1/bad-reviews?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()}`),
  previewClose: (period: string) => call<PublicationPreview>('GET', `/v1/close/${period}/preview`),
  publish: (period: string) => call<{ period: string; version: number; emails: number }>('POST', `/v1/publish/${period}`),
  openapi: () => call<{ paths: Record<string, Record<string, { summary: string; description: string }>> }>('GET', '/openapi.json', undefined, null),
  /** Any route (for pages of features whose routes other modules add). */
  raw: <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body),
};

/** Downloads a file that needs the Authorization header (an <a href> cannot send it). */
export async function download(path: string, filename: string): Promise<void> {
  const r = await fetch(path, { headers: { authorization: `Bearer ${savedKey() ?? ''}` } });
  if (!r.ok) throw new ApiError(r.status, 'download-failed', `下载失败（${r.status}）`);
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
