/**
 * /openapi.json matches what the handlers accept: for every documented request body, the example and
 * a set of probes derived from it (each top-level field dropped in turn, {}, [], a string) are sent to
 * the live handler, which must refuse exactly those that the documented schema refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from '../../shared/http/route-docs.js';
import { ROUTES, routeKey } from '../../shared/http/routes.js';
import { testStack, type TestStack } from '../helpers/stack.js';
import { ok } from './support.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await testStack();
  const api = stack.api;
  await ok(api.put('/v1/departments/example', { name: '示例部门', emails: ['example@example.gov.cn'] }));
  await ok(api.put('/v1/windows/example', { name: '示例窗口' }));
  await ok(api.put('/v1/shifts/example', { sessions: [{ start: '09:00', end: '17:00' }] }));
  await ok(api.put('/v1/staff/example', { name: '示例', departmentId: 'example', windowId: 'example', shiftId: 'example' }));
});
afterAll(async () => stack?.stop());

function probes(example: unknown): unknown[] {
  const out: unknown[] = [example, {}, [], 'not an object'];
  if (example && typeof example === 'object' && !Array.isArray(example)) {
    for (const k of Object.keys(example)) {
      const { [k]: _drop, ...rest } = example as Record<string, unknown>;
      out.push(rest);
    }
  }
  return out;
}

describe('GET /openapi.json', () => {
  it('is served publicly as OpenAPI 3.1 with every route', async () => {
    const r = await stack.api.get('/openapi.json', null);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const route of ROUTES) expect(r.body.paths[route.path]?.[route.method.toLowerCase()], routeKey(route)).toBeDefined();
  });

  it('documents request bodies exactly as the handlers validate them', async () => {
    let n = 0;
    for (const route of ROUTES) {
      const doc = ROUTE_DOCS[routeKey(route)];
      if (!doc?.body) continue;
      const path = route.path.replace(/\{[^}]+\}/g, 'example');
      for (const probe of probes(doc.example)) {
        const schemaSays = doc.body.safeParse(probe).success;
        const r = await stack.api.call(route.method, path, probe);
        const handlerRefused = r.status === 400 && ['validation-failed', 'invalid-json'].includes(r.body?.error);
        expect(handlerRefused, `${routeKey(route)} with ${JSON.stringify(probe)}: schema ${schemaSays ? 'accepts' : 'refuses'}, handler answered ${r.status} ${r.text.slice(0, 200)}`).toBe(!schemaSays);
        n++;
      }
    }
    expect(n).toBeGreaterThan(20);
  });
});
