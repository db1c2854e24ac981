/**
 * The notes of sheet items, in Simplified Chinese: a note is read by the hall office and the
 * departments (mail 说明 column, workbook 备注, console), never parsed by code — the item's `code`,
 * `refs` and `kind` carry the machine meaning (README, Decisions).
 */

/** '第1班次 09:00–12:00' */
export const sessionLabel = (index: number, start: string, end: string): string => `第${index}班次 ${start}–${end}`;

export const attendanceNote = {
  late: (arrived: string) => `${arrived}到岗`,
  earlyLeave: (left: string) => `${left}离岗`,
  noPunch: () => '无打卡记录',
  absentLate: (arrived: string, minutes: number) => `${arrived}到岗，晚于上班时间超过${minutes}分钟`,
  absentEarly: (left: string, minutes: number) => `${left}离岗，早于下班时间超过${minutes}分钟`,
  noArrival: (left: string) => `无到岗打卡（${left}离岗）`,
  noDeparture: (arrived: string) => `无离岗打卡（${arrived}到岗）`,
};

/** Several reasons of one item. */
export const joinReasons = (reasons: string[]): string => reasons.join('；');

/** '第1班次 09:00–12:00：08:53:14到岗' */
export const withSession = (session: string, note: string): string => `${session}：${note}`;

const LEVELS: Record<number, string> = { 1: '非常不满意', 2: '不满意', 3: '基本满意', 4: '满意', 5: '非常满意' };
export const badReviewNote = (level: number, caseId: string): string => `${LEVELS[level] ?? `${level}级`}评价，办件编号 ${caseId}`;

export const COMPLAINT_CATEGORY_ZH: Record<string, string> = {
  attitude: '服务态度',
  discipline: '工作纪律',
  integrity: '廉洁自律',
  efficiency: '办事效率',
  other: '其他',
};
const SEVERITY_ZH: Record<string, string> = { minor: '一般', serious: '严重' };

export const complaintNote = (category: string, severity: string, veto: boolean, caseId: string): string =>
  [COMPLAINT_CATEGORY_ZH[category] ?? category, SEVERITY_ZH[severity] ?? severity, ...(veto ? ['一票否决'] : []), `投诉编号 ${caseId}`].join('，');

export const INSPECTION_ITEM_ZH: Record<string, string> = {
  'absent-from-post': '脱岗',
  dress: '着装不规范',
  badge: '未佩戴工作牌',
  desk: '桌面不整洁',
  phone: '工作时间玩手机',
  conduct: '言行举止不当',
  language: '服务用语不规范',
  'window-vacant': '空岗',
  'away-unreported': '离岗超过20分钟未报备',
};

export const COMMENDATION_KIND_ZH: Record<string, string> = { banner: '锦旗', letter: '感谢信', media: '媒体表扬', award: '获奖' };

/** '着装不规范：未穿工装' (the inspector's own note, if any, after the finding). */
export const labelled = (labels: Record<string, string>, code: string, note?: string): string => {
  const label = labels[code] ?? code;
  return note ? `${label}：${note}` : label;
};

const CRITICISM_KIND_ZH: Record<string, string> = { superior: '上级机关通报', media: '媒体曝光' };
/** A criticism's note; one by a superior body or the media says so first. */
export const criticismNote = (kind: string, note: string): string => (CRITICISM_KIND_ZH[kind] ? `${CRITICISM_KIND_ZH[kind]}：${note}` : note);

export const satisfactionNote = (reviews: number, satisfied: number): string => `评价${reviews}次，满意${satisfied}次`;

/** '超出每月加分上限+5，计+1（应加+2）' */
export const cappedNote = (granted: string, wanted: string, cap: string): string => `超出每月加分上限${cap}，计${granted}（应加${wanted}）`;
