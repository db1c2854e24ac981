/**
 * Thin HTTP plumbing over API Gateway HTTP API (v2) events: route dispatch by routeKey, JSON bodies
 * with a size limit, and errors in the contract's shape — never a stack trace.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { CalendarCoverageError, UnknownCalendarError } from '../domain/calendar.js';
import { badRequest, HttpError } from './errors.js';
import { errorText, logger } from '../logger.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  routeKey: string;
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  rawBody: string;
  /** Parsed JSON body; 400 with a clear message when it is not JSON. */
  json(): unknown;
}

export type ApiResponse = APIGatewayProxyStructuredResultV2;
export type RouteHandler = (req: ApiRequest) => Promise<ApiResponse>;

export const json = (statusCode: number, body: unknown): ApiResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

export const text = (statusCode: number, body: string): ApiResponse => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

/** Errors of AWS services that a retry may cure (throttling, 5xx, retry quota spent). */
export function isTransientAwsError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const m = e as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; $fault?: string };
  return (
    m.$retryable !== undefined ||
    m.$fault === 'server' ||
    (m.$metadata?.httpStatusCode ?? 0) >= 500 ||
    /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TransactionConflict|ServiceUnavailable|InternalServerError/.test(m.name)
  );
}

export function errorResponse(e: unknown): ApiResponse {
  if (e instanceof HttpError) {
    return json(e.status, { error: e.code, message: e.message, errors: e.errors });
  }
  if (e instanceof CalendarCoverageError) {
    return json(422, { error: 'calendar-not-covered', message: e.message, errors: [] });
  }
  if (e instanceof UnknownCalendarError) {
    return json(409, { error: 'unknown-calendar', message: e.message, errors: [{ path: 'calendar', message: e.message }] });
  }
  if (isTransientAwsError(e)) {
    logger.warn('transient AWS error', { error: errorText(e) });
    const r = json(503, { error: 'service-unavailable', message: 'the store is busy; retry the same request shortly (repeats are recognised and not counted twice)', errors: [] });
    return { ...r, headers: { ...r.headers, 'retry-after': '1' } };
  }
  logger.error('unhandled error', { error: errorText(e) });
  return json(500, { error: 'internal', message: 'internal error; the request may be retried', errors: [] });
}

export function toRequest(event: APIGatewayProxyEventV2): ApiRequest {
  const raw = event.body ?? '';
  const rawBody = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    routeKey: event.routeKey,
    path: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    headers,
    rawBody,
    json() {
      if (Buffer.byteLength(rawBody, 'utf8') > MAX_BODY_BYTES) {
        throw new HttpError(413, 'payload-too-large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      }
      if (rawBody.trim() === '') throw badRequest('request body is empty; JSON expected', [{ path: '(body)', message: 'is empty' }], 'invalid-json');
      try {
        return JSON.parse(rawBody) as unknown;
      } catch (err) {
        throw badRequest('request body is not valid JSON', [{ path: '(body)', message: (err as Error).message }], 'invalid-json');
      }
    },
  };
}

/** A Lambda handler serving the given routes (keyed by API Gateway routeKey, e.g. 'GET /v1/staff/{id}'). */
export function apiHandler(routes: Record<string, RouteHandler>) {
  return middy<APIGatewayProxyEventV2, ApiResponse, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event) => {
    try {
      const route = routes[event.routeKey];
      if (!route) throw new HttpError(404, 'not-found', `no route ${event.routeKey}`);
      return await route(toRequest(event));
    } catch (e) {
      return errorResponse(e);
    }
  });
}
