/**
 * Shared pieces of the hostile-input tests (not a test file): the contract's error shape as an
 * assertion, a Scan of everything stored, and raw HTTP for bodies fetch would not send.
 */
import { request } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { Reply, TestStack } from '../helpers/stack.js';

/** CONTRACT §2: 4xx {error, message, errors: [{index?, path, message}]}, never a stack trace. */
export function expectContractError(r: Pick<Reply, 'status' | 'body' | 'text'>, what: string): void {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.body, `${what}: not a JSON error body: ${r.text.slice(0, 200)}`).toMatchObject({
    error: expect.stringMatching(/^[a-z-]+$/),
    message: expect.stringMatching(/\S/),
    errors: expect.any(Array),
  });
  for (const e of r.body.errors as unknown[]) {
    expect(e, what).toMatchObject({ path: expect.any(String), message: expect.stringMatching(/\S/) });
    const index = (e as { index?: unknown }).index;
    if (index !== undefined) expect(Number.isInteger(index), what).toBe(true);
  }
  if (r.status === 400) expect((r.body.errors as unknown[]).length, `${what}: a 400 names at least one path`).toBeGreaterThan(0);
  expect(r.text, what).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
}

/** Every item of the stack's table whose pk starts with one of the prefixes. */
export async function scanItems(stack: TestStack, prefixes: string[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await stack.deps.store.db.send(new ScanCommand({ TableName: stack.deps.store.table, ExclusiveStartKey: start }));
    out.push(...((r.Items ?? []) as Record<string, unknown>[]).filter((i) => prefixes.some((p) => String(i.pk).startsWith(p))));
    start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return out;
}

/** A raw HTTP request: any bytes, optionally chunked (no Content-Length). */
export function rawRequest(
  base: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: Buffer; chunked?: boolean },
): Promise<{ status: number; text: string; body: any; headers: Record<string, unknown> }> {
  const url = new URL(opts.path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: opts.method, path: url.pathname + url.search, headers: { ...(opts.headers ?? {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, body, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body && !opts.chunked) req.setHeader('content-length', String(opts.body.length));
    if (opts.body && opts.chunked) {
      // Several writes without a length: Transfer-Encoding: chunked.
      for (let i = 0; i < opts.body.length; i += 64 * 1024) req.write(opts.body.subarray(i, i + 64 * 1024));
    } else if (opts.body) req.write(opts.body);
    req.end();
  });
}
