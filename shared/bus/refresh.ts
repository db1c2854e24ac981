/**
 * The read model's refresh feed (CONTRACT.md §7 v2): stored sheets of open months are refreshed in
 * batches, each dirty staff-month folded once per batching window.
 *
 * What marks a staff-month dirty is a write into its partition: every stored event and joined copy
 * (`SM#{staffId}#{month}` / `E#…`) and, for changes that are not events (master data, rules,
 * calendars), a small marker item (`SM#…` / `DIRTY`). On AWS these writes reach the refresher through
 * the table's DynamoDB stream (filtered to those keys, with the batching window below: managed
 * batching, no timer of our own, and no extra write per event); locally the store hands the same
 * records to local/bus.ts's LocalStream, which batches with the very same settings.
 */

export const REFRESH_SETTINGS = {
  /** Seconds a batch collects before the refresher runs (the stream's MaximumBatchingWindowInSeconds). */
  batchingWindowSeconds: 3,
  /** Records per refresher invocation at most. */
  batchSize: 1000,
  /** Retries of a failing record before it goes to the refresh dead-letter queue. */
  maxRetryAttempts: 5,
  /** Stream records older than this are dropped to the dead-letter queue (the nightly day close refolds anyway). */
  maxRecordAgeSeconds: 3600,
} as const;

/** The sort key of a staff-month's dirty marker (never read by the fold, which reads `E#` items). */
export const DIRTY_SK = 'DIRTY';

/** The part of a DynamoDB stream record the refresher reads (AWS sends more; locally the store builds this). */
export interface ChangeRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    Keys?: Record<string, { S?: string } | undefined>;
    NewImage?: Record<string, { S?: string } | undefined>;
    SequenceNumber?: string;
  };
}

/** The stream filter infra installs: only staff-month partitions' events and markers. */
export const REFRESH_FILTER_PK_PREFIX = 'SM#';
