/** iclock push protocol endpoints for attendance devices; text/plain in and out. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isTransientAwsError, text, toRequest } from '../../shared/http/api.js';
import { HttpError } from '../../shared/http/errors.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { handleDevice, type DeviceRequest } from '../../shared/services/iclock.js';
import { errorText, logger } from '../../shared/logger.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event) => {
    try {
      const d = await deps();
      const req = toRequest(event);
      const device: DeviceRequest = {
        method: event.requestContext?.http?.method ?? req.routeKey.split(' ')[0] ?? 'GET',
        path: event.rawPath ?? req.routeKey.split(' ')[1] ?? '/iclock/',
        query: req.query,
        body: req.rawBody,
        // The TCP peer API Gateway saw (locally: the socket address) — never a forwarded-for header,
        // which anyone can write (README "Devices on plain HTTP").
        ...(event.requestContext?.http?.sourceIp ? { sourceIp: event.requestContext.http.sourceIp } : {}),
        ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      };
      const r = await handleDevice(d, device);
      return text(r.status, r.body);
    } catch (e) {
      if (e instanceof HttpError) return text(e.status, `${e.message}\n`);
      // Devices retry after ErrorDelay: a busy store is a 503, not a failure.
      if (isTransientAwsError(e)) return text(503, 'BUSY\n');
      logger.error('iclock failure', { error: errorText(e) });
      return text(500, 'ERROR\n');
    }
  });
}

export const handler = createHandler(awsDeps({ bus: eventBridgeBus }));
