/**
 * A made-up department report for previews (scripts/screenshot-mail.ts --sample) and demos.
 * Numbers are consistent: each score is 100 + Σ item points (capped at 0), grades follow §6.
 */
import { participationRate, queueBlock } from '../domain/efficiency.js';
import type { Grade, ItemCode, Sheet, SheetItem } from '../domain/types.js';
import type { DepartmentReport } from './types.js';

const grade = (score: number, veto: boolean): Grade =>
  veto ? 'fail' : score >= 95 ? 'excellent' : score >= 85 ? 'good' : score >= 70 ? 'pass' : 'fail';

interface StaffSpec {
  id: string;
  name: string;
  windowId: string;
  items: [ItemCode, number, string, string?][]; // code, points, hall-local 'MM-DD HH:MM:SS', note
  reviews: [number, number, number, number, number]; // level 1..5
  complaints?: { substantiated: number; unsubstantiated: number; pending: number };
  veto?: boolean;
  returnReasons?: string[];
  excused?: number;
  /** Cases accepted, completed, on time, pending (overdue = its overdue-case items). */
  cases?: [number, number, number, number];
  /** Tickets served, no-shows, long waits, mean wait and service minutes. */
  queue?: [number, number, number, number, number];
}

function sheetOf(period: string, s: StaffSpec, version: number): Sheet {
  const year = period.slice(0, 4);
  const items: SheetItem[] = s.items.map(([code, points, at, note], i) => ({
    code,
    points,
    at: `${year}-${at.replace(' ', 'T')}+08:00`,
    refs: code === 'absent' ? [] : [`ev-${s.id}-${i + 1}`],
    ...(note ? { note } : {}),
  }));
  const score = Math.max(0, Math.round((100 + items.reduce((a, it) => a + it.points, 0)) * 100) / 100);
  const count = s.reviews.reduce((a, n) => a + n, 0);
  const ok = s.reviews[2] + s.reviews[3] + s.reviews[4];
  const n = (code: ItemCode): number => items.filter((it) => it.code === code).length;
  const c = s.complaints ?? { substantiated: 0, unsubstantiated: 0, pending: 0 };
  return {
    period,
    staffId: s.id,
    name: s.name,
    departmentId: 'scjgj',
    windowId: s.windowId,
    ruleVersion: 1,
    status: 'closed',
    version,
    score,
    grade: grade(score, s.veto ?? false),
    veto: s.veto ?? false,
    returnRecommended: (s.returnReasons ?? []).length > 0,
    returnReasons: s.returnReasons ?? [],
    items,
    attendance: {
      workdays: period.includes('Q') ? 62 : 22,
      sessions: period.includes('Q') ? 124 : 44,
      late: n('late'),
      earlyLeave: n('early-leave'),
      missingPunch: n('missing-punch'),
      absent: n('absent'),
      excused: s.excused ?? 0,
    },
    evaluations: {
      count,
      byLevel: { '1': s.reviews[0], '2': s.reviews[1], '3': s.reviews[2], '4': s.reviews[3], '5': s.reviews[4] },
      satisfactionRate: count === 0 ? null : ok / count,
    },
    complaints: { filed: c.substantiated + c.unsubstantiated + c.pending, ...c },
    cases: {
      accepted: s.cases?.[0] ?? 0,
      completed: s.cases?.[1] ?? 0,
      due: (s.cases?.[2] ?? 0) + n('overdue-case') + (s.cases?.[3] ?? 0),
      onTime: s.cases?.[2] ?? 0,
      overdue: n('overdue-case'),
      pending: s.cases?.[3] ?? 0,
      participationRate: participationRate(count, s.cases?.[1] ?? 0),
    },
    queue: queueBlock({
      served: s.queue?.[0] ?? 0,
      noShow: s.queue?.[1] ?? 0,
      longWaits: s.queue?.[2] ?? 0,
      totalWaitSeconds: (s.queue?.[0] ?? 0) * (s.queue?.[3] ?? 0) * 60,
      totalServiceSeconds: (s.queue?.[0] ?? 0) * (s.queue?.[4] ?? 0) * 60,
    }),
    afterClose: [],
  };
}

