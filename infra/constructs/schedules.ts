/**
 * EventBridge Scheduler schedules on the hall's wall clock (ScheduleExpressionTimezone), each
 * invoking the close function with a `{kind}` input (CONTRACT.md §5).
 */
import { Duration, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import { SCHEDULES, type Schedule as HallSchedule } from '../../shared/schedules.js';

export type CloseKind = HallSchedule['input']['kind'];

export interface CloseSchedule {
  id: string;
  description: string;
  /** EventBridge Scheduler cron, evaluated in the hall time zone. */
  expression: string;
  input: { kind: CloseKind };
}

/** The schedules of shared/schedules.ts — the same table the local scheduler runs. */
export const CLOSE_SCHEDULES: readonly CloseSchedule[] = SCHEDULES.map((s) => ({
  id: s.name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()), // day-close → DayClose
  description: s.description,
  expression: `cron(${s.cron})`,
  input: s.input,
}));

export const SCHEDULE_RETRY = { retryAttempts: 4, maxEventAgeHours: 2 } as const;

export interface CloseSchedulesProps {
  handler: IFunction;
  timeZone: string;
}

export class CloseSchedules extends Construct {
  readonly schedules: Schedule[] = [];
  /**
   * Where a scheduled close ends up when it cannot be done: Scheduler puts an invocation it could
   * not deliver here, and the close function's asynchronous invocations (how Scheduler invokes
   * Lambda) that still fail after Lambda's own retries go here too (on-failure destination).
   */
  readonly deadLetterQueue: Queue;
  /** The role Scheduler assumes to invoke the close function and to dead-letter. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: CloseSchedulesProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(this, "EventBridge Scheduler target DLQ and the close function's async on-failure destination");

    props.handler.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(SCHEDULE_RETRY.maxEventAgeHours),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invoke the hallscore close function',
    });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(
        props.handler.node.defaultChild as CfnElement,
      )}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the close function and its qualified ARNs (<arn>:*, i.e. its ' +
        'versions/aliases), as Function.grantInvoke writes it; no other function is reachable.',
    });

    const timeZone = TimeZone.of(props.timeZone);
    for (const s of CLOSE_SCHEDULES) {
      this.schedules.push(
        new Schedule(this, s.id, {
          description: s.description,
          schedule: ScheduleExpression.expression(s.expression, timeZone),
          target: new LambdaInvoke(props.handler, {
            role: this.role,
            input: ScheduleTargetInput.fromObject(s.input),
            deadLetterQueue: this.deadLetterQueue,
            retryAttempts: SCHEDULE_RETRY.retryAttempts,
            maxEventAge: Duration.hours(SCHEDULE_RETRY.maxEventAgeHours),
          }),
        }),
      );
    }
  }
}
