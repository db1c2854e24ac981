/**
 * Bus consumer: one accepted hall event, invoked by EventBridge directly (shared/bus/patterns.ts) →
 * case joins and late-arrival lists (the refresh function folds the sheets). A throw is retried by
 * Lambda's asynchronous invocation, then dead-lettered; everything it does is idempotent.
 */
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import type { RecordedDetail } from '../../shared/services/ingest.js';
import { recordBatch } from '../../shared/services/record.js';
import { errorText, logger } from '../../shared/logger.js';

export type RecordEvent = Pick<EventBridgeEvent<string, unknown>, 'detail'> & { id?: string };

function parseDetail(event: RecordEvent): RecordedDetail {
  const d = event.detail as RecordedDetail | undefined;
  if (!d || typeof d.pk !== 'string' || !d.stored?.event?.id) throw new Error('not a hallscore event');
  return d;
}

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return middy<RecordEvent, void, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event) => {
    const d = await deps();
    const detail = parseDetail(event);
    const failed = await recordBatch({ store: d.store, tz: d.tz }, [detail]);
    if (failed.length > 0) {
      const error = new Error(`recording ${detail.stored.event.type} ${detail.stored.event.id} failed (see the log above); Lambda retries it`);
      logger.error('record failed', { eventId: event.id, error: errorText(error) });
      throw error;
    }
  });
}

export const handler = createHandler(awsDeps());
