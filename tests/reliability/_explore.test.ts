import { afterAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let s: TestStack;
afterAll(async () => s?.stop());
describe('explore', () => {
  it('x', async () => {
    s = await testStack();
    const { keys } = await s.api.seedHall();
    const rv = (id: string, occurredAt: string, extra: object = {}) => ({ id, type: 'evaluation.submitted', occurredAt, caseId: `c-${id}`, staffId: 's1', level: 2, channel: 'pad', ...extra });
    for (const t of ['2026-02-30T10:00:00+08:00', '2026-10-12T24:00:00+08:00', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2003-06-01T10:00:00+08:00', '2026-10-12T10:00:00-23:59']) {
      const r = await s.api.post('/v1/events', rv('e' + Math.random().toString(36).slice(2), t), keys.evaluation);
      console.log(t, r.status, r.text);
    }
    console.log('dead', JSON.stringify(await s.deps.deadLetters.list()).slice(0, 600));
    for (const p of ['2026-03', '0001-01', '1969-12', '2003-06']) {
      const r = await s.api.get(`/v1/sheets/${p}/staff/s1`);
      console.log(p, r.status, r.text.slice(0, 300));
      const r2 = await s.api.get(`/v1/sheets/${p}`);
      console.log(p, r2.status, r2.text.slice(0, 200));
    }
    const r = await s.api.post('/v1/events', rv('lone', '2026-10-12T10:00:00+08:00', { comment: '\ud800x' }), keys.evaluation);
    console.log('lone', r.status, r.text);
    const d = await s.api.put('/v1/departments/lone', { name: 'a\ud800b', emails: ['a@b.cn'] });
    console.log('dept lone', d.status, d.text);
    const d2 = await s.api.get('/v1/departments/lone');
    console.log('dept lone get', d2.status, d2.text);
    const deep = '['.repeat(200000) + ']'.repeat(200000);
    const r3 = await s.api.call('POST', '/v1/events', undefined, undefined, `{"events":${deep}}`);
    console.log('deep', r3.status, r3.text.slice(0, 300));
    const deepObj = '{"a":'.repeat(100000) + '1' + '}'.repeat(100000);
    const r4 = await s.api.call('POST', '/v1/events', undefined, undefined, `{"id":"x","type":"evaluation.submitted","comment":${deepObj}}`);
    console.log('deepobj', r4.status, r4.text.slice(0, 300));
    const r5 = await s.api.call('PUT', '/v1/departments/deep', undefined, undefined, `{"name":${deepObj}}`);
    console.log('deep md', r5.status, r5.text.slice(0, 300));
  }, 60000);
});
