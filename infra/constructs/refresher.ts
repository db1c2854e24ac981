/**
 * The read model's refresh feed (shared/bus/refresh.ts): the table's DynamoDB stream → the refresh
 * Lambda, filtered to staff-month partitions, batched by the event source's own batching window
 * (REFRESH_SETTINGS, the numbers local/bus.ts's LocalStream uses), with partial batch failures,
 * bisection on error, a bounded retry count and an SQS queue for records that still fail.
 *
 * Why the stream rather than a second SQS queue: the event item the ingest already writes is the dirty
 * mark (no extra write per event), records of one staff-month arrive in order on one shard (so its
 * refreshes do not race each other), and Lambda's stream polling is not billed, while an SQS event
 * source polls (and bills) around the clock.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import { REFRESH_FILTER_PK_PREFIX, REFRESH_SETTINGS } from '../../shared/bus/refresh.js';

export interface RefreshFeedProps {
  table: ITable;
  handler: IFunction;
}

export class RefreshFeed extends Construct {
  /** Records the refresher gave up on (their staff-months are refolded again by the nightly day close). */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: RefreshFeedProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, "the on-failure destination of the refresher's stream event source");
    props.handler.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: REFRESH_SETTINGS.batchSize,
        maxBatchingWindow: Duration.seconds(REFRESH_SETTINGS.batchingWindowSeconds),
        retryAttempts: REFRESH_SETTINGS.maxRetryAttempts,
        maxRecordAge: Duration.seconds(REFRESH_SETTINGS.maxRecordAgeSeconds),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [FilterCriteria.filter({ dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(REFRESH_FILTER_PK_PREFIX) } } } })],
      }),
    );
  }
}
