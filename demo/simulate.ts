/**
 * The demo hall, as a pure function of a seed: master data (departments, windows, shifts, staff with
 * device PINs, sources) and a day-by-day plan of what the hall's systems send over a period —
 * ATTLOG lines per attendance device, and events per sending system (evaluation pads, the complaint
 * system, the patrol team, the mobile punch app, the hall office with the admin key).
 *
 * No I/O and no clock: the same options always give the same plan (demo/run.ts sends it).
 * Behaviour is plausible rather than random noise: most staff are punctual, a few habitually late,
 * a few sloppy; reviews are mostly 5 and 4; a handful of complaints, one of them an integrity case
 * (a veto) and one staff member with two substantiated complaints (return recommended).
 */
import { Calendars, type WorkCalendar } from '../shared/domain/calendar.js';
import { addDays, isMonth, isQuarter, monthsOfQuarter, periodDays, toHallIso, zonedInstant } from '../shared/domain/time.js';

export interface SimulateOptions {
  seed: number;
  /** Number of staff (≥ 8). */
  staff: number;
  /** A quarter 'YYYY-Qn' or a single month 'YYYY-MM'. */
  period: string;
  /** Hall time zone (only changes the offsets written on events). */
  tz?: string;
  /** The hall's cn-statutory calendar (default: the shipped package's); the demo reads the stack's. */
  calendar?: WorkCalendar;
}

export type Sender = 'admin' | 'evaluation' | 'complaint' | 'inspection' | 'app' | 'approval' | 'queue';
export type Habit = 'punctual' | 'late' | 'sloppy';

export interface DemoDepartment {
  id: string;
  name: string;
  emails: string[];
}
export interface DemoShift {
  id: string;
  label: string;
  sessions: { start: string; end: string }[];
  calendar: 'cn-statutory';
}
export interface DemoWindow {
  id: string;
  name: string;
  departmentId: string;
}
export interface DemoStaff {
  id: string;
  name: string;
  departmentId: string;
  windowId: string;
  shiftId: string;
  pin: string;
  since?: string;
  habit: Habit;
  /** The device the staff member normally punches at, or 'app' (mobile punch, outreach staff). */
  punchesAt: string;
}
export interface DemoDevice {
  sourceId: string;
  sn: string;
  name: string;
}
export interface DemoSource {
  id: string;
  kind: 'attendance' | 'evaluation' | 'complaint' | 'inspection' | 'approval' | 'queue';
  key: string;
  sender: Exclude<Sender, 'admin'>;
}

/** An event as sent to POST /v1/events (contract §4). */
export type DemoEvent = { id: string; type: string; occurredAt: string } & Record<string, unknown>;

export interface DayPlan {
  date: string;
  /** 1 Monday … 7 Sunday. */
  isoWeekday: number;
  workday: boolean;
  /** ATTLOG lines per device SN (tab-separated, hall-local time). */
  attlog: Record<string, string[]>;
  events: Record<Sender, DemoEvent[]>;
}

export interface DemoStory {
  habituallyLate: string[];
  sloppy: string[];
  /** Integrity complaint substantiated: a veto. */
  vetoed: string;
  /** The window whose citizens wait longest for their number (叫号). */
  longWaitWindow: string;
  /** The window whose staff get few cases evaluated (参评率 low). */
  lowParticipationWindow: string;
  /** Staff with promised cases finished late (超期). */
  overdueStaff: string[];
  /** Two substantiated complaints: return recommended. */
  returned: string;
  commended: string[];
  criticised: string[];
  newcomer?: string;
  annulledCase?: string;
  punctual: string[];
}

export interface DemoPlan {
  seed: number;
  period: string;
  months: string[];
  first: string;
  last: string;
  tz: string;
  departments: DemoDepartment[];
  shifts: DemoShift[];
  windows: DemoWindow[];
  staff: DemoStaff[];
  devices: DemoDevice[];
  sources: DemoSource[];
  days: DayPlan[];
  story: DemoStory;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: small, fast, good enough for a simulation; same seed → same sequence. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Rng = {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(pairs: readonly (readonly [T, number])[]) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) {
        x -= w;
        if (x < 0) return v;
      }
      return pairs[pairs.length - 1]![0];
    },
    poisson: (lambda) => {
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l);
      return k - 1;
    },
    shuffle: <T>(xs: readonly T[]) => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
  return r;
}

export interface Rng {
  next(): number;
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
  poisson(lambda: number): number;
  shuffle<T>(xs: readonly T[]): T[];
}

// ---------------------------------------------------------------------------------------------
// The hall

