/**
 * Single-table key design (README "Data" lists the access patterns). Every item has pk/sk strings.
 * A staff member's month lives in one partition so the sheet fold is a single Query.
 */
export const keys = {
  master: (kind: string, id?: string) => ({ pk: `MD#${kind}`, sk: id ?? '' }),
  pin: (pin: string) => ({ pk: `PIN#${pin}`, sk: 'PIN' }),
  apiKey: (hash: string) => ({ pk: `KEY#${hash}`, sk: 'KEY' }),
  /** A role key's record (name, role, department; its hash, never the key); listed under one partition. */
  roleKey: (id?: string) => ({ pk: 'ROLEKEYS', sk: id ?? '' }),
  device: (sn: string) => ({ pk: `DEV#${sn}`, sk: 'DEV' }),
  rules: (version?: number) => ({ pk: 'RULES', sk: version === undefined ? '' : `V#${String(version).padStart(10, '0')}` }),
  /** Events and joined copies of one staff-month. */
  staffMonth: (staffId: string, month: string) => `SM#${staffId}#${month}`,
  /** Case-referencing events (annulments, resolutions) and the links to the staff-months that hold the case. */
  casePk: (kind: 'evaluation' | 'complaint', caseId: string) => `CASE#${kind}#${caseId}`,
  /** The one item where both halves of a case meet (links as `L#staff#month`, joined events as `E#source#id`). */
  caseJoin: (casePk: string) => ({ pk: casePk, sk: 'J' }),
  caseLinkSk: (staffId: string, month: string) => `L#${staffId}#${month}`,
  eventSk: (source: string, id: string) => `E#${source}#${id}`,
  closedDay: (month: string, date?: string) => ({ pk: `DAYS#${month}`, sk: date ?? '' }),
  period: (period: string) => ({ pk: 'PERIOD', sk: period }),
  sheet: (period: string, staffId?: string) => ({ pk: `SHEET#${period}`, sk: staffId ?? '' }),
  frozenSheet: (period: string, staffId: string, version: number) => ({ pk: `SHEETV#${period}`, sk: `${staffId}#${String(version).padStart(4, '0')}` }),
  unmatched: (sn: string, pin: string, local: string) => ({ pk: 'UNMATCHED', sk: `${sn}#${pin}#${local}` }),
  /** A malformed device line, once per (SN, line content): resends overwrite rather than pile up. */
  rejectedLine: (sn: string, rawDigest: string) => ({ pk: 'REJECTED', sk: `${sn}#${rawDigest}` }),
  /** A staff member's closed-month summaries (return rule history), one small item. */
  history: (staffId: string) => ({ pk: `HIST#${staffId}`, sk: 'HIST' }),
  mail: (period: string, departmentId: string, version: number) => ({ pk: `MAIL#${period}`, sk: `${departmentId}#${String(version).padStart(4, '0')}` }),
};
