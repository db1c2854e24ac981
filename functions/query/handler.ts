/**
 * Sheets, rankings, today, the hall screen, mails (CONTRACT.md §7, §13), the health check and the
 * OpenAPI document. Roles come from the route table; department keys are scoped here.
 */
import { adminRoute } from '../../shared/http/admin-route.js';
import { apiHandler, json } from '../../shared/http/api.js';
import { Id } from '../../shared/domain/ids.js';
import type { Staff } from '../../shared/domain/masterdata.js';
import { badRequest, HttpError } from '../../shared/http/errors.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { departmentScope } from '../../shared/services/auth.js';
import { downloadMail, listMails, parseMailPeriod } from '../../shared/services/mails.js';
import { parseId } from '../../shared/services/master-data.js';
import { parsePeriod, periodSheets, rankings, staffSheet, withoutItems } from '../../shared/services/query.js';
import { screen } from '../../shared/services/screen.js';
import { parseTodayQuery, today } from '../../shared/services/today.js';
import { s3MailArchive } from '../../shared/adapters/s3-mail-archive.js';

const otherDepartment = () => new HttpError(403, 'forbidden', 'a department key reads only its own department');

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  const guarded = adminRoute(deps);
  return apiHandler({
    'GET /health': async () => json(200, { status: 'ok' }),
    'GET /openapi.json': async () => json(200, openApiDocument()),
    'GET /v1/sheets/{period}/staff/{staffId}': guarded(async (d, req, who) => {
      const period = parsePeriod(req.path.period);
      const sheet = await staffSheet(d.store, d.tz, period, parseId(req.path.staffId, 'staffId'));
      const scope = departmentScope(who);
      if (scope !== undefined && sheet.departmentId !== scope) throw otherDepartment();
      return json(200, sheet);
    }),
    'GET /v1/sheets/{period}': guarded(async (d, req, who) => {
      const period = parsePeriod(req.path.period);
      let departmentId = req.query.departmentId;
      if (departmentId !== undefined && !Id.safeParse(departmentId).success) {
        throw badRequest('invalid departmentId', [{ path: 'departmentId', message: 'must match [A-Za-z0-9._:-]{1,128}' }]);
      }
      const scope = departmentScope(who);
      if (scope !== undefined) {
        if (departmentId !== undefined && departmentId !== scope) throw otherDepartment();
        departmentId = scope;
      }
      const sheets = await periodSheets(d.store, d.tz, period, { departmentId });
      return json(200, { period, sheets: sheets.map(withoutItems) });
    }),
    'GET /v1/rankings/{period}': guarded(async (d, req, who) => {
      const period = parsePeriod(req.path.period);
      const hallId = req.query.hallId ?? 'main';
      if (!Id.safeParse(hallId).success) throw badRequest('invalid hallId', [{ path: 'hallId', message: 'must match [A-Za-z0-9._:-]{1,128}' }]);
      const r = await rankings(d.store, d.tz, period, hallId);
      const scope = departmentScope(who);
      if (scope === undefined) return json(200, r);
      // Restricted to the department's staff (hall ranks kept) and the windows they sit at.
      const staff = await d.store.listMaster<Staff>('staff');
      const mine = new Map(staff.filter((s) => s.departmentId === scope).map((s) => [s.id, s.windowId]));
      const windows = new Set(mine.values());
      return json(200, { ...r, staff: r.staff.filter((s) => mine.has(s.staffId)), windows: r.windows.filter((w) => windows.has(w.windowId)) });
    }),
    'GET /v1/today': guarded(async (d, req) => {
      const now = d.clock.now();
      return json(200, await today(d.store, d.tz, now, parseTodayQuery(req.query, now, d.tz)));
    }),
    'GET /v1/screen/{hallId}': guarded(async (d, req) => json(200, await screen(d.store, d.tz, d.clock.now(), parseId(req.path.hallId, 'hallId')))),
    'GET /v1/mails/{period}': guarded(async (d, req, who) => json(200, await listMails(d.store, parseMailPeriod(req.path.period), departmentScope(who)))),
    'GET /v1/mails/{period}/{departmentId}/{file}': guarded(async (d, req, who) => {
      parseMailPeriod(req.path.period);
      const scope = departmentScope(who);
      if (scope !== undefined && parseId(req.path.departmentId, 'departmentId') !== scope) throw otherDepartment();
      return downloadMail(d.store, d.mailArchive, req.path);
    }),
  });
}

export const handler = createHandler(awsDeps({ mailArchive: s3MailArchive }));
