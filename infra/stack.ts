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
import { ConsoleSite } from './constructs/console-site.js';
import { LogBucket } from './constructs/log-bucket.js';
import { MailArchive } from './constructs/mail-archive.js';
import { RefreshFeed } from './constructs/refresher.js';
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
  readonly refreshFeed: RefreshFeed;
  readonly schedules: CloseSchedules;
  readonly mail: HallMail;
  readonly adminKey: AdminKey;
  readonly alarms: HallAlarms;
  readonly logs: LogBucket;
  readonly mailArchive: MailArchive;
  readonly site: ConsoleSite;

  constructor(scope: Construct, id: string, props: HallscoreStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'hallscore');

    this.table = new HallTable(this, 'Data');
    this.bus = new HallBus(this, 'Events');
    this.adminKey = new AdminKey(this, 'AdminKey');
    this.mail = new HallMail(this, 'Mail', { senderAddress: config.senderAddress });
    this.logs = new LogBucket(this, 'Logs');
    this.mailArchive = new MailArchive(this, 'MailArchive', { accessLogs: this.logs.bucket });

    const environment: Record<string, string> = {
      [ENV.tableName]: this.table.table.tableName,
      [ENV.busName]: this.bus.bus.eventBusName,
      [ENV.tz]: config.hallTimeZone,
      [ENV.mailFrom]: config.senderAddress,
      [ENV.adminKeySecretArn]: this.adminKey.secret.secretArn,
    };
    // Only the functions that touch the archive learn its name.
    const archiveEnv = { [ENV.mailArchiveBucket]: this.mailArchive.bucket.bucketName };

    const fns = {} as Record<HallFunctionName, HallFunction>;
    for (const spec of FUNCTIONS) {
      const { access } = spec;
      const f = new HallFunction(this, `Fn-${spec.name}`, { spec, environment: access.mailArchive ? { ...environment, ...archiveEnv } : environment });
      if (access.mailArchive === 'write') this.mailArchive.grantWrite(f.fn, f.role);
      if (access.mailArchive === 'read') this.mailArchive.grantRead(f.fn, f.role);
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
    this.site = new ConsoleSite(this, 'Console', { apiEndpoint: this.api.httpApi.apiEndpoint, accessLogs: this.logs.bucket });

    this.consumers = BUS_RULES.map((rule) => {
      const consumer = fns[rule.consumer];
      return new BusConsumer(this, `Consumer-${rule.name}`, {
        bus: this.bus.bus,
        rule,
        handler: consumer.fn,
      });
    });

    // The read model: the table's stream → refresh (dirty staff-months folded once per batching window).
    this.refreshFeed = new RefreshFeed(this, 'ReadModel', { table: this.table.table, handler: fns.refresh.fn });

    // The operator lists and redrives the record consumer's DLQ through the admin API (a redrive puts
    // the events back on the bus: the function also needs putEvents, which its spec grants).
    const recordConsumer = this.consumers[BUS_RULES.findIndex((r) => r.consumer === 'record')] ?? never('bus consumer');
    for (const f of Object.values(fns)) {
      if (!f.spec.access.deadLetters) continue;
      if (!f.spec.access.putEvents) throw new Error(`${f.spec.name} redrives dead letters onto the bus: it needs putEvents`);
      f.fn.addEnvironment(ENV.dlqUrl, recordConsumer.deadLetterQueue.queueUrl);
      recordConsumer.deadLetterQueue.grantConsumeMessages(f.fn);
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
    this.alarms.deadLetterQueue('Dlq-Refresh', this.refreshFeed.deadLetterQueue, 'read model refresher');
    for (const f of Object.values(fns)) this.alarms.functionErrors(`Errors-${f.spec.name}`, f);
    this.alarms.staleDevices('StaleDevices');
    this.alarms.calendarCoverage('CalendarCoverage');

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AdminKeySecretArn', {
      value: this.adminKey.secret.secretArn,
      description: 'Secrets Manager secret holding the admin key',
    });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `https://${this.site.distribution.distributionDomainName}/`,
      description: 'The console (/) and the hall screen (/screen/{hallId}); the API is served from the same origin',
    });
    new CfnOutput(this, 'MailArchiveBucket', { value: this.mailArchive.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'BusName', { value: this.bus.bus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}

function never(what: string): never {
  throw new Error(`infra: missing ${what}`);
}
