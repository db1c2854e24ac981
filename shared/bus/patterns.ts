/**
 * The bus's rule table: which consumer gets which events, and how. infra/ turns each entry into an
 * EventBridge rule (→ SQS queue + DLQ → Lambda, or → Lambda directly); local/ routes with the very
 * same patterns and delivery settings.
 */
import { EVENT_TYPES } from '../domain/events.js';

export const BUS_NAME = 'hallscore';
export const INGEST_SOURCE = 'hallscore.ingest';
export const PUBLISH_SOURCE = 'hallscore.publish';
/** Closes asking the publish step to mail a department (one message per period, department, version). */
export const CLOSE_SOURCE = 'hallscore.close';

export type ConsumerName = 'record' | 'publish';

/** A subset of the EventBridge pattern language: exact values and prefix matches on source/detail-type/detail. */
export type PatternValue = string | { prefix: string };
export interface EventPattern {
  source?: PatternValue[];
  'detail-type'?: PatternValue[];
}

/**
 * `queue`: EventBridge → SQS → Lambda event source (batches, partial batch failures; for the steady
 * stream of hall events). `direct`: EventBridge invokes the Lambda asynchronously, one event each,
 * retried by Lambda, then dead-lettered (for rare events: no SQS poller runs, and bills, while idle).
 */
export type Delivery = 'queue' | 'direct';

export interface BusRule {
  name: string;
  description: string;
  consumer: ConsumerName;
  delivery: Delivery;
  pattern: EventPattern;
}

export const BUS_RULES: readonly BusRule[] = [
  {
    name: 'record-hall-events',
    description: 'Accepted hall events → recompute the staff-month score sheets',
    consumer: 'record',
    delivery: 'queue',
    pattern: { source: [INGEST_SOURCE], 'detail-type': [...EVENT_TYPES] },
  },
  {
    name: 'publish-department-mails',
    description: 'A closed period\'s publication per department → mail it once, announce assessment.published',
    consumer: 'publish',
    // A few messages a month (a close's departments): an idle SQS poller would cost more than all of them.
    delivery: 'direct',
    pattern: { source: [CLOSE_SOURCE], 'detail-type': ['publication.requested'] },
  },
];

/** How a `queue` rule's queue feeds its consumer: the SQS event source on AWS, local/bus.ts here. */
export const CONSUMER_SETTINGS = {
  /** Receives before a message goes to the DLQ. */
  maxReceiveCount: 5,
  /** Records per consumer invocation: a batch folds each staff-month it touches once. */
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
  dlqRetentionDays: 14,
} as const;

/** How a `direct` rule's consumer is retried: Lambda's asynchronous invocation on AWS, local/bus.ts here. */
export const DIRECT_SETTINGS = {
  /** Retries after a failed invocation (Lambda's maximum), then the event goes to the rule's DLQ. */
  retryAttempts: 2,
  maxEventAgeHours: 6,
} as const;

export interface BusEnvelope {
  source: string;
  'detail-type': string;
  detail: unknown;
}

export function matches(pattern: EventPattern, e: BusEnvelope): boolean {
  const test = (values: PatternValue[] | undefined, actual: string): boolean =>
    values === undefined ||
    values.some((v) => (typeof v === 'string' ? v === actual : actual.startsWith(v.prefix)));
  return test(pattern.source, e.source) && test(pattern['detail-type'], e['detail-type']);
}
