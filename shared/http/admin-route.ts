/** Wraps a route so it runs only for the admin key (401 without a known key, 403 for a source key). */
import type { Deps } from '../runtime.js';
import { authenticate, requireAdmin } from '../services/auth.js';
import type { ApiRequest, ApiResponse, RouteHandler } from './api.js';

export const adminRoute =
  (deps: () => Promise<Deps>) =>
  (fn: (d: Deps, req: ApiRequest) => Promise<ApiResponse>): RouteHandler =>
  async (req) => {
    const d = await deps();
    requireAdmin(await authenticate(d.store, await d.adminKeyHash(), req.headers));
    return fn(d, req);
  };
