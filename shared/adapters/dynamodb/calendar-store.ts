/** Calendar master data in the table (CONTRACT.md §8): the hall's cn-statutory years and its hall calendars. */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarData, CalendarDay, HallCalendar, StatutoryYear } from '../../domain/calendar.js';
import { keys } from './keys.js';
import type { HallStore } from './store.js';

/** Everything in one Query (the `CAL` partition is small: a few KB a year). */
export async function loadCalendarData(store: HallStore): Promise<CalendarData> {
  const items = await store.queryAll(keys.calendarYear(0).pk);
  const years: StatutoryYear[] = [];
  const hallCalendars: HallCalendar[] = [];
  for (const i of items) {
    const sk = i.sk as string;
    if (sk.startsWith('Y#')) {
      const d = i.data as { days: CalendarDay[]; papers: string[] };
      years.push({ year: Number(sk.slice(2)), source: 'hall', days: d.days, papers: d.papers ?? [] });
    } else if (sk.startsWith('H#')) {
      hallCalendars.push({ ...(i.data as Omit<HallCalendar, 'id'>), id: sk.slice(2) });
    }
  }
  return { years, hallCalendars };
}

export async function putCalendarYear(store: HallStore, year: number, data: { days: CalendarDay[]; papers: string[] }): Promise<void> {
  await store.db.send(
    new PutCommand({ TableName: store.table, Item: { ...keys.calendarYear(year), data, updatedAt: new Date().toISOString() } }),
  );
}

/** Drops the hall's data for a year; returns whether there was any. */
export async function deleteCalendarYear(store: HallStore, year: number): Promise<boolean> {
  const r = await store.db.send(new DeleteCommand({ TableName: store.table, Key: keys.calendarYear(year), ReturnValues: 'ALL_OLD' }));
  return r.Attributes !== undefined;
}

export async function putHallCalendar(store: HallStore, cal: HallCalendar): Promise<void> {
  const { id, ...data } = cal;
  await store.db.send(new PutCommand({ TableName: store.table, Item: { ...keys.hallCalendar(id), data, updatedAt: new Date().toISOString() } }));
}
