/**
 * Closes under concurrency (issue #15), with real concurrent calls against DynamoDB Local: the same
 * close twice, a month close and its quarter close overlapping (the 02:00 schedules of a quarter's
 * first day), and two publications of one (period, department, version) racing. Whatever the
 * interleaving: one mail and one assessment.published per (period, department, version).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { publishDepartment } from '../../shared/services/publish.js';
import { type TestStack } from '../helpers/stack.js';
import { bigHall } from '../helpers/big-hall.js';
import { emlFiles, publishedKeys } from '../helpers/outbox.js';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

/** The seed hall plus `extra` staff (so a close takes long enough to overlap), a review each in September. */
async function hall(extra: number) {
  const { stack, keys, ids, mailer } = await bigHall(stacks, extra);
  const events = ids.map((staffId, i) => ({ id: `rv-${i}`, type: 'evaluation.submitted', occurredAt: '2026-09-14T10:00:00+08:00', caseId: `case-${i}`, staffId, level: 5, channel: 'pad' }));
  for (let i = 0; i < events.length; i += 500) expect((await stack.api.post('/v1/events', { events: events.slice(i, i + 500) }, keys.evaluation)).status).toBe(202);
  const published = () => publishedKeys(stack.outbox);
  const sent = () => mailer.calls.filter((c) => c.ok).map((c) => `${c.period}/${c.departmentId}/v${c.version}`).sort();
  const emls = (period: string) => emlFiles(stack.outbox, period);
  return { stack, mailer, published, sent, emls };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('concurrent closes', () => {
  it('the same close twice, 100 ms apart: one close runs, the retry gets 409 close-in-progress; each department mailed and published once', async () => {
    const { stack, published, sent, emls } = await hall(80);
    const first = stack.api.post('/v1/close/2026-09');
    await sleep(100);
    const second = await stack.api.post('/v1/close/2026-09');
    const r1 = await first;
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ period: '2026-09', version: 1, emails: 2 });
    // The retry arrived while the first ran: refused, nothing changed; had it come after, it would be emails: 0.
    expect(second.status === 409 ? second.body.error : second.body.emails).toBe(second.status === 409 ? 'close-in-progress' : 0);
    expect(sent()).toEqual(['2026-09/mkt/v1', '2026-09/tax/v1']);
    expect(published()).toEqual(['2026-09/mkt/v1', '2026-09/tax/v1']);
    expect(emls('2026-09')).toEqual(['mkt.eml', 'tax.eml']);
    const again = await stack.api.post('/v1/close/2026-09');
    expect(again.body).toMatchObject({ emails: 0, version: 1 });
    expect(sent()).toHaveLength(2);
  }, 120_000);

  it('a month close and its quarter close 150 ms apart never both publish the month', async () => {
    const { stack, published, sent } = await hall(80);
    // July and August are closed already: the quarter goes straight for September, as the month does.
    for (const m of ['2026-07', '2026-08']) expect((await stack.api.post(`/v1/close/${m}`)).status).toBe(200);
    const month = stack.api.post('/v1/close/2026-09');
    await sleep(150);
    const quarter = await stack.api.post('/v1/close/2026-Q3');
    const m = await month;
    expect(m.status).toBe(200);
    expect(quarter.status).toBe(200);
    const expected = ['2026-07', '2026-08', '2026-09', '2026-Q3'].flatMap((p) => [`${p}/mkt/v1`, `${p}/tax/v1`]);
    expect(sent()).toEqual(expected);
    expect(published()).toEqual(expected);
    // The month's mails were written by one of the two calls, never both.
    expect(m.body.emails + quarter.body.emails).toBe(4);
  }, 120_000);

  it('the month and quarter schedules firing at the same instant publish each period once', async () => {
    const { stack, published, sent } = await hall(80);
    for (const m of ['2026-07', '2026-08']) expect((await stack.api.post(`/v1/close/${m}`)).status).toBe(200);
    const results = (await Promise.all([stack.runSchedule('quarter'), stack.runSchedule('month')])) as { emails: number }[];
    const expected = ['2026-07', '2026-08', '2026-09', '2026-Q3'].flatMap((p) => [`${p}/mkt/v1`, `${p}/tax/v1`]);
    expect(sent()).toEqual(expected);
    expect(published()).toEqual(expected);
    expect(results[0]!.emails + results[1]!.emails).toBe(4);
  }, 120_000);

  it('two publications of the same (period, department, version) at once send one mail (the ledger claim is taken before sending)', async () => {
    const { stack, published, sent } = await hall(0);
    expect((await stack.api.post('/v1/close/2026-09')).body.emails).toBe(2);
    // Redeliveries of the tax publication (SQS at-least-once), all at once.
    const msg = { period: '2026-09', departmentId: 'tax', version: 1, closeId: 'again' };
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => publishDepartment(stack.deps, msg)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(0);
    expect(sent()).toEqual(['2026-09/mkt/v1', '2026-09/tax/v1']);
    expect(published()).toEqual(['2026-09/mkt/v1', '2026-09/tax/v1']);
  }, 60_000);

  it('four deliveries of a queued publication at once send one mail', async () => {
    const { stack, sent } = await hall(0);
    // Close, then put tax's publication back to queued (as if its mail had not gone out yet), and race four senders on it.
    expect((await stack.api.post('/v1/close/2026-09')).body.emails).toBe(2);
    const { store } = stack.deps;
    await store.db.send(
      new UpdateCommand({ TableName: store.table, Key: { pk: 'MAIL#2026-09', sk: 'tax#0001' }, UpdateExpression: 'SET #s = :q', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':q': 'queued' } }),
    );
    const msg = { period: '2026-09', departmentId: 'tax', version: 1, closeId: 'race' };
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => publishDepartment(stack.deps, msg)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(sent()).toEqual(['2026-09/mkt/v1', '2026-09/tax/v1', '2026-09/tax/v1']);
  }, 60_000);
});
