/**
 * Wraps a route so it runs only for keys whose role the route table (shared/http/routes.ts) admits:
 * 401 without a known key, 403 for a key of another role or a source key. The roles come from the
 * table by the request's routeKey, so a route's permission is written in one place; a handler whose
 * route the table does not know admits the admin only.
 */
import type { Deps } from '../runtime.js';
import { authenticate, requireRole, type Principal } from '../services/auth.js';
import type { ApiRequest, ApiResponse, RouteHandler } from './api.js';
import { rolesOf, routeByKey } from './routes.js';

export type GuardedHandler = (d: Deps, req: ApiRequest, principal: Principal) => Promise<ApiResponse>;

export const roleRoute =
  (deps: () => Promise<Deps>) =>
  (fn: GuardedHandler): RouteHandler =>
  async (req) => {
    const d = await deps();
    const principal = await authenticate(d.store, await d.adminKeyHash(), req.headers);
    const route = routeByKey(req.routeKey);
    const roles = route ? rolesOf(route) : [];
    requireRole(principal, roles.length > 0 ? roles : ['admin']);
    return fn(d, req, principal);
  };

/** The historical name: every operator route is wrapped with it; roles come from the route table. */
export const adminRoute = roleRoute;
