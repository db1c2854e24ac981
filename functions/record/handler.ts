/**
 * Bus consumer: SQS batches of EventBridge envelopes → joins and sheet refolds. Reports partial
 * batch failures so only the failed records are retried (and, after a few tries, dead-lettered).
 */
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import type { RecordedDetail } from '../../shared/services/ingest.js';
import { recordBatch } from '../../shared/services/record.js';
import { errorText, logger } from '../../shared/logger.js';
import { withinDeadline } from '../../shared/services/deadline.js';

/**
 * Chunks of 25 keep a batch's shared reads (one period state, merged staff-months) while bounding the
 * work in flight; 10 s is kept for a chunk in flight to finish (a 25-record chunk takes < 1 s here).
 */
const RECORD_DEADLINE = { chunk: 25, reserveMs: 10_000 };

function parseRecord(body: string): RecordedDetail {
  const envelope = JSON.parse(body) as { detail?: RecordedDetail };
  const d = envelope.detail;
  if (!d || typeof d.pk !== 'string' || !d.stored?.event?.id) throw new Error('not a hallscore event envelope');
  return d;
}

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event, context) => {
    const d = await deps();
    const failures: string[] = [];
    const parsed: { id: string; detail: RecordedDetail }[] = [];
    for (const r of event.Records) {
      try {
        parsed.push({ id: r.messageId, detail: parseRecord(r.body) });
      } catch (e) {
        logger.error('unparseable record', { messageId: r.messageId, error: errorText(e) });
        failures.push(r.messageId);
      }
    }
    // Near the Lambda timeout no new chunk is started: the rest go back to the queue as failures.
    const { failed, notStarted } = await withinDeadline(
      parsed.map((p) => p.detail),
      { ...RECORD_DEADLINE, remainingMs: () => context.getRemainingTimeInMillis() },
      (chunk) => recordBatch({ store: d.store, tz: d.tz }, chunk),
    );
    if (notStarted > 0) logger.warn('deadline near: records left for redelivery', { notStarted, of: parsed.length });
    for (const i of failed) failures.push(parsed[i]!.id);
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  });
}

export const handler = createHandler(awsDeps());
