/**
 * Acceptance: the rule set (CONTRACT.md §3, §6) — defaults as version 0, PUT creates numbered versions,
 * bad rule sets are refused with paths, open sheets follow the current rules, closed ones keep theirs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';
import { addStaff, ev, itemsOf, ok, onTimeDay, post, sheetOf, t, WORKDAYS_2026_09 } from './support.js';

type Keys = Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];

let stack: TestStack;
let keys: Keys;

/** The contract's default table (§6), every number of it. */
const DEFAULTS = {
  version: 0,
  base: 100,
  floor: 0,
  attendance: { late: -1, earlyLeave: -1, missingPunch: -1, absentPerSession: -3 },
  evaluation: { level2: -1, level1: -2 },
  complaint: { minor: -3, serious: -10, vetoCategories: ['integrity'] },
  inspection: { finding: -1, absentFromPost: -2, windowVacant: -2, awayUnreported: -1 },
  // v2 (§11): the 好差评 closed loop
  rectification: { workdays: 5, overdue: -1 },
  criticism: -5,
  commendation: 2,
  satisfactionBonus: { minEvaluations: 20, minRate: 0.99, points: 1 },
  bonusCapPerMonth: 5,
  grades: { excellent: 95, good: 85, pass: 70 },
  returnRule: { windowMonths: 12, substantiatedComplaints: 2, criticisms: 2 },
  // v2 (§12): composite weights (computed only = v1's scores), the annual quota, publication
  composite: {
    quarter: { computed: 1, self: 0, leader: 0, department: 0, peer: 0, public: 0 },
    year: { computed: 1, self: 0, leader: 0, department: 0, peer: 0, public: 0 },
  },
  annual: { excellentQuota: 0.15 },
  publication: 'auto',
  // v2 (§10): service efficiency
  cases: { overdue: -2 },
  participation: { minCases: 10, minRate: 0.8, points: -1 },
  queue: { longWait: { minutes: 30, points: 0 } },
};
const { version: _v, ...DEFAULT_BODY } = DEFAULTS;
const withChanges = (patch: (r: typeof DEFAULT_BODY) => void) => {
  const r = structuredClone(DEFAULT_BODY);
  patch(r);
  return r;
};

beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
  // k1 works every day of September, so closing September leaves only the review on the sheet.
  await addStaff(stack.api, 'k1', { name: '孙七', departmentId: 'mkt', windowId: 'w2' });
  await addStaff(stack.api, 'k2', { name: '周八', departmentId: 'mkt', windowId: 'w2' });
  await post(stack.api, keys.attendance, WORKDAYS_2026_09.flatMap((d) => onTimeDay('k1', d)));
  await post(stack.api, keys.evaluation, [
    ev.review('k1-r1', 'k1', 1, t('2026-09-15', '10:00')),
    ev.review('s1-r1', 's1', 1, t('2026-10-12', '10:00')),
    ev.review('s2-r1', 's2', 2, t('2026-10-12', '10:00')),
    ev.review('k2-r1', 'k2', 5, t('2026-10-12', '10:00')),
    ev.review('k2-r2', 'k2', 5, t('2026-10-13', '10:00')),
    // v2 (§11): rectified on time, so September's close scores only the review itself.
    ev.rectify('k1-r1-fix', 'case-k1-r1', t('2026-09-16', '10:00')),
  ]);
  await post(stack.api, keys.complaint, [ev.filed('s3-f1', 's3-k1', 's3', t('2026-10-09', '10:00')), ev.resolved('s3-v1', 's3-k1', t('2026-10-14', '10:00'))]);
});
afterAll(async () => stack?.stop());

describe('GET /v1/rules', () => {
  it('returns the contract defaults as version 0', async () => {
    expect(await ok(stack.api.get('/v1/rules'))).toEqual(DEFAULTS);
  });

  it('is admin only', async () => {
    expect((await stack.api.get('/v1/rules', keys.evaluation)).status).toBe(403);
    expect((await stack.api.put('/v1/rules', DEFAULT_BODY, keys.evaluation)).status).toBe(403);
    expect((await stack.api.put('/v1/rules', DEFAULT_BODY, null)).status).toBe(401);
  });
});

