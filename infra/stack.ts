/**
 * The hallscore stack: small constructs wired together. What each function may touch comes from
 * the access table in infra/functions.ts, routes from shared/http/routes.ts, bus rules from
 * shared/bus/patterns.ts, environment variable names from shared/config.ts.
 */
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { BUS_RULES } from '../shared/bus/patterns.js';
import { ENV } from '../shared/config.js';
import type { FunctionName } from '../shared/http/routes.js';
import type { HallConfig } from './config.js';
import { AdminKey } from './constructs/admin-key.js';
import { HallAlarms } from './constructs/alarms.js';
import { HallApi } from './constructs/api.js';
import { HallBus } from './constructs/bus.js';
import { BusConsumer } from './constructs/consumer.js';
import { HallFunction } from './constructs/hall-function.js';
import { HallMail } from './constructs/mail.js';
import { CloseSchedules } from './constructs/schedules.js';
import { HallTable } from './constructs/table.js';
import { FUNCTIONS, type HallFunctionName } from './functions.js';

export interface HallscoreStackProps extends StackProps {
  config: HallConfig;
}

export class HallscoreStack extends Stack {
  readonly functions: Record<HallFunctionName, HallFunction>;
  readonly table: HallTable;
  readonly bus: HallBus;
  readonly api: HallApi;
  readonly consumers: BusConsumer[];
  readonly schedules: CloseSchedules;
  readonly mail: HallMail;
  readonly adminKey: AdminKey;
  readonly alarms: HallAlarms;

  constructor(scope: Construct, id: string, props: HallscoreStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'hallscore');

    this.table = new HallTable(this, 'Data');
    this.bus = new HallBus(this, 'Events');
    this.adminKey = new AdminKey(this, 'AdminKey');
    this.mail = new HallMail(this, 'Mail', { senderAddress: config.senderAddress });

    const environment: Record<string, string> = {
      [ENV.tableName]: this.table.table.tableName,
      [ENV.busName]: this.bus.bus.eventBusName,
      [ENV.tz]: config.hallTimeZone,
      [ENV.mailFrom]: config.senderAddress,
      [ENV.adminKeySecretArn]: this.adminKey.secret.secretArn,
    };

    const fns = {} as Record<HallFunctionName, HallFunction>;
    for (const spec of FUNCTIONS) {
      const f = new HallFunction(this, `Fn-${spec.name}`, { spec, environment });
      const { access } = spec;
      if (access.table === 'readwrite') this.table.grantReadWrite(f.fn);
      else this.table.grantRead(f.fn);
      if (access.putEvents) this.bus.bus.grantPutEventsTo(f.fn);
      if (access.adminKey) this.adminKey.secret.grantRead(f.fn);
      if (access.sendMail) this.mail.grantSend(f.fn);
      fns[spec.name] = f;
    }
    this.functions = fns;

    const httpHandlers: Record<FunctionName, IFunction> = {
      ingest: fns.ingest.fn,
      iclock: fns.iclock.fn,
      admin: fns.admin.fn,
      query: fns.query.fn,
      close: fns.close.fn,
    };
    this.api = new HallApi(this, 'Api', { handlers: httpHandlers });

    this.consumers = BUS_RULES.map((rule) => {
      const consumer = fns[rule.consumer];
      return new BusConsumer(this, `Consumer-${rule.name}`, {
        bus: this.bus.bus,
        rule,
        handler: consumer.fn,
        handlerTimeout: consumer.fn.timeout ?? never('consumer timeout'),
      });
    });

    // The operator lists and redrives the record consumer's DLQ through the admin API.
    const recordConsumer = this.consumers[0] ?? never('bus consumer');
    for (const f of Object.values(fns)) {
      if (!f.spec.access.deadLetters) continue;
      f.fn.addEnvironment(ENV.dlqUrl, recordConsumer.deadLetterQueue.queueUrl);
      f.fn.addEnvironment(ENV.dlqArn, recordConsumer.deadLetterQueue.queueArn);
      f.fn.addEnvironment(ENV.recordQueueArn, recordConsumer.queue.queueArn);
      recordConsumer.deadLetterQueue.grantConsumeMessages(f.fn);
      recordConsumer.queue.grantSendMessages(f.fn);
      f.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask'],
          resources: [recordConsumer.deadLetterQueue.queueArn],
        }),
      );
    }

    this.schedules = new CloseSchedules(this, 'Schedules', {
      handler: fns.close.fn,
      timeZone: config.hallTimeZone,
    });

    this.alarms = new HallAlarms(this, 'Alarms', config.alarmEmail ? { alarmEmail: config.alarmEmail } : {});
    for (const c of this.consumers) {
      this.alarms.deadLetterQueue(`Dlq-${c.node.id}`, c.deadLetterQueue, `bus consumer ${c.node.id}`);
    }
    this.alarms.deadLetterQueue('Dlq-Schedules', this.schedules.deadLetterQueue, 'scheduled closes');
    for (const f of Object.values(fns)) this.alarms.functionErrors(`Errors-${f.spec.name}`, f);
    this.alarms.staleDevices('StaleDevices');
    this.alarms.calendarCoverage('CalendarCoverage');

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AdminKeySecretArn', {
      value: this.adminKey.secret.secretArn,
      description: 'Secrets Manager secret holding the admin key',
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'BusName', { value: this.bus.bus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}

function never(what: string): never {
  throw new Error(`infra: missing ${what}`);
}
