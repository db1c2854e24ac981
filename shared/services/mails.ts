/**
 * GET /v1/mails/{period} and the downloads of one mail (CONTRACT.md §13): the mail ledger of a period,
 * and the archived raw MIME (`.eml`) or the workbook read back out of it (`.xlsx`).
 */
import type { HallStore } from '../adapters/dynamodb/store.js';
import { Id } from '../domain/ids.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { ApiResponse } from '../http/api.js';
import type { MailArchive } from '../ports.js';
import { findAttachment, XLSX_TYPE } from '../reports/mime-parts.js';
import { isMonth, isQuarter } from '../domain/time.js';

export type MailStatus = 'sent' | 'pending' | 'failed' | 'held';

export interface MailEntry {
  departmentId: string;
  version: number;
  to: string[];
  subject: string;
  sentAt?: string;
  status: MailStatus;
}

/** Any period the store knows (months, quarters, and the longer ones other modules add). */
export function parseMailPeriod(p: string | undefined): string {
  if (!p || !(isMonth(p) || isQuarter(p) || /^\d{4}(-H[12])?$/.test(p))) {
    throw badRequest('invalid period', [{ path: 'period', message: 'must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' }]);
  }
  return p;
}

const STATUSES: readonly MailStatus[] = ['sent', 'pending', 'failed', 'held'];

export async function listMails(store: HallStore, period: string, departmentId?: string): Promise<{ mails: MailEntry[] }> {
  const [ledger, state] = await Promise.all([store.listMails(period), store.getPeriod(period)]);
  const mails: MailEntry[] = ledger.map((i) => {
    const status = STATUSES.includes(i.status as MailStatus) ? (i.status as MailStatus) : i.sentAt ? 'sent' : 'pending';
    return {
      departmentId: i.departmentId as string,
      version: i.version as number,
      to: (i.to as string[] | undefined) ?? [],
      subject: (i.subject as string | undefined) ?? '',
      ...(typeof i.sentAt === 'string' && status === 'sent' ? { sentAt: i.sentAt } : {}),
      status,
    };
  });
  // Mails the close could not deliver yet have no ledger entry: they are listed as failed.
  for (const u of state.undelivered ?? []) {
    if (!mails.some((m) => m.departmentId === u.departmentId && m.version === u.version)) {
      mails.push({ departmentId: u.departmentId, version: u.version, to: [], subject: '', status: 'failed' });
    }
  }
  return {
    mails: mails
      .filter((m) => departmentId === undefined || m.departmentId === departmentId)
      .sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : a.version - b.version)),
  };
}

export function parseMailFile(file: string | undefined): { version: number; ext: 'eml' | 'xlsx' } {
  const m = /^(\d{1,6})\.(eml|xlsx)$/.exec(file ?? '');
  if (!m) throw badRequest('invalid mail file', [{ path: 'file', message: 'must be {version}.eml or {version}.xlsx' }]);
  return { version: Number(m[1]), ext: m[2] as 'eml' | 'xlsx' };
}

export async function downloadMail(
  store: HallStore,
  archive: MailArchive | undefined,
  path: { period?: string; departmentId?: string; file?: string },
): Promise<ApiResponse> {
  const period = parseMailPeriod(path.period);
  const departmentId = path.departmentId ?? '';
  if (!Id.safeParse(departmentId).success) throw badRequest('invalid departmentId', [{ path: 'departmentId', message: 'must match [A-Za-z0-9._:-]{1,128}' }]);
  const { version, ext } = parseMailFile(path.file);
  const key = { period, departmentId, version };
  const raw = archive ? await archive.get(key) : undefined;
  if (!raw) throw new HttpError(404, 'not-found', `no archived mail ${period}/${departmentId}/${version}`);
  const name = `${period}-${departmentId}-v${version}.${ext}`;
  const body = ext === 'eml' ? raw : findAttachment(raw, XLSX_TYPE);
  if (!body) throw new HttpError(404, 'not-found', `mail ${period}/${departmentId}/${version} has no workbook`);
  return {
    statusCode: 200,
    headers: {
      'content-type': ext === 'eml' ? 'message/rfc822' : XLSX_TYPE,
      'content-disposition': `attachment; filename="${name}"`,
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}
