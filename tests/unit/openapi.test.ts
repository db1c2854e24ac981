/**
 * /openapi.json covers the route table (shared/http/routes.ts). A new route needs an entry in
 * shared/http/route-docs.ts — with its zod body schema and an example if it takes a body.
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/http/openapi.js';
import { ROUTE_DOCS } from '../../shared/http/route-docs.js';
import { ROUTES, routeKey } from '../../shared/http/routes.js';

describe('the OpenAPI document', () => {
  it('documents every route of the route table', () => {
    const missing = ROUTES.map(routeKey).filter((k) => !ROUTE_DOCS[k]);
    expect(missing, `add these routes to ROUTE_DOCS in shared/http/route-docs.ts (summary, tag, and for PUT/POST with a body: body = the zod schema the handler parses with, plus an example): ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(ROUTE_DOCS).filter((k) => !ROUTES.some((r) => routeKey(r) === k));
    expect(stale, 'ROUTE_DOCS entries for routes that are not in the table').toEqual([]);
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of ROUTES) expect(doc.paths[r.path]?.[r.method.toLowerCase()], routeKey(r)).toBeDefined();
  });

  it('gives every documented body an example the schema accepts', () => {
    for (const [k, d] of Object.entries(ROUTE_DOCS)) {
      if (!d.body) continue;
      expect(d.example, `${k}: add an example body`).toBeDefined();
      const r = d.body.safeParse(d.example);
      expect(r.success, `${k}: the example does not parse: ${r.error?.message}`).toBe(true);
    }
  });

  it('renders bodies as JSON Schema with their fields', () => {
    const doc = openApiDocument() as any;
    const staff = doc.paths['/v1/staff/{id}'].put.requestBody.content['application/json'].schema;
    expect(staff.required).toEqual(expect.arrayContaining(['name', 'departmentId', 'windowId', 'shiftId']));
    expect(staff.properties.since).toBeDefined();
    const keys = doc.paths['/v1/keys'].post.requestBody.content['application/json'].schema;
    expect(keys.properties.role.enum).toEqual(['admin', 'inspector', 'department', 'screen']);
  });
});
