/** Plain-text tables for a terminal, aligned for Chinese (full-width characters take two columns). */

/** Display width of a string in a monospace terminal: CJK and full-width forms count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

/** Cuts a string to a display width, with an ellipsis when cut. */
export function clip(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  max?: number;
}

/** Renders rows under headers; numbers are right-aligned unless a column says otherwise. */
export function table(columns: (Column | string)[], rows: (string | number | null | undefined)[][], indent = ''): string[] {
  const cols: Column[] = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const cells = rows.map((row) => cols.map((c, i) => clip(row[i] === null || row[i] === undefined ? '' : String(row[i]), c.max ?? 200)));
  const right = cols.map((c, i) => c.align === 'right' || (c.align === undefined && rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === '' || r[i] == null)));
  const widths = cols.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (vals: string[]) =>
    indent +
    vals
      .map((v, i) => (right[i] ? padStart(v, widths[i]!) : i === vals.length - 1 ? v : padEnd(v, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)];
}

export const GRADE_ZH: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

export const fmtScore = (n: number | null | undefined): string => (typeof n === 'number' ? n.toFixed(2) : '-');
export const fmtPoints = (n: number): string => (n > 0 ? `+${n.toFixed(2)}` : n.toFixed(2));
export const fmtRate = (r: number | null | undefined): string => (typeof r === 'number' ? `${(r * 100).toFixed(2)}%` : '-');
