/** CSV import of master data: RFC 4180 quoting; a header row names the fields. */
import type { MasterKind } from './api';

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((x) => x.trim() !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  if (row.some((x) => x.trim() !== '')) rows.push(row);
  const [header = [], ...rest] = rows;
  return { header: header.map((h) => h.trim()), rows: rest };
}

const NUMBERS = new Set(['arriveEarlyMinutes', 'lateAbsentMinutes', 'earlyLeaveAbsentMinutes']);

/** One CSV row → {id, body} for PUT /v1/{kind}/{id}. Lists are `;`-separated; sessions `09:00-12:00;13:30-17:00`. */
export function rowToRecord(kind: MasterKind, header: string[], row: string[]): { id: string; body: Record<string, unknown> } {
  const body: Record<string, unknown> = {};
  let id = '';
  header.forEach((h, i) => {
    const v = (row[i] ?? '').trim();
    if (h === 'id') return void (id = v);
    if (v === '') return;
    if (h === 'emails') body[h] = v.split(/[;；\s]+/).filter(Boolean);
    else if (h === 'sessions') body[h] = v.split(/[;；]/).map((s) => ({ start: s.split('-')[0]!.trim(), end: s.split('-')[1]!.trim() }));
    else if (h === 'active') body[h] = !/^(false|0|否|no)$/i.test(v);
    else if (NUMBERS.has(h)) body[h] = Number(v);
    else body[h] = v;
  });
  void kind;
  return { id, body };
}
