/**
 * The HTTP surface (CONTRACT.md §3–§7) as one table: API Gateway routes in infra/ and the local
 * server in local/ are both generated from it, so they cannot drift apart.
 */
export type FunctionName = 'ingest' | 'iclock' | 'admin' | 'query' | 'close';
/** Roles of API keys (CONTRACT.md §13). The environment's admin key has the role admin. */
export type Role = 'admin' | 'inspector' | 'department' | 'screen';
export const ROLES: readonly Role[] = ['admin', 'inspector', 'department', 'screen'];

/**
 * 'none': public; 'source': POST /v1/events (source keys, admin, inspector — the handler checks event
 * types); 'device': iclock by SN; 'roles': the keys whose role is in `roles`; 'admin' = roles ['admin']
 * (the default for operator routes — new routes may keep writing `auth: 'admin'`).
 */
export type Auth = 'none' | 'admin' | 'source' | 'device' | 'roles';

export interface Route {
  /** ANY: every method (the iclock catch-all). */
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'ANY';
  path: string; // API Gateway syntax: /v1/staff/{id}, a greedy last segment /iclock/{proxy+}
  fn: FunctionName;
  auth: Auth;
  /** With auth 'roles': who may call it (admin always included by roleRoute). */
  roles?: readonly Role[];
}

/** The roles a route admits; [] for routes that are not authenticated by role (none, source, device). */
export function rolesOf(route: Pick<Route, 'auth' | 'roles'>): readonly Role[] {
  if (route.auth === 'admin') return ['admin'];
  if (route.auth === 'roles') return route.roles?.includes('admin') ? route.roles : ['admin', ...(route.roles ?? [])];
  return [];
}

const masterKinds = ['departments', 'shifts', 'windows', 'staff', 'sources'] as const;

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health', fn: 'query', auth: 'none' },
  { method: 'POST', path: '/v1/events', fn: 'ingest', auth: 'source' },
  { method: 'GET', path: '/openapi.json', fn: 'query', auth: 'none' },
  ...masterKinds.flatMap((k): Route[] => [
    { method: 'PUT', path: `/v1/${k}/{id}`, fn: 'admin', auth: 'admin' },
    { method: 'GET', path: `/v1/${k}/{id}`, fn: 'admin', auth: 'admin' },
    // The patrol pages pick staff and windows: inspectors read these two lists (CONTRACT.md §13).
    k === 'staff' || k === 'windows'
      ? { method: 'GET', path: `/v1/${k}`, fn: 'admin', auth: 'roles', roles: ['admin', 'inspector'] }
      : { method: 'GET', path: `/v1/${k}`, fn: 'admin', auth: 'admin' },
  ]),
  // Calendars (CONTRACT.md §8): the hall's cn-statutory years and its hall calendars.
  { method: 'GET', path: '/v1/calendars', fn: 'admin', auth: 'admin' },
  { method: 'GET', path: '/v1/calendars/{id}', fn: 'admin', auth: 'admin' },
  { method: 'PUT', path: '/v1/calendars/{id}', fn: 'admin', auth: 'admin' },
  { method: 'GET', path: '/v1/calendars/cn-statutory/years/{year}', fn: 'admin', auth: 'admin' },
  { method: 'PUT', path: '/v1/calendars/cn-statutory/years/{year}', fn: 'admin', auth: 'admin' },
  { method: 'DELETE', path: '/v1/calendars/cn-statutory/years/{year}', fn: 'admin', auth: 'admin' },
  { method: 'POST', path: '/v1/keys', fn: 'admin', auth: 'admin' },
  { method: 'GET', path: '/v1/keys', fn: 'admin', auth: 'admin' },
  { method: 'DELETE', path: '/v1/keys/{id}', fn: 'admin', auth: 'admin' },
  { method: 'PUT', path: '/v1/rules', fn: 'admin', auth: 'admin' },
  { method: 'GET', path: '/v1/rules', fn: 'admin', auth: 'admin' },
  { method: 'GET', path: '/v1/unmatched-punches', fn: 'admin', auth: 'admin' },
  { method: 'GET', path: '/v1/dead-letters', fn: 'admin', auth: 'admin' },
  { method: 'POST', path: '/v1/dead-letters/redrive', fn: 'admin', auth: 'admin' },
  { method: 'POST', path: '/v1/replay/{period}', fn: 'close', auth: 'admin' },
  { method: 'POST', path: '/v1/close/day/{date}', fn: 'close', auth: 'admin' },
  { method: 'POST', path: '/v1/close/{period}', fn: 'close', auth: 'admin' },
  // Publication review (CONTRACT.md §12): the office reads the held mails, then sends them.
  { method: 'GET', path: '/v1/close/{period}/preview', fn: 'close', auth: 'admin' },
  { method: 'POST', path: '/v1/publish/{period}', fn: 'close', auth: 'admin' },
  // Department keys read their own department's sheets, rankings and mails (the handlers scope them).
  { method: 'GET', path: '/v1/sheets/{period}/staff/{staffId}', fn: 'query', auth: 'roles', roles: ['admin', 'department'] },
  { method: 'GET', path: '/v1/sheets/{period}', fn: 'query', auth: 'roles', roles: ['admin', 'department'] },
  // The stored events behind a sheet's items (every item's refs name some of them).
  { method: 'GET', path: '/v1/sheets/{period}/staff/{staffId}/events', fn: 'query', auth: 'roles', roles: ['admin', 'department'] },
  { method: 'GET', path: '/v1/rankings/{period}', fn: 'query', auth: 'roles', roles: ['admin', 'department'] },
  { method: 'GET', path: '/v1/today', fn: 'query', auth: 'roles', roles: ['admin', 'inspector'] },
  { method: 'GET', path: '/v1/screen/{hallId}', fn: 'query', auth: 'roles', roles: ['admin', 'screen'] },
  { method: 'GET', path: '/v1/mails/{period}', fn: 'query', auth: 'roles', roles: ['admin', 'department'] },
  // {file} is '{version}.eml' or '{version}.xlsx' (API Gateway parameters are whole segments).
  { method: 'GET', path: '/v1/mails/{period}/{departmentId}/{file}', fn: 'query', auth: 'roles', roles: ['admin', 'department'] },
  { method: 'GET', path: '/v1/bad-reviews', fn: 'query', auth: 'admin' },
  { method: 'GET', path: '/v1/devices', fn: 'admin', auth: 'admin' },
  // iclock push protocol (CONTRACT.md §4, §9): every path and method under /iclock/ reaches the device
  // function, which answers 200 text/plain (firmware retries anything else); the SN identifies the device.
  { method: 'ANY', path: '/iclock', fn: 'iclock', auth: 'device' },
  { method: 'ANY', path: '/iclock/{proxy+}', fn: 'iclock', auth: 'device' },
];

