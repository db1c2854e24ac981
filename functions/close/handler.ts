/**
 * Closing days and periods: over HTTP (admin) and from the schedules (EventBridge Scheduler on AWS,
 * the local scheduler in `npm start`), which invoke it with {"kind": "day" | "month" | "quarter" | "half" | "year" | …};
 * and publication review (GET /v1/close/{period}/preview, POST /v1/publish/{period}).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { adminRoute } from '../../shared/http/admin-route.js';
import { apiHandler, json, type ApiResponse } from '../../shared/http/api.js';
import { addMonths, localMonth, quarterOf } from '../../shared/domain/time.js';
import { periodOf } from '../../shared/domain/periods.js';
import type { ScheduleKind } from '../../shared/schedules.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { closeDay, daysToClose, reconcile, replayPeriod } from '../../shared/services/close-day.js';
import { closePeriod } from '../../shared/services/close-period.js';
import { previewPublication, publishHeld } from '../../shared/services/publish.js';
import { parsePeriod } from '../../shared/services/query.js';
import { logger } from '../../shared/logger.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { logCalendarMetric, logStaleMetric } from '../../shared/metrics.js';
import { staleDevices } from '../../shared/services/devices.js';
import { calendarHealth } from '../../shared/services/calendars.js';

export interface ScheduledInput {
  kind: ScheduleKind;
  /** reconcile only: also refold open sheets from the store (local start-up after a crash). */
  refold?: boolean;
}

const isScheduled = (e: unknown): e is ScheduledInput =>
  typeof e === 'object' && e !== null && 'kind' in e && !('routeKey' in e);

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  const admin = adminRoute(deps);
  const api = apiHandler({
    'POST /v1/close/day/{date}': admin(async (d, req) => json(200, await closeDay(d, req.path.date ?? ''))),
    'POST /v1/replay/{period}': admin(async (d, req) => json(200, await replayPeriod(d, parsePeriod(req.path.period)))),
    'POST /v1/close/{period}': admin(async (d, req) => json(200, await closePeriod(d, parsePeriod(req.path.period), { revise: req.query.revise === 'true' }))),
    'GET /v1/close/{period}/preview': admin(async (d, req) => json(200, await previewPublication(d, parsePeriod(req.path.period)))),
    'POST /v1/publish/{period}': admin(async (d, req) => json(200, await publishHeld(d, parsePeriod(req.path.period)))),
  });

  return middy<APIGatewayProxyEventV2 | ScheduledInput, ApiResponse | object, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(
    async (event, context) => {
      if (!isScheduled(event)) return api(event, context);
      const d = await deps();
      const now = d.clock.now();
      const log = (result: object) => logger.info(`scheduled ${event.kind}`, { ...result });
      switch (event.kind) {
        case 'calendar': {
          // The daily calendar check (CONTRACT.md §8): the warning count as a metric, alarmed on AWS.
          const r = await calendarHealth(d.store, now, d.tz);
          logCalendarMetric(r.warnings.length, now);
          log(r);
          return r;
        }
        case 'day': {
          const results = [];
          for (const date of daysToClose(now, d.tz)) results.push(await closeDay(d, date, { scheduled: true }));
          log({ results });
          return { results };
        }
        case 'month': {
          // A schedule waits for a close of the same period already running (its quarter's, an operator's).
          const r = await closePeriod(d, addMonths(localMonth(now, d.tz), -1), { wait: true });
          log(r);
          return r;
        }
        case 'quarter': {
          const r = await closePeriod(d, quarterOf(addMonths(localMonth(now, d.tz), -1)), { wait: true });
          log(r);
          return r;
        }
        case 'half':
        case 'year': {
          // The period holding last month: at 02:00 on 1 July that is H1, on 1 January H2 (and the year).
          const r = await closePeriod(d, periodOf(addMonths(localMonth(now, d.tz), -1), event.kind), { wait: true });
          log(r);
          return r;
        }
        case 'devices': {
          const r = await staleDevices(d);
          logStaleMetric(r.stale.length);
          if (r.stale.length > 0) logger.warn('stale attendance devices', r);
          return r;
        }
        case 'reconcile': {
          const r = await reconcile(d, { refold: event.refold === true });
          log(r);
          return r;
        }
      }
    },
  );
}

// Mails are sent by the publish function; a close only queues them (and the reconcile sweep re-queues).
export const handler = createHandler(awsDeps({ bus: eventBridgeBus }));
