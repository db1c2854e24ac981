/** The workbook download reads the attachment back out of the archived mail (shared/reports/mime-parts.ts). */
import { describe, expect, it } from 'vitest';
import { assembleMime } from '../../shared/reports/mime.js';
import { findAttachment, leafParts, XLSX_TYPE } from '../../shared/reports/mime-parts.js';

describe('findAttachment', () => {
  it('returns the exact bytes of the attachment assembleMime put in', async () => {
    const content = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256));
    const raw = await assembleMime({
      from: 'a@example.gov.cn',
      to: ['b@example.gov.cn'],
      subject: '2026年9月 考核结果',
      html: '<p>你好</p>',
      text: '你好',
      attachments: [{ filename: '考核结果.xlsx', content, contentType: XLSX_TYPE }],
    });
    expect(leafParts(raw.toString('latin1')).length).toBeGreaterThanOrEqual(3);
    expect(findAttachment(raw, XLSX_TYPE)?.equals(content)).toBe(true);
    expect(findAttachment(raw, 'application/pdf')).toBeUndefined();
  });
});