export const routeKey = (r: Pick<Route, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/** Matches a concrete path against the table; returns the route and its path parameters. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | { route?: undefined; allowed: string[] } {
  const segs = path.split('/');
  const allowed: string[] = [];
  // Literal routes first, so /v1/close/day/{date} wins over /v1/close/{period}.
  const ordered = [...ROUTES].sort((a, b) => literalScore(b.path) - literalScore(a.path));
  for (const route of ordered) {
    const params = matchPath(route.path.split('/'), segs);
    if (!params) continue;
    if (route.method === method || route.method === 'ANY') return { route, pathParameters: params };
    allowed.push(route.method);
  }
  return { allowed };
}

function literalScore(p: string): number {
  // A greedy route is the last resort among routes of equal literal length.
  return p.split('/').filter((s) => s && !s.startsWith('{')).length - (p.endsWith('+}') ? 0.5 : 0);
}

function matchPath(pattern: string[], segs: string[]): Record<string, string> | undefined {
  const last = pattern[pattern.length - 1] ?? '';
  if (last.endsWith('+}')) {
    // Greedy: the rest of the path, one or more segments (a trailing slash leaves an empty one).
    if (segs.length < pattern.length) return undefined;
    const head = matchPath(pattern.slice(0, -1), segs.slice(0, pattern.length - 1));
    return head && { ...head, [last.slice(1, -2)]: segs.slice(pattern.length - 1).join('/') };
  }
  if (pattern.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segs[i]!;
    if (p.startsWith('{')) {
      if (!s) return undefined;
      let v: string;
      try {
        v = decodeURIComponent(s);
      } catch {
        return undefined;
      }
      params[p.slice(1, -1)] = v;
    } else if (p !== s) return undefined;
  }
  return params;
}

const byKey = new Map(ROUTES.map((r) => [routeKey(r), r]));
/** The table's entry for an API Gateway routeKey ('GET /v1/staff/{id}'). */
export const routeByKey = (rk: string): Route | undefined => byKey.get(rk);