const DEPARTMENTS: { id: string; name: string; windows: [string, string]; emails: number }[] = [
  { id: 'scjg', name: '市场监督管理局', windows: ['企业开办综合窗口', '食品经营许可窗口'], emails: 2 },
  { id: 'sw', name: '税务局', windows: ['办税服务窗口', '发票领用窗口'], emails: 1 },
  { id: 'rs', name: '人力资源和社会保障局', windows: ['社保经办窗口', '就业创业窗口'], emails: 1 },
  { id: 'ga', name: '公安局', windows: ['户政窗口', '出入境窗口'], emails: 2 },
  { id: 'bdc', name: '不动产登记中心', windows: ['不动产登记窗口', '交易缴税联办窗口'], emails: 1 },
  { id: 'yb', name: '医疗保障局', windows: ['医保经办窗口', '异地就医备案窗口'], emails: 1 },
];

const SHIFTS: DemoShift[] = [
  { id: 'std', label: '标准班', sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }], calendar: 'cn-statutory' },
  // 错时延时服务: two windows open later and stay open after work hours.
  { id: 'ext', label: '错时延时班', sessions: [{ start: '09:30', end: '12:30' }, { start: '14:00', end: '18:00' }], calendar: 'cn-statutory' },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤'.split('');
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '秀英', '桂英', '建华', '志强', '海燕', '晓明', '丽娟', '文静', '子涵', '雨轩', '浩然', '欣怡', '思远', '佳怡', '俊杰', '婷婷',
  '建国', '红梅', '春燕', '永刚', '晓东', '立新', '雪梅', '国栋', '慧敏', '振华', '亚楠', '宇航', '梦琪', '嘉欣',
];

const DEVICES: DemoDevice[] = [
  { sourceId: 'door-east', sn: 'CQZ7232260001', name: '东门考勤机' },
  { sourceId: 'door-west', sn: 'CQZ7232260002', name: '西门考勤机' },
];

const SOURCES: DemoSource[] = [
  { id: 'pads', kind: 'evaluation', key: 'demo-evaluation-pads-key-0001', sender: 'evaluation' },
  { id: 'hotline-12345', kind: 'complaint', key: 'demo-complaint-12345-key-0001', sender: 'complaint' },
  { id: 'patrol', kind: 'inspection', key: 'demo-inspection-patrol-key-01', sender: 'inspection' },
  { id: 'mobile-app', kind: 'attendance', key: 'demo-attendance-mobile-key-01', sender: 'app' },
  { id: 'approval-system', kind: 'approval', key: 'demo-approval-system-key-0001', sender: 'approval' },
  { id: 'queue-system', kind: 'queue', key: 'demo-queue-ticketing-key-0001', sender: 'queue' },
];

/** Items of the approval system (事项名称) per department. */
const CASE_ITEMS: Record<string, string[]> = {
  scjg: ['企业设立登记', '营业执照变更登记', '食品经营许可证核发'],
  sw: ['增值税发票领用', '纳税申报', '税务登记信息变更'],
  rs: ['社会保障卡申领', '失业保险金申领', '就业创业证申领'],
  ga: ['户口迁移', '居民身份证换领', '出入境证件签发'],
  bdc: ['不动产转移登记', '不动产抵押登记', '不动产权证书补发'],
  yb: ['医保关系转移接续', '异地就医备案', '门诊慢特病待遇认定'],
};

const INSPECTION_NOTES: Record<string, string[]> = {
  'absent-from-post': ['离岗未放置暂停服务牌', '工作时间离开窗口超过15分钟'],
  dress: ['未按规定着工装', '着装不整'],
  badge: ['未佩戴工作牌', '工作牌佩戴不规范'],
  desk: ['窗口桌面杂乱', '私人物品摆放在台面'],
  phone: ['工作时间玩手机', '窗口服务时接打私人电话'],
  conduct: ['与群众交流态度生硬', '服务时坐姿不端'],
  language: ['未使用普通话和规范用语', '未主动使用"您好""请"等文明用语'],
};

const REVIEW_COMMENTS: Record<number, string[]> = {
  5: ['办事效率高，态度好', '一次办好，非常满意', '耐心细致，点赞', '讲解清楚，谢谢'],
  4: ['整体满意', '等候时间有点长'],
  3: ['还行', '材料要求没有一次说清'],
  2: ['让我跑了两趟', '态度不够耐心'],
  1: ['态度很差', '推诿扯皮，不给办'],
};

// ---------------------------------------------------------------------------------------------

function hhmmToMin(hm: string): number {
  return Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
}
function secToClock(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return [h, m, s].map((v) => String(v).padStart(2, '0')).join(':');
}

