/**
 * The bus's rule table: which consumer gets which events. infra/ turns each entry into an EventBridge
 * rule (→ the consumer Lambda, asynchronous, + DLQ); local/ routes with the very same patterns and
 * retry settings.
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

export interface BusRule {
  name: string;
  description: string;
  consumer: ConsumerName;
  pattern: EventPattern;
}

/**
 * Every rule invokes its consumer Lambda directly (asynchronously, one event each). No SQS queue sits
 * between them: an SQS event source's poller bills its long polls around the clock (~$0.26 a month each,
 * more than a hall's events cost to record), and batching buys nothing here: the record consumer only
 * joins (the refresher folds, in batches of its own, from the table's stream) and the publish consumer
 * renders one department's mail.
 */
export const BUS_RULES: readonly BusRule[] = [
  {
    name: 'record-hall-events',
    description: 'Accepted hall events → join cases and list late arrivals (the refresher folds the sheets)',
    consumer: 'record',
    pattern: { source: [INGEST_SOURCE], 'detail-type': [...EVENT_TYPES] },
  },
  {
    name: 'publish-department-mails',
    description: 'A closed period\'s publication per department → mail it once, announce assessment.published',
    consumer: 'publish',
    pattern: { source: [CLOSE_SOURCE], 'detail-type': ['publication.requested'] },
  },
];

/** How a consumer is retried: Lambda's asynchronous invocation on AWS, local/bus.ts here. */
export const CONSUMER_SETTINGS = {
  /** Retries after a failed invocation (Lambda's maximum), then the event goes to the rule's DLQ. */
  retryAttempts: 2,
  maxEventAgeHours: 6,
  dlqRetentionDays: 14,
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
