/** POST /v1/events — authenticate, validate, store durably, publish. */
import { apiHandler, json } from '../../shared/http/api.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { authenticate } from '../../shared/services/auth.js';
import { ingest } from '../../shared/services/ingest.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return apiHandler({
    'POST /v1/events': async (req) => {
      const d = await deps();
      const principal = await authenticate(d.store, await d.adminKeyHash(), req.headers);
      const body = req.json();
      return json(202, await ingest(d, principal, body));
    },
  });
}

export const handler = createHandler(awsDeps({ bus: eventBridgeBus }));
