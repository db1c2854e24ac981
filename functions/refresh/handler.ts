/**
 * The read model's refresher: batches of stream records of staff-month partitions (the table's
 * DynamoDB stream on AWS, local/bus.ts's LocalStream locally) → each dirty staff-month folded once and
 * stored as its open sheet. Reports partial batch failures by sequence number, so a failed record is
 * retried (and, after REFRESH_SETTINGS.maxRetryAttempts, sent to the refresh dead-letter queue).
 */
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { ChangeRecord } from '../../shared/bus/refresh.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { refreshChanges } from '../../shared/services/refresh.js';

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event) => {
    const d = await deps();
    const records = event.Records as ChangeRecord[];
    const failed = await refreshChanges({ store: d.store, tz: d.tz }, records);
    // A stream resumes from the first failed sequence number, so report the earliest (any is enough).
    return { batchItemFailures: failed.map((i) => ({ itemIdentifier: records[i]?.dynamodb?.SequenceNumber ?? '' })) };
  });
}

export const handler = createHandler(awsDeps());
