/**
 * Closing days and periods: over HTTP (admin) and from the schedules (EventBridge Scheduler on AWS,
 * the local scheduler in `npm start`), which invoke it with {"kind": "day" | "month" | "quarter" | "reconcile"}.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { adminRoute } from '../../shared/http/admin-route.js';
import { apiHandler, json, type ApiResponse } from '../../shared/http/api.js';
import { addMonths, localMonth, quarterOf } from '../../shared/domain/time.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { closeDay, daysToClose, reconcile, replayPeriod } from '../../shared/services/close-day.js';
import { closePeriod } from '../../shared/services/close-period.js';
import { parsePeriod } from '../../shared/services/query.js';
import { logger } from '../../shared/logger.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { sesMailer } from '../../shared/adapters/ses-mailer.js';
import { archiving, s3MailArchive } from '../../shared/adapters/s3-mail-archive.js';

export interface ScheduledInput {
  kind: 'day' | 'month' | 'quarter' | 'reconcile';
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
  });

  return middy<APIGatewayProxyEventV2 | ScheduledInput, ApiResponse | object, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(
    async (event, context) => {
      if (!isScheduled(event)) return api(event, context);
      const d = await deps();
      const now = d.clock.now();
      const log = (result: object) => logger.info(`scheduled ${event.kind}`, { ...result });
      switch (event.kind) {
        case 'day': {
          const results = [];
          for (const date of daysToClose(now, d.tz)) results.push(await closeDay(d, date, { scheduled: true }));
          log({ results });
          return { results };
        }
        case 'month': {
          const r = await closePeriod(d, addMonths(localMonth(now, d.tz), -1));
          log(r);
          return r;
        }
        case 'quarter': {
          const r = await closePeriod(d, quarterOf(addMonths(localMonth(now, d.tz), -1)));
          log(r);
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

export const handler = createHandler(awsDeps({ bus: eventBridgeBus, mailer: (cfg) => archiving(sesMailer(), s3MailArchive(cfg)) }));