const STAFF: StaffSpec[] = [
  {
    id: 's001',
    name: '王晓明',
    windowId: 'w01',
    items: [
      ['commendation', 2, '10-15 10:00:00', '群众来信表扬'],
      ['satisfaction-bonus', 1, '10-31 23:59:59'],
    ],
    reviews: [0, 0, 1, 12, 130],
    cases: [150, 146, 140, 2],
    queue: [160, 3, 0, 8.5, 12.25],
  },
  {
    id: 's002',
    name: '李娜',
    windowId: 'w01',
    items: [
      ['late', -1, '10-09 08:52:13'],
      ['bad-review', -1, '10-20 15:31:02', '等候时间长'],
    ],
    reviews: [0, 1, 3, 20, 70],
    cases: [120, 118, 110, 3],
    queue: [125, 6, 9, 24.5, 15],
    excused: 2,
  },
  {
    id: 's003',
    name: '张伟',
    windowId: 'w02',
    items: [
      ['missing-punch', -1, '10-13 17:30:00', '下午未签退'],
      ['early-leave', -1, '10-21 17:12:40'],
      ['complaint', -3, '10-22 11:00:00', '办事指引不清（已核实）'],
      ['inspection', -1, '10-23 09:40:00', '工位不整洁'],
      ['complaint', -3, '10-28 16:20:00', '态度生硬（已核实）'],
      ['overdue-case', -2, '10-26 23:59:59', '承诺件 5 个工作日，10-19 受理，未按时办结'],
    ],
    reviews: [0, 0, 8, 28, 40],
    complaints: { substantiated: 2, unsubstantiated: 1, pending: 0 },
    returnReasons: ['complaints'],
  },
  {
    id: 's004',
    name: '陈<b>&静',
    windowId: 'w02',
    items: [
      ['absent', -3, '10-16 09:00:00', '上午班次无打卡'],
      ['late', -1, '10-19 08:55:07'],
      ['criticism', -5, '10-24 10:00:00', '大厅通报批评'],
      ['low-participation', -1, '10-31 23:59:59', '评价 19 次，办结 40 件'],
    ],
    reviews: [0, 0, 2, 6, 11],
    cases: [42, 40, 38, 1],
    queue: [44, 1, 0, 11, 20],
  },
  {
    id: 's005',
    name: '赵磊',
    windowId: 'w03',
    items: [
      ['bad-review', -2, '10-08 10:12:45', '非常不满意'],
      ['complaint', -10, '10-27 14:05:00', '廉洁问题（一票否决）'],
    ],
    reviews: [1, 0, 3, 5, 9],
    complaints: { substantiated: 1, unsubstantiated: 0, pending: 1 },
    veto: true,
  },
  {
    id: 's006',
    name: '刘芳',
    windowId: 'w03',
    items: [],
    reviews: [0, 0, 0, 0, 0],
  },
];

const WINDOWS = {
  w01: { name: '综合受理 1 号窗口' },
  w02: { name: '企业开办 5 号窗口' },
  w03: { name: '食品经营许可 8 号窗口' },
  w07: { name: '不动产登记 12 号窗口' },
};

export type SampleKind = 'month' | 'quarter' | 'correction';

/** A sample report of 6 staff of 市市场监督管理局: a month (2026-10), its quarter, or a version-2 correction. */
export function sampleReport(kind: SampleKind = 'month'): DepartmentReport {
  const period = kind === 'quarter' ? '2026-Q4' : '2026-10';
  const version = kind === 'correction' ? 2 : 1;
  let specs = STAFF;
  if (kind === 'correction') {
    // After close: a complaint against 李娜 was substantiated.
    specs = STAFF.map((s) =>
      s.id === 's002'
        ? { ...s, items: [...s.items, ['complaint', -3, '10-30 10:00:00', '补录：已核实投诉'] as StaffSpec['items'][number]], complaints: { substantiated: 1, unsubstantiated: 0, pending: 0 } }
        : s,
    );
  }
  const sheets = specs.map((s) => sheetOf(period, s, version));
  const ranked = [...sheets].sort((a, b) => b.score - a.score || (a.staffId < b.staffId ? -1 : 1));
  const ranks: Record<string, number> = {};
  // The hall has 37 ranked staff; this department's sit at these places.
  const places = [2, 5, 14, 23, 30, 36, 37];
  ranked.forEach((s, i) => (ranks[s.staffId] = places[i]!));
  return {
    period,
    version,
    department: { id: 'scjgj', name: '市市场监督管理局', emails: ['bgs@scjgj.example.gov.cn', 'rsk@scjgj.example.gov.cn'] },
    sheets,
    windows: WINDOWS,
    ranks,
    rankedCount: 37,
    redFlag: kind === 'quarter' ? null : { windowId: 'w01', name: WINDOWS.w01.name, meanScore: 100.5 },
    ...(kind === 'correction' ? { previous: STAFF.map((s) => sheetOf(period, s, 1)) } : {}),
    generatedAt: kind === 'quarter' ? '2027-01-01T02:00:05+08:00' : '2026-11-01T02:00:05+08:00',
  };
}
