/**
 * Repeats and cases across months (issue #15), over HTTP against the local stack and DynamoDB Local:
 * (source, id) identifies an event wherever its content would put it, a repeat changes nothing and
 * what is re-published is the stored event; a case's later verdict or second review takes effect in
 * every month the case touches, closed months included once revised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, t } from '../e2e/support.js';

let stack: TestStack;
let keys: Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];
const sheet = async (period: string, staffId: string) => (await stack.api.get(`/v1/sheets/${period}/staff/${staffId}`)).body;
const post = async (key: string, events: object[]) => {
  const r = await stack.api.post('/v1/events', { events }, key);
  expect(r.status, r.text).toBe(202);
  return r.body as { accepted: number; duplicates: number };
};

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-12-02 10:00')) });
  ({ keys } = await stack.api.seedHall());
});
afterAll(async () => stack?.stop());

describe('a repeat of (source, id) is a duplicate whatever it says', () => {
  it('the same evaluation id again with another staffId: duplicate, counted for nobody else', async () => {
    expect(await post(keys.evaluation, [ev.review('rp-1', 's1', 1, t('2026-10-12'))])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await post(keys.evaluation, [ev.review('rp-1', 's2', 1, t('2026-10-12'))])).toEqual({ accepted: 0, duplicates: 1 });
    expect((await sheet('2026-10', 's1')).evaluations.count).toBe(1);
    expect((await sheet('2026-10', 's2')).evaluations.count).toBe(0);
    expect((await sheet('2026-10', 's2')).score).toBe(100);
  });

  it('the same evaluation id again with an occurredAt in the next month: duplicate, not counted in that month', async () => {
    expect(await post(keys.evaluation, [ev.review('rp-2', 's3', 2, t('2026-10-20'))])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await post(keys.evaluation, [ev.review('rp-2', 's3', 2, t('2026-11-03'))])).toEqual({ accepted: 0, duplicates: 1 });
    expect((await sheet('2026-10', 's3')).evaluations.count).toBe(1);
    expect((await sheet('2026-11', 's3')).evaluations.count).toBe(0);
  });

  it('a complaint.resolved resent with another verdict: duplicate, and the score stays (the stored event is what is re-published)', async () => {
    await post(keys.complaint, [ev.filed('rp-f', 'rp-case', 's2', t('2026-10-05')), ev.resolved('rp-r', 'rp-case', t('2026-10-06'), 'unsubstantiated')]);
    expect((await sheet('2026-10', 's2')).score).toBe(100);
    expect(await post(keys.complaint, [ev.resolved('rp-r', 'rp-case', t('2026-10-06'), 'substantiated', 'serious')])).toEqual({ accepted: 0, duplicates: 1 });
    const s = await sheet('2026-10', 's2');
    expect(s.score).toBe(100);
    expect(s.complaints).toMatchObject({ substantiated: 0, unsubstantiated: 1 });
  });
});

describe('a case across months', () => {
  it('a verdict overturned in a later month takes effect in the month of the first verdict too', async () => {
    await post(keys.complaint, [ev.filed('cm-f', 'cm-case', 's1', t('2026-09-21'))]);
    await post(keys.complaint, [ev.resolved('cm-r1', 'cm-case', t('2026-10-08'), 'substantiated')]);
    expect((await sheet('2026-10', 's1')).items.filter((i: { code: string }) => i.code === 'complaint')).toHaveLength(1);
    // Overturned on review in November: the latest verdict decides, in every month of the case.
    await post(keys.complaint, [ev.resolved('cm-r2', 'cm-case', t('2026-11-04'), 'unsubstantiated')]);
    const oct = await sheet('2026-10', 's1');
    expect(oct.items.filter((i: { code: string }) => i.code === 'complaint')).toEqual([]);
    expect(oct.complaints.substantiated).toBe(0);
    expect((await sheet('2026-11', 's1')).complaints).toMatchObject({ substantiated: 0, unsubstantiated: 1 });
    expect((await sheet('2026-09', 's1')).complaints).toMatchObject({ filed: 1, pending: 1 });
  });

  it('a case reviewed on 10-31 and again on 11-01 counts once, in October (the earliest review), in either arrival order', async () => {
    await post(keys.evaluation, [ev.review('cr-2', 's2', 1, t('2026-11-01', '09:10'), 'cr-case')]);
    await post(keys.evaluation, [ev.review('cr-1', 's2', 5, t('2026-10-31', '16:50'), 'cr-case')]);
    const oct = await sheet('2026-10', 's2');
    const nov = await sheet('2026-11', 's2');
    expect(oct.evaluations.byLevel['5']).toBe(1);
    expect(nov.evaluations.count).toBe(0);
    expect(nov.items.filter((i: { code: string }) => i.code === 'bad-review')).toEqual([]);
  });

  it('a verdict changed after its month closed is listed in afterClose there, and the revision picks it up', async () => {
    await post(keys.complaint, [ev.filed('cc-f', 'cc-case', 's3', t('2026-10-02')), ev.resolved('cc-r1', 'cc-case', t('2026-10-09'), 'substantiated')]);
    const close = await stack.api.post('/v1/close/2026-10');
    expect(close.status).toBe(200);
    const frozen = await sheet('2026-10', 's3');
    expect(frozen.items.some((i: { code: string }) => i.code === 'complaint')).toBe(true);
    await post(keys.complaint, [ev.resolved('cc-r2', 'cc-case', t('2026-11-10'), 'unsubstantiated')]);
    const late = await sheet('2026-10', 's3');
    expect(late.items).toEqual(frozen.items); // published results change only with a revision
    expect(late.afterClose).toContain('cc-r2');
    const revised = await stack.api.post('/v1/close/2026-10?revise=true');
    expect(revised.body).toMatchObject({ changed: true, version: 2 });
    const after = await sheet('2026-10', 's3');
    expect(after.items.some((i: { code: string }) => i.code === 'complaint')).toBe(false);
    expect(after.complaints).toMatchObject({ filed: 1, substantiated: 0 });
  });
});

describe('what the identity costs', () => {
  it('measured with DynamoDB Local ConsumedCapacity: 2 write units per new ~0.3 KB event (identity + home), 2 per repeat (two failed conditional writes)', async () => {
    const { store } = stack.deps;
    const wcu: number[] = [];
    const name = 'measure-wcu';
    store.db.middlewareStack.add(
      (next, context) => async (args) => {
        // Only the accept's writes (identity item update, home item put), not the consumer's sheet writes.
        const input = args.input as { Item?: { pk?: unknown }; Key?: { pk?: unknown } };
        const pk = String(input.Item?.pk ?? input.Key?.pk ?? '');
        const command = (context as { commandName?: string }).commandName;
        const cmd = /^(ID|SM)#/.test(pk) && (command === 'PutItemCommand' || command === 'UpdateItemCommand') ? command : undefined;
        if (cmd) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        try {
          const out = await next(args);
          const cc = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
          if (cmd && cc?.CapacityUnits !== undefined) wcu.push(cc.CapacityUnits);
          return out;
        } catch (e) {
          // A failed condition still costs its write units; the SDK does not return them, so count the item's size (< 1 KB = 1).
          if (cmd && (e as Error).name === 'ConditionalCheckFailedException') wcu.push(1);
          throw e;
        }
      },
      { step: 'initialize', name },
    );
    const events = Array.from({ length: 20 }, (_, i) => ev.review(`wcu-${i}`, 's1', 5, t('2026-11-16')));
    try {
      await post(keys.evaluation, events);
      const fresh = wcu.splice(0).reduce((a, b) => a + b, 0) / events.length;
      await post(keys.evaluation, events);
      const repeat = wcu.splice(0).reduce((a, b) => a + b, 0) / events.length;
      console.info(`ingest write units per event: new ${fresh}, repeat ${repeat}`);
      expect(fresh).toBe(2);
      expect(repeat).toBe(2);
    } finally {
      store.db.middlewareStack.remove(name);
    }
  });
});
