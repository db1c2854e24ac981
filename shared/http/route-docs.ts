/**
 * What /openapi.json says about each route of shared/http/routes.ts, keyed by routeKey. A route added
 * to the table needs an entry here: tests/unit/openapi.test.ts fails until it has one. `body` must be
 * the very schema the handler parses with, and `example` a body the handler accepts (the e2e test
 * posts it, and a few bodies the schema refuses, and checks that the handler agrees with the schema).
 */
import * as z from 'zod';
import { HallCalendarBody } from '../domain/calendar-data.js';
import { KeyInput } from '../domain/keys.js';
import { MASTER_SCHEMAS } from '../domain/masterdata.js';
import { RuleSetBody } from '../domain/rules.js';
import {
  Accepted,
  BadReviewsResponse,
  CreatedKey,
  DeviceList,
  EventsBody,
  KeyList,
  CloseResponse,
  MailList,
  PublicationPreview,
  PublishResponse,
  RankingResponse,
  ScreenResponse,
  SheetEvents,
  SheetResponse,
  TodayResponse,
} from './schemas.js';

export interface RouteDoc {
  summary: string;
  /** Request body schema (the handler's own); omit for routes without a body. */
  body?: z.ZodType;
  /** A body the handler accepts against the e2e test's seeded hall (see tests/e2e/openapi.test.ts). */
  example?: unknown;
  query?: Record<string, { description: string; required?: boolean }>;
  response?: z.ZodType;
  /** Status of success when not 200. */
  status?: number;
  /** Non-JSON answers (downloads, the device protocol). */
  contentType?: string;
  tag: string;
}

const masterExamples: Record<keyof typeof MASTER_SCHEMAS, unknown> = {
  departments: { name: '税务局', emails: ['tax@example.gov.cn'] },
  shifts: { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] },
  windows: { name: '1号窗口' },
  staff: { name: '张三', departmentId: 'example', windowId: 'example', shiftId: 'example', since: '2026-01-01' },
  sources: { kind: 'evaluation', key: 'example-source-key-0123' },
};
const masterNames: Record<keyof typeof MASTER_SCHEMAS, string> = {
  departments: '派驻部门',
  shifts: '班次',
  windows: '窗口',
  staff: '窗口工作人员',
  sources: '数据来源',
};

