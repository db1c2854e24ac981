/**
 * An in-process local stack for integration and e2e tests: the real handlers, the local bus, and
 * the run's shared DynamoDB Local (global-setup) with a fresh table per stack.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Clock, Mailer } from '../../shared/ports.js';
import { startStack, type LocalStack } from '../../local/stack.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestStack extends LocalStack {
  outbox: string;
  api: Api;
}

export async function testStack(opts: { clock?: Clock; mailer?: Mailer; tz?: string } = {}): Promise<TestStack> {
  const outbox = mkdtempSync(join(tmpdir(), 'hallscore-outbox-'));
  const stack = await startStack({
    port: 0,
    dynamoEndpoint: inject('ddbEndpoint'),
    tableName: `t-${randomUUID()}`,
    outbox,
    adminKey: ADMIN_KEY,
    schedules: false,
    ...opts,
  });
  // Lists and rankings of open periods lag by up to the refresher's batching window (CONTRACT.md §7 v2);
  // the test client refreshes pending staff-months before reading one, as a user would wait those seconds.
  // Tests of the lag itself read with `api.raw` (no settling).
  return Object.assign(stack, { outbox, api: new Api(stack.url, ADMIN_KEY, () => stack.refresh.flush()) });
}

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
}

/** A tiny HTTP client that speaks the contract. */
export class Api {
  constructor(
    readonly base: string,
    readonly key: string,
    /** Runs before a list or ranking read (GET /v1/sheets/{period}, GET /v1/rankings/{period}). */
    private readonly settle?: () => Promise<void>,
  ) {}

  /** The same client without settling: reads exactly what a caller sees at this moment. */
  get raw(): Api {
    return new Api(this.base, this.key);
  }

  async call<T = any>(method: string, path: string, body?: unknown, key: string | null = this.key, raw?: string): Promise<Reply<T>> {
    if (this.settle && method === 'GET' && /^\/v1\/(rankings\/[^/?]+|sheets\/[^/?]+|screen\/[^/?]+)(\?|$)/.test(path)) await this.settle();
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(this.base + path, { method, headers, body: payload });
    const text = await r.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: r.status, body: parsed, text };
  }

  get = <T = any>(path: string, key?: string | null) => this.call<T>('GET', path, undefined, key);
  put = <T = any>(path: string, body: unknown, key?: string | null) => this.call<T>('PUT', path, body, key);
  post = <T = any>(path: string, body?: unknown, key?: string | null) => this.call<T>('POST', path, body, key);

  /** A small hall: two departments, one shift, two windows, three staff, sources per kind. */
  async seedHall(): Promise<{ keys: Record<'evaluation' | 'complaint' | 'inspection' | 'attendance', string> }> {
    const ok = (r: Reply) => {
      if (r.status !== 200) throw new Error(`seed failed: ${r.status} ${r.text}`);
    };
    ok(await this.put('/v1/departments/tax', { name: '税务局', emails: ['tax@example.gov.cn'] }));
    ok(await this.put('/v1/departments/mkt', { name: '市场监管局', emails: ['mkt@example.gov.cn', 'mkt2@example.gov.cn'] }));
    ok(await this.put('/v1/shifts/std', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:00' }] }));
    ok(await this.put('/v1/windows/w1', { name: '1号窗口' }));
    ok(await this.put('/v1/windows/w2', { name: '2号窗口' }));
    ok(await this.put('/v1/staff/s1', { name: '张三', departmentId: 'tax', windowId: 'w1', shiftId: 'std', pin: '101' }));
    ok(await this.put('/v1/staff/s2', { name: '李四', departmentId: 'tax', windowId: 'w1', shiftId: 'std', pin: '102' }));
    ok(await this.put('/v1/staff/s3', { name: '王五', departmentId: 'mkt', windowId: 'w2', shiftId: 'std', pin: '103' }));
    const keys = {
      evaluation: 'eval-source-key-000001',
      complaint: 'cmpl-source-key-000001',
      inspection: 'insp-source-key-000001',
      attendance: 'attn-source-key-000001',
    };
    for (const [kind, key] of Object.entries(keys)) ok(await this.put(`/v1/sources/${kind}-1`, { kind, key }));
    return { keys };
  }
}

/** A clock fixed at a hall-local time, movable by tests. */
export class FixedClock implements Clock {
  constructor(public t: number) {}
  now = () => this.t;
}
