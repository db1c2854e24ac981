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
  rectification: '差评未整改',
};
export const EVENT: Record<string, string> = {
  'attendance.punch': '打卡',
  'attendance.leave': '请假',
  'attendance.away': '公务外出',
  'evaluation.submitted': '好差评',
  'evaluation.annulled': '差评作废',
  'complaint.filed': '投诉登记',
  'complaint.resolved': '投诉裁定',
  'inspection.recorded': '巡查记录',
  'criticism.notified': '通报批评',
  'commendation.recorded': '表扬记录',
};
export const INSPECTION_ITEM: Record<string, string> = {
  'absent-from-post': '脱岗离岗',
  dress: '着装不规范',
  badge: '未佩戴工牌',
  desk: '桌面不整洁',
  phone: '玩手机',
  conduct: '言行不当',
  language: '服务用语不规范',
};
export const COMMENDATION_KIND: Record<string, string> = { banner: '锦旗', letter: '表扬信', media: '媒体表扬', award: '获奖' };
export const LEAVE_KIND: Record<string, string> = { personal: '事假', sick: '病假', annual: '年休假', business: '公差', training: '培训', other: '其他' };
export const COMPLAINT_CATEGORY: Record<string, string> = { attitude: '服务态度', discipline: '工作纪律', integrity: '廉洁问题', efficiency: '办事效率', other: '其他' };
export const ROLE: Record<string, string> = { admin: '管理员', inspector: '巡查员', department: '派驻部门', screen: '大屏' };
export const MAIL_STATUS: Record<string, string> = { sent: '已发送', pending: '待发送', failed: '发送失败', held: '暂缓发布' };
export const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
export const hm = (iso?: string): string => (iso ? iso.slice(11, 16) : '—');
