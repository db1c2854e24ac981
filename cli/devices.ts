/**
 * `hallscore devices [pending|registered]`: the attendance devices (考勤机) for hall staff, in Chinese —
 * which are registered, which wait for registration, which went silent while staff are on duty.
 */
import type { HallscoreClient } from './client.js';
import { UsageError } from './commands.js';
import { table } from './table.js';

interface DeviceRow {
  sn: string;
  sourceId?: string;
  status: 'registered' | 'pending';
  firstSeen: string;
  lastSeen: string;
  lastAttlogAt?: string;
  userAgent?: string;
  info?: { firmware?: string; users?: number; fingerprints?: number; attlogs?: number; ip?: string };
  lines: { stored: number; duplicate: number; unmatched: number; rejected: number };
  stale: boolean;
}

const wall = (at?: string) => (at ? at.replace('T', ' ').replace(/([+-]\d{2}:\d{2}|Z)$/, '') : '—');
const n = (v?: number) => (v === undefined ? '—' : String(v));

export async function devicesCmd(api: HallscoreClient, io: { out: (l: string) => void }, o: { json: boolean }, args: string[]): Promise<number> {
  const status = args[0];
  if (args.length > 1 || (status !== undefined && status !== 'pending' && status !== 'registered')) {
    throw new UsageError(`devices takes at most one argument, pending or registered (got ${JSON.stringify(args.join(' '))})`);
  }
  const r = await api.get<{ devices: DeviceRow[] }>(`/v1/devices${status ? `?status=${status}` : ''}`);
  if (o.json) {
    io.out(JSON.stringify(r, null, 2));
    return 0;
  }
  if (r.devices.length === 0) {
    io.out(status === 'pending' ? '没有待登记的考勤机' : '还没有考勤机连接过本系统');
    return 0;
  }
  const rows = r.devices.map((d) => [
    d.sn,
    d.sourceId ?? '—',
    d.status === 'registered' ? '已登记' : '待登记',
    d.stale ? '离线告警' : '正常',
    wall(d.lastSeen),
    wall(d.lastAttlogAt),
    d.info?.firmware ?? '—',
    `${n(d.info?.users)}/${n(d.info?.fingerprints)}/${n(d.info?.attlogs)}`,
    d.info?.ip ?? '—',
    `${d.lines.stored}/${d.lines.duplicate}/${d.lines.unmatched}/${d.lines.rejected}`,
  ]);
  for (const l of table(['序列号', '数据来源', '状态', '在线', '最后通讯', '最后上传考勤', '固件', '人员/指纹/记录', '设备IP', '入库/重复/未匹配/拒收'], rows)) io.out(l);
  const registered = r.devices.filter((d) => d.status === 'registered').length;
  const pending = r.devices.length - registered;
  const stale = r.devices.filter((d) => d.stale);
  io.out(`共 ${r.devices.length} 台考勤机：已登记 ${registered} 台，待登记 ${pending} 台，离线告警 ${stale.length} 台`);
  if (stale.length > 0) {
    io.out(`离线告警：${stale.map((d) => d.sn).join('、')} 已超过 30 分钟未与系统通讯，而其打卡人员正在上班时段，请检查设备电源和网络`);
  }
  if (pending > 0) {
    io.out('待登记的考勤机：其上传的考勤记录已暂存（每台最多 10,000 条），尚未计分；登记为数据来源（deviceSn 填序列号，例如 hallscore import sources 文件）后自动入库，重复记录只计一次');
  }
  return 0;
}
