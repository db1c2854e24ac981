/**
 * One entry of shared/bus/patterns.ts BUS_RULES: EventBridge rule on the bus → the consumer Lambda,
 * invoked asynchronously (one event each), retried by Lambda, failures to the rule's DLQ. No SQS
 * event source: nothing polls, or bills, while the hall is quiet.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Rule, type EventPattern as CdkEventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import { CONSUMER_SETTINGS, type BusRule, type EventPattern, type PatternValue } from '../../shared/bus/patterns.js';

/**
 * shared/bus/patterns.ts patterns are written in EventBridge's own JSON syntax (exact strings and
 * `{prefix}` objects), so the rendered EventPattern equals the shared one, which tests/infra
 * asserts. Unknown keys fail loudly instead of being dropped.
 */
export function toCdkEventPattern(pattern: EventPattern): CdkEventPattern {
  const out: { source?: string[]; detailType?: string[] } = {};
  for (const [key, values] of Object.entries(pattern) as [string, PatternValue[] | undefined][]) {
    if (values === undefined) continue;
    if (key === 'source') out.source = matchValues(values);
    else if (key === 'detail-type') out.detailType = matchValues(values);
    else throw new Error(`bus pattern key "${key}" is not supported by infra/constructs/consumer.ts`);
  }
  return out;
}

function matchValues(values: PatternValue[]): string[] {
  if (values.every((v): v is string => typeof v === 'string')) return [...values];
  return Match.anyOf(
    ...values.map((v) => (typeof v === 'string' ? Match.exactString(v) : Match.prefix(v.prefix))),
  );
}

export interface BusConsumerProps {
  bus: IEventBus;
  rule: BusRule;
  handler: IFunction;
}

export class BusConsumer extends Construct {
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: BusConsumerProps) {
    super(scope, id);
    const { rule } = props;

    this.deadLetterQueue = deadLetterQueue(this, "the rule target's DLQ and the consumer function's async on-failure destination");

    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `${rule.name}: ${rule.description}`,
      eventPattern: toCdkEventPattern(rule.pattern),
      // Events EventBridge cannot hand to Lambda at all land in the DLQ too.
      targets: [new LambdaFunction(props.handler, { deadLetterQueue: this.deadLetterQueue, maxEventAge: Duration.hours(CONSUMER_SETTINGS.maxEventAgeHours) })],
    });
    // Invocations that throw: Lambda retries them, then records them in the DLQ.
    props.handler.configureAsyncInvoke({
      retryAttempts: CONSUMER_SETTINGS.retryAttempts,
      maxEventAge: Duration.hours(CONSUMER_SETTINGS.maxEventAgeHours),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
  }
}
