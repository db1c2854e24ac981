/**
 * One entry of shared/bus/patterns.ts BUS_RULES: EventBridge rule on the bus → SQS queue (+ DLQ)
 * → consumer Lambda with partial batch failure reporting (`queue`), or → the consumer Lambda invoked
 * asynchronously, retried by Lambda, failures to a DLQ (`direct`: no poller runs while idle).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Rule, type EventPattern as CdkEventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONSUMER_SETTINGS, DIRECT_SETTINGS, type BusRule, type EventPattern, type PatternValue } from '../../shared/bus/patterns.js';

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
  /** The handler's timeout: the queue's visibility timeout is six times it (AWS guidance). */
  handlerTimeout: Duration;
}

export class BusConsumer extends Construct {
  /** The consumer's queue (`queue` delivery only). */
  readonly queue: Queue | undefined;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: BusConsumerProps) {
    super(scope, id);
    const { rule } = props;

    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(CONSUMER_SETTINGS.dlqRetentionDays),
    });

    if (rule.delivery === 'direct') {
      this.queue = undefined;
      Validations.of(this.deadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue is itself a dead-letter queue (the rule target's DLQ and the consumer function's " +
          'async on-failure destination); cdk-nag only recognises SQS redrive and Lambda DeadLetterConfig ' +
          'as DLQ uses. Its depth has an alarm.',
      });
      this.rule = new Rule(this, 'Rule', {
        eventBus: props.bus,
        description: `${rule.name}: ${rule.description}`,
        eventPattern: toCdkEventPattern(rule.pattern),
        // Events EventBridge cannot hand to Lambda at all land in the DLQ too.
        targets: [new LambdaFunction(props.handler, { deadLetterQueue: this.deadLetterQueue, maxEventAge: Duration.hours(DIRECT_SETTINGS.maxEventAgeHours) })],
      });
      // Invocations that throw: Lambda retries them, then records them in the DLQ.
      props.handler.configureAsyncInvoke({
        retryAttempts: DIRECT_SETTINGS.retryAttempts,
        maxEventAge: Duration.hours(DIRECT_SETTINGS.maxEventAgeHours),
        onFailure: new SqsDestination(this.deadLetterQueue),
      });
      return;
    }

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.handlerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: CONSUMER_SETTINGS.maxReceiveCount },
    });

    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `${rule.name}: ${rule.description}`,
      eventPattern: toCdkEventPattern(rule.pattern),
      // Events EventBridge cannot deliver to the queue land in the same DLQ: its messages have the
      // same shape (the event JSON), so one redrive handles both.
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue })],
    });

    props.handler.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: CONSUMER_SETTINGS.batchSize,
        maxBatchingWindow: Duration.seconds(CONSUMER_SETTINGS.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
  }
}
