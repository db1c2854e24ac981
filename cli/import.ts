/**
 * `hallscore import <kind> <file>`: master data from the CSV/XLSX lists halls keep. Every row is
 * turned into the contract's record and validated here with the same schemas the server uses, so
 * errors point at `file:LINE:COLUMN` before anything is sent; the server's own 400/409 answers
 * (unknown department, a PIN already taken…) are mapped back to the row and column too.
 */
import type { z } from 'zod';
import { Id } from '../shared/domain/ids.js';
import { MASTER_SCHEMAS, type MasterKind } from '../shared/domain/masterdata.js';
import { ApiError, ConnectionError, enc, type HallscoreClient } from './client.js';
import type { Tabular } from './tabular.js';

export const KINDS: MasterKind[] = ['departments', 'shifts', 'windows', 'staff', 'sources'];

type Parse = (raw: string) => { value: unknown } | { error: string };

interface Field {
  name: string;
  required?: boolean;
  /** Other header names accepted for this field (Chinese rosters). */
  aliases?: string[];
  parse?: Parse;
}

const text: Parse = (raw) => ({ value: raw });

const int: Parse = (raw) => (/^-?\d+$/.test(raw) ? { value: Number(raw) } : { error: `must be a whole number of minutes, got ${JSON.stringify(raw)}` });

const bool: Parse = (raw) => {
  const v = raw.toLowerCase();
  if (['true', 'yes', 'y', '1', '是', '在岗', '在职', 'active'].includes(v)) return { value: true };
  if (['false', 'no', 'n', '0', '否', '离岗', '离职', '停用', 'inactive'].includes(v)) return { value: false };
  return { error: `must be true or false (also yes/no, 1/0, 是/否), got ${JSON.stringify(raw)}` };
};

/** 'a@x.cn; b@y.cn' → ['a@x.cn', 'b@y.cn'] (also ；, commas, spaces or line breaks). */
const list: Parse = (raw) => ({ value: raw.split(/[;；,，\s]+/).filter(Boolean) });

/** A date cell: YYYY-MM-DD, also YYYY/M/D and YYYY.M.D. */
const day: Parse = (raw) => {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  return { value: m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : raw };
};

/** '09:00-12:00;13:30-17:00' (also –, ~, 至, and ； or , between sessions). */
const sessions: Parse = (raw) => {
  const parts = raw.split(/[;；,，\s]+/).filter(Boolean);
  const out: { start: string; end: string }[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}:\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}:\d{2})$/.exec(p);
    if (!m) return { error: `session ${JSON.stringify(p)} must look like 09:00-12:00 (sessions separated by ;)` };
    const pad = (t: string) => (t.length === 4 ? `0${t}` : t);
    out.push({ start: pad(m[1]!), end: pad(m[2]!) });
  }
  return { value: out };
};

export const FIELDS: Record<MasterKind, Field[]> = {
  departments: [
    { name: 'id', required: true, aliases: ['编号', '部门编号', '部门代码'] },
    { name: 'name', required: true, aliases: ['名称', '部门', '部门名称'] },
    { name: 'emails', required: true, aliases: ['email', '邮箱', '电子邮箱'], parse: list },
  ],
  shifts: [
    { name: 'id', required: true, aliases: ['编号', '班次', '班次编号'] },
    { name: 'sessions', required: true, aliases: ['时段', '工作时段'], parse: sessions },
    { name: 'arriveEarlyMinutes', parse: int },
    { name: 'lateAbsentMinutes', parse: int },
    { name: 'earlyLeaveAbsentMinutes', parse: int },
    { name: 'calendar', aliases: ['日历'] },
  ],
  windows: [
    { name: 'id', required: true, aliases: ['编号', '窗口编号'] },
    { name: 'name', required: true, aliases: ['名称', '窗口', '窗口名称'] },
    { name: 'hallId', aliases: ['大厅'] },
  ],
  staff: [
    { name: 'id', required: true, aliases: ['工号', '编号'] },
    { name: 'name', required: true, aliases: ['姓名'] },
    { name: 'departmentId', required: true, aliases: ['部门', '部门编号', '派驻部门'] },
    { name: 'windowId', required: true, aliases: ['窗口', '窗口编号'] },
    { name: 'shiftId', required: true, aliases: ['班次', '班次编号'] },
    { name: 'pin', aliases: ['考勤号', '考勤机编号', 'PIN'] },
    { name: 'active', aliases: ['在岗', '状态'], parse: bool },
    { name: 'since', aliases: ['入驻日期', '到岗日期'], parse: day },
  ],
  sources: [
    { name: 'id', required: true, aliases: ['编号'] },
    { name: 'kind', required: true, aliases: ['类型'] },
    { name: 'key', aliases: ['密钥'] },
    { name: 'deviceSn', aliases: ['SN', '设备序列号', '序列号'] },
  ],
};

