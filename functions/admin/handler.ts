/** Master data, rules, keys and operator lists — roles as the route table says (mostly admin). */
import { adminRoute } from '../../shared/http/admin-route.js';
import { apiHandler, json, MAX_BODY_BYTES, type RouteHandler } from '../../shared/http/api.js';
import type { MasterKind } from '../../shared/domain/masterdata.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { getMaster, listMaster, putMaster, putRules } from '../../shared/services/master-data.js';
import { sqsDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';
import {
  deleteStatutoryYear,
  getCalendar,
  getStatutoryYear,
  listCalendars,
  parseYear,
  parseYearBody,
  putCalendar,
  putStatutoryYear,
} from '../../shared/services/calendars.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { adoptDevice, listDevices, unmatchedPage } from '../../shared/services/devices.js';
import { createKey, deleteKey, listKeys } from '../../shared/services/keys.js';

const KINDS: MasterKind[] = ['departments', 'shifts', 'windows', 'staff', 'sources'];

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  const admin = adminRoute(deps);
  const routes: Record<string, RouteHandler> = {
    'PUT /v1/rules': admin(async (d, req) => json(200, await putRules(d, req.json()))),
    'GET /v1/rules': admin(async (d) => json(200, await d.store.currentRules())),
    'GET /v1/unmatched-punches': admin(async (d, req) => json(200, await unmatchedPage(d, req.query))),
    'GET /v1/devices': admin(async (d, req) => json(200, await listDevices(d, req.query.status))),
    'GET /v1/dead-letters': admin(async (d) => json(200, { deadLetters: await d.deadLetters.list() })),
    'POST /v1/dead-letters/redrive': admin(async (d) => json(200, await d.deadLetters.redrive())),
    'GET /v1/calendars': admin(async (d) => json(200, await listCalendars(d.store))),
    'GET /v1/calendars/{id}': admin(async (d, req) => json(200, await getCalendar(d.store, req.path.id ?? ''))),
    'PUT /v1/calendars/{id}': admin(async (d, req) => json(200, await putCalendar(d, req.path.id, req.json()))),
    'GET /v1/calendars/cn-statutory/years/{year}': admin(async (d, req) => json(200, await getStatutoryYear(d.store, parseYear(req.path.year)))),
    'PUT /v1/calendars/cn-statutory/years/{year}': admin(async (d, req) => {
      const year = parseYear(req.path.year);
      if (Buffer.byteLength(req.rawBody, 'utf8') > MAX_BODY_BYTES) req.json(); // the 413 of every JSON route
      const body = parseYearBody(year, req.headers['content-type'], req.rawBody);
      return json(200, await putStatutoryYear(d, year, body, { dryRun: req.query.dryRun === 'true' }));
    }),
    'DELETE /v1/calendars/cn-statutory/years/{year}': admin(async (d, req) => {
      await deleteStatutoryYear(d, parseYear(req.path.year));
      return { statusCode: 204, body: '' };
    }),
    'POST /v1/keys': admin(async (d, req) => json(201, await createKey(d.store, req.json(), d.clock.now()))),
    'GET /v1/keys': admin(async (d) => json(200, await listKeys(d.store))),
    'DELETE /v1/keys/{id}': admin(async (d, req) => {
      await deleteKey(d.store, req.path.id);
      return { statusCode: 204, body: '' };
    }),
  };
  for (const kind of KINDS) {
    routes[`PUT /v1/${kind}/{id}`] = admin(async (d, req) => {
      const stored = await putMaster(d, kind, req.path.id, req.json());
      // Registering a device that was pending ingests the lines it sent meanwhile (CONTRACT §9).
      const sn = kind === 'sources' ? (stored as { deviceSn?: string }).deviceSn : undefined;
      if (sn !== undefined) await adoptDevice(d, sn, (stored as { id: string }).id);
      return json(200, stored);
    });
    routes[`GET /v1/${kind}/{id}`] = admin(async (d, req) => json(200, await getMaster(d.store, kind, req.path.id)));
    routes[`GET /v1/${kind}`] = admin(async (d) => json(200, await listMaster(d.store, kind)));
  }
  return apiHandler(routes);
}

// The bus: registering a pending device publishes the punches it kept.
export const handler = createHandler(awsDeps({ deadLetters: sqsDeadLetters, bus: eventBridgeBus }));