const iclock = (summary: string): RouteDoc => ({ summary, tag: 'devices', contentType: 'text/plain' });

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /health': { summary: 'Readiness', tag: 'ops' },
  'GET /openapi.json': { summary: 'This document', tag: 'ops' },
  'POST /v1/events': {
    summary: 'Post one event or a batch {events: [...]} (all or nothing)',
    tag: 'events',
    body: EventsBody,
    example: { id: 'openapi-example-1', type: 'commendation.recorded', occurredAt: '2026-09-08T10:00:00+08:00', staffId: 'example', kind: 'letter' },
    response: Accepted,
    status: 202,
  },
  ...Object.fromEntries(
    (Object.keys(MASTER_SCHEMAS) as (keyof typeof MASTER_SCHEMAS)[]).flatMap((k) => [
      [`PUT /v1/${k}/{id}`, { summary: `Create or replace a ${k} record (${masterNames[k]})`, tag: 'master data', body: MASTER_SCHEMAS[k], example: masterExamples[k] }],
      [`GET /v1/${k}/{id}`, { summary: `Read a ${k} record`, tag: 'master data' }],
      [`GET /v1/${k}`, { summary: `List ${k}`, tag: 'master data' }],
    ]),
  ),
  'GET /v1/calendars': { summary: 'Every calendar with its coverage (cn-statutory, mon-fri, hall calendars)', tag: 'calendars' },
  'GET /v1/calendars/{id}': { summary: 'One calendar: coverage, years (cn-statutory) or days (a hall calendar)', tag: 'calendars' },
  'PUT /v1/calendars/{id}': {
    summary: 'Create or replace a hall calendar (local holidays over a base)',
    tag: 'calendars',
    body: HallCalendarBody,
    example: { name: '地方假日', base: 'cn-statutory', days: [{ date: '2026-04-20', isOffDay: true, name: '三月三' }] },
  },
  'GET /v1/calendars/cn-statutory/years/{year}': { summary: "One year's cn-statutory days (the hall's, else the package's)", tag: 'calendars' },
  // The body is holiday-cn JSON or the State Council notice as text/plain (CONTRACT.md §8), told apart by content type.
  'PUT /v1/calendars/cn-statutory/years/{year}': {
    summary: "Give one year's cn-statutory days: holiday-cn JSON, or the State Council notice pasted as text/plain",
    tag: 'calendars',
    query: { dryRun: { description: 'true: parse and validate, store nothing' } },
  },
  'DELETE /v1/calendars/cn-statutory/years/{year}': { summary: "Drop the hall's data for a year (the package's applies again)", tag: 'calendars', status: 204 },
  'PUT /v1/rules': { summary: 'Replace the rule set (a new version)', tag: 'rules', body: RuleSetBody, example: { base: 100 } },
  'GET /v1/rules': { summary: 'The current rule set', tag: 'rules' },
  'GET /v1/unmatched-punches': {
    summary: 'Punches with unknown PINs and rejected device lines, paged together',
    tag: 'devices',
    query: { limit: { description: 'at most this many of each list, 1–1000 (default 1000)' }, cursor: { description: 'nextCursor of the previous page' } },
  },
  'GET /v1/dead-letters': { summary: 'Messages a consumer gave up on', tag: 'ops' },
  'POST /v1/dead-letters/redrive': { summary: 'Send every dead letter back to its consumer', tag: 'ops' },
  'POST /v1/replay/{period}': { summary: 'Refold a period from its events', tag: 'periods' },
  'POST /v1/close/day/{date}': { summary: 'Close a day (attendance findings appear)', tag: 'periods' },
  'POST /v1/close/{period}': {
    summary: 'Close (or revise) a month, quarter, half year (YYYY-H1|H2) or year (YYYY) and mail departments (held under publication review)',
    tag: 'periods',
    query: { revise: { description: '"true": rescore with the events that came after close and publish version + 1' } },
    response: CloseResponse,
  },
  'GET /v1/close/{period}/preview': {
    summary: "Each department's mail of the period's latest version, rendered as it will be sent (publication review)",
    tag: 'periods',
    response: PublicationPreview,
  },
  'POST /v1/publish/{period}': {
    summary: 'Send the held mails of a closed period and publish assessment.published, once (publication review)',
    tag: 'periods',
    response: PublishResponse,
  },
  'GET /v1/sheets/{period}/staff/{staffId}': { summary: "One staff member's sheet, with items and their source events", tag: 'results', response: SheetResponse },
  'GET /v1/sheets/{period}/staff/{staffId}/events': {
    summary: "The stored events of a staff member's period (the sources of the sheet's items: item refs are their ids)",
    tag: 'results',
    response: SheetEvents,
  },
  'GET /v1/sheets/{period}': {
    summary: 'All sheets of a period (without items)',
    tag: 'results',
    query: { departmentId: { description: 'only this department (a department key is limited to its own)' } },
  },
  'GET /v1/rankings/{period}': {
    summary: 'Staff and window rankings and the red flag (流动红旗)',
    tag: 'results',
    query: { hallId: { description: 'hall, default main' } },
    response: RankingResponse,
  },
  'GET /v1/bad-reviews': {
    summary: 'Bad reviews (差评) submitted in a month and their rectification, return visit and appeal',
    tag: 'results',
    query: {
      period: { description: 'YYYY-MM', required: true },
      departmentId: { description: 'only this department' },
      status: { description: 'open | overdue | rectified | annulled | appealed (conditions; they may overlap)' },
    },
    response: BadReviewsResponse,
  },
  'GET /v1/today': {
    summary: "Today's attendance, live",
    tag: 'results',
    query: { hallId: { description: 'hall, default main' }, date: { description: 'YYYY-MM-DD, default today' } },
    response: TodayResponse,
  },
  'GET /v1/screen/{hallId}': { summary: 'What the hall screen (大屏) shows; no personal data', tag: 'results', response: ScreenResponse },
  'GET /v1/mails/{period}': { summary: 'Mails of a period and their status', tag: 'periods', response: MailList },
  'GET /v1/mails/{period}/{departmentId}/{file}': {
    summary: 'Download one mail: {version}.eml (message/rfc822) or {version}.xlsx (its workbook)',
    tag: 'periods',
    contentType: 'application/octet-stream',
  },
  'POST /v1/keys': {
    summary: 'Create a key with a role (shown once)',
    tag: 'keys',
    body: KeyInput,
    example: { name: '大厅巡查', role: 'inspector' },
    response: CreatedKey,
    status: 201,
  },
  'GET /v1/keys': { summary: 'List keys (never the secrets)', tag: 'keys', response: KeyList },
  'DELETE /v1/keys/{id}': { summary: 'Delete a key; it stops working at once', tag: 'keys', status: 204 },
  'ANY /iclock': iclock('Device protocol root: answered OK'),
  'ANY /iclock/{proxy+}': {
    ...iclock(
      'ZKTeco push protocol, any path and method: handshake (GET cdata?options=all), ATTLOG upload (POST cdata?table=ATTLOG → OK:<n>), ' +
        'command poll (getrequest, INFO=…), everything else OK — always 200 text/plain except no SN (400) and refusals (403)',
    ),
    query: {
      SN: { description: 'device serial number', required: true },
      table: { description: 'ATTLOG (processed); OPERLOG, ATTPHOTO, BIODATA, options… (acknowledged)' },
      options: { description: 'all: the handshake' },
      INFO: { description: 'getrequest: firmware,users,fingerprints,attlogs,ip,…' },
      pushcommkey: { description: 'the device communication key (required when the source has a commKey)' },
    },
  },
  'GET /v1/devices': {
    summary: 'Attendance devices, registered and pending: seen times, INFO, line counters, stale',
    tag: 'devices',
    query: { status: { description: 'pending or registered' } },
    response: DeviceList,
  },
};
