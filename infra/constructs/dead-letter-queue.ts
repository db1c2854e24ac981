/**
 * A dead-letter queue as every hallscore DLQ is made: SSE-SQS, TLS only, kept 14 days, and cdk-nag's
 * SQS3 ("no DLQ of its own") acknowledged, since it is itself a DLQ that cdk-nag cannot recognise
 * (it knows only SQS redrive and Lambda DeadLetterConfig). Its depth has an alarm (alarms.ts).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CONSUMER_SETTINGS } from '../../shared/bus/patterns.js';

/** @param feeds what sends its failures here, for the acknowledgement's reason */
export function deadLetterQueue(scope: Construct, feeds: string): Queue {
  const queue = new Queue(scope, 'Dlq', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(CONSUMER_SETTINGS.dlqRetentionDays),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter queue (${feeds}); cdk-nag only recognises SQS redrive and Lambda DeadLetterConfig as DLQ uses. Its depth has an alarm.`,
  });
  return queue;
}
