/** Master data, rules, keys and operator lists — roles as the route table says (mostly admin). */
import { adminRoute } from '../../shared/http/admin-route.js';
import { apiHandler, json, type RouteHandler } from '../../shared/http/api.js';
import type { MasterKind } from '../../shared/domain/masterdata.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { getMaster, listMaster, putMaster, putRules } from '../../shared/services/master-data.js';
import { sqsDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';
import { createKey, deleteKey, listKeys } from '../../shared/services/keys.js';

const KINDS: MasterKind[] = ['departments', 'shifts', 'windows', 'staff', 'sources'];

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  const admin = adminRoute(deps);
  const routes: Record<string, RouteHandler> = {
    'PUT /v1/rules': admin(async (d, req) => json(200, await putRules(d, req.json()))),
    'GET /v1/rules': admin(async (d) => json(200, await d.store.currentRules())),
    'GET /v1/unmatched-punches': admin(async (d) => {
      const [punches, rejectedLines] = await Promise.all([d.store.listUnmatched(), d.store.listRejectedLines()]);
      return json(200, { punches, rejectedLines });
    }),
    'GET /v1/dead-letters': admin(async (d) => json(200, { deadLetters: await d.deadLetters.list() })),
    'POST /v1/dead-letters/redrive': admin(async (d) => json(200, await d.deadLetters.redrive())),
    'POST /v1/keys': admin(async (d, req) => json(201, await createKey(d.store, req.json(), d.clock.now()))),
    'GET /v1/keys': admin(async (d) => json(200, await listKeys(d.store))),
    'DELETE /v1/keys/{id}': admin(async (d, req) => {
      await deleteKey(d.store, req.path.id);
      return { statusCode: 204, body: '' };
    }),
  };
  for (const kind of KINDS) {
    routes[`PUT /v1/${kind}/{id}`] = admin(async (d, req) => json(200, await putMaster(d, kind, req.path.id, req.json())));
    routes[`GET /v1/${kind}/{id}`] = admin(async (d, req) => json(200, await getMaster(d.store, kind, req.path.id)));
    routes[`GET /v1/${kind}`] = admin(async (d) => json(200, await listMaster(d.store, kind)));
  }
  return apiHandler(routes);
}

export const handler = createHandler(awsDeps({ deadLetters: sqsDeadLetters }));
