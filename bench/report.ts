/** Console output of the bench: phase lines, running counters, and plain-text tables. */

const tty = process.stdout.isTTY === true;
const t0 = Date.now();

export const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`;

/** One line per phase. */
export function phase(msg: string): void {
  process.stdout.write(`[${elapsed()}] ${msg}\n`);
}

/** A running counter: rewrites one line on a terminal, prints a line every 2 s otherwise. */
export class Progress {
  private n = 0;
  private lastPrint = 0;
  private readonly start = Date.now();
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'items',
  ) {}

  add(k: number): void {
    this.n += k;
    const now = Date.now();
    if (now - this.lastPrint >= (tty ? 200 : 2000)) {
      this.lastPrint = now;
      this.print(false);
    }
  }

  done(): number {
    this.print(true);
    return (Date.now() - this.start) / 1000;
  }

  private print(final: boolean): void {
    const s = (Date.now() - this.start) / 1000;
    const rate = s > 0 ? Math.round(this.n / s) : 0;
    const pct = this.total > 0 ? ` (${Math.floor((100 * this.n) / this.total)}%)` : '';
    const line = `           ${this.label}: ${fmtInt(this.n)} / ${fmtInt(this.total)} ${this.unit}${pct}, ${fmtInt(rate)}/s, ${s.toFixed(1)} s`;
    if (tty) process.stdout.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else process.stdout.write(`${line}\n`);
  }
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmt = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export type Cell = string | number | null | undefined;

/** A plain-text table: numbers right-aligned, strings left-aligned. */
export function table(title: string, headers: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '–' : typeof c === 'number' ? fmt(c, Number.isInteger(c) ? 0 : 2) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number' || /^[\d,.\-+–%$ ]+(ms|s|MB|KB|B|x)?$/.test(String(r[i]))));
  const line = (r: string[]) => `| ${r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [`\n### ${title}\n`, line(headers), sep, ...cells.map(line)].join('\n') + '\n';
}
