/**
 * Department assessment mails (CONTRACT.md §5): pure rendering, Buffers in and out, no AWS.
 * `buildDepartmentMail` gives the raw MIME that SES (SESv2 SendEmail, Content.Raw) sends and that the
 * local outbox writes as `{departmentId}.eml` (`{departmentId}.v{version}.eml` for corrections).
 */
import { describeChanges, describeStandingChanges } from './changes.js';
import { fileSafe, periodLabel } from './labels.js';
import { renderHtml, renderSubject, renderText } from './mail-html.js';
import { assembleMime } from './mime.js';
import type { DepartmentReport } from './types.js';
import { buildWorkbook } from './workbook.js';

export type { DepartmentReport } from './types.js';
export type { MimeInput } from './mime.js';
export { describeChanges } from './changes.js';
export { renderHtml, renderSubject, renderText } from './mail-html.js';
export { assembleMime } from './mime.js';
export { buildWorkbook, SUMMARY_SHEET, ITEMS_SHEET, ATTENDANCE_SHEET } from './workbook.js';
export {
  escapeHtml,
  fmtRate,
  fmtScore,
  gradeLabel,
  itemLabel,
  periodLabel,
  returnReasonLabel,
  GRADE_LABELS,
  ITEM_LABELS,
  RETURN_REASON_LABELS,
} from './labels.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** '2026年10月考核结果-某某局.xlsx'; a correction: '2026年10月考核结果-某某局-更正v2.xlsx'. */
export function attachmentName(r: Pick<DepartmentReport, 'period' | 'version' | 'department' | 'correction'>): string {
  const base = `${periodLabel(r.period)}考核结果-${fileSafe(r.department.name)}`;
  return `${(r.correction ?? r.version > 1) ? `${base}-更正v${r.version}` : base}.xlsx`;
}

/** Local outbox file name (CONTRACT.md §5): '{departmentId}.eml', corrections '{departmentId}.v{version}.eml'. */
export const emlName = (r: Pick<DepartmentReport, 'version' | 'department'>): string =>
  r.version > 1 ? `${r.department.id}.v${r.version}.eml` : `${r.department.id}.eml`;

/** A stable Message-ID per department, period and version, so a retried send is recognisable. */
export function messageIdFor(r: Pick<DepartmentReport, 'period' | 'version' | 'department'>, from: string): string {
  const addr = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = /@([A-Za-z0-9.-]+)\s*$/.exec(addr)?.[1] ?? 'hallscore.invalid';
  const local = `hallscore.${r.period}.${r.department.id}.v${r.version}`.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '_');
  return `<${local}@${domain}>`;
}

export interface DepartmentMail {
  subject: string;
  raw: Buffer;
  attachmentName: string;
  messageId: string;
  /** Lines of the 更正说明 (empty for version 1). */
  changes: string[];
}

/** Subject, HTML and text bodies, the workbook and the MIME of one department's mail. */
export async function buildDepartmentMail(r: DepartmentReport, from: string): Promise<DepartmentMail> {
  const subject = renderSubject(r);
  const name = attachmentName(r);
  const messageId = messageIdFor(r, from);
  const workbook = await buildWorkbook(r);
  const generated = new Date(r.generatedAt);
  const raw = await assembleMime({
    from,
    to: r.department.emails,
    subject,
    html: renderHtml(r),
    text: renderText(r),
    attachments: [{ filename: name, content: workbook, contentType: XLSX_CONTENT_TYPE }],
    messageId,
    ...(Number.isNaN(generated.getTime()) ? {} : { date: generated }),
    headers: {
      'X-Hallscore-Period': r.period,
      'X-Hallscore-Department': r.department.id,
      'X-Hallscore-Version': String(r.version),
    },
  });
  const changes = (r.correction ?? r.version > 1) && r.previous ? [...describeChanges(r.previous, r.sheets), ...describeStandingChanges(r)] : [];
  return { subject, raw, attachmentName: name, messageId, changes };
}