describe('PUT /v1/rules validation', () => {
  const cases: [string, unknown, string][] = [
    ['a level-1 penalty that is not a number', withChanges((r) => ((r.evaluation as any).level1 = 'x')), 'evaluation.level1'],
    ['grade thresholds out of order', withChanges((r) => (r.grades = { excellent: 80, good: 90, pass: 70 })), 'grades'],
    ['a satisfaction rate above 1', withChanges((r) => (r.satisfactionBonus.minRate = 1.5)), 'satisfactionBonus.minRate'],
    ['a negative bonus cap', withChanges((r) => (r.bonusCapPerMonth = -1)), 'bonusCapPerMonth'],
    ['a fractional evaluation minimum', withChanges((r) => (r.satisfactionBonus.minEvaluations = 2.5)), 'satisfactionBonus.minEvaluations'],
    ['a veto category that does not exist', withChanges((r) => (r.complaint.vetoCategories = ['bribery'])), 'complaint.vetoCategories'],
  ];
  for (const [what, body, path] of cases) {
    it(`refuses ${what} with 400 and path ${path}`, async () => {
      const r = await stack.api.put('/v1/rules', body);
      expect(r.status, r.text).toBe(400);
      expect(r.body.error).toEqual(expect.any(String));
      expect(r.body.message).toEqual(expect.any(String));
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${path.replace('.', '\\.')}`))]));
      expect(r.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    });
  }

  it('refuses a body that is not a rule set, and stores nothing from refused requests', async () => {
    expect((await stack.api.put('/v1/rules', [1, 2])).status).toBe(400);
    expect((await stack.api.call('PUT', '/v1/rules', undefined, stack.api.key, '{"base": ')).status).toBe(400);
    expect((await ok(stack.api.get('/v1/rules'))).version).toBe(0);
  });
});

describe('rule versions and sheets', () => {
  it('scores open sheets with the defaults first', async () => {
    expect(await sheetOf(stack.api, '2026-10', 's1')).toMatchObject({ ruleVersion: 0, score: 98 });
    expect(await sheetOf(stack.api, '2026-10', 's3')).toMatchObject({ ruleVersion: 0, score: 97 });
  });

  it('closes September with version 0', async () => {
    await ok(stack.api.post('/v1/close/2026-09'));
    const k1 = await sheetOf(stack.api, '2026-09', 'k1');
    expect(k1).toMatchObject({ status: 'closed', ruleVersion: 0, score: 98 });
  });

  it('PUT with changed numbers answers {version: 1}, GET shows them', async () => {
    const body = withChanges((r) => {
      r.evaluation.level1 = -5;
      r.complaint.minor = -4;
    });
    const r = await ok(stack.api.put('/v1/rules', body));
    expect(r).toEqual({ version: 1 });
    expect(await ok(stack.api.get('/v1/rules'))).toEqual({ ...body, version: 1 });
  });

  it('rescores open sheets with the current rules and reports ruleVersion', async () => {
    const s1 = await sheetOf(stack.api, '2026-10', 's1');
    expect(s1).toMatchObject({ status: 'open', ruleVersion: 1, score: 95, grade: 'excellent' });
    expect(itemsOf(s1, 'bad-review')).toEqual([expect.objectContaining({ points: -5, refs: ['s1-r1'] })]);
    expect(await sheetOf(stack.api, '2026-10', 's2')).toMatchObject({ ruleVersion: 1, score: 99 });
    expect(await sheetOf(stack.api, '2026-10', 's3')).toMatchObject({ ruleVersion: 1, score: 96 });
    const listed = await ok(stack.api.get('/v1/sheets/2026-10?departmentId=tax'));
    expect(listed.sheets.map((s: any) => [s.staffId, s.ruleVersion, s.score]).sort()).toEqual([
      ['s1', 1, 95],
      ['s2', 1, 99],
    ]);
  });

  it('keeps the rule version a closed sheet was closed with', async () => {
    const k1 = await sheetOf(stack.api, '2026-09', 'k1');
    expect(k1).toMatchObject({ status: 'closed', version: 1, ruleVersion: 0, score: 98 });
    expect(itemsOf(k1, 'bad-review')).toEqual([expect.objectContaining({ points: -2 })]);
    const r = await ok(stack.api.get('/v1/rankings/2026-09?hallId=main'));
    expect(r.staff.find((s: any) => s.staffId === 'k1').score).toBe(98);
  });

  it('a revision of a closed month corrects it for late events under its frozen rules', async () => {
    // Reading of §3/§5: closing freezes the rule version; a revision rescores "with the events that
    // came after close" — so only k1's late review changes anything, at the frozen −2.
    await post(stack.api, keys.evaluation, [
      ev.review('k1-r2', 'k1', 1, t('2026-09-16', '10:00')),
      ev.rectify('k1-r2-fix', 'case-k1-r2', t('2026-09-17', '10:00')),
    ]);
    const r = await ok(stack.api.post('/v1/close/2026-09?revise=true'));
    const k1 = await sheetOf(stack.api, '2026-09', 'k1');
    expect(k1).toMatchObject({ status: 'closed', version: 2, ruleVersion: 0, score: 96 });
    // Only the department with a late event gets a correction.
    expect(r.emails).toBe(1);
    expect(readdirSync(join(stack.outbox, '2026-09')).filter((f) => f.endsWith('.eml')).sort()).toEqual(['mkt.eml', 'mkt.v2.eml', 'tax.eml']);
    expect(await sheetOf(stack.api, '2026-09', 's1')).toMatchObject({ ruleVersion: 0 });
  });

  it('a second PUT becomes version 2: new grade thresholds and satisfaction bonus apply to open sheets', async () => {
    const closedBefore = await sheetOf(stack.api, '2026-09', 'k1');
    const body = withChanges((r) => {
      r.evaluation.level1 = -5;
      r.grades = { excellent: 99, good: 90, pass: 60 };
      r.satisfactionBonus = { minEvaluations: 2, minRate: 0.99, points: 3 };
      r.bonusCapPerMonth = 2;
    });
    expect(await ok(stack.api.put('/v1/rules', body))).toEqual({ version: 2 });
    expect(await sheetOf(stack.api, '2026-10', 's1')).toMatchObject({ ruleVersion: 2, score: 95, grade: 'good' });
    // 100 + min(3, cap 2) with two level-5 reviews.
    const k2 = await sheetOf(stack.api, '2026-10', 'k2');
    expect(k2).toMatchObject({ ruleVersion: 2, score: 102, grade: 'excellent' });
    expect(itemsOf(k2, 'satisfaction-bonus').reduce((a, i) => a + i.points, 0)).toBe(2);
    // The complaint is back to the default −3 in this set.
    expect(await sheetOf(stack.api, '2026-10', 's3')).toMatchObject({ ruleVersion: 2, score: 97, grade: 'good' });
    // A closed sheet does not move with a new rule set.
    expect(await sheetOf(stack.api, '2026-09', 'k1')).toEqual(closedBefore);
  });

  it('keeps two decimals with fractional rule numbers (3 × −0.1 → 99.7)', async () => {
    const body = withChanges((r) => {
      r.evaluation.level2 = -0.1;
    });
    expect(await ok(stack.api.put('/v1/rules', body))).toEqual({ version: 3 });
    await post(stack.api, keys.evaluation, [
      ev.review('s2-r2', 's2', 2, t('2026-10-13', '10:00')),
      ev.review('s2-r3', 's2', 2, t('2026-10-14', '10:00')),
    ]);
    const s2 = await sheetOf(stack.api, '2026-10', 's2');
    expect(s2).toMatchObject({ ruleVersion: 3, score: 99.7, grade: 'excellent' });
    expect(itemsOf(s2, 'bad-review').map((i) => i.points)).toEqual([-0.1, -0.1, -0.1]);
  });
});
