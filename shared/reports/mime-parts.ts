/**
 * Reads attachments back out of a raw MIME message (the ones shared/reports/mime.ts assembles), so a
 * mail's workbook can be downloaded from the archived mail itself — one archived object per mail.
 */

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(raw: string): MimePart {
  const cut = raw.search(/\r?\n\r?\n/);
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const body = cut < 0 ? '' : raw.slice(cut).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  // Folded header lines continue with whitespace.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

/** Every leaf part of the message, depth first. */
export function leafParts(raw: string): MimePart[] {
  const part = splitHeaders(raw);
  const type = part.headers['content-type'] ?? 'text/plain';
  const m = /boundary="?([^";]+)"?/i.exec(type);
  if (!/^multipart\//i.test(type) || !m) return [part];
  const boundary = `--${m[1]}`;
  const chunks = part.body.split(boundary).slice(1); // before the first boundary: the preamble
  const out: MimePart[] = [];
  for (const c of chunks) {
    if (c.startsWith('--')) break; // the closing boundary
    out.push(...leafParts(c.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
  }
  return out;
}

/** The first attachment whose Content-Type starts with `contentType`, decoded. */
export function findAttachment(raw: Buffer, contentType: string): Buffer | undefined {
  const part = leafParts(raw.toString('latin1')).find((p) => (p.headers['content-type'] ?? '').toLowerCase().startsWith(contentType));
  if (!part) return undefined;
  const enc = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  return enc === 'base64' ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64') : Buffer.from(part.body, 'latin1');
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
