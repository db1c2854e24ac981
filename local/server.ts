/**
 * The local HTTP front: turns each request into the API Gateway HTTP API (v2) event that Lambda
 * would receive and calls the same handler module, with routes from shared/http/routes.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { MAX_BODY_BYTES } from '../shared/http/api.js';
import { matchRoute, routeKey, type FunctionName } from '../shared/http/routes.js';
import { fakeContext } from './bus.js';
import { errorText, logger } from '../shared/logger.js';

export type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | unknown>;

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Reads at most MAX_BODY_BYTES (+1 to detect overflow), like API Gateway's payload limit. */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      req.on('end', () => resolve({ body: Buffer.alloc(0), tooLarge: true }));
      req.on('error', reject);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

export function toApiGatewayEvent(req: IncomingMessage, url: URL, rk: string, pathParameters: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: rk,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    body: body.length ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: rk,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
  };
}

export function createLocalServer(handlers: Record<FunctionName, HttpLambda>): Server {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = matchRoute(req.method ?? 'GET', url.pathname);
      if (!m.route) {
        req.resume();
        if (m.allowed.length) return sendJson(res, 405, { error: 'method-not-allowed', message: `use ${m.allowed.join(', ')}`, errors: [] }, { allow: m.allowed.join(', ') });
        return sendJson(res, 404, { error: 'not-found', message: `no route for ${req.method} ${url.pathname}`, errors: [] });
      }
      const { body, tooLarge } = await readBody(req);
      if (tooLarge) {
        const msg = `request bodies are limited to ${MAX_BODY_BYTES} bytes`;
        if (m.route.fn === 'iclock') {
          res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
          return res.end(`${msg}\n`);
        }
        return sendJson(res, 413, { error: 'payload-too-large', message: msg, errors: [] });
      }
      const event = toApiGatewayEvent(req, url, routeKey(m.route), m.pathParameters, body);
      const result = (await handlers[m.route.fn](event, fakeContext(m.route.fn))) as APIGatewayProxyStructuredResultV2;
      res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (e) {
      logger.error('local server failure', { error: errorText(e) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'internal error', errors: [] });
      else res.end();
    }
  });
}
