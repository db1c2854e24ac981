/**
 * Acceptance: monthly scoring as a product owner reads CONTRACT.md §6–§7, driven only over HTTP.
 * Periods are in the past (2026-07 … 2026-10); open sheets are live, so no period is closed here
 * except where a day has to be closed for attendance (on its own stack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';
import { addStaff, ev, itemsOf, itemsSum, ok, post, sheetOf, shuffle, t, type Item } from './support.js';

type Keys = Awaited<ReturnType<TestStack['api']['seedHall']>>['keys'];

let stack: TestStack;
let keys: Keys;
let admin: string;

beforeAll(async () => {
  stack = await testStack();
  ({ keys } = await stack.api.seedHall());
  admin = stack.api.key;
});
afterAll(async () => stack?.stop());

const sheet = (period: string, id: string) => sheetOf(stack.api, period, id);

describe('bad reviews and annulments', () => {
  it('takes −2 for level 1 and −1 for level 2, counts every level and the satisfaction rate', async () => {
    await addStaff(stack.api, 'a1');
    await post(stack.api, keys.evaluation, [
      ev.review('a1-r1', 'a1', 1, t('2026-09-03', '10:00')),
      ev.review('a1-r2', 'a1', 2, t('2026-09-04', '10:00')),
      ev.review('a1-r3', 'a1', 3, t('2026-09-05', '10:00')),
      ev.review('a1-r4', 'a1', 4, t('2026-09-07', '10:00')),
      ev.review('a1-r5', 'a1', 5, t('2026-09-08', '10:00')),
    ]);
    const s = await sheet('2026-09', 'a1');
    expect(s).toMatchObject({ period: '2026-09', staffId: 'a1', departmentId: 'tax', windowId: 'w1', status: 'open', ruleVersion: 0 });
    expect(s.evaluations).toEqual({ count: 5, byLevel: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 1 }, satisfactionRate: 0.6 });
    expect(itemsOf(s, 'bad-review')).toEqual([
      expect.objectContaining({ code: 'bad-review', points: -2, at: '2026-09-03T10:00:00+08:00', refs: ['a1-r1'] }),
      expect.objectContaining({ code: 'bad-review', points: -1, at: '2026-09-04T10:00:00+08:00', refs: ['a1-r2'] }),
    ]);
    expect(s.items).toHaveLength(2);
    expect(s.score).toBe(97);
    expect(s.grade).toBe('excellent');
  });

  it('leaves an annulled review out of items, count, byLevel and rate, whether the annulment comes after or before it', async () => {
    await addStaff(stack.api, 'a2');
    // The annulment of case a2-c2 arrives before its review (admin key); a2-c1's arrives after (evaluation key).
    await post(stack.api, admin, [ev.annul('a2-x2', 'a2-c2', t('2026-09-11', '09:00'))]);
    await post(stack.api, keys.evaluation, [
      ev.review('a2-r1', 'a2', 1, t('2026-09-09', '10:00'), 'a2-c1'),
      ev.review('a2-r2', 'a2', 2, t('2026-09-10', '10:00'), 'a2-c2'),
      ev.review('a2-r3', 'a2', 5, t('2026-09-10', '11:00'), 'a2-c3'),
    ]);
    const mid = await sheet('2026-09', 'a2');
    expect(mid.evaluations).toEqual({ count: 2, byLevel: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 1 }, satisfactionRate: 0.5 });
    expect(mid.score).toBe(98);

    await post(stack.api, keys.evaluation, [ev.annul('a2-x1', 'a2-c1', t('2026-09-12', '09:00'))]);
    const s = await sheet('2026-09', 'a2');
    expect(s.evaluations).toEqual({ count: 1, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 }, satisfactionRate: 1 });
    expect(s.items).toEqual([]);
    expect(s.score).toBe(100);
  });
});

describe('complaints', () => {
  it('scores substantiated minor −3 and serious −10 at resolution, none for unsubstantiated, counts pending, also when the resolution arrives first', async () => {
    await addStaff(stack.api, 'a3');
    // The resolution of case a3-k3 is posted before the complaint itself.
    await post(stack.api, keys.complaint, [ev.resolved('a3-v3', 'a3-k3', t('2026-09-18', '16:00'), 'substantiated', 'minor')]);
    await post(stack.api, keys.complaint, [
      ev.filed('a3-f1', 'a3-k1', 'a3', t('2026-09-02', '10:00')),
      ev.filed('a3-f2', 'a3-k2', 'a3', t('2026-09-03', '10:00'), 'discipline'),
      ev.filed('a3-f3', 'a3-k3', 'a3', t('2026-09-04', '10:00'), 'efficiency'),
      ev.filed('a3-f4', 'a3-k4', 'a3', t('2026-09-05', '10:00')),
      ev.filed('a3-f5', 'a3-k5', 'a3', t('2026-09-06', '10:00')),
      ev.resolved('a3-v1', 'a3-k1', t('2026-09-10', '16:00')), // severity defaults to minor
      ev.resolved('a3-v4', 'a3-k4', t('2026-09-12', '16:00'), 'unsubstantiated'),
    ]);
    await post(stack.api, admin, [ev.resolved('a3-v2', 'a3-k2', t('2026-09-15', '16:00'), 'substantiated', 'serious')]);

    const s = await sheet('2026-09', 'a3');
    expect(s.complaints).toEqual({ filed: 5, substantiated: 3, unsubstantiated: 1, pending: 1 });
    const items = itemsOf(s, 'complaint');
    expect(items.map((i) => [i.points, i.at])).toEqual([
      [-3, '2026-09-10T16:00:00+08:00'],
      [-10, '2026-09-15T16:00:00+08:00'],
      [-3, '2026-09-18T16:00:00+08:00'],
    ]);
    expect(items[0]!.refs).toEqual(expect.arrayContaining(['a3-f1', 'a3-v1']));
    expect(items[2]!.refs).toEqual(expect.arrayContaining(['a3-f3', 'a3-v3']));
    expect(s.items).toHaveLength(3);
    expect(s.score).toBe(84);
    expect(s.grade).toBe('pass');
    expect(s.veto).toBe(false);
    // Three substantiated complaints in the 12 months ending with September.
    expect(s.returnRecommended).toBe(true);
    expect(s.returnReasons.length).toBe(1);
  });

  it('puts the points of a complaint filed in September and resolved in October into October', async () => {
    await addStaff(stack.api, 'a4');
    await post(stack.api, keys.complaint, [
      ev.filed('a4-f1', 'a4-k1', 'a4', t('2026-09-20', '10:00')),
      ev.resolved('a4-v1', 'a4-k1', t('2026-10-09', '10:00'), 'substantiated', 'serious'),
    ]);
    const sep = await sheet('2026-09', 'a4');
    expect(sep.items).toEqual([]);
    expect(sep.score).toBe(100);
    expect(sep.complaints.substantiated).toBe(0);
    const oct = await sheet('2026-10', 'a4');
    expect(oct.items).toEqual([expect.objectContaining({ code: 'complaint', points: -10, at: '2026-10-09T10:00:00+08:00' })]);
    expect(oct.score).toBe(90);
    expect(oct.complaints.substantiated).toBe(1);
    // Reading: September's counts stay whole — the complaint was filed there and undecided at its end.
    expect(sep.complaints).toEqual({ filed: 1, substantiated: 0, unsubstantiated: 0, pending: 1 });
  });

  it('makes a substantiated integrity complaint a veto (grade fail), an unsubstantiated one does not', async () => {
    await addStaff(stack.api, 'a5');
    await addStaff(stack.api, 'a5b');
    await post(stack.api, keys.complaint, [
      ev.filed('a5-f1', 'a5-k1', 'a5', t('2026-09-07', '10:00'), 'integrity'),
      ev.resolved('a5-v1', 'a5-k1', t('2026-09-14', '10:00')),
      ev.filed('a5b-f1', 'a5b-k1', 'a5b', t('2026-09-07', '10:00'), 'integrity'),
      ev.resolved('a5b-v1', 'a5b-k1', t('2026-09-14', '10:00'), 'unsubstantiated'),
    ]);
    const s = await sheet('2026-09', 'a5');
    expect(s.score).toBe(97);
    expect(s.veto).toBe(true);
    expect(s.grade).toBe('fail');
    const b = await sheet('2026-09', 'a5b');
    expect(b).toMatchObject({ score: 100, veto: false, grade: 'excellent', items: [] });
    expect(b.complaints).toEqual({ filed: 1, substantiated: 0, unsubstantiated: 1, pending: 0 });
  });
});

describe('inspections, criticism, commendations, satisfaction bonus', () => {
  it('takes −1 per finding, −2 for absent-from-post, −5 per criticism; only the admin may criticise', async () => {
    await addStaff(stack.api, 'a6');
    await post(stack.api, keys.inspection, [
      ev.inspection('a6-i1', 'a6', t('2026-09-08', '10:00'), 'dress'),
      ev.inspection('a6-i2', 'a6', t('2026-09-09', '10:00'), 'badge'),
      ev.inspection('a6-i3', 'a6', t('2026-09-10', '15:00'), 'absent-from-post'),
    ]);
    const refused = await stack.api.post('/v1/events', ev.criticism('a6-c0', 'a6', t('2026-09-11')), keys.inspection);
    expect(refused.status).toBe(403);
    await post(stack.api, admin, [ev.criticism('a6-c1', 'a6', t('2026-09-11', '10:00'))]);

    const s = await sheet('2026-09', 'a6');
    expect(itemsOf(s, 'inspection').map((i) => [i.points, i.refs])).toEqual([
      [-1, ['a6-i1']],
      [-1, ['a6-i2']],
      [-2, ['a6-i3']],
    ]);
    expect(itemsOf(s, 'criticism')).toEqual([expect.objectContaining({ points: -5, refs: ['a6-c1'], at: '2026-09-11T10:00:00+08:00' })]);
    expect(s.score).toBe(91);
    expect(s.grade).toBe('good');
  });

  it('caps commendations (+2 each) at +5 a month, cutting the latest ones, so items add up to the score', async () => {
    await addStaff(stack.api, 'a7');
    // Posted newest first: the cut must follow time, not arrival.
    await post(stack.api, keys.inspection, [
      ev.commendation('a7-m4', 'a7', t('2026-09-24', '10:00')),
      ev.commendation('a7-m3', 'a7', t('2026-09-17', '10:00'), 'letter'),
    ]);
    await post(stack.api, admin, [ev.commendation('a7-m2', 'a7', t('2026-09-10', '10:00'), 'media'), ev.commendation('a7-m1', 'a7', t('2026-09-03', '10:00'), 'award')]);
    await post(stack.api, keys.inspection, [ev.inspection('a7-i1', 'a7', t('2026-09-15', '10:00'))]);

    const s = await sheet('2026-09', 'a7');
    const com = itemsOf(s, 'commendation');
    const pointsOf = (id: string) => com.filter((i) => i.refs.includes(id)).reduce((a, i) => a + i.points, 0);
    expect([pointsOf('a7-m1'), pointsOf('a7-m2'), pointsOf('a7-m3'), pointsOf('a7-m4')]).toEqual([2, 2, 1, 0]);
    expect(itemsSum(com)).toBe(5);
    expect(s.score).toBe(104);
    expect(itemsSum(s.items)).toBe(s.score - 100);
  });

  it('gives +1 for ≥ 20 reviews with a rate ≥ 99 %, not for 19 (an annulled 20th does not count) nor for 98.98 %', async () => {
    for (const id of ['a8', 'a9', 'a10', 'a11']) await addStaff(stack.api, id);
    const many = (staff: string, n: number, level: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ev.review(`${staff}-r${from + i}`, staff, level, t(`2026-09-${String(1 + ((from + i) % 28)).padStart(2, '0')}`, '10:00')));
    await post(stack.api, keys.evaluation, [
      ...many('a8', 20, 5),
      ...many('a9', 19, 5),
      ev.review('a9-bad', 'a9', 1, t('2026-09-15', '11:00'), 'a9-cbad'),
      ev.annul('a9-x', 'a9-cbad', t('2026-09-16', '11:00')),
      ...many('a10', 99, 5),
      ev.review('a10-bad', 'a10', 2, t('2026-09-15', '11:00')),
      ...many('a11', 97, 5),
      ev.review('a11-bad', 'a11', 2, t('2026-09-15', '11:00')),
    ]);

    const a8 = await sheet('2026-09', 'a8');
    expect(a8.evaluations).toMatchObject({ count: 20, satisfactionRate: 1 });
    expect(a8.items).toEqual([expect.objectContaining({ code: 'satisfaction-bonus', points: 1 })]);
    expect(a8.score).toBe(101);

    const a9 = await sheet('2026-09', 'a9');
    expect(a9.evaluations).toMatchObject({ count: 19, satisfactionRate: 1 });
    expect(a9.items).toEqual([]);
    expect(a9.score).toBe(100);

    const a10 = await sheet('2026-09', 'a10');
    expect(a10.evaluations).toMatchObject({ count: 100, satisfactionRate: 0.99 });
    expect(a10.items.map((i: Item) => [i.code, i.points]).sort()).toEqual([
      ['bad-review', -1],
      ['satisfaction-bonus', 1],
    ]);
    expect(a10.score).toBe(100);

    const a11 = await sheet('2026-09', 'a11');
    expect(a11.evaluations.count).toBe(98);
    expect(a11.evaluations.satisfactionRate).toBeCloseTo(97 / 98, 10);
    expect(itemsOf(a11, 'satisfaction-bonus')).toEqual([]);
    expect(a11.score).toBe(99);
  });

  it('counts the satisfaction bonus inside the +5 cap together with commendations', async () => {
    await addStaff(stack.api, 'a12');
    await post(stack.api, keys.inspection, [
      ev.commendation('a12-m1', 'a12', t('2026-09-02', '10:00')),
      ev.commendation('a12-m2', 'a12', t('2026-09-03', '10:00')),
      ev.commendation('a12-m3', 'a12', t('2026-09-04', '10:00')),
    ]);
    await post(
      stack.api,
      keys.evaluation,
      Array.from({ length: 20 }, (_, i) => ev.review(`a12-r${i}`, 'a12', 5, t('2026-09-10', `1${i % 10}:0${Math.floor(i / 10)}`))),
    );
    const s = await sheet('2026-09', 'a12');
    expect(s.score).toBe(105);
    expect(itemsSum(s.items)).toBe(5);
    expect(s.items.every((i: Item) => i.code === 'commendation' || i.code === 'satisfaction-bonus')).toBe(true);
  });
});

describe('floor and grades', () => {
  it('never goes below 0', async () => {
    await addStaff(stack.api, 'a13');
    await post(
      stack.api,
      admin,
      Array.from({ length: 21 }, (_, i) => ev.criticism(`a13-c${i}`, 'a13', t(`2026-09-${String(i + 1).padStart(2, '0')}`, '10:00'))),
    );
    const s = await sheet('2026-09', 'a13');
    expect(itemsOf(s, 'criticism')).toHaveLength(21);
    expect(s.score).toBe(0);
    expect(s.grade).toBe('fail');
  });

  it('grades at the thresholds: 95 excellent, 94 good, 85 good, 84 pass, 70 pass, 69 fail', async () => {
    const cases: [string, number, number, number, string][] = [
      // id, criticisms (−5), findings (−1), score, grade
      ['g95', 1, 0, 95, 'excellent'],
      ['g94', 1, 1, 94, 'good'],
      ['g85', 3, 0, 85, 'good'],
      ['g84', 3, 1, 84, 'pass'],
      ['g70', 6, 0, 70, 'pass'],
      ['g69', 6, 1, 69, 'fail'],
    ];
    for (const [id, crit, finding] of cases) {
      await addStaff(stack.api, id);
      await post(stack.api, admin, Array.from({ length: crit }, (_, i) => ev.criticism(`${id}-c${i}`, id, t(`2026-09-0${i + 1}`, '10:00'))));
      if (finding) await post(stack.api, keys.inspection, [ev.inspection(`${id}-i`, id, t('2026-09-09', '10:00'))]);
    }
    for (const [id, , , score, grade] of cases) {
      const s = await sheet('2026-09', id);
      expect({ id, score: s.score, grade: s.grade }).toEqual({ id, score, grade });
    }
  });
});

describe('return recommendation (12 months ending with the period)', () => {
  it('recommends return for two substantiated complaints in 2026-01 and 2026-09, not when one lies 12 months + 1 day before', async () => {
    for (const id of ['rr1', 'rr2', 'rr3']) await addStaff(stack.api, id);
    await post(stack.api, keys.complaint, [
      ev.filed('rr1-f1', 'rr1-k1', 'rr1', t('2026-01-12', '10:00')),
      ev.resolved('rr1-v1', 'rr1-k1', t('2026-01-15', '10:00')),
      ev.filed('rr1-f2', 'rr1-k2', 'rr1', t('2026-09-07', '10:00')),
      ev.resolved('rr1-v2', 'rr1-k2', t('2026-09-10', '10:00')),
      // rr2: the first one is resolved on 2025-09-30, the day before the window opens.
      ev.filed('rr2-f1', 'rr2-k1', 'rr2', t('2025-09-25', '10:00')),
      ev.resolved('rr2-v1', 'rr2-k1', t('2025-09-30', '10:00')),
      ev.filed('rr2-f2', 'rr2-k2', 'rr2', t('2026-09-07', '10:00')),
      ev.resolved('rr2-v2', 'rr2-k2', t('2026-09-10', '10:00')),
      // rr3: the first one on 2025-10-01, the window's first day.
      ev.filed('rr3-f1', 'rr3-k1', 'rr3', t('2025-09-25', '10:00')),
      ev.resolved('rr3-v1', 'rr3-k1', t('2025-10-01', '10:00')),
      ev.filed('rr3-f2', 'rr3-k2', 'rr3', t('2026-09-07', '10:00')),
      ev.resolved('rr3-v2', 'rr3-k2', t('2026-09-10', '10:00')),
    ]);
    const rr1 = await sheet('2026-09', 'rr1');
    expect(rr1.score).toBe(97);
    expect(rr1.returnRecommended).toBe(true);
    expect(rr1.returnReasons).toHaveLength(1);
    expect(rr1.returnReasons[0]).toMatch(/complaint|投诉/i);

    const rr2 = await sheet('2026-09', 'rr2');
    expect(rr2.returnRecommended).toBe(false);
    expect(rr2.returnReasons).toEqual([]);

    const rr3 = await sheet('2026-09', 'rr3');
    expect(rr3.returnRecommended).toBe(true);

    // In 2026-08 rr1 had only one in its window.
    const aug = await sheet('2026-08', 'rr1');
    expect(aug.returnRecommended).toBe(false);
  });

  it('recommends return for two criticisms in the window and says so', async () => {
    await addStaff(stack.api, 'rr4');
    await post(stack.api, admin, [ev.criticism('rr4-c1', 'rr4', t('2025-11-05', '10:00')), ev.criticism('rr4-c2', 'rr4', t('2026-09-03', '10:00'))]);
    const s = await sheet('2026-09', 'rr4');
    expect(s.score).toBe(95);
    expect(s.returnRecommended).toBe(true);
    expect(s.returnReasons).toHaveLength(1);
    expect(s.returnReasons[0]).toMatch(/critic|批评/i);
  });
});

describe('department list and quarter sheets', () => {
  it('lists the sheets of a department without items', async () => {
    await ok(stack.api.put('/v1/departments/lst', { name: '公安局', emails: ['gaj@example.gov.cn'] }));
    await addStaff(stack.api, 'L1', { departmentId: 'lst', windowId: 'w2' });
    await addStaff(stack.api, 'L2', { departmentId: 'lst', windowId: 'w2' });
    await post(stack.api, keys.evaluation, [ev.review('L1-r1', 'L1', 1, t('2026-09-09', '10:00'))]);

    const list = await ok(stack.api.get('/v1/sheets/2026-09?departmentId=lst'));
    expect(list.period).toBe('2026-09');
    const sheets = [...list.sheets].sort((a: any, b: any) => (a.staffId < b.staffId ? -1 : 1));
    expect(sheets.map((s: any) => [s.staffId, s.score, s.grade])).toEqual([
      ['L1', 98, 'excellent'],
      ['L2', 100, 'excellent'],
    ]);
    for (const s of sheets) {
      expect(s).not.toHaveProperty('items');
      const { items: _items, ...full } = await sheet('2026-09', s.staffId);
      expect(s).toEqual(full);
    }
  });

  it('scores a quarter as the mean of the active months, two decimals, and carries a veto', async () => {
    await addStaff(stack.api, 'q1');
    await addStaff(stack.api, 'q2', { since: '2026-08-01' });
    await post(stack.api, admin, [ev.criticism('q1-c1', 'q1', t('2026-07-15', '10:00')), ev.criticism('q2-c1', 'q2', t('2026-08-12', '10:00'))]);
    await post(stack.api, keys.complaint, [
      ev.filed('q1-f1', 'q1-k1', 'q1', t('2026-09-02', '10:00'), 'integrity'),
      ev.resolved('q1-v1', 'q1-k1', t('2026-09-09', '10:00')),
    ]);
    expect((await sheet('2026-07', 'q1')).score).toBe(95);
    expect((await sheet('2026-08', 'q1')).score).toBe(100);
    expect((await sheet('2026-09', 'q1')).score).toBe(97);

    const q1 = await sheet('2026-Q3', 'q1');
    expect(q1).toMatchObject({ period: '2026-Q3', staffId: 'q1', status: 'open', score: 97.33, veto: true, grade: 'fail' });

    // q2 joined on 1 August: July does not count.
    const q2 = await sheet('2026-Q3', 'q2');
    expect(q2).toMatchObject({ period: '2026-Q3', score: 97.5, veto: false, grade: 'excellent' });
  });
});

describe('identity, month boundaries and cross-month references', () => {
  it('treats a repeat of (source, id) as a duplicate even with other content, but the same id from another source as a new event', async () => {
    await addStaff(stack.api, 'e1');
    await ok(stack.api.put('/v1/sources/evaluation-2', { kind: 'evaluation', key: 'eval-source-key-000002' }));
    expect(await post(stack.api, keys.evaluation, [ev.review('e1-r', 'e1', 5, t('2026-09-09', '10:00'), 'e1-c1')])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await post(stack.api, keys.evaluation, [ev.review('e1-r', 'e1', 1, t('2026-09-09', '10:00'), 'e1-c9')])).toEqual({ accepted: 0, duplicates: 1 });
    // A repeat inside one request is a duplicate too.
    const twice = ev.review('e1-r5', 'e1', 5, t('2026-09-11', '10:00'), 'e1-c5');
    expect(await post(stack.api, keys.evaluation, [twice, twice])).toEqual({ accepted: 1, duplicates: 1 });
    expect(await post(stack.api, 'eval-source-key-000002', [ev.review('e1-r', 'e1', 2, t('2026-09-10', '10:00'), 'e1-c2')])).toEqual({ accepted: 1, duplicates: 0 });
    const s = await sheet('2026-09', 'e1');
    expect(s.evaluations.byLevel).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, '5': 2 });
    expect(s.score).toBe(99);
  });

  it('files events by the hall calendar: 2026-09-30T16:30Z is 1 October 00:30 in the hall', async () => {
    await addStaff(stack.api, 'e2');
    await post(stack.api, keys.evaluation, [
      ev.review('e2-r1', 'e2', 1, '2026-09-30T23:59:59+08:00'),
      ev.review('e2-r2', 'e2', 2, '2026-09-30T16:30:00Z'),
      ev.review('e2-r3', 'e2', 2, '2026-10-01T00:00:00+08:00'),
    ]);
    const sep = await sheet('2026-09', 'e2');
    expect(sep.evaluations.count).toBe(1);
    expect(sep.score).toBe(98);
    const oct = await sheet('2026-10', 'e2');
    expect(oct.evaluations.count).toBe(2);
    expect(oct.score).toBe(98);
    expect(itemsOf(oct, 'bad-review').map((i) => i.at)).toEqual(['2026-10-01T00:00:00+08:00', '2026-10-01T00:30:00+08:00']);
  });

  it('applies a resolution posted before its complaint when they fall in different months, and an October annulment of a September review', async () => {
    await addStaff(stack.api, 'e3');
    await post(stack.api, keys.complaint, [ev.resolved('e3-v1', 'e3-k1', t('2026-10-02', '10:00'))]);
    await post(stack.api, keys.evaluation, [ev.annul('e3-x1', 'e3-c1', t('2026-10-03', '10:00'))]);
    await post(stack.api, keys.complaint, [ev.filed('e3-f1', 'e3-k1', 'e3', t('2026-09-28', '10:00'))]);
    await post(stack.api, keys.evaluation, [
      ev.review('e3-r1', 'e3', 1, t('2026-09-29', '10:00'), 'e3-c1'),
      ev.review('e3-r2', 'e3', 2, t('2026-09-29', '11:00'), 'e3-c2'),
    ]);
    await post(stack.api, admin, [ev.annul('e3-x2', 'e3-c2', t('2026-10-05', '10:00'))]);
    const sep = await sheet('2026-09', 'e3');
    expect(sep.evaluations.count).toBe(0);
    expect(sep.items).toEqual([]);
    expect(sep.score).toBe(100);
    const oct = await sheet('2026-10', 'e3');
    expect(oct.items).toEqual([expect.objectContaining({ code: 'complaint', points: -3, at: '2026-10-02T10:00:00+08:00' })]);
    expect(oct.score).toBe(97);
  });

  it('shows every event of a mixed batch at once (admin key: punches on an open day with a criticism and a review)', async () => {
    // The admin key may send every type. Punches of a day that is not closed change nothing yet, but
    // must not hide the other events of the same staff-month that came in the same request.
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    for (const id of ids) await addStaff(stack.api, id);
    for (const [n, id] of ids.entries()) {
      const events = [
        ev.punch(`${id}-p1`, id, t('2026-10-13', '08:45')),
        ev.punch(`${id}-p2`, id, t('2026-10-13', '12:00')),
        ev.criticism(`${id}-c1`, id, t('2026-10-13', '10:00')),
        ev.review(`${id}-r1`, id, 1, t('2026-10-13', '11:00')),
        ev.punch(`${id}-p3`, id, t('2026-10-13', '13:15')),
        ev.punch(`${id}-p4`, id, t('2026-10-13', '17:00')),
      ];
      await post(stack.api, admin, n % 2 ? events.reverse() : events);
    }
    const got: Record<string, number> = {};
    for (const id of ids) got[id] = (await sheet('2026-10', id)).score;
    expect(got).toEqual(Object.fromEntries(ids.map((id) => [id, 93])));
  });

  it('leaves an annulled review out of everything whatever its level', async () => {
    await addStaff(stack.api, 'e5');
    await post(stack.api, keys.evaluation, [
      ev.review('e5-r1', 'e5', 5, t('2026-09-09', '10:00'), 'e5-c1'),
      ev.review('e5-r2', 'e5', 3, t('2026-09-09', '11:00'), 'e5-c2'),
      ev.annul('e5-x1', 'e5-c1', t('2026-09-10', '10:00')),
    ]);
    const s = await sheet('2026-09', 'e5');
    expect(s.evaluations).toEqual({ count: 1, byLevel: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 0 }, satisfactionRate: 1 });
  });

  it('refuses malformed periods with 400, not 500', async () => {
    for (const p of ['2026-13', '2026-Q5', 'sept', '2026-9']) {
      const r = await stack.api.get(`/v1/sheets/${p}/staff/s1`);
      expect({ p, status: r.status }).toEqual({ p, status: 400 });
      expect((await stack.api.get(`/v1/rankings/${p}?hallId=main`)).status).toBe(400);
      expect((await stack.api.post(`/v1/close/${p}`)).status).toBe(400);
    }
  });

  it('counts workdays and sessions from since', async () => {
    await addStaff(stack.api, 'e4', { since: '2026-09-21' });
    const s = await sheet('2026-09', 'e4');
    expect(s.attendance).toEqual({ workdays: 7, sessions: 14, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 0 });
  });

  it('answers 404 for the sheet of unknown staff', async () => {
    expect((await stack.api.get('/v1/sheets/2026-09/staff/nobody')).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------

describe('attendance leave (own stack, a closed day)', () => {
  let s2: TestStack;
  let k: Keys;
  beforeAll(async () => {
    s2 = await testStack();
    ({ keys: k } = await s2.api.seedHall());
  });
  afterAll(async () => s2?.stop());

  it('excuses a session wholly inside an approved leave: excused counted, no absence for it', async () => {
    await addStaff(s2.api, 'lv1');
    await addStaff(s2.api, 'lv2');
    await addStaff(s2.api, 'lv3');
    const day = '2026-09-08';
    const refused = await s2.api.post('/v1/events', ev.leave('lv1-l0', 'lv1', t(day, '08:00'), t(day, '12:30')), k.evaluation);
    expect(refused.status).toBe(403);
    await post(s2.api, s2.api.key, [
      ev.leave('lv1-l1', 'lv1', t(day, '08:00'), t(day, '12:30'), 'sick'),
      ev.leave('lv3-l1', 'lv3', t(day, '13:30'), t(day, '17:00'), 'business'), // exactly the session
    ]);
    await post(s2.api, k.attendance, [
      ev.punch('lv1-p1', 'lv1', t(day, '13:15')),
      ev.punch('lv1-p2', 'lv1', t(day, '17:00')),
      ev.punch('lv3-p1', 'lv3', t(day, '08:45')),
      ev.punch('lv3-p2', 'lv3', t(day, '12:00')),
    ]);
    await ok(s2.api.post(`/v1/close/day/${day}`));

    const lv1 = await sheetOf(s2.api, '2026-09', 'lv1');
    expect(lv1.attendance).toEqual({ workdays: 22, sessions: 44, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 1 });
    expect(lv1.items).toEqual([]);
    expect(lv1.score).toBe(100);

    const lv3 = await sheetOf(s2.api, '2026-09', 'lv3');
    expect(lv3.attendance).toEqual({ workdays: 22, sessions: 44, late: 0, earlyLeave: 0, missingPunch: 0, absent: 0, excused: 1 });
    expect(lv3.score).toBe(100);

    // Without leave and without punches: both sessions absent.
    const lv2 = await sheetOf(s2.api, '2026-09', 'lv2');
    expect(lv2.attendance).toEqual({ workdays: 22, sessions: 44, late: 0, earlyLeave: 0, missingPunch: 0, absent: 2, excused: 0 });
    expect(itemsOf(lv2, 'absent').map((i) => [i.points, i.at])).toEqual([
      [-3, '2026-09-08T09:00:00+08:00'],
      [-3, '2026-09-08T13:30:00+08:00'],
    ]);
    expect(lv2.score).toBe(94);
  });
});

describe('attendance deadlines (own stack, closed days)', () => {
  let s3: TestStack;
  let k: Keys;
  beforeAll(async () => {
    s3 = await testStack();
    ({ keys: k } = await s3.api.seedHall());
  });
  afterAll(async () => s3?.stop());

  it('compares to the second at every deadline and matches punches around the midpoint between sessions', async () => {
    const day = '2026-09-09';
    const plan: Record<string, string[]> = {
      b1: ['08:50:00', '12:00:00', '13:20:00', '17:00:00'], // exactly on every deadline
      b2: ['08:50:01', '11:59:59', '13:20:01', '16:59:59'], // late / early by one second
      b3: ['09:30:00', '12:00:00', '13:15:00', '16:30:00'], // late (not absent), early (not absent)
      b4: ['09:30:01', '12:00:00', '13:15:00', '16:29:59'], // absent, absent
      b5: ['08:45:00', '13:15:00', '17:00:00'], // morning departure missing
      b6: ['08:45:00', '12:40:00', '12:50:00', '17:00:00'], // 12:40 leaves the morning, 12:50 arrives for the afternoon
      b7: ['08:45:00', '12:50:00', '17:00:00'], // 12:50 is past the midpoint: the morning departure is missing
      b8: ['08:40:00', '08:41:00', '11:00:00', '12:05:00', '13:10:00', '17:30:00'], // extra punches: earliest arrival, latest departure
    };
    const events = [];
    for (const [id, times] of Object.entries(plan)) {
      await addStaff(s3.api, id);
      events.push(...times.map((hm, i) => ev.punch(`${id}-p${i}`, id, t(day, hm))));
    }
    // The same instant written in UTC counts the same.
    events[0] = ev.punch('b1-p0', 'b1', '2026-09-09T00:50:00Z');
    await post(s3.api, k.attendance, events);
    await ok(s3.api.post(`/v1/close/day/${day}`));

    const expected: Record<string, [Partial<Record<string, number>>, number]> = {
      b1: [{}, 100],
      b2: [{ late: 2, earlyLeave: 2 }, 96],
      b3: [{ late: 1, earlyLeave: 1 }, 98],
      b4: [{ absent: 2 }, 94],
      b5: [{ missingPunch: 1 }, 99],
      b6: [{}, 100],
      b7: [{ missingPunch: 1 }, 99],
      b8: [{}, 100],
    };
    for (const [id, [counts, score]] of Object.entries(expected)) {
      const s = await sheetOf(s3.api, '2026-09', id);
      expect({ id, ...s.attendance, score: s.score }).toEqual({
        id,
        workdays: 22,
        sessions: 44,
        late: 0,
        earlyLeave: 0,
        missingPunch: 0,
        absent: 0,
        excused: 0,
        ...counts,
        score,
      });
      expect(itemsSum(s.items)).toBe(score - 100);
    }
  });

  it('excuses only sessions a leave wholly covers, across days', async () => {
    await addStaff(s3.api, 'lv4', { since: '2026-09-10' });
    await addStaff(s3.api, 'lv5', { since: '2026-09-10' });
    // lv4 comes in, then leaves at 09:30 on a leave that covers only the afternoon wholly.
    await post(s3.api, s3.api.key, [
      ev.leave('lv4-l1', 'lv4', t('2026-09-10', '09:30'), t('2026-09-10', '17:00')),
      ev.leave('lv5-l1', 'lv5', t('2026-09-10', '00:00'), t('2026-09-11', '23:59'), 'training'),
    ]);
    await post(s3.api, k.attendance, [ev.punch('lv4-p1', 'lv4', t('2026-09-10', '08:45')), ev.punch('lv4-p2', 'lv4', t('2026-09-10', '09:30'))]);
    await ok(s3.api.post('/v1/close/day/2026-09-10'));
    await ok(s3.api.post('/v1/close/day/2026-09-11'));
    const lv4 = await sheetOf(s3.api, '2026-09', 'lv4');
    // The morning of the 10th is absent (left at 09:30), its afternoon excused; the 11th is closed and
    // lv4 did not punch: two more absences.
    expect(lv4.attendance).toMatchObject({ absent: 3, excused: 1, late: 0, earlyLeave: 0, missingPunch: 0 });
    expect(itemsOf(lv4, 'absent').map((i) => i.at!.slice(0, 10))).toEqual(['2026-09-10', '2026-09-11', '2026-09-11']);
    expect(lv4.score).toBe(100 - 9);
    const lv5 = await sheetOf(s3.api, '2026-09', 'lv5');
    expect(lv5.attendance).toMatchObject({ absent: 0, excused: 4 });
    expect(lv5.score).toBe(100);
  });
});

// ---------------------------------------------------------------------------------------------

describe('any order, with duplicates (two fresh stacks)', () => {
  const P = 'o1';
  const day = (d: string, hm: string) => t(`2026-09-${d}`, hm);
  /** [key kind, event] */
  const events: ['evaluation' | 'complaint' | 'inspection' | 'attendance' | 'admin', Record<string, unknown>][] = [
    ['evaluation', ev.review('o-r1', P, 1, day('02', '10:00'), 'o-c1')],
    ['evaluation', ev.review('o-r2', P, 2, day('03', '10:00'), 'o-c2')],
    // Both bad reviews are rectified on time (v2 §11): no rectification-overdue item.
    ['evaluation', ev.rectify('o-f1', 'o-c1', day('03', '16:00'))],
    ['evaluation', ev.rectify('o-f2', 'o-c2', day('04', '16:00'))],
    ['evaluation', ev.review('o-r3', P, 5, day('03', '11:00'), 'o-c3')],
    ['evaluation', ev.review('o-r4', P, 4, day('04', '11:00'), 'o-c4')],
    ['evaluation', ev.review('o-r5', P, 1, day('07', '11:00'), 'o-c5')],
    ['evaluation', ev.annul('o-x5', 'o-c5', day('08', '11:00'))],
    ['evaluation', ev.review('o-r6', P, 2, day('07', '15:00'), 'o-c6')],
    ['admin', ev.annul('o-x6', 'o-c6', day('09', '11:00'))],
    ['complaint', ev.filed('o-f1', 'o-k1', P, day('02', '09:30'))],
    ['complaint', ev.resolved('o-v1', 'o-k1', day('11', '16:00'))],
    ['complaint', ev.filed('o-f2', 'o-k2', P, day('03', '09:30'), 'discipline')],
    ['admin', ev.resolved('o-v2', 'o-k2', day('14', '16:00'), 'substantiated', 'serious')],
    ['complaint', ev.filed('o-f3', 'o-k3', P, day('04', '09:30'))],
    ['complaint', ev.resolved('o-v3', 'o-k3', day('15', '16:00'), 'unsubstantiated')],
    ['complaint', ev.filed('o-f4', 'o-k4', P, day('07', '09:30'))],
    ['complaint', ev.filed('o-f5', 'o-k5', P, day('28', '09:30'))],
    ['complaint', ev.resolved('o-v5', 'o-k5', t('2026-10-12', '16:00'))], // lands in October
    ['inspection', ev.inspection('o-i1', P, day('16', '10:00'), 'desk')],
    ['inspection', ev.inspection('o-i2', P, day('17', '10:00'), 'absent-from-post')],
    ['admin', ev.criticism('o-cr1', P, day('18', '10:00'))],
    ['inspection', ev.commendation('o-m1', P, day('21', '10:00'))],
    ['admin', ev.commendation('o-m2', P, day('22', '10:00'), 'letter')],
    ['inspection', ev.commendation('o-m3', P, day('23', '10:00'), 'media')],
    ['inspection', ev.commendation('o-m4', P, day('24', '10:00'))],
    ['admin', ev.leave('o-l1', P, day('08', '08:00'), day('08', '12:30'), 'annual')],
    ['attendance', ev.punch('o-p1', P, day('08', '13:15'))],
    ['attendance', ev.punch('o-p2', P, day('08', '17:00'))],
    ['attendance', ev.punch('o-p3', P, day('09', '08:55'))], // late
    ['attendance', ev.punch('o-p4', P, day('09', '12:00'))],
    ['attendance', ev.punch('o-p5', P, day('09', '13:15'))],
    ['attendance', ev.punch('o-p6', P, day('09', '16:45'))], // early leave
    ['attendance', ev.punch('o-p7', P, day('10', '08:45'))],
    ['attendance', ev.punch('o-p8', P, day('10', '12:00'))], // afternoon absent
    ['attendance', ev.punch('o-p9', P, day('10', '12:01'))], // a second departure-window punch
  ];

  async function run(seed: number): Promise<{ sep: any; oct: any }> {
    const st = await testStack();
    try {
      const { keys: k } = await st.api.seedHall();
      await addStaff(st.api, P, { name: '顺序测试' });
      const keyOf = { ...k, admin: st.api.key };
      // Every event once, a third of them again, in a seeded order, in small same-key batches.
      const withRepeats = [...events, ...events.filter((_, i) => (i + seed) % 3 === 0)];
      const order = shuffle(withRepeats, seed);
      let i = 0;
      let dupes = 0;
      while (i < order.length) {
        const kind = order[i]![0];
        const batch: Record<string, unknown>[] = [];
        while (i < order.length && order[i]![0] === kind && batch.length < 3) batch.push(order[i++]![1]);
        dupes += (await post(st.api, keyOf[kind], batch)).duplicates;
      }
      expect(dupes).toBe(withRepeats.length - events.length);
      for (const d of ['2026-09-08', '2026-09-09', '2026-09-10']) await ok(st.api.post(`/v1/close/day/${d}`));
      return { sep: await sheetOf(st.api, '2026-09', P), oct: await sheetOf(st.api, '2026-10', P) };
    } finally {
      await st.stop();
    }
  }

  it('gives identical sheets for two shuffled orders with repeats, with the exact expected score', async () => {
    const [a, b] = await Promise.all([run(7), run(20261)]);
    expect(b.sep).toEqual(a.sep);
    expect(b.oct).toEqual(a.oct);

    const s = a.sep;
    // −2 −1 (reviews) −3 −10 (complaints) −1 −2 (inspections) −5 (criticism) +5 (capped) −1 late −1 early −3 absent
    expect(s.score).toBe(76);
    expect(s.grade).toBe('pass');
    expect(s.evaluations).toEqual({ count: 4, byLevel: { '1': 1, '2': 1, '3': 0, '4': 1, '5': 1 }, satisfactionRate: 0.5 });
    expect(s.complaints).toMatchObject({ filed: 5, substantiated: 2, unsubstantiated: 1 });
    expect(s.attendance).toEqual({ workdays: 22, sessions: 44, late: 1, earlyLeave: 1, missingPunch: 0, absent: 1, excused: 1 });
    expect(itemsSum(itemsOf(s, 'commendation'))).toBe(5);
    expect(s.returnRecommended).toBe(true);
    expect(a.oct.score).toBe(97);
  });
});

