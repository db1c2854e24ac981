/**
 * The living demo, small: 12 staff over one month, sent through the public API and the iclock
 * endpoint of an in-process stack, closed day by day and as a month; then the outcomes a newcomer
 * is told to look at must really be there.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDemoArgs } from '../../demo/main.js';
import { defaultQuarter, formatSummary, runDemo, type DemoResult } from '../../demo/run.js';
import { simulate } from '../../demo/simulate.js';
import { Calendars } from '../../shared/domain/calendar.js';
import { ADMIN_KEY, testStack, type TestStack } from '../helpers/stack.js';

const PERIOD = '2026-07';
let stack: TestStack;
let res: DemoResult;
const progress: number[] = [];

beforeAll(async () => {
  stack = await testStack();
  res = await runDemo({ url: stack.url, key: ADMIN_KEY, seed: 7, staff: 12, period: PERIOD, outbox: stack.outbox, progress: (p) => progress.push(p.index) });
}, 240_000);
afterAll(async () => stack?.stop());

describe('demo plan (pure)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = simulate({ seed: 11, staff: 20, period: PERIOD });
    expect(simulate({ seed: 11, staff: 20, period: PERIOD })).toEqual(a);
    expect(simulate({ seed: 12, staff: 20, period: PERIOD }).days).not.toEqual(a.days);
  });

  it('follows the statutory calendar: no punches on holidays, punches on 调休 make-up days', () => {
    const q = simulate({ seed: 1, staff: 12, period: '2026-Q3' });
    expect(q.days).toHaveLength(92);
    for (const d of q.days) {
      const lines = Object.values(d.attlog).flat().length + d.events.app.length;
      expect(d.workday).toBe(Calendars.packageOnly().get('cn-statutory').isWorkday(d.date));
      if (!d.workday) expect(lines, d.date).toBe(0);
      else expect(lines, d.date).toBeGreaterThan(0);
    }
    // 2026-09-20 is a Sunday worked in lieu; 2026-09-25 (Mid-Autumn) a Friday off.
    expect(q.days.find((d) => d.date === '2026-09-20')!.workday).toBe(true);
    expect(q.days.find((d) => d.date === '2026-09-25')!.workday).toBe(false);
  });

  it('takes the documented options', () => {
    expect(parseDemoArgs([], {})).toMatchObject({ seed: 42, staff: 60, key: 'local-admin-key', closeDays: true, keep: false });
    expect(parseDemoArgs(['--seed', '7', '--staff=12', '--quarter', '2026-07', '--url', 'http://h:1', '--key', 'k'], {})).toMatchObject({
      seed: 7,
      staff: 12,
      period: '2026-07',
      url: 'http://h:1',
      key: 'k',
    });
    expect(() => parseDemoArgs(['--staff', '3'], {})).toThrow('--staff must be an integer from 8 to 2000');
    expect(() => parseDemoArgs(['--quarter', '2026-Q5'], {})).toThrow('YYYY-Qn or YYYY-MM');
    expect(() => parseDemoArgs(['--frob'], {})).toThrow('unknown option --frob');
  });

  it('defaults to the last fully past quarter the calendar covers', () => {
    expect(defaultQuarter(Date.parse('2026-11-24T05:00:00Z'))).toBe('2026-Q3');
    expect(defaultQuarter(Date.parse('2026-10-01T00:00:00+08:00'))).toBe('2026-Q3');
    expect(defaultQuarter(Date.parse('2028-03-01T00:00:00Z'))).toBe('2026-Q4'); // 2027 not in the installed calendar
  });
});

describe('demo run against the local stack', () => {
  const sheet = (id: string) => res.sheets.find((s) => s.staffId === id)!;
  const score = (id: string) => sheet(id).score;

  it('reported progress for every day and closed the month with one mail per department', () => {
    expect(progress).toHaveLength(31);
    expect(res.closes).toEqual([expect.objectContaining({ period: PERIOD, version: 1, sheets: 12, emails: 6 })]);
    const files = readdirSync(join(stack.outbox, PERIOD)).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toEqual(['bdc.eml', 'ga.eml', 'rs.eml', 'scjg.eml', 'sw.eml', 'yb.eml']);
    expect(res.mails[0]!.files).toEqual(files);
  });

  it('left closed sheets and a ranking of every staff member', () => {
    expect(res.sheets).toHaveLength(12);
    expect(res.sheets.every((s) => s.status === 'closed' && s.version === 1)).toBe(true);
    expect(res.ranking.staff.map((r) => r.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(res.ranking.redFlagWindowId).toMatch(/^w\d\d$/);
    // Attendance was really scored from the device punches: sessions expected, most of them kept.
    const s = sheet(res.plan.story.punctual[0]!);
    expect(s.attendance.workdays).toBe(23);
    expect(s.evaluations.count).toBeGreaterThan(15);
  });

  it('scores the habitually late below the punctual and the commended', () => {
    const late = res.plan.story.habituallyLate[0]!;
    const commended = res.plan.story.commended[0]!;
    expect(sheet(late).attendance.late).toBeGreaterThan(2);
    expect(score(late)).toBeLessThan(score(commended));
    const punctual = res.plan.story.punctual.map(score).sort((a, b) => a - b);
    expect(score(late)).toBeLessThan(punctual[Math.floor(punctual.length / 2)]!);
  });

  it('fails the vetoed one and recommends returning the one with two substantiated complaints', () => {
    const v = sheet(res.plan.story.vetoed);
    expect(v).toMatchObject({ veto: true, grade: 'fail' });
    const r = sheet(res.plan.story.returned);
    expect(r.returnRecommended).toBe(true);
    expect(r.complaints.substantiated).toBe(2);
    expect(res.sheets.filter((s) => s.returnRecommended).map((s) => s.staffId)).toContain(res.plan.story.returned);
  });

  it('left the annulled review out and excused approved leave', async () => {
    const caseId = res.plan.story.annulledCase!;
    expect(caseId).toBeDefined();
    const review = res.plan.days.flatMap((d) => d.events.evaluation).find((e) => e.caseId === caseId && e.type === 'evaluation.submitted')!;
    expect(review.level).toBeLessThanOrEqual(2); // it would cost points if the annulment had not worked
    const full = (await stack.api.get(`/v1/sheets/${PERIOD}/staff/${review.staffId}`)).body;
    expect(full.items.flatMap((i: { refs: string[] }) => i.refs)).not.toContain(review.id);
    expect(res.sheets.some((s) => (s.attendance.excused ?? 0) > 0)).toBe(true);
  });

  it('scores cases and tickets: a few overdue, one window waiting long, one with a low participation rate (CONTRACT.md §10)', async () => {
    const st = res.plan.story;
    const cases = res.sheets.map((s) => s.cases!);
    const total = (k: keyof (typeof cases)[number]) => cases.reduce((n, c) => n + (c[k] as number), 0);
    expect(total('completed')).toBeGreaterThan(res.plan.staff.length * 15);
    expect(total('onTime') + total('overdue') + total('pending')).toBe(total('due'));
    // Overdue cases are the sloppy staff's late promised cases, each an item of −2.
    expect(st.overdueStaff.length).toBeGreaterThan(0);
    for (const id of st.overdueStaff) {
      const full = (await stack.api.get(`/v1/sheets/${PERIOD}/staff/${id}`)).body;
      expect(full.cases.overdue, id).toBeGreaterThan(0);
      expect(full.items.filter((i: { code: string }) => i.code === 'overdue-case')).toHaveLength(full.cases.overdue);
    }
    expect(res.sheets.filter((s) => (s.cases?.overdue ?? 0) > 0).map((s) => s.staffId).sort()).toEqual(st.overdueStaff);
    // The slow window has the longest mean wait and long waits; the others rarely wait over 30 minutes.
    const byWait = res.ranking.windows.filter((w) => w.queue!.served > 0).sort((a, b) => b.queue!.meanWaitMinutes! - a.queue!.meanWaitMinutes!);
    expect(byWait[0]!.windowId).toBe(st.longWaitWindow);
    expect(byWait[0]!.queue!.longWaits).toBeGreaterThan(5);
    // The window whose citizens rarely evaluate has the lowest participation and a −1 for it.
    const byRate = res.ranking.windows.filter((w) => w.participationRate !== null).sort((a, b) => a.participationRate! - b.participationRate!);
    expect(byRate[0]!.windowId).toBe(st.lowParticipationWindow);
    expect(byRate[0]!.participationRate!).toBeLessThan(0.8);
    const low = res.sheets.filter((s) => s.windowId === st.lowParticipationWindow);
    for (const s of low) {
      const full = (await stack.api.get(`/v1/sheets/${PERIOD}/staff/${s.staffId}`)).body;
      expect(full.items.filter((i: { code: string }) => i.code === 'low-participation'), s.staffId).toHaveLength(1);
    }
    const text = formatSummary(res).join('\n');
    expect(text).toContain('cases (办件)');
    expect(text).toContain(st.longWaitWindow);
  });

  it('prints a summary with the rankings, the red flag window, the return and the mails', () => {
    const text = formatSummary(res).join('\n');
    expect(text).toContain(`${PERIOD} top 5 of 12`);
    expect(text).toContain('流动红旗');
    expect(text).toContain(res.ranking.redFlagWindowId!);
    expect(text).toContain(`建议退回`);
    expect(text).toContain(res.plan.story.returned);
    expect(text).toContain(res.plan.story.vetoed);
    expect(text).toContain(join(stack.outbox, PERIOD));
  });
});
