/** Input of the department mail (CONTRACT.md §5): everything needed to render it, no I/O. */
import type { Sheet } from '../domain/types.js';

export interface DepartmentReport {
  /** 'YYYY-MM', 'YYYY-Qn', 'YYYY-H1|H2' or 'YYYY'. */
  period: string;
  /** 1 = first publication; > 1 = correction. */
  version: number;
  department: { id: string; name: string; emails: string[] };
  /** This department's staff: closed sheets of the month or quarter. */
  sheets: Sheet[];
  /** windowId → window. */
  windows: Record<string, { name: string }>;
  /** staffId → rank in the hall. */
  ranks: Record<string, number>;
  /** How many staff were ranked in the hall. */
  rankedCount: number;
  /** The hall's red flag window (流动红旗) of the period, if any. */
  redFlag: { windowId: string; name: string; meanScore: number } | null;
  /** No window earned the red flag: the best window and the threshold it missed (CONTRACT.md §12). */
  redFlagMissed?: { name: string; meanScore: number; threshold: number };
  /** The rules legend (计分规则, reports/legend.ts), shown once; absent: no legend. */
  legend?: string[];
  /**
   * Whether this mail corrects one the department received (default: version > 1). False for a later
   * version to a department that got no earlier one — e.g. a revision made during publication review,
   * before anything was published: it is that department's first mail.
   */
  correction?: boolean;
  /** For version > 1: the sheets of the previous version, to say what changed. */
  previous?: Sheet[];
  /** The version this department last received (a revision may skip departments); default version − 1. */
  previousVersion?: number;
  /** For a correction: the ranks and red flag the previous version showed. */
  previousStandings?: { ranks: Record<string, number>; redFlag: { windowId: string; name: string; meanScore: number } | null };
  /** RFC 3339. */
  generatedAt: string;
  /** IANA zone used to show `generatedAt` (default Asia/Shanghai). Item times are already hall time. */
  tz?: string;
  /** Hall name shown in the mail heading (default 政务服务大厅). */
  hallName?: string;
}
