/**
 * The console's words for a refused request (web/src/errors.ts, used by ApiError): Chinese from the
 * error code or status, and a Chinese reason for each field error, never the API's English text.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, zhError, zhFieldMessage } from '../../web/src/errors.js';

const hasLatinWords = (s: string) => /\b[a-z]{3,}\b/.test(s.replace(/YYYY-MM-DD|JSON|PIN/g, ''));

describe('console error texts', () => {
  it('an API error reads in Chinese; the English message stays as detail', () => {
    const e = new ApiError(400, 'unknown-staff', 'events name staff that master data does not know; nothing was stored', [
      { path: 'events.0.staffId', message: 'unknown staff s9' },
      { path: 'events.1.occurredAt', message: 'is more than 5 minutes in the future' },
      { path: 'events.2.level', message: 'Invalid input: expected number, received string' },
      { path: 'events.3.caseId', message: 'Invalid input: expected string, received undefined' },
      { path: 'events.4.x', message: 'something nobody translated' },
    ]);
    expect(e.message).toBe('有工作人员在人员名单中不存在，未保存任何数据');
    expect(e.detail).toContain('master data');
    expect(e.errors.map((x) => x.message)).toEqual(['工作人员 s9 不存在', '时间晚于当前时间 5 分钟以上', '类型不正确（应为数字）', '必填', '不符合要求']);
    expect(e.errors[4]!.raw).toBe('something nobody translated');
  });

  it('every code the API answers with has its own sentence, and unknown codes fall back on the status', () => {
    for (const code of ['validation-failed', 'invalid-json', 'not-found', 'forbidden', 'unauthorized', 'conflict', 'period-not-ended', 'close-in-progress', 'calendar-not-covered', 'redrive-in-progress', 'bus-unavailable', 'payload-too-large', 'internal', 'network']) {
      const text = zhError(400, code);
      expect(text, code).not.toBe('提交的内容不符合要求');
      expect(hasLatinWords(text), `${code}: ${text}`).toBe(false);
    }
    expect(zhError(404, 'no-such-code')).toBe('未找到对应的数据');
    expect(zhError(502, 'no-such-code')).toBe('服务暂时不可用，请稍后重试');
    expect(zhError(418, 'no-such-code')).toBe('操作未成功');
  });

  it('the holiday notice reader\'s reasons read in Chinese', () => {
    expect(zhFieldMessage('"2026年部分节假日安排": the notice is for 2026, not 2027 (the year of the request path)')).toBe('通知年份为 2026，与所选年份 2027 不符');
    expect(zhFieldMessage('"元旦 1月1日": a rule line needs "names：description" (e.g. 一、元旦：1月1日放假)')).toContain('节日：说明');
    // The allowed values are the API's own words (what must be typed), shown as they are.
    expect(zhFieldMessage('must be one of pad, qr, sms')).toBe('须为以下之一：pad, qr, sms');
  });
});
