/** Closing a month announces each department's results on the bus (assessment.published). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];
beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

const published = () =>
  readFileSync(join(stack.outbox, 'bus-events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((e) => e['detail-type'] === 'assessment.published');

describe('assessment.published', () => {
  it('carries period, version, department and per-staff scores equal to the sheets, once per publication', async () => {
    const r = await stack.api.post(
      '/v1/events',
      { id: 'r1', type: 'evaluation.submitted', occurredAt: '2026-09-10T10:00:00+08:00', caseId: 'c1', staffId: 's3', level: 1, channel: 'pad' },
      keys.evaluation,
    );
    expect(r.status).toBe(202);
    expect((await stack.api.post('/v1/close/2026-09')).status).toBe(200);

    const events = published();
    expect(events.map((e) => e.detail.departmentId).sort()).toEqual(['mkt', 'tax']);
    for (const e of events) {
      expect(e.source).toBe('hallscore.publish');
      expect(e.detail).toMatchObject({ period: '2026-09', version: 1 });
      for (const s of e.detail.staff) {
        const sheet = (await stack.api.get(`/v1/sheets/2026-09/staff/${s.staffId}`)).body;
        expect(s).toMatchObject({ staffId: sheet.staffId, score: sheet.score, grade: sheet.grade, returnRecommended: sheet.returnRecommended });
      }
    }
    const mkt = events.find((e) => e.detail.departmentId === 'mkt');
    expect(mkt.detail.staff.map((s: { staffId: string }) => s.staffId)).toEqual(['s3']);

    // Closing again publishes nothing.
    await stack.api.post('/v1/close/2026-09');
    expect(published()).toHaveLength(2);
  });
});