export interface RowError {
  line: number;
  column: number;
  field?: string;
  message: string;
}

export interface PreparedRow {
  line: number;
  id: string;
  body: Record<string, unknown>;
}

export interface Prepared {
  kind: MasterKind;
  file: string;
  rows: PreparedRow[];
  errors: RowError[];
  /** Field name → 1-based column. */
  columns: Map<string, number>;
  /** Rows that had errors (line numbers). */
  badLines: Set<number>;
}

export const formatError = (file: string, e: RowError): string => `${file}:${e.line}:${e.column}: ${e.field ? `${e.field}: ` : ''}${e.message}`;

/** Maps the header to fields; unknown or repeated columns and missing required ones are errors. */
function mapHeader(kind: MasterKind, t: Tabular): { columns: Map<string, number>; errors: RowError[] } {
  const fields = FIELDS[kind];
  const columns = new Map<string, number>();
  const errors: RowError[] = [];
  const byName = new Map<string, string>();
  for (const f of fields) {
    byName.set(f.name.toLowerCase(), f.name);
    for (const a of f.aliases ?? []) byName.set(a.toLowerCase(), f.name);
  }
  t.header.forEach((h, i) => {
    const col = i + 1;
    if (h === '') return; // an unnamed column (notes, totals) is ignored if it is empty throughout
    const name = byName.get(h.toLowerCase());
    if (!name) {
      errors.push({ line: t.headerLine, column: col, message: `unknown column ${JSON.stringify(h)} for ${kind} (expected ${fields.map((f) => f.name).join(', ')})` });
      return;
    }
    if (columns.has(name)) {
      errors.push({ line: t.headerLine, column: col, message: `column ${JSON.stringify(h)} repeats ${name} (already column ${columns.get(name)})` });
      return;
    }
    columns.set(name, col);
  });
  for (const f of fields) {
    if (f.required && !columns.has(f.name)) {
      errors.push({ line: t.headerLine, column: t.header.length + 1, message: `missing column ${JSON.stringify(f.name)} (${kind} need ${fields.filter((x) => x.required).map((x) => x.name).join(', ')})` });
    }
  }
  return { columns, errors };
}

/** The column a server or schema error path ('sessions.1.start', 'departmentId') points at. */
function columnOf(columns: Map<string, number>, path: string): { column: number; field: string } {
  const top = path.split('.')[0] ?? '';
  const col = columns.get(top);
  if (col !== undefined) return { column: col, field: top };
  return { column: columns.get('id') ?? 1, field: top && top !== '(body)' ? top : 'id' };
}

function describeIssue(i: z.core.$ZodIssue): string {
  const rest = i.path.slice(1);
  if (rest.length === 0) return i.message;
  // sessions.1.start → "session 2 start"
  const where = rest.map((p) => (typeof p === 'number' ? `#${p + 1}` : String(p))).join(' ');
  return `${where}: ${i.message}`;
}

