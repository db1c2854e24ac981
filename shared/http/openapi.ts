/**
 * GET /openapi.json: an OpenAPI 3.1 document generated from the route table and the zod schemas the
 * handlers validate with (z.toJSONSchema), so it cannot describe a body the handlers do not accept.
 */
import * as z from 'zod';
import { ROUTE_DOCS, type RouteDoc } from './route-docs.js';
import { Error4xx } from './schemas.js';
import { ROUTES, rolesOf, routeKey, type Route } from './routes.js';

const schema = (s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

const PARAM_TEXT: Record<string, string> = {
  period: 'YYYY-MM, YYYY-Qn (and the longer periods the service knows)',
  date: 'YYYY-MM-DD (hall-local)',
  file: '{version}.eml or {version}.xlsx',
};

function security(route: Route): unknown[] {
  if (route.auth === 'none' || route.auth === 'device') return [];
  return [{ bearer: [] }];
}

function operation(route: Route, doc: RouteDoc | undefined): Record<string, unknown> {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(PARAM_TEXT[m[1]!] ? { description: PARAM_TEXT[m[1]!] } : {}),
  }));
  for (const [name, q] of Object.entries(doc?.query ?? {})) {
    params.push({ name, in: 'query', required: q.required ?? false, schema: { type: 'string' }, description: q.description });
  }
  const roles = rolesOf(route);
  const who =
    route.auth === 'source'
      ? 'Keys: a source key (its own event types), admin, or an inspector key (inspection.recorded, commendation.recorded).'
      : route.auth === 'device'
        ? 'Devices: identified by their SN query parameter.'
        : route.auth === 'none'
          ? 'Public.'
          : `Key roles: ${roles.join(', ')}.`;
  const ok = String(doc?.status ?? 200);
  const content = doc?.response
    ? { 'application/json': { schema: schema(doc.response, 'output') } }
    : doc?.contentType
      ? { [doc.contentType]: {} }
      : doc?.status === 204
        ? undefined
        : { 'application/json': {} };
  const errorBody = { content: { 'application/json': { schema: schema(Error4xx, 'output') } } };
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: doc?.summary ?? '(undocumented)',
    description: who,
    tags: [doc?.tag ?? 'other'],
    ...(params.length ? { parameters: params } : {}),
    ...(doc?.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(doc.body, 'input'), ...(doc.example !== undefined ? { example: doc.example } : {}) } } } } : {}),
    security: security(route),
    responses: {
      [ok]: { description: 'success', ...(content ? { content } : {}) },
      ...(route.auth === 'none' || route.auth === 'device' ? {} : { '401': { description: 'missing or unknown key', ...errorBody }, '403': { description: 'a key of another role', ...errorBody } }),
      '400': { description: 'invalid input', ...errorBody },
    },
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, ROUTE_DOCS[routeKey(route)]);
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'hallscore', version: '2', description: 'Staff assessment of government service halls (CONTRACT.md v2).' },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
  return cached;
}
