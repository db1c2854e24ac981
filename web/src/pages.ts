/**
 * Every page of the console: path, menu title, the roles that see it, and whether it is laid out for
 * a 390-px phone. Adding a page is one line here plus its component.
 */
import type { Component } from 'vue';
import type { Role } from './api';
import Today from './pages/Today.vue';
import Sheets from './pages/Sheets.vue';
import SheetDetail from './pages/SheetDetail.vue';
import Rankings from './pages/Rankings.vue';
import Complaints from './pages/Complaints.vue';
import Patrol from './pages/Patrol.vue';
import Commendation from './pages/Commendation.vue';
import Leave from './pages/Leave.vue';
import MasterData from './pages/MasterData.vue';
import Unmatched from './pages/Unmatched.vue';
import Rules from './pages/Rules.vue';
import Periods from './pages/Periods.vue';
import DeadLetters from './pages/DeadLetters.vue';
import Keys from './pages/Keys.vue';
import ApiDoc from './pages/ApiDoc.vue';
import Calendars from './pages/Calendars.vue';
import Devices from './pages/Devices.vue';
import BadReviews from './pages/BadReviews.vue';
import Publication from './pages/Publication.vue';

export interface PageDef {
  path: string;
  title: string;
  roles: Role[];
  component: Component;
  /** Shown in the menu (detail pages are reached from lists). */
  menu?: boolean;
  props?: Record<string, unknown>;
}

const A: Role[] = ['admin'];
export const PAGES: PageDef[] = [
  { path: '/today', title: '今日考勤', roles: ['admin', 'inspector'], component: Today, menu: true },
  { path: '/sheets', title: '考核表', roles: ['admin', 'department'], component: Sheets, menu: true },
  { path: '/sheet', title: '考核表详情', roles: ['admin', 'department'], component: SheetDetail },
  { path: '/rankings', title: '排名与流动红旗', roles: ['admin', 'department'], component: Rankings, menu: true },
  { path: '/complaints', title: '投诉待裁定', roles: A, component: Complaints, menu: true },
  { path: '/bad-reviews', title: '差评整改', roles: A, component: BadReviews, menu: true },
  { path: '/patrol', title: '巡查记录', roles: ['admin', 'inspector'], component: Patrol, menu: true },
  { path: '/commendation', title: '表扬记录', roles: ['admin', 'inspector'], component: Commendation, menu: true },
  { path: '/leave', title: '请假与离岗报备', roles: A, component: Leave, menu: true },
  { path: '/master', title: '基础数据', roles: A, component: MasterData, menu: true },
  { path: '/devices', title: '考勤设备', roles: A, component: Devices, menu: true },
  { path: '/unmatched', title: '未匹配打卡', roles: A, component: Unmatched, menu: true },
  { path: '/rules', title: '考核规则', roles: A, component: Rules, menu: true },
  { path: '/calendars', title: '节假日日历', roles: A, component: Calendars, menu: true },
  { path: '/periods', title: '考核周期与邮件', roles: ['admin', 'department'], component: Periods, menu: true },
  { path: '/publication', title: '发布审核', roles: A, component: Publication, menu: true },
  { path: '/dead-letters', title: '死信队列', roles: A, component: DeadLetters, menu: true },
  { path: '/keys', title: '访问密钥', roles: A, component: Keys, menu: true },
  { path: '/api', title: '接口文档', roles: ['admin', 'inspector', 'department'], component: ApiDoc, menu: true },
];

export const HOME: Record<Role, string> = { admin: '/today', inspector: '/patrol', department: '/sheets', screen: '/today' };
