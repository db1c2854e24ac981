/**
 * The bus's rule table: which consumer gets which events. infra/ turns each entry into an EventBridge
 * rule (→ SQS queue + DLQ → Lambda); local/ routes with the very same patterns.
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

export const BUS_RULES: readonly BusRule[] = [
  {
    name: 'record-hall-events',
    description: 'Accepted hall events → recompute the staff-month score sheets',
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

/** How each rule's queue feeds its consumer: the SQS event source on AWS, local/bus.ts here. */
export const CONSUMER_SETTINGS = {
  /** Receives before a message goes to the DLQ. */
  maxReceiveCount: 5,
  /** Records per consumer invocation: a batch folds each staff-month it touches once. */
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
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