// ---------------------------------------------------------------------------------------------

describe('rankings (own stack, hall main, 2026-10)', () => {
  let rs: TestStack;
  beforeAll(async () => {
    rs = await testStack();
    const api = rs.api;
    await ok(api.put('/v1/departments/d1', { name: '人社局', emails: ['rsj@example.gov.cn'] }));
    await ok(api.put('/v1/shifts/std', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] }));
    for (const w of ['wA', 'wB', 'wC', 'wD']) await ok(api.put(`/v1/windows/${w}`, { name: `${w}窗口`, hallId: 'main' }));
    const place: Record<string, string> = { x1: 'wA', x2: 'wA', x3: 'wB', x4: 'wB', x5: 'wC', x6: 'wC', x7: 'wC', x8: 'wD' };
    for (const [id, w] of Object.entries(place)) await addStaff(api, id, { departmentId: 'd1', windowId: w });
    for (const kind of ['evaluation', 'complaint', 'inspection']) await ok(api.put(`/v1/sources/${kind}-r`, { kind, key: `${kind}-rank-key-0000001` }));
    const d = (n: number, hm = '10:00') => t(`2026-10-${String(n).padStart(2, '0')}`, hm);
    await post(api, 'evaluation-rank-key-0000001', [
      ev.review('x1-r1', 'x1', 5, d(12)),
      ev.review('x2-r1', 'x2', 5, d(12)),
      ev.review('x2-r2', 'x2', 2, d(13)),
      ev.review('x3-r1', 'x3', 5, d(12)),
      ev.review('x4-r1', 'x4', 5, d(12)),
      ev.review('x5-r1', 'x5', 5, d(12)),
      ev.review('x6-r1', 'x6', 5, d(12)),
      ev.review('x7-r1', 'x7', 5, d(12)),
      ev.review('x8-r1', 'x8', 5, d(12)),
    ]);
    await post(api, 'inspection-rank-key-0000001', [
      ev.commendation('x1-m', 'x1', d(14)),
      ev.commendation('x2-m', 'x2', d(14)),
      ev.commendation('x3-m', 'x3', d(14)),
      ev.commendation('x4-m', 'x4', d(14)),
      ev.inspection('x3-i', 'x3', d(15)),
      ev.inspection('x8-i', 'x8', d(15)),
    ]);
    await post(api, 'complaint-rank-key-0000001', [ev.filed('x7-f', 'x7-k', 'x7', d(16), 'integrity'), ev.resolved('x7-v', 'x7-k', d(20))]);
    // Not part of hall main's October: a window of another hall, an inactive member, one who starts in November.
    await ok(api.put('/v1/windows/wZ', { name: '东区窗口', hallId: 'east' }));
    await addStaff(api, 'z1', { departmentId: 'd1', windowId: 'wZ' });
    await addStaff(api, 'x0', { departmentId: 'd1', windowId: 'wA', active: false });
    await addStaff(api, 'x9', { departmentId: 'd1', windowId: 'wD', since: '2026-11-02' });
    await post(api, 'inspection-rank-key-0000001', [ev.commendation('z1-m', 'z1', d(14)), ev.commendation('z1-m2', 'z1', d(15))]);
  });
  afterAll(async () => rs?.stop());

  it('ranks staff by score, then satisfaction rate, then staff id; vetoed staff included', async () => {
    const scores: Record<string, number> = {};
    for (const id of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']) scores[id] = (await sheetOf(rs.api, '2026-10', id)).score;
    expect(scores).toEqual({ x1: 102, x2: 101, x3: 101, x4: 102, x5: 100, x6: 100, x7: 97, x8: 99 });

    const r = await ok(rs.api.get('/v1/rankings/2026-10?hallId=main'));
    expect(r.period).toBe('2026-10');
    expect(r.staff).toEqual([
      { rank: 1, staffId: 'x1', score: 102, grade: 'excellent' },
      { rank: 2, staffId: 'x4', score: 102, grade: 'excellent' },
      { rank: 3, staffId: 'x3', score: 101, grade: 'excellent' }, // rate 1 beats x2's 0.5
      { rank: 4, staffId: 'x2', score: 101, grade: 'excellent' },
      { rank: 5, staffId: 'x5', score: 100, grade: 'excellent' },
      { rank: 6, staffId: 'x6', score: 100, grade: 'excellent' },
      { rank: 7, staffId: 'x8', score: 99, grade: 'excellent' },
      { rank: 8, staffId: 'x7', score: 97, grade: 'fail' }, // veto
    ]);
  });

  it('ranks only hall main and its active staff', async () => {
    const east = await ok(rs.api.get('/v1/rankings/2026-10?hallId=east'));
    expect(east.staff).toEqual([{ rank: 1, staffId: 'z1', score: 104, grade: 'excellent' }]);
    expect(east.windows.map((w: any) => [w.rank, w.windowId, w.meanScore])).toEqual([[1, 'wZ', 104]]);
    expect(east.redFlagWindowId).toBe('wZ');
  });

  it('ranks windows by mean score, then pooled satisfaction rate, then window id, and names the red flag window', async () => {
    const r = await ok(rs.api.get('/v1/rankings/2026-10?hallId=main'));
    expect(r.windows).toHaveLength(4);
    expect(r.windows.map((w: any) => [w.rank, w.windowId, w.meanScore])).toEqual([
      [1, 'wB', 101.5],
      [2, 'wA', 101.5],
      [3, 'wC', 99],
      [4, 'wD', 99],
    ]);
    expect(r.windows[0].satisfactionRate).toBe(1);
    expect(r.windows[1].satisfactionRate).toBeCloseTo(2 / 3, 10);
    expect(r.windows[2].satisfactionRate).toBe(1);
    expect(r.redFlagWindowId).toBe('wB');
  });
});
