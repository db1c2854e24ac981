/** CloudWatch alarms and the SNS topic they notify. */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CALENDAR_WARNINGS_METRIC, METRICS_NAMESPACE, STALE_DEVICES_METRIC } from '../../shared/metrics.js';
import type { HallFunction } from './hall-function.js';

export interface HallAlarmsProps {
  alarmEmail?: string;
}

export class HallAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: HallAlarmsProps) {
    super(scope, id);
    // Alarm notifications carry alarm names and states only, no personal data: SSL is enforced,
    // SSE is not used (an AWS-managed key would lock CloudWatch out of publishing).
    this.topic = new Topic(this, 'Topic', { displayName: 'hallscore alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }

  /** Any message in a dead-letter queue needs a human: alarm at depth > 0. */
  deadLetterQueue(id: string, queue: IQueue, what: string): Alarm {
    return this.add(
      id,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      `${what}: messages in the dead-letter queue (inspect, fix, redrive)`,
    );
  }

  functionErrors(id: string, fn: HallFunction): Alarm {
    return this.add(id, fn.metricErrors(), `hallscore ${fn.spec.name}: function errors`);
  }

  /**
   * Registered devices silent for 30 minutes while their staff are in session (CONTRACT §9): the
   * scheduled device check logs the count as an embedded metric every 5 minutes.
   */
  staleDevices(id: string): Alarm {
    return this.add(
      id,
      new Metric({ namespace: METRICS_NAMESPACE, metricName: STALE_DEVICES_METRIC, period: Duration.minutes(5), statistic: 'Maximum' }),
      'hallscore: attendance devices silent for 30 minutes while staff are in session (GET /v1/devices, npx hallscore devices)',
    );
  }

  /**
   * The holiday calendar runs out (CONTRACT §8): from 1 November of its last covered year the daily
   * calendar check logs one warning until the hall adds the next year.
   */
  calendarCoverage(id: string): Alarm {
    return this.add(
      id,
      new Metric({ namespace: METRICS_NAMESPACE, metricName: CALENDAR_WARNINGS_METRIC, period: Duration.days(1), statistic: 'Maximum' }),
      "hallscore: the holiday calendar ends this year; add next year's State Council notice (npx hallscore calendar import 通知.txt)",
    );
  }

  private add(id: string, metric: IMetric, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
