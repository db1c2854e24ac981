/**
 * Revisions reach every department whose published mail changes (issue #15): a late event that moves
 * one department's scores also moves other departments' ranks (and maybe the red flag), so those
 * departments get a correction too, though none of their own sheets changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { ev, ok, onTimeDay, post, t, WORKDAYS_2026_09 } from './support.js';

let stack: TestStack;
let keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string>;

beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-10-20 10:00')) });
  ({ keys } = await stack.api.seedHall());
  // Every September workday on time for all three: s1 and s2 (tax, w1) score 100; s3 (mkt, w2) has
  // one level-2 review, rectified the next day: 99.
  for (const s of ['s1', 's2', 's3']) await post(stack.api, keys.attendance, WORKDAYS_2026_09.flatMap((d) => onTimeDay(s, d)));
  await post(stack.api, keys.evaluation, [ev.review('s3-r1', 's3', 2, t('2026-09-14')), ev.rectify('s3-r1-fix', 'case-s3-r1', t('2026-09-15'))]);
});
afterAll(async () => stack?.stop());

const emls = () => readdirSync(join(stack.outbox, '2026-09')).filter((f) => f.endsWith('.eml')).sort();

describe('a revision that moves ranks', () => {
  it('closes September: s1 and s2 at 100, s3 third at 99', async () => {
    await ok(stack.api.post('/v1/close/2026-09'));
    const r = await ok(stack.api.get('/v1/rankings/2026-09?hallId=main'));
    expect(r.staff.map((s: { staffId: string; rank: number; score: number }) => [s.staffId, s.rank, s.score])).toEqual([
      ['s1', 1, 100],
      ['s2', 2, 100],
      ['s3', 3, 99],
    ]);
    expect(emls()).toEqual(['mkt.eml', 'tax.eml']);
  });

  it('a late criticism of s2 (tax) moves s3 (mkt) to rank 2: both departments get a correction', async () => {
    await post(stack.api, stack.api.key, [ev.criticism('s2-c1', 's2', t('2026-09-22'))]);
    const r = await ok(stack.api.post('/v1/close/2026-09?revise=true'));
    expect(r).toMatchObject({ version: 2, changed: true, emails: 2 });
    expect(emls()).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml', 'tax.v2.eml']);
    const ranks = await ok(stack.api.get('/v1/rankings/2026-09?hallId=main'));
    expect(ranks.staff.map((s: { staffId: string; rank: number }) => [s.staffId, s.rank])).toEqual([
      ['s1', 1],
      ['s3', 2],
      ['s2', 3],
    ]);
    // The red flag moved too: w1's mean fell to 97.5, w2 keeps 99.
    expect(ranks.redFlagWindowId).toBe('w2');
    // mkt's correction says why, though its own scores did not change.
    const html = String((await simpleParser(readFileSync(join(stack.outbox, '2026-09', 'mkt.v2.eml')))).html);
    expect(html).toContain('本部门人员得分未变');
    expect(html).toContain('王五（s3）：名次 3 → 2');
    expect(html).toContain('流动红旗：1号窗口 → 2号窗口');
    const tax = String((await simpleParser(readFileSync(join(stack.outbox, '2026-09', 'tax.v2.eml')))).html);
    expect(tax).toMatch(/李四[^：]{0,8}：得分 100\.00 → 95\.00/);
    expect(tax).toContain('李四（s2）：名次 2 → 3');
  });

  it('a revision that changes nothing any department sees publishes nothing', async () => {
    const r = await ok(stack.api.post('/v1/close/2026-09?revise=true'));
    expect(r).toMatchObject({ changed: false, emails: 0 });
    expect(emls()).toHaveLength(4);
  });
});

describe('closed quarters holding a late or revised month say so', () => {
  it('a late event of a closed month is listed in the closed quarter too; revising the month keeps it listed there; revising the quarter takes it in', async () => {
    // September was revised above (v2); close the quarter now: s2's criticism is in the numbers.
    await ok(stack.api.post('/v1/close/2026-Q3'));
    const q0 = await ok(stack.api.get('/v1/sheets/2026-Q3/staff/s1'));
    expect(q0).toMatchObject({ status: 'closed', version: 1, afterClose: [] });
    // A late bad review of s1 in September, rectified the next day.
    await post(stack.api, keys.evaluation, [ev.review('s1-late', 's1', 1, t('2026-09-24')), ev.rectify('s1-late-fix', 'case-s1-late', t('2026-09-25'))]);
    await expect.poll(async () => (await ok(stack.api.get('/v1/sheets/2026-Q3/staff/s1'))).afterClose, { timeout: 10_000 }).toContain('s1-late');
    // The quarter lists what the month lists.
    const late = (await ok(stack.api.get('/v1/sheets/2026-09/staff/s1'))).afterClose;
    expect(late).toContain('s1-late');
    expect((await ok(stack.api.get('/v1/sheets/2026-Q3/staff/s1'))).afterClose).toEqual(late);

    // The month's revision takes it in; the quarter still lists it (its published mean lacks it).
    await ok(stack.api.post('/v1/close/2026-09?revise=true'));
    const sep = await ok(stack.api.get('/v1/sheets/2026-09/staff/s1'));
    expect(sep).toMatchObject({ version: 3, score: 98, afterClose: [] });
    const q1 = await ok(stack.api.get('/v1/sheets/2026-Q3/staff/s1'));
    expect(q1.afterClose).toEqual(late);

    // The quarter's revision folds the revised month: listed no more, the mean moves.
    const r = await ok(stack.api.post('/v1/close/2026-Q3?revise=true'));
    expect(r).toMatchObject({ version: 2, changed: true });
    const q2 = await ok(stack.api.get('/v1/sheets/2026-Q3/staff/s1'));
    expect(q2.afterClose).toEqual([]);
    expect(q2.score).toBeLessThan(q0.score);
  });
});
