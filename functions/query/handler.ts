/** Sheets and rankings (CONTRACT.md §7), and the health check. */
import { adminRoute } from '../../shared/http/admin-route.js';
import { apiHandler, json } from '../../shared/http/api.js';
import { Id } from '../../shared/domain/ids.js';
import { badRequest } from '../../shared/http/errors.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { parseId } from '../../shared/services/master-data.js';
import { calendarHealth } from '../../shared/services/calendars.js';
import { parsePeriod, periodSheets, rankings, staffSheet, withoutItems } from '../../shared/services/query.js';

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  const admin = adminRoute(deps);
  return apiHandler({
    // Unauthenticated: coverage and warnings say nothing about the hall's people.
    'GET /health': async () => {
      const d = await deps();
      return json(200, { status: 'ok', ...(await calendarHealth(d.store, d.clock.now(), d.tz)) });
    },
    'GET /v1/sheets/{period}/staff/{staffId}': admin(async (d, req) => {
      const period = parsePeriod(req.path.period);
      return json(200, await staffSheet(d.store, d.tz, period, parseId(req.path.staffId, 'staffId')));
    }),
    'GET /v1/sheets/{period}': admin(async (d, req) => {
      const period = parsePeriod(req.path.period);
      const departmentId = req.query.departmentId;
      if (departmentId !== undefined && !Id.safeParse(departmentId).success) {
        throw badRequest('invalid departmentId', [{ path: 'departmentId', message: 'must match [A-Za-z0-9._:-]{1,128}' }]);
      }
      const sheets = await periodSheets(d.store, d.tz, period, { departmentId });
      return json(200, { period, sheets: sheets.map(withoutItems) });
    }),
    'GET /v1/rankings/{period}': admin(async (d, req) => {
      const period = parsePeriod(req.path.period);
      const hallId = req.query.hallId ?? 'main';
      if (!Id.safeParse(hallId).success) throw badRequest('invalid hallId', [{ path: 'hallId', message: 'must match [A-Za-z0-9._:-]{1,128}' }]);
      return json(200, await rankings(d.store, d.tz, period, hallId));
    }),
  });
}

export const handler = createHandler(awsDeps());
