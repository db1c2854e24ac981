/** Chinese labels of the API's codes (the API stays English). */
export const STATUS: Record<string, string> = {
  upcoming: '未开始',
  'in-progress': '在岗',
  'on-time': '正常',
  late: '迟到',
  'early-leave': '早退',
  'missing-punch': '缺卡',
  absent: '旷工',
  excused: '请假',
};
export const STATUS_TYPE: Record<string, 'success' | 'warning' | 'danger' | 'info' | 'primary'> = {
  upcoming: 'info',
  'in-progress': 'primary',
  'on-time': 'success',
  late: 'warning',
  'early-leave': 'warning',
  'missing-punch': 'warning',
  absent: 'danger',
  excused: 'info',
};
export const GRADE: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
export const ITEM: Record<string, string> = {
  late: '迟到',
  'early-leave': '早退',
  'missing-punch': '缺卡',
  absent: '旷工',
  'bad-review': '差评',
  complaint: '有效投诉',
  inspection: '巡查发现',
  criticism: '通报批评',
  commendation: '表扬',
  'satisfaction-bonus': '满意度加分',
  'low-participation': '评价参与率低',
  'overdue-case': '办件超期',
  'rectification-overdue': '差评逾期未整改',
  'long-wait': '等候超时',
  custom: '其他',
};
export const EVENT: Record<string, string> = {
  'attendance.punch': '打卡',
  'attendance.leave': '请假',
  'attendance.away': '离岗报备',
  'evaluation.submitted': '好差评',
  'evaluation.annulled': '差评作废',
  'complaint.filed': '投诉登记',
  'complaint.resolved': '投诉裁定',
  'inspection.recorded': '巡查记录',
  'criticism.notified': '通报批评',
  'commendation.recorded': '表扬记录',
  'evaluation.rectified': '差评整改',
  'evaluation.revisited': '差评回访',
  'evaluation.appealed': '差评申诉',
  'event.voided': '事件作废',
  'case.accepted': '办件受理',
  'case.suspended': '办件中止',
  'case.resumed': '办件恢复',
  'case.completed': '办件办结',
  'queue.ticket': '叫号',
  'rating.recorded': '综合评价',
};
export const INSPECTION_ITEM: Record<string, string> = {
  'absent-from-post': '脱岗离岗',
  dress: '着装不规范',
  badge: '未佩戴工牌',
  desk: '桌面不整洁',
  phone: '玩手机',
  conduct: '言行不当',
  language: '服务用语不规范',
  'window-vacant': '窗口空岗',
  'away-unreported': '离岗未报备',
};
export const COMMENDATION_KIND: Record<string, string> = { banner: '锦旗', letter: '表扬信', media: '媒体表扬', award: '获奖' };
export const LEAVE_KIND: Record<string, string> = { personal: '事假', sick: '病假', annual: '年休假', business: '公差', training: '培训', other: '其他' };
export const COMPLAINT_CATEGORY: Record<string, string> = { attitude: '服务态度', discipline: '工作纪律', integrity: '廉洁问题', efficiency: '办事效率', other: '其他' };
export const ROLE: Record<string, string> = { admin: '管理员', inspector: '巡查员', department: '派驻部门', screen: '大屏' };
export const MAIL_STATUS: Record<string, string> = { sent: '已发送', pending: '待发送', failed: '发送失败', held: '暂缓发布' };
export const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
export const hm = (iso?: string): string => (iso ? iso.slice(11, 16) : '—');
export const REVIEW_STATUS: Record<string, string> = { open: '待整改', overdue: '逾期未整改', rectified: '已整改', annulled: '已作废', appealed: '申诉中' };
export const REVIEW_STATUS_TYPE: Record<string, 'success' | 'warning' | 'danger' | 'info'> = { open: 'warning', overdue: 'danger', rectified: 'success', annulled: 'info' };
export const DEVICE_STATUS: Record<string, string> = { registered: '已登记', pending: '待审批' };
export const CALENDAR_SOURCE: Record<string, string> = { package: '随软件发布', hall: '本大厅录入' };
/** '2026-12-07T10:15:00+08:00' → '2026-12-07 10:15'. */
export const dt = (iso?: string): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