/** The hall-local days of a period, first to last. */
export function periodDates(period: string): string[] {
  const { first, last } = periodDays(period);
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

export function isoWeekday(date: string): number {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function simulate(opts: SimulateOptions): DemoPlan {
  if (!isQuarter(opts.period) && !isMonth(opts.period)) throw new RangeError(`period must be YYYY-Qn or YYYY-MM, got ${opts.period}`);
  if (!Number.isInteger(opts.staff) || opts.staff < 8 || opts.staff > 2000) throw new RangeError(`staff must be an integer from 8 to 2000, got ${opts.staff}`);
  const tz = opts.tz ?? 'Asia/Shanghai';
  const r = rng(opts.seed);
  const period = opts.period;
  const months = isQuarter(period) ? monthsOfQuarter(period) : [period];
  const dates = periodDates(period);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const iso = (date: string, time: string) => toHallIso(zonedInstant(date, time, tz), tz);
  const compact = (date: string) => date.replace(/-/g, '');

  // --- master data --------------------------------------------------------------------------
  const departments: DemoDepartment[] = DEPARTMENTS.map((d) => ({
    id: d.id,
    name: d.name,
    emails: d.emails === 2 ? [`${d.id}@hall.example.gov.cn`, `${d.id}-leader@hall.example.gov.cn`] : [`${d.id}@hall.example.gov.cn`],
  }));
  const windows: DemoWindow[] = DEPARTMENTS.flatMap((d, i) =>
    d.windows.map((name, j) => ({ id: `w${String(i * 2 + j + 1).padStart(2, '0')}`, name: `${i * 2 + j + 1}号${name}`, departmentId: d.id })),
  );
  const extWindows = new Set(['w04', 'w08']); // 发票领用 and 出入境 keep staggered, extended hours

  const names = new Set<string>();
  const staff: DemoStaff[] = [];
  const n = opts.staff;
  for (let i = 0; i < n; i++) {
    const dept = Math.floor((i * DEPARTMENTS.length) / n);
    const windowId = windows[dept * 2 + (i % 2)]!.id;
    let name: string;
    do name = r.pick(SURNAMES) + r.pick(GIVEN);
    while (names.has(name));
    names.add(name);
    const device = dept < 3 ? DEVICES[0]!.sn : DEVICES[1]!.sn;
    staff.push({
      id: `s${String(i + 1).padStart(3, '0')}`,
      name,
      departmentId: DEPARTMENTS[dept]!.id,
      windowId,
      shiftId: extWindows.has(windowId) ? 'ext' : 'std',
      pin: String(1001 + i),
      habit: 'punctual',
      punchesAt: device,
    });
  }

  // --- roles (distinct staff) ---------------------------------------------------------------
  const order = r.shuffle(staff.map((_, i) => i));
  let k = 0;
  const take = (count: number) => order.slice(k, (k += count)).map((i) => staff[i]!);
  const late = take(Math.max(1, Math.round(n * 0.05)));
  const sloppy = take(Math.max(1, Math.round(n * 0.1)));
  const [vetoed] = take(1);
  const [returned] = take(1);
  const commended = take(Math.max(1, Math.round(n / 30)));
  const [newcomer] = take(1);
  const appUsers = take(Math.max(1, Math.round(n * 0.05)));
  for (const s of late) s.habit = 'late';
  for (const s of sloppy) s.habit = 'sloppy';
  for (const s of appUsers) s.punchesAt = 'app';
  const joinDay = dates[Math.floor(dates.length * 0.4)]!;
  if (newcomer) newcomer.since = joinDay;
  const criticised = late.slice(0, 1);

  const shiftOf = new Map(SHIFTS.map((s) => [s.id, s]));
  const calendar = opts.calendar ?? Calendars.packageOnly().get('cn-statutory');
  const workdays = dates.filter((d) => calendar.isWorkday(d));
  const days: DayPlan[] = dates.map((date) => ({
    date,
    isoWeekday: isoWeekday(date),
    workday: calendar.isWorkday(date),
    attlog: Object.fromEntries(DEVICES.map((d) => [d.sn, []])),
    events: { admin: [], evaluation: [], complaint: [], inspection: [], app: [], approval: [], queue: [] },
  }));
  const dayIndex = new Map(days.map((d, i) => [d.date, i]));
  const dayAt = (date: string) => days[dayIndex.get(date)!]!;
  /** The plan day on which something happening `offset` days after `date` is sent (clamped to the period). */
  const sendDay = (date: string, offset: number) => dayAt(addDays(date, offset) > last ? last : addDays(date, offset) < first ? first : addDays(date, offset));
  const workdayAfter = (date: string, n: number) => {
    const i = workdays.findIndex((d) => d >= date);
    return workdays[Math.min(workdays.length - 1, Math.max(0, i) + n)]!;
  };
  const at = (fraction: number) => workdays[Math.min(workdays.length - 1, Math.floor(workdays.length * fraction))]!;
  const active = (s: DemoStaff, date: string) => !s.since || date >= s.since;

  // --- leave (approved ahead, sick leave the next day) ---------------------------------------
  /** Per staff: date → 'full' (the whole day) or 'pm' (the last session) on leave. */
  const onLeave = new Map<string, Map<string, 'full' | 'pm'>>();
  let leaveSeq = 0;
  const addLeave = (s: DemoStaff, from: string, count: number, kind: string, sentOn: string, part: 'full' | 'pm' = 'full') => {
    const span = workdays.filter((d) => d >= from).slice(0, count);
    if (span.length === 0) return;
    const map = onLeave.get(s.id) ?? new Map<string, 'full' | 'pm'>();
    if (span.some((d) => map.has(d))) return;
    for (const d of span) map.set(d, part);
    onLeave.set(s.id, map);
    const fromIso = part === 'pm' ? iso(span[0]!, '12:45') : iso(span[0]!, '00:00');
    const toIso = iso(span[span.length - 1]!, '23:59:59');
    dayAt(sentOn < first ? first : sentOn > last ? last : sentOn).events.admin.push({
      id: `leave-${compact(span[0]!)}-${String(++leaveSeq).padStart(4, '0')}`,
      type: 'attendance.leave',
      occurredAt: iso(sentOn < first ? first : sentOn > last ? last : sentOn, '08:15'),
      staffId: s.id,
      from: fromIso,
      to: toIso,
      kind,
    });
  };
  for (const s of staff) {
    const eligible = workdays.filter((d) => active(s, d));
    if (eligible.length < 5) continue;
    if (r.chance(0.3 * months.length)) {
      const d = r.pick(eligible.slice(0, -3));
      addLeave(s, d, r.int(1, 3), 'annual', addDays(d, -r.int(3, 10)));
    }
    if (r.chance(0.12 * months.length)) {
      const d = r.pick(eligible);
      addLeave(s, d, 1, 'sick', addDays(d, 1)); // the note comes the next day: the day's absences turn excused
    }
    if (r.chance(0.08 * months.length)) {
      const d = r.pick(eligible);
      addLeave(s, d, 1, 'personal', addDays(d, -1), 'pm');
    }
    if (r.chance(0.04 * months.length)) {
      const d = r.pick(eligible);
      addLeave(s, d, r.int(1, 2), r.pick(['training', 'business']), addDays(d, -5));
    }
  }

  // --- attendance ------------------------------------------------------------------------------
  let appSeq = 0;
  for (const date of workdays) {
    const day = dayAt(date);
    for (const s of staff) {
      if (!active(s, date)) continue;
      const leave = onLeave.get(s.id)?.get(date);
      if (leave === 'full') continue;
      // An unexcused absence for the whole day: rare, less rare for the habitually late.
      if (r.chance(s.habit === 'late' ? 0.012 : s.habit === 'sloppy' ? 0.005 : 0.0015)) continue;
      const shift = shiftOf.get(s.shiftId)!;
      const punches: { sec: number; status: string }[] = [];
      shift.sessions.forEach((session, si) => {
        if (leave === 'pm' && si === shift.sessions.length - 1) return;
        const start = hhmmToMin(session.start) * 60;
        const end = hhmmToMin(session.end) * 60;
        const morning = si === 0;
        // Arrival
        const pLate = s.habit === 'late' ? (morning ? 0.32 : 0.1) : s.habit === 'sloppy' ? 0.05 : 0.012;
        let arrive: number | undefined;
        if (r.chance(pLate)) {
          const veryLate = r.chance(s.habit === 'late' ? 0.1 : 0.03);
          arrive = veryLate ? start + r.int(31 * 60, 55 * 60) : start - 10 * 60 + r.int(1, 28 * 60);
        } else if (morning) {
          arrive = start - r.int(11 * 60, 30 * 60); // 08:30–08:49 for a 09:00 start
        } else {
          arrive = start - r.int(11 * 60, 25 * 60);
        }
        const pForget = s.habit === 'sloppy' ? 0.02 : 0.003;
        if (r.chance(pForget)) arrive = undefined;
        // Departure
        const pEarly = s.habit === 'sloppy' ? 0.02 : s.habit === 'late' ? 0.01 : 0.003;
        let depart: number | undefined = r.chance(pEarly) ? end - r.int(60, 25 * 60) : end + r.int(0, morning ? 12 * 60 : 20 * 60);
        if (arrive !== undefined && r.chance(pForget)) depart = undefined;
        if (arrive !== undefined) punches.push({ sec: arrive, status: '0' });
        if (depart !== undefined) punches.push({ sec: depart, status: '1' });
      });
      for (const p of punches) {
        const local = `${date} ${secToClock(p.sec)}`;
        if (s.punchesAt === 'app') {
          day.events.app.push({
            id: `app-${s.id}-${compact(date)}-${String(++appSeq).padStart(6, '0')}`,
            type: 'attendance.punch',
            occurredAt: iso(date, secToClock(p.sec)),
            staffId: s.id,
          });
        } else {
          // Now and then someone uses the other door's device.
          const sn = r.chance(0.05) ? DEVICES.find((d) => d.sn !== s.punchesAt)!.sn : s.punchesAt;
          day.attlog[sn]!.push(`${s.pin}\t${local}\t${p.status}\t${r.chance(0.7) ? '15' : '1'}\t0\t0\t0`);
        }
      }
    }
  }

  // --- reviews (好差评) -------------------------------------------------------------------------
  const busy = new Map(windows.map((w) => [w.id, 0.6 + r.next() * 0.9]));
  let caseSeq = 0;
  const firstBad: { caseId: string; date: string; staffId: string }[] = [];
  for (const date of workdays) {
    const day = dayAt(date);
    for (const s of staff) {
      if (!active(s, date) || onLeave.get(s.id)?.get(date) === 'full') continue;
      const count = r.poisson(busy.get(s.windowId)!);
      for (let c = 0; c < count; c++) {
        const bad = s.id === returned?.id ? 0.08 : s.habit === 'sloppy' ? 0.035 : 0.018;
        const level = r.chance(bad) ? r.weighted([[2, 2], [1, 1]] as const) : r.weighted([[5, 87], [4, 11], [3, 2]] as const);
        const caseId = `HCP${compact(date)}${String(++caseSeq).padStart(5, '0')}`;
        const minute = r.int(9 * 60 + 5, 16 * 60 + 50);
        const channel = r.weighted([['pad', 62], ['qr', 18], ['sms', 10], ['app', 5], ['web', 5]] as const);
        const ev: DemoEvent = {
          id: `pj-${caseId}`,
          type: 'evaluation.submitted',
          occurredAt: iso(date, secToClock(minute * 60 + r.int(0, 59))),
          caseId,
          staffId: s.id,
          level,
          channel,
        };
        if (level <= 2 || r.chance(0.15)) ev.comment = r.pick(REVIEW_COMMENTS[level]!);
        day.events.evaluation.push(ev);
        if (level <= 2 && s.habit === 'punctual' && s !== returned && s !== vetoed && !firstBad.length) firstBad.push({ caseId, date, staffId: s.id });
      }
    }
  }
  // One bad review is found unfounded on verification and annulled a few days later.
  let annulledCase: string | undefined;
  if (!firstBad[0]) {
    // A small or lucky hall without a bad review for a punctual staff member: the first one of
    // the period gets one, so the annulment has something to annul.
    const ev = workdays.flatMap((d) => dayAt(d).events.evaluation).find((e) => staff.find((x) => x.id === e.staffId)?.habit === 'punctual' && e.staffId !== returned?.id && e.staffId !== vetoed?.id);
    if (ev) {
      ev.level = 1;
      ev.comment = r.pick(REVIEW_COMMENTS[1]!);
      firstBad.push({ caseId: ev.caseId as string, date: ev.occurredAt.slice(0, 10), staffId: ev.staffId as string });
    }
  }
  if (firstBad[0]) {
    const a = firstBad[0];
    annulledCase = a.caseId;
    const on = workdayAfter(a.date, 3);
    sendDay(on, 0).events.evaluation.push({
      id: `annul-${a.caseId}`,
      type: 'evaluation.annulled',
      occurredAt: iso(on, '10:20'),
      caseId: a.caseId,
      reason: '经回访核实，差评系办事人对政策规定不满，与窗口人员服务无关',
    });
  }

  // --- complaints (12345 热线 and others) ------------------------------------------------------
  let complaintSeq = 0;
  const complaint = (
    s: DemoStaff,
    date: string,
    category: string,
    summary: string,
    resolution?: { afterWorkdays: number; verdict: 'substantiated' | 'unsubstantiated'; severity?: 'minor' | 'serious' },
  ) => {
    const caseId = `TS${date.slice(0, 4)}${String(++complaintSeq + 100).padStart(6, '0')}`;
    const channel = r.weighted([['12345', 5], ['onsite', 2], ['phone', 2], ['letter', 1], ['web', 1]] as const);
    dayAt(date).events.complaint.push({ id: `${caseId}-filed`, type: 'complaint.filed', occurredAt: iso(date, `${r.int(10, 16)}:${r.int(10, 59)}`), caseId, staffId: s.id, category, channel, summary });
    if (!resolution) return;
    const on = workdayAfter(date, resolution.afterWorkdays);
    if (on <= date) return; // no working day left in the period to resolve it: stays pending
    dayAt(on).events.complaint.push({
      id: `${caseId}-resolved`,
      type: 'complaint.resolved',
      occurredAt: iso(on, '15:30'),
      caseId,
      verdict: resolution.verdict,
      severity: resolution.severity ?? 'minor',
    });
  };
  if (returned) {
    complaint(returned, at(0.12), 'attitude', '办理营业执照变更时态度生硬，不耐心解答', { afterWorkdays: 4, verdict: 'substantiated' });
    complaint(returned, at(0.55), 'discipline', '工作时间擅自离岗，群众等候四十分钟', { afterWorkdays: 3, verdict: 'substantiated' });
  }
  if (vetoed) {
    complaint(vetoed, at(0.35), 'integrity', '办事群众反映其收受购物卡后优先办理', { afterWorkdays: 6, verdict: 'substantiated', severity: 'serious' });
  }
  const others = staff.filter((s) => s !== returned && s !== vetoed && !commended.includes(s));
  const unfounded = [
    ['efficiency', '办理时间过长，超过承诺时限'],
    ['attitude', '咨询时回答不耐烦'],
    ['other', '对收费标准有异议'],
  ] as const;
  for (const [i, [category, summary]] of unfounded.entries()) {
    complaint(r.pick(others), at(0.15 + i * 0.25), category, summary, { afterWorkdays: r.int(3, 6), verdict: 'unsubstantiated' });
  }
  complaint(r.pick(sloppy), at(0.7), 'efficiency', '材料一次性告知不到位，来回跑了三趟', { afterWorkdays: 4, verdict: 'substantiated' });
  complaint(r.pick(others), workdays[Math.max(0, workdays.length - 2)]!, 'attitude', '窗口人员边办边聊天'); // still open at period end

  // --- patrol findings (巡查) ---------------------------------------------------------------------
  let inspSeq = 0;
  for (const date of workdays) {
    const wd = isoWeekday(date);
    if (wd !== 2 && wd !== 4) continue; // patrols on Tuesdays and Thursdays
    const day = dayAt(date);
    const present = staff.filter((s) => active(s, date) && !onLeave.get(s.id)?.has(date));
    const findings = r.int(0, 2);
    for (let f = 0; f < findings; f++) {
      const weighted = present.map((s) => [s, s.habit === 'sloppy' ? 4 : s.habit === 'late' ? 2 : 1] as const);
      const s = r.weighted(weighted.filter(([x]) => !commended.includes(x)));
      const item = r.weighted([['phone', 30], ['dress', 14], ['badge', 14], ['desk', 14], ['absent-from-post', 12], ['conduct', 8], ['language', 8]] as const);
      day.events.inspection.push({
        id: `xc-${compact(date)}-${String(++inspSeq).padStart(3, '0')}`,
        type: 'inspection.recorded',
        occurredAt: iso(date, `${r.pick(['09', '10', '14', '15', '16'])}:${String(r.int(0, 59)).padStart(2, '0')}`),
        staffId: s.id,
        item,
        note: r.pick(INSPECTION_NOTES[item]!),
      });
    }
  }

  // --- commendations and criticism ------------------------------------------------------------
  commended.forEach((s, i) => {
    const date = at(0.3 + 0.4 * (i / Math.max(1, commended.length)));
    const kind = i % 2 === 0 ? 'banner' : 'letter';
    dayAt(date).events.inspection.push({
      id: `by-${compact(date)}-${s.id}`,
      type: 'commendation.recorded',
      occurredAt: iso(date, '11:00'),
      staffId: s.id,
      kind,
      note: kind === 'banner' ? '办事企业赠送锦旗"热情服务 高效便民"' : '群众来信感谢其帮办代办服务',
    });
  });
  for (const s of criticised) {
    const date = at(0.8);
    dayAt(date).events.admin.push({
      id: `tb-${compact(date)}-${s.id}`,
      type: 'criticism.notified',
      occurredAt: iso(date, '17:30'),
      staffId: s.id,
      note: '多次迟到，经提醒仍未改正，予以通报批评',
    });
  }

  const efficiency = simulateEfficiency({ seed: opts.seed, staff, windows, workdays, days, dayAt, iso, compact, sloppy, active, onLeave, last });

  return {
    seed: opts.seed,
    period,
    months,
    first,
    last,
    tz,
    departments,
    shifts: SHIFTS,
    windows,
    staff,
    devices: DEVICES,
    sources: SOURCES,
    days,
    story: {
      habituallyLate: late.map((s) => s.id),
      sloppy: sloppy.map((s) => s.id),
      vetoed: vetoed!.id,
      ...efficiency,
      returned: returned!.id,
      commended: commended.map((s) => s.id),
      criticised: criticised.map((s) => s.id),
      ...(newcomer ? { newcomer: newcomer.id } : {}),
      ...(annulledCase ? { annulledCase } : {}),
      punctual: staff.filter((s) => s.habit === 'punctual' && s !== vetoed && s !== returned && s !== newcomer).map((s) => s.id),
    },
  };
}

/**
 * Cases of the approval system (办件) and tickets of the queueing system (叫号), from their own random
 * stream so the rest of the plan is what it was before cases existed. Every review is of a case that was
 * accepted and completed on the spot (即办件) and called from the queue; some cases are not reviewed
 * (more at one window: low 参评率); each staff member takes a promised case (承诺件) now and then, the
 * sloppy finish some late (超期), one is paused over a weekend (特别程序); one window's queue is slow.
 */
function simulateEfficiency(x: {
  seed: number;
  staff: DemoStaff[];
  windows: DemoWindow[];
  workdays: string[];
  days: DayPlan[];
  dayAt: (date: string) => DayPlan;
  iso: (date: string, time: string) => string;
  compact: (date: string) => string;
  sloppy: DemoStaff[];
  active: (s: DemoStaff, date: string) => boolean;
  onLeave: Map<string, Map<string, 'full' | 'pm'>>;
  last: string;
}): Pick<DemoStory, 'longWaitWindow' | 'lowParticipationWindow' | 'overdueStaff'> {
  const r = rng((x.seed ^ 0x6a09e667) >>> 0);
  const staffById = new Map(x.staff.map((s) => [s.id, s]));
  // Busy windows of two different departments: the queue of one is slow, the other rarely gets evaluated.
  const longWaitWindow = x.windows[2]!.id; // 办税服务窗口
  const lowParticipationWindow = x.windows[8]!.id; // 不动产登记窗口
  const clock = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;
  const minuteOf = (isoTime: string) => Number(isoTime.slice(11, 13)) * 60 + Number(isoTime.slice(14, 16));
  const itemOf = (s: DemoStaff) => r.pick(CASE_ITEMS[s.departmentId] ?? ['综合事项']);
  let ticketSeq = 0;
  let caseSeq = 0;

  /** An immediate case served from the queue, completed `service` minutes after it was called. */
  const servedCase = (s: DemoStaff, date: string, calledMin: number, caseId: string) => {
    const day = x.dayAt(date);
    const slow = s.windowId === longWaitWindow;
    const wait = slow ? r.int(12, 58) : r.weighted([[r.int(1, 8), 6], [r.int(9, 20), 3], [r.int(21, 35), 1]] as const);
    const service = r.int(4, 18);
    const called = Math.max(9 * 60, calledMin);
    const done = Math.min(called + service, 17 * 60 + 50);
    const issued = Math.max(8 * 60 + 30, called - wait);
    day.events.approval.push(
      { id: `${caseId}-sl`, type: 'case.accepted', occurredAt: x.iso(date, clock(called)), caseId, staffId: s.id, item: itemOf(s), limit: { kind: 'immediate' } },
      { id: `${caseId}-bj`, type: 'case.completed', occurredAt: x.iso(date, clock(done)), caseId, result: 'approved' },
    );
    const ticketId = `${x.compact(date)}-${s.windowId}-${String(++ticketSeq).padStart(5, '0')}`;
    day.events.queue.push({
      id: `jh-${ticketId}`,
      type: 'queue.ticket',
      occurredAt: x.iso(date, clock(done)),
      ticketId,
      staffId: s.id,
      windowId: s.windowId,
      issuedAt: x.iso(date, clock(issued)),
      calledAt: x.iso(date, clock(called)),
      finishedAt: x.iso(date, clock(done)),
      outcome: 'served',
    });
  };

  // Every review's case, from the queue.
  for (const day of x.days) {
    for (const e of day.events.evaluation) {
      if (e.type !== 'evaluation.submitted') continue;
      const s = staffById.get(e.staffId as string)!;
      servedCase(s, day.date, minuteOf(e.occurredAt) - r.int(6, 20), e.caseId as string);
    }
  }
  // Cases nobody reviewed, and no-shows.
  for (const date of x.workdays) {
    const day = x.dayAt(date);
    for (const s of x.staff) {
      if (!x.active(s, date) || x.onLeave.get(s.id)?.get(date) === 'full') continue;
      const unreviewed = r.poisson(s.windowId === lowParticipationWindow ? 0.9 : 0.12);
      for (let i = 0; i < unreviewed; i++) servedCase(s, date, r.int(9 * 60 + 10, 16 * 60 + 30), `BJ${x.compact(date)}${String(++caseSeq).padStart(5, '0')}`);
      if (r.chance(0.06)) {
        const ticketId = `${x.compact(date)}-${s.windowId}-${String(++ticketSeq).padStart(5, '0')}`;
        const issued = r.int(9 * 60, 15 * 60);
        day.events.queue.push({
          id: `jh-${ticketId}`,
          type: 'queue.ticket',
          occurredAt: x.iso(date, clock(issued + 40)),
          ticketId,
          staffId: s.id,
          windowId: s.windowId,
          issuedAt: x.iso(date, clock(issued)),
          calledAt: x.iso(date, clock(issued + 40)),
          outcome: 'no-show',
        });
      }
    }
  }
  // Promised cases (承诺件): about one a week each; the sloppy finish some late.
  const sloppy = new Set(x.sloppy.map((s) => s.id));
  const overdue = new Set<string>();
  const promisedOn = x.workdays.filter((_, i) => i % 5 === 2);
  let paused = false;
  for (const date of promisedOn) {
    for (const s of x.staff) {
      if (!x.active(s, date) || x.onLeave.get(s.id)?.get(date) === 'full' || !r.chance(0.8)) continue;
      const caseId = `CN${x.compact(date)}${String(++caseSeq).padStart(5, '0')}`;
      const workdays = r.pick([3, 5, 5, 7]);
      const idx = x.workdays.indexOf(date);
      // Each sloppy staff member's first promised case is late, later ones one in four.
      const late = sloppy.has(s.id) && (!overdue.has(s.id) || r.chance(0.25));
      const pause = !paused && x.workdays[idx + 1] !== undefined && isoWeekday(date) === 4;
      const events = x.dayAt(date).events.approval;
      events.push({ id: `${caseId}-sl`, type: 'case.accepted', occurredAt: x.iso(date, clock(r.int(9 * 60 + 10, 16 * 60))), caseId, staffId: s.id, item: itemOf(s), limit: { kind: 'promised', workdays, legalWorkdays: workdays * 4 } });
      let extra = 0;
      if (pause) {
        // 特别程序 over a weekend: paused Friday, resumed Monday afternoon (Friday and Monday do not count).
        paused = true;
        const fri = x.workdays[idx + 1]!;
        const mon = x.workdays[idx + 2] ?? fri;
        x.dayAt(fri).events.approval.push({ id: `${caseId}-zt`, type: 'case.suspended', occurredAt: x.iso(fri, '10:30:00'), caseId, reason: '需现场核查，启动特别程序' });
        x.dayAt(mon).events.approval.push({ id: `${caseId}-hf`, type: 'case.resumed', occurredAt: x.iso(mon, '15:00:00'), caseId });
        extra = 2;
      }
      const finish = late ? workdays + extra + r.int(1, 2) : r.int(1, workdays + extra);
      const on = x.workdays[idx + finish];
      if (!on || on > x.last) continue; // still open at the period's end
      if (late) overdue.add(s.id);
      x.dayAt(on).events.approval.push({ id: `${caseId}-bj`, type: 'case.completed', occurredAt: x.iso(on, clock(r.int(9 * 60 + 30, 16 * 60 + 50))), caseId, result: r.chance(0.95) ? 'approved' : 'rejected' });
    }
  }
  return { longWaitWindow, lowParticipationWindow, overdueStaff: [...overdue].sort() };
}

/** Counts of what a plan sends, by kind (for the summary and the tests). */
export function planTotals(plan: DemoPlan): Record<string, number> {
  const t: Record<string, number> = { punchesDevice: 0, punchesApp: 0 };
  for (const d of plan.days) {
    for (const lines of Object.values(d.attlog)) t.punchesDevice! += lines.length;
    for (const list of Object.values(d.events)) {
      for (const e of list) {
        if (e.type === 'attendance.punch') t.punchesApp! += 1;
        else t[e.type] = (t[e.type] ?? 0) + 1;
      }
    }
  }
  return t;
}
