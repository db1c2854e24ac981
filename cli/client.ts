/**
 * A small client of the public HTTP API (CONTRACT.md), shared by the operator CLI and the demo.
 * Non-2xx answers become ApiError (with the contract's error body); no answer at all becomes
 * ConnectionError.
 */

export interface FieldError {
  index?: number;
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server does not have this route at all (an older server). */
  get noRoute(): boolean {
    return this.status === 404 && this.code === 'not-found' && /^no route for /.test(this.message);
  }

  /** A sentence for an operator: what was asked, what the server said, and each field error. */
  describe(): string {
    const head = `${this.method} ${this.path} answered ${this.status}${this.code ? ` ${this.code}` : ''}: ${this.message}`;
    const fields = this.errors.map((e) => `  ${e.index !== undefined ? `[${e.index}] ` : ''}${e.path}: ${e.message}`);
    return [head, ...fields].join('\n');
  }
}

export class ConnectionError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super(`cannot reach hallscore at ${url} (${why}); is it running (npm start)? Set --url or HALLSCORE_URL`);
    this.name = 'ConnectionError';
  }
}

export interface RawReply {
  status: number;
  text: string;
  contentType: string;
}

export class HallscoreClient {
  readonly url: string;

  constructor(
    url: string,
    readonly key: string,
  ) {
    this.url = url.replace(/\/+$/, '');
  }

  /** One request; never throws for an HTTP status, only when there is no answer. */
  async raw(method: string, path: string, init: { json?: unknown; text?: string; auth?: boolean } = {}): Promise<RawReply> {
    const headers: Record<string, string> = {};
    if (init.auth !== false) headers.authorization = `Bearer ${this.key}`;
    let body: string | undefined;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    } else if (init.text !== undefined) {
      body = init.text;
      headers['content-type'] = 'text/plain';
    }
    let r: Response;
    try {
      r = await fetch(this.url + path, { method, headers, body });
    } catch (e) {
      throw new ConnectionError(this.url, e);
    }
    return { status: r.status, text: await r.text(), contentType: r.headers.get('content-type') ?? '' };
  }

  /** A JSON call: the parsed body of a 2xx answer, or ApiError. */
  async call<T = any>(method: string, path: string, json?: unknown, key?: string): Promise<T> {
    const client = key !== undefined && key !== this.key ? new HallscoreClient(this.url, key) : this;
    const r = await client.raw(method, path, json === undefined ? {} : { json });
    let parsed: any;
    try {
      parsed = r.text ? JSON.parse(r.text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (r.status < 200 || r.status >= 300) {
      const msg = typeof parsed?.message === 'string' ? parsed.message : r.text.slice(0, 300) || `HTTP ${r.status}`;
      throw new ApiError(method, path, r.status, typeof parsed?.error === 'string' ? parsed.error : '', msg, Array.isArray(parsed?.errors) ? parsed.errors : []);
    }
    return parsed as T;
  }

  get = <T = any>(path: string) => this.call<T>('GET', path);
  put = <T = any>(path: string, body: unknown) => this.call<T>('PUT', path, body);
  post = <T = any>(path: string, body?: unknown, key?: string) => this.call<T>('POST', path, body, key);

  /** Waits for GET /health to answer ok. */
  async waitHealthy(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const r = await this.raw('GET', '/health', { auth: false });
        if (r.status === 200) return;
      } catch (e) {
        if (Date.now() > until) throw e;
      }
      if (Date.now() > until) throw new Error(`hallscore at ${this.url} is not healthy`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}

export const enc = encodeURIComponent;
