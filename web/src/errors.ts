/**
 * What the console says when the API refuses a request: in Chinese, from the error code (CONTRACT.md §2)
 * or the status, never the API's English message (kept as `detail` for support). Field errors keep
 * their path and get a Chinese reason for the messages the API writes; anything else reads 不符合要求.
 */

const BY_CODE: Record<string, string> = {
  'validation-failed': '提交的内容不符合要求，未保存任何数据',
  'invalid-json': '提交的内容不是有效的 JSON',
  'unknown-staff': '有工作人员在人员名单中不存在，未保存任何数据',
  'unknown-reference': '引用的部门、窗口或班次不存在',
  'unknown-shift': '该人员的班次不存在，请先维护班次',
  'unknown-calendar': '引用的日历不存在',
  'invalid-notice': '放假通知无法识别',
  'calendar-not-covered': '节假日日历尚未包含该年份，请先在“节假日日历”中添加',
  unauthorized: '未登录或密钥无效，请重新输入密钥',
  forbidden: '当前密钥无权执行此操作',
  'not-found': '未找到对应的数据',
  conflict: '与现有数据冲突',
  'period-not-ended': '考核期尚未结束，不能结账',
  'period-not-closed': '考核期尚未结账',
  'close-in-progress': '该考核期正在结账，请稍后再试',
  'redrive-in-progress': '上一次重新投递仍在进行，请稍后再试',
  'redrive-unavailable': '暂时无法重新投递，请稍后再试',
  'bus-unavailable': '数据已保存，但暂时无法转发，请稍后重试同一操作',
  'payload-too-large': '提交的内容过大',
  'unsupported-media-type': '提交的内容格式不受支持',
  'service-unavailable': '服务繁忙，请稍后重试',
  internal: '服务内部错误，请稍后重试',
  network: '无法连接服务，请检查网络后重试',
};

const BY_STATUS: [number, string][] = [
  [400, '提交的内容不符合要求'],
  [401, '未登录或密钥无效，请重新输入密钥'],
  [403, '当前密钥无权执行此操作'],
  [404, '未找到对应的数据'],
  [409, '与当前状态冲突，请刷新后再试'],
  [413, '提交的内容过大'],
  [422, '无法处理该请求'],
  [429, '请求过于频繁，请稍后再试'],
];

/** The console's sentence for an API error. */
export function zhError(status: number, code: string): string {
  return BY_CODE[code] ?? BY_STATUS.find(([s]) => s === status)?.[1] ?? (status >= 500 ? '服务暂时不可用，请稍后重试' : '操作未成功');
}

const KINDS: Record<string, string> = { staff: '工作人员', shift: '班次', department: '部门', window: '窗口', calendar: '日历', hall: '大厅' };

/** Chinese for the field messages the API writes (its own texts and zod's); the rest reads 不符合要求. */
const FIELD_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown (staff|shift|department|window|calendar|hall) (\S+)/, (m) => `${KINDS[m[1]!]} ${m[2]} 不存在`],
  [/^no staff member has pin (\S+)/, (m) => `没有工号（PIN）为 ${m[1]} 的人员`],
  [/the notice is for (\d+), not (\d+)/, (m) => `通知年份为 ${m[1]}，与所选年份 ${m[2]} 不符`],
  [/a rule line needs "names：description"/, () => '放假安排行应写作“节日：说明”（如 一、元旦：1月1日放假）'],
  [/the text names no day/, () => '通知中没有任何日期：请粘贴通知全文（从“一、元旦：……”到最后一个节日）'],
  [/^must be one of (.+)$/, (m) => `须为以下之一：${m[1]}`],
  [/^must be YYYY-MM-DD/, () => '应为 YYYY-MM-DD 格式的日期'],
  [/^must be a year YYYY/, () => '应为四位年份'],
  [/^(from must be before to|start must be before end)/, () => '开始须早于结束'],
  [/is more than 5 minutes in the future/, () => '时间晚于当前时间 5 分钟以上'],
  [/is listed twice/, () => '日期重复'],
  [/^must match /, () => '格式不正确（字母、数字及 . _ : -，最长 128 位）'],
  [/^thresholds must satisfy/, () => '等次分数线须满足 优秀 ≥ 良好 ≥ 合格'],
  [/^sessions must be ordered/, () => '时段须按顺序排列且不得重叠'],
  [/^staffId or pin is required/, () => '须填写人员编号或工号（PIN）'],
  [/^is required|^Required$|received undefined$/, () => '必填'],
  [/^Invalid input: expected (\w+)/, (m) => `类型不正确（应为${TYPES[m[1]!] ?? m[1]}）`],
  [/^Invalid (email|url)/i, (m) => (m[1]!.toLowerCase() === 'email' ? '邮箱格式不正确' : '网址格式不正确')],
  [/^Too small/, () => '数值或长度低于下限'],
  [/^Too big/, () => '数值或长度超出上限'],
  [/^Unrecognized key/, () => '包含不认识的字段'],
];
const TYPES: Record<string, string> = { string: '文本', number: '数字', boolean: '是/否', array: '列表', object: '对象', int: '整数' };

export function zhFieldMessage(message: string): string {
  for (const [re, zh] of FIELD_RULES) {
    const m = re.exec(message);
    if (m) return zh(m);
  }
  return '不符合要求';
}

/**
 * A refused request. `message` is the console's Chinese sentence for it (zhError), `detail` the API's
 * own (English) message; each field error's `message` is Chinese too, `raw` the API's.
 */
export class ApiError extends Error {
  readonly errors: { path: string; message: string; raw: string }[];
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    errors: { path: string; message: string }[] = [],
  ) {
    super(zhError(status, code));
    this.errors = errors.map((e) => ({ path: e.path, message: zhFieldMessage(e.message), raw: e.message }));
  }
}
