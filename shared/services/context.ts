/** Per-invocation memo of master data, rules and period state, so a batch reads each once. */
import type { HallStore } from '../adapters/dynamodb/store.js';
import type { Shift, Staff, WithId } from '../domain/masterdata.js';
import { loadCalendarData } from '../adapters/dynamodb/calendar-store.js';
import { Calendars } from '../domain/calendar.js';
import type { Sheet } from '../domain/types.js';

export class ReadCache {
  private readonly memo = new Map<string, Promise<unknown>>();
  constructor(readonly store: HallStore) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  staff = (id: string) => this.once(`staff#${id}`, () => this.store.getMaster<Staff>('staff', id));

  history = (staffId: string) => this.once(`hist#${staffId}`, () => this.store.staffHistory(staffId));

  /** Reads many history items in batches (a close): no GetItem per person. */
  async primeHistories(staffIds: string[]): Promise<void> {
    const found = await this.store.staffHistories(staffIds);
    for (const id of staffIds) this.memo.set(`hist#${id}`, Promise.resolve(found.get(id) ?? new Map()));
  }

  /** Reads many staff records in batches (a consumer batch touching many staff-months). */
  async primeStaffIds(ids: string[]): Promise<void> {
    const todo = ids.filter((id) => !this.memo.has(`staff#${id}`));
    if (todo.length === 0) return;
    const found = await this.store.getMasters<Staff>('staff', todo);
    for (const id of todo) this.memo.set(`staff#${id}`, Promise.resolve(found.get(id)));
  }

  /** Seeds the memo from a list already read (a close lists all staff: no GetItem per person). */
  primeStaff<T extends WithId<Staff>>(list: T[]): T[] {
    for (const s of list) this.memo.set(`staff#${s.id}`, Promise.resolve(s));
    return list;
  }
  /** A period's stored sheets by staff id, read with one Query of its sheet partition (lists, rankings). */
  periodSheets = (period: string) =>
    this.once(`sheets#${period}`, async () => {
      const list = new Map((await this.store.listSheets(period)).map((s) => [s.staffId, s] as const));
      this.listed.set(period, list);
      return list;
    });

  /** The stored sheets of a period already read by periodSheets, if it was (no I/O). */
  listedSheets(period: string): Map<string, Sheet> | undefined {
    return this.listed.get(period);
  }
  private readonly listed = new Map<string, Map<string, Sheet>>();

  shift = (id: string) => this.once(`shift#${id}`, () => this.store.getMaster<Shift>('shifts', id));
  rules = () => this.once('rules', () => this.store.currentRules());
  /** The hall's calendars (stored calendar data over the package), read once per invocation. */
  calendars = () => this.once('calendars', async () => Calendars.from(await loadCalendarData(this.store)));
  rulesVersion = (v: number) => this.once(`rules#${v}`, () => this.store.rulesVersion(v));
  period = (p: string) => this.once(`period#${p}`, () => this.store.getPeriod(p));
  closedDays = (month: string) => this.once(`days#${month}`, () => this.store.closedDays(month));
  closedPeriods = () =>
    this.once('periods', async () => new Set((await this.store.listPeriods()).filter((p) => p.status === 'closed').map((p) => p.period)));
}

