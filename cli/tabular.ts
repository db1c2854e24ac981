/**
 * Reading the lists halls keep (staff rosters, window lists…) from CSV or XLSX into rows of text
 * cells that remember where they came from (1-based line and column), so every error can point at
 * `file:LINE:COLUMN`.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';

export interface Row {
  /** 1-based line (CSV: the physical line the record starts on; XLSX: the sheet row). */
  line: number;
  /** Cell texts, trimmed; '' for empty. Index 0 is column 1. */
  cells: string[];
}

export interface Tabular {
  /** The name to print in messages (as given on the command line). */
  file: string;
  headerLine: number;
  header: string[];
  rows: Row[];
}

/** A problem in the file itself (not in a value): `file:LINE:COLUMN: message`. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'FileError';
  }
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quotes, "" escapes, delimiters and line breaks inside quotes; CRLF or LF)

export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses CSV text. Throws FileError for an unterminated quote or text after a closing quote.
 * Columns in messages are field numbers (1 = first field), as a spreadsheet counts them.
 */
export function parseCsv(text: string, file = 'input.csv', delimiter = ','): CsvRecord[] {
  const out: CsvRecord[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // Excel's UTF-8 BOM
  let line = 1;
  let i = 0;
  const n = text.length;
  let fields: string[] = [];
  let recordLine = 1;
  let field = '';
  let atFieldStart = true;
  const endField = () => {
    fields.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    // A record that is one empty field is a blank line: skip it.
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (atFieldStart && c === '"') {
      // Quoted field
      const qLine = line;
      const qCol = fields.length + 1;
      i++;
      for (;;) {
        if (i >= n) throw new FileError(file, qLine, qCol, 'unterminated quoted field (a " is never closed)');
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      atFieldStart = false;
      // After the closing quote: a delimiter, a line end or the end of the text.
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new FileError(file, line, fields.length + 1, `unexpected ${JSON.stringify(next)} after a closing quote (quote the whole field, and double any " inside it)`);
      }
      continue;
    }
    if (c === delimiter) {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    atFieldStart = false;
    i++;
  }
  if (field !== '' || fields.length > 0 || !atFieldStart) endRecord();
  return out;
}

/** Decodes a CSV file: UTF-8 (with or without BOM), or GB18030/GBK as Excel on Chinese Windows saves it. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX (first worksheet, or the one named after the kind)

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    const iso = v.toISOString();
    // A time typed into a cell comes back as a time on Excel's day zero (1899-12-30).
    if (iso.startsWith('1899-12-30') || iso.startsWith('1899-12-31')) return iso.slice(11, 16);
    return iso.slice(0, 10);
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; error?: unknown; hyperlink?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

async function readXlsx(path: string, file: string, preferSheet?: string): Promise<{ line: number; fields: string[] }[]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new FileError(file, 1, 1, `not a readable .xlsx workbook (${e instanceof Error ? e.message : String(e)})`);
  }
  const sheets = wb.worksheets;
  const ws = (preferSheet && sheets.find((s) => s.name.toLowerCase() === preferSheet.toLowerCase())) || sheets[0];
  if (!ws) throw new FileError(file, 1, 1, 'the workbook has no worksheet');
  const out: { line: number; fields: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const fields: string[] = [];
    const count = row.cellCount;
    for (let c = 1; c <= count; c++) fields.push(cellText(row.getCell(c).value));
    out.push({ line: rowNumber, fields });
  });
  return out;
}

/** Reads a .csv/.tsv/.txt or .xlsx file: the first non-empty row is the header. */
export async function readTabular(path: string, opts: { preferSheet?: string } = {}): Promise<Tabular> {
  const file = path;
  const ext = extname(path).toLowerCase();
  let records: { line: number; fields: string[] }[];
  if (ext === '.xlsx' || ext === '.xlsm') {
    records = await readXlsx(path, file, opts.preferSheet);
  } else if (ext === '.xls') {
    throw new FileError(file, 1, 1, 'old .xls workbooks are not supported: save it as .xlsx or .csv (UTF-8)');
  } else {
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FileError(file, 1, 1, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read ${basename(path)}: ${code ?? String(e)}`);
    }
    const text = decodeText(buf);
    const delimiter = ext === '.tsv' ? '\t' : ',';
    records = parseCsv(text, file, delimiter);
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const head = nonEmpty[0];
  if (!head) throw new FileError(file, 1, 1, 'the file is empty: expected a header row with field names');
  return {
    file,
    headerLine: head.line,
    header: head.fields.map((f) => f.trim()),
    rows: nonEmpty.slice(1).map((r) => ({ line: r.line, cells: r.fields.map((f) => f.trim()) })),
  };
}
