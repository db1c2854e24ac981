/**
 * MIME assembly with nodemailer's MailComposer: multipart/mixed (alternative text + HTML, then the
 * attachments), UTF-8 throughout, RFC 2047 encoded subject and RFC 2231 file names. The same bytes go
 * to SES (SendEmail with Content.Raw) on AWS and to an .eml file locally.
 */
import type MailComposerType from 'nodemailer/lib/mail-composer/index.js';
import { loadOptional } from './load-module.js';

// Loaded on first use, like exceljs (see workbook.ts).
const loadComposer = (): Promise<typeof MailComposerType> =>
  loadOptional<typeof MailComposerType>('nodemailer/lib/mail-composer/index.js', () => import('nodemailer/lib/mail-composer/index.js'));

export interface MimeInput {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
  /** '<id@domain>'; nodemailer makes one up when absent. */
  messageId?: string;
  date?: Date;
  /** Extra headers (e.g. X-Hallscore-Period); values must be single-line. */
  headers?: Record<string, string>;
}

export async function assembleMime(m: MimeInput): Promise<Buffer> {
  if (m.to.length === 0) throw new Error('assembleMime: no recipients');
  const MailComposer = await loadComposer();
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: m.subject.replace(/[\r\n]+/g, ' '),
    text: m.text,
    html: m.html,
    textEncoding: 'base64',
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      contentDisposition: 'attachment' as const,
    })),
    ...(m.messageId !== undefined ? { messageId: m.messageId } : {}),
    ...(m.date !== undefined ? { date: m.date } : {}),
    headers: { 'Content-Language': 'zh-CN', ...(m.headers ?? {}) },
  });
  return composer.compile().build();
}