/** Turns each row into a record and validates it; nothing is sent. */
export function prepare(kind: MasterKind, t: Tabular): Prepared {
  const { columns, errors } = mapHeader(kind, t);
  const rows: PreparedRow[] = [];
  const badLines = new Set<number>();
  if (errors.length > 0) return { kind, file: t.file, rows, errors, columns, badLines };
  const seenIds = new Map<string, number>();
  const seenPins = new Map<string, number>();
  const seenSns = new Map<string, number>();
  const fields = FIELDS[kind];
  const schema = MASTER_SCHEMAS[kind] as z.ZodType;

  for (const row of t.rows) {
    const rowErrors: RowError[] = [];
    const err = (field: string, message: string) => rowErrors.push({ line: row.line, column: columns.get(field) ?? 1, field, message });
    const cell = (field: string) => {
      const c = columns.get(field);
      return c === undefined ? '' : (row.cells[c - 1] ?? '');
    };
    // Cells beyond the header hold data nobody named.
    row.cells.forEach((v, i) => {
      if (v !== '' && (i >= t.header.length || t.header[i] === '')) {
        rowErrors.push({ line: row.line, column: i + 1, message: `a value (${JSON.stringify(v)}) in a column without a header` });
      }
    });
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.name === 'id') continue;
      const raw = cell(f.name);
      if (raw === '') {
        if (f.required) err(f.name, 'is required');
        continue;
      }
      const r = (f.parse ?? text)(raw);
      if ('error' in r) err(f.name, r.error);
      else body[f.name] = r.value;
    }
    const id = cell('id');
    if (id === '') err('id', 'is required');
    else if (!Id.safeParse(id).success) err('id', `${JSON.stringify(id)} must match [A-Za-z0-9._:-]{1,128}`);
    else if (seenIds.has(id)) err('id', `${id} is already on line ${seenIds.get(id)}`);
    else seenIds.set(id, row.line);

    // The server's own schema, for what the cells alone cannot tell (PIN format, dates, enums…);
    // a field already reported above is not reported twice.
    const r = schema.safeParse(body);
    if (!r.success) {
      const reported = new Set(rowErrors.map((e) => e.field));
      for (const i of r.error.issues) {
        const { column, field } = columnOf(columns, i.path.map(String).join('.'));
        if (!reported.has(field)) rowErrors.push({ line: row.line, column, field, message: describeIssue(i) });
      }
    }
    // Uniqueness the server enforces across all rows: catch it within the file too.
    if (kind === 'staff' && typeof body.pin === 'string') {
      if (seenPins.has(body.pin)) err('pin', `PIN ${body.pin} is already used on line ${seenPins.get(body.pin)}`);
      else seenPins.set(body.pin, row.line);
    }
    if (kind === 'sources' && typeof body.deviceSn === 'string') {
      if (seenSns.has(body.deviceSn)) err('deviceSn', `device ${body.deviceSn} is already on line ${seenSns.get(body.deviceSn)}`);
      else seenSns.set(body.deviceSn, row.line);
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors.sort((a, b) => a.column - b.column));
      badLines.add(row.line);
    } else rows.push({ line: row.line, id, body });
  }
  return { kind, file: t.file, rows, errors, columns, badLines };
}

export interface SendResult {
  imported: number;
  failed: RowError[];
  /** A server or connection failure (not the row's fault). */
  serverFailure: boolean;
}

/**
 * PUTs the rows (a few at a time; departments, shifts and windows before staff is the caller's
 * order). A row the server refuses is reported at its line and the column the error names.
 */
export async function send(api: HallscoreClient, p: Prepared, concurrency = 4): Promise<SendResult> {
  const failed: RowError[] = [];
  let imported = 0;
  let serverFailure = false;
  let next = 0;
  const worker = async () => {
    while (next < p.rows.length) {
      const row = p.rows[next++]!;
      try {
        await api.put(`/v1/${p.kind}/${enc(row.id)}`, row.body);
        imported++;
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 404) {
          const list = e.errors.length > 0 ? e.errors : [{ path: 'id', message: e.message }];
          for (const fe of list) {
            const { column, field } = columnOf(p.columns, fe.path);
            failed.push({ line: row.line, column, field, message: `${fe.message} (server: ${e.status} ${e.code})` });
          }
          if (e.status === 401 || e.status === 403) throw e; // the key is wrong: no point going on
        } else if (e instanceof ApiError || e instanceof ConnectionError) {
          serverFailure = true;
          failed.push({ line: row.line, column: p.columns.get('id') ?? 1, message: e instanceof ApiError ? e.describe() : e.message });
          if (e instanceof ConnectionError) throw e;
        } else throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, p.rows.length) }, worker));
  failed.sort((a, b) => a.line - b.line || a.column - b.column);
  return { imported, failed, serverFailure };
}
