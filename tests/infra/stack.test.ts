/**
 * Template assertions for the hallscore stack. Synthesized once (beforeAll) with cdk.json's
 * context, as the CLI does, but without bundling the functions: these assertions are about the
 * infrastructure, and tests/infra/synth.test.ts checks the real bundles through the CLI.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, cdkJsonContext, type HallscoreApp } from '../../infra/hallscore-app.js';
import { CONSUMER_SETTINGS } from '../../shared/bus/patterns.js';
import { API_THROTTLE } from '../../infra/constructs/api.js';
import { CLOSE_SCHEDULES, SCHEDULE_RETRY } from '../../infra/constructs/schedules.js';
import { SCHEDULES } from '../../shared/schedules.js';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../infra/constructs/table.js';
import { DEFAULT_CONFIG } from '../../infra/config.js';
import { FUNCTIONS, type HallFunctionName } from '../../infra/functions.js';
import { REFRESH_SETTINGS } from '../../shared/bus/refresh.js';
import { BUS_NAME, BUS_RULES } from '../../shared/bus/patterns.js';
import { ENV } from '../../shared/config.js';
import { DEFAULT_LAYER_DIR } from '../../shared/reports/load-module.js';
import { ROUTES, routeKey } from '../../shared/http/routes.js';

type Json = Record<string, any>;
interface Resource {
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** The app as `cdk synth` builds it, minus bundling (context aws:cdk:bundling-stacks = []). */
function synth(extra: Json = {}): { h: HallscoreApp; template: Template } {
  // An own output folder, removed after the tests: it receives the staged layer asset (~37 MB).
  const outdir = mkdtempSync(join(tmpdir(), 'hallscore-stack-test-'));
  outdirs.push(outdir);
  const h = buildApp({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...extra } });
  return { h, template: Template.fromStack(h.stack) };
}
const outdirs: string[] = [];
afterAll(() => {
  for (const d of outdirs) rmSync(d, { recursive: true, force: true });
});

let h: HallscoreApp;
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalId = (c: { node: { defaultChild?: unknown } }): string =>
  Stack.of(h.stack).getLogicalId(c.node.defaultChild as CfnElement);
const fnId = (name: HallFunctionName): string => logicalId(h.stack.functions[name].fn);
const getAtt = (id: string, att = 'Arn'): Json => ({ 'Fn::GetAtt': [id, att] });

/** All actions the function's role may perform, by resource (statements flattened). */
function policyOf(name: HallFunctionName): { action: string; resource: unknown }[] {
  const roleId = logicalId(h.stack.functions[name].role);
  const out: { action: string; resource: unknown }[] = [];
  for (const [, p] of ofType('AWS::IAM::Policy')) {
    if (!p.Properties.Roles.some((r: Json) => r.Ref === roleId)) continue;
    for (const s of p.Properties.PolicyDocument.Statement as Json[]) {
      expect(s.Effect).toBe('Allow');
      const actions = ([] as string[]).concat(s.Action);
      const res = ([] as unknown[]).concat(s.Resource);
      for (const a of actions) for (const r of res) out.push({ action: a, resource: r });
    }
  }
  return out;
}

beforeAll(() => {
  ({ h, template } = synth());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('DynamoDB table', () => {
  it('has pk/sk string keys, on-demand billing, PITR, TTL and is protected from deletion', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });
});

describe('event bus', () => {
  it('is the custom bus named by shared/bus/patterns.ts, archived for replay', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: BUS_NAME });
    const busId = logicalId(h.stack.bus.bus);
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(busId),
      RetentionDays: Match.anyValue(),
    });
  });

  it('has one rule per BUS_RULES entry whose EventPattern equals the shared pattern', () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(BUS_RULES.length);
    const busId = logicalId(h.stack.bus.bus);
    for (const rule of BUS_RULES) {
      const found = rules.filter(([, r]) => String(r.Properties.Description).startsWith(`${rule.name}:`));
      expect(found, rule.name).toHaveLength(1);
      const props = found[0]![1].Properties;
      expect(props.EventBusName).toEqual({ Ref: busId });
      // The one-source-of-truth test: infra routes exactly what local/ routes.
      expect(props.EventPattern).toEqual(rule.pattern);
    }
  });

  it('invokes each rule\'s function directly, with a DLQ for undeliverable events', () => {
    for (const [i, c] of h.stack.consumers.entries()) {
      const spec = BUS_RULES[i]!;
      const rule = resources[logicalId(c.rule)]!;
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: getAtt(fnId(spec.consumer)),
          DeadLetterConfig: { Arn: getAtt(logicalId(c.deadLetterQueue)) },
        }),
      ]);
    }
  });

  it('each consumer is retried by Lambda, then its failures go to the same DLQ; no SQS event source polls for it', () => {
    expect(h.stack.consumers).toHaveLength(BUS_RULES.length);
    for (const [i, c] of h.stack.consumers.entries()) {
      const r = BUS_RULES[i]!;
      const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(([, x]) => x.Properties.FunctionName.Ref === fnId(r.consumer));
      expect(configs).toHaveLength(1);
      expect(configs[0]![1].Properties).toMatchObject({
        MaximumRetryAttempts: CONSUMER_SETTINGS.retryAttempts,
        MaximumEventAgeInSeconds: CONSUMER_SETTINGS.maxEventAgeHours * 3600,
        DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(c.deadLetterQueue), 'Arn') } },
      });
    }
    // The only event source mapping is the refresher's stream (Lambda's stream polling is not billed).
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});

describe('queues', () => {
  it('are all encrypted (SSE-SQS) and refuse non-TLS requests', () => {
    const queues = ofType('AWS::SQS::Queue');
    // a DLQ per bus rule, schedules DLQ, refresher's failure queue
    expect(queues.length).toBe(BUS_RULES.length + 2);
    for (const [id, q] of queues) {
      expect(q.Properties.SqsManagedSseEnabled, id).toBe(true);
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) =>
        p.Properties.Queues.some((r: Json) => r.Ref === id),
      );
      expect(policy, `queue policy of ${id}`).toBeDefined();
      expect(policy![1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('read model refresh feed', () => {
  it('the table streams new images; the refresher reads it filtered to staff-month partitions, with the shared batching window', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('refresh') },
      EventSourceArn: getAtt(logicalId(h.stack.table.table), 'StreamArn'),
      StartingPosition: 'LATEST',
      BatchSize: REFRESH_SETTINGS.batchSize,
      MaximumBatchingWindowInSeconds: REFRESH_SETTINGS.batchingWindowSeconds,
      MaximumRetryAttempts: REFRESH_SETTINGS.maxRetryAttempts,
      MaximumRecordAgeInSeconds: REFRESH_SETTINGS.maxRecordAgeSeconds,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'SM#' }] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(h.stack.refreshFeed.deadLetterQueue), 'Arn') } },
    });
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of shared/http/routes.ts, each integrated with its function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const route of ROUTES) {
      const [, r] = routes.find(([, x]) => x.Properties.RouteKey === routeKey(route))!;
      const integrationId = r.Properties.Target['Fn::Join'][1][1].Ref as string;
      const integration = resources[integrationId]!;
      expect(integration.Properties, routeKey(route)).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: getAtt(fnId(route.fn)),
      });
      expect(r.Properties.AuthorizationType).toBe('NONE'); // the functions authenticate (api.ts)
    }
  });

  it('sends every path and method under /iclock/ to the device function (CONTRACT §9)', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    expect(keys).toEqual(expect.arrayContaining(['ANY /iclock', 'ANY /iclock/{proxy+}']));
    expect(keys.filter((k) => k.includes('/iclock') && !k.startsWith('ANY '))).toEqual([]);
  });

  it('serves a throttled, access-logged $default stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: {
        DestinationArn: getAtt(logicalId(h.stack.api.accessLogs)),
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('lets API Gateway invoke each HTTP function through one permission scoped to this API', () => {
    const apiId = logicalId(h.stack.api.httpApi);
    // The bus's rules invoke their functions through permissions of their own (events.amazonaws.com).
    const perms = ofType('AWS::Lambda::Permission').filter(([, x]) => x.Properties.Principal === 'apigateway.amazonaws.com');
    const httpFns = [...new Set(ROUTES.map((r) => r.fn))];
    expect(perms).toHaveLength(httpFns.length);
    const busPerms = ofType('AWS::Lambda::Permission').filter(([, x]) => x.Properties.Principal !== 'apigateway.amazonaws.com');
    expect(busPerms.map(([, x]) => x.Properties.Principal)).toEqual(BUS_RULES.map(() => 'events.amazonaws.com'));
    for (const fn of httpFns) {
      const p = perms.find(([, x]) => x.Properties.FunctionName['Fn::GetAtt']?.[0] === fnId(fn));
      expect(p, fn).toBeDefined();
      expect(p![1].Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(p![1].Properties.SourceArn)).toContain(apiId);
    }
  });
});

describe('schedules', () => {
  it('invoke the close function on the hall clock with retries and a DLQ', () => {
    const schedules = ofType('AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(CLOSE_SCHEDULES.length);
    const dlq = getAtt(logicalId(h.stack.schedules.deadLetterQueue));
    for (const s of CLOSE_SCHEDULES) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: s.expression,
        ScheduleExpressionTimezone: DEFAULT_CONFIG.hallTimeZone,
        State: 'ENABLED',
        Target: {
          Arn: getAtt(fnId('close')),
          Input: JSON.stringify(s.input),
          DeadLetterConfig: { Arn: dlq },
          RetryPolicy: {
            MaximumRetryAttempts: SCHEDULE_RETRY.retryAttempts,
            MaximumEventAgeInSeconds: SCHEDULE_RETRY.maxEventAgeHours * 3600,
          },
        },
      });
    }
  });

  it('are the very table the local scheduler runs (shared/schedules.ts)', () => {
    expect(CLOSE_SCHEDULES.map((s) => [s.expression, s.input])).toEqual(SCHEDULES.map((s) => [`cron(${s.cron})`, s.input]));
  });

  it('are the contract closes: day 23:30, month, quarter, half year and year 02:00 on the first day after, hourly reconcile', () => {
    const byKind = Object.fromEntries(CLOSE_SCHEDULES.map((s) => [s.input.kind, s.expression]));
    expect(byKind).toEqual({
      day: 'cron(30 23 * * ? *)',
      month: 'cron(0 2 1 * ? *)',
      quarter: 'cron(0 2 1 1,4,7,10 ? *)',
      half: 'cron(0 2 1 1,7 ? *)',
      year: 'cron(0 2 1 1 ? *)',
      reconcile: expect.stringMatching(/^cron\(\d+ \* \* \* \? \*\)$/),
      // The stale-device check every 5 minutes (CONTRACT §9), feeding the StaleDevices alarm.
      devices: 'cron(2,7,12,17,22,27,32,37,42,47,52,57 * * * ? *)',
      // The daily holiday-calendar check (CONTRACT §8), feeding the CalendarCoverage alarm.
      calendar: 'cron(0 9 * * ? *)',
    });
  });

  it("dead-letters the close function's failed asynchronous (scheduled) invocations too", () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId('close') },
      DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(h.stack.schedules.deadLetterQueue)) } },
    });
  });
});

describe('Lambda functions', () => {
  it('are the house function: nodejs22.x on arm64, traced, JSON logs to an own log group', () => {
    // Besides hallscore's functions, only aws-cdk-lib's BucketDeployment handler (console assets upload).
    const fns = ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    expect(fns).toHaveLength(FUNCTIONS.length);
    for (const spec of FUNCTIONS) {
      const f = resources[fnId(spec.name)]!;
      expect(f.Properties, spec.name).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memorySize,
        Timeout: spec.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(h.stack.functions[spec.name].logGroup) } },
      });
    }
    for (const [id, lg] of ofType('AWS::Logs::LogGroup')) {
      expect(lg.Properties.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it('get the environment named by shared/config.ts', () => {
    for (const spec of FUNCTIONS) {
      const vars = resources[fnId(spec.name)]!.Properties.Environment.Variables as Json;
      expect(vars).toMatchObject({
        [ENV.tableName]: { Ref: logicalId(h.stack.table.table) },
        [ENV.busName]: { Ref: logicalId(h.stack.bus.bus) },
        [ENV.tz]: DEFAULT_CONFIG.hallTimeZone,
        [ENV.mailFrom]: DEFAULT_CONFIG.senderAddress,
        [ENV.adminKeySecretArn]: { Ref: logicalId(h.stack.adminKey.secret) },
        NODE_OPTIONS: '--enable-source-maps',
      });
      // Local-only settings never reach Lambda.
      expect(vars[ENV.adminKey]).toBeUndefined();
      expect(vars[ENV.dynamoEndpoint]).toBeUndefined();
    }
  });

  it('use own roles without AWS managed policies', () => {
    for (const spec of FUNCTIONS) {
      const role = resources[logicalId(h.stack.functions[spec.name].role)]!;
      expect(role.Properties.ManagedPolicyArns, spec.name).toBeUndefined();
    }
  });
});

describe('dependency layer (infra/functions.ts layerModules)', () => {
  it('only publish has layer modules: exceljs and nodemailer, its only esbuild externals', () => {
    for (const spec of FUNCTIONS) {
      const f = h.stack.functions[spec.name];
      const expected = spec.name === 'publish' ? ['exceljs', 'nodemailer'] : [];
      expect(spec.layerModules ?? [], spec.name).toEqual(expected);
      // Exactly these: the AWS SDK ('@aws-sdk/*', NodejsFunction's default external) stays bundled.
      expect(f.externalModules, spec.name).toEqual(expected);
      expect(f.dependencies !== undefined, spec.name).toBe(spec.name === 'publish');
    }
  });

  it('is one nodejs22.x/arm64 layer version, attached to the publish function only', () => {
    // (The BucketDeployments of the console bring aws-cdk-lib's AWS CLI layer, one each.)
    const layers = ofType('AWS::Lambda::LayerVersion').filter(([id]) => !id.includes('AwsCliLayer'));
    expect(layers).toHaveLength(1);
    const [layerId, layer] = layers[0]!;
    expect(layerId).toBe(logicalId(h.stack.functions.publish.dependencies!.layer));
    expect(layer.Properties).toMatchObject({
      CompatibleRuntimes: ['nodejs22.x'],
      CompatibleArchitectures: ['arm64'],
      Description: expect.stringMatching(/exceljs@4\.4\.0, nodemailer@7\.0\.9/),
    });
    for (const spec of FUNCTIONS) {
      const f = resources[fnId(spec.name)]!;
      if (spec.name === 'publish') expect(f.Properties.Layers).toEqual([{ Ref: layerId }]);
      else expect(f.Properties.Layers, spec.name).toBeUndefined();
    }
  });

  it('holds the packages and their dependencies in nodejs/node_modules, where the loader looks', () => {
    const deps = h.stack.functions.publish.dependencies!;
    // The staged asset (what is zipped and uploaded), named by its content hash.
    expect(deps.assetDir.startsWith(h.app.outdir)).toBe(true);
    expect(resources[logicalId(deps.layer)]!.Properties.Content.S3Key).toBe(`${deps.assetDir.split('asset.').pop()}.zip`);
    expect(readdirSync(deps.assetDir)).toEqual(['nodejs']);
    const nodeModules = join(deps.assetDir, 'nodejs', 'node_modules');
    for (const p of ['exceljs', 'nodemailer', 'jszip', 'archiver', 'saxes', 'unzipper']) {
      expect(existsSync(join(nodeModules, p, 'package.json')), p).toBe(true);
    }
    expect(deps.packages.length).toBeGreaterThan(10);
    expect(existsSync(join(nodeModules, '@aws-sdk'))).toBe(false);
    // Lambda mounts a layer at /opt: nodejs/node_modules → the loader's default folder.
    expect(join('/opt', 'nodejs', 'node_modules')).toBe(DEFAULT_LAYER_DIR);
    // Well inside Lambda's 250 MB (function + layers, unzipped).
    expect(deps.bytes).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('least privilege (infra/functions.ts access table)', () => {
  const secretArn = (): Json => ({ Ref: logicalId(h.stack.adminKey.secret) });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s gets exactly what its access entry says', (name, spec) => {
    const policy = policyOf(name);
    const actions = new Set(policy.map((p) => p.action));
    const tableArn = getAtt(logicalId(h.stack.table.table));

    for (const a of TABLE_READ_ACTIONS) {
      expect(policy).toContainEqual({ action: a, resource: tableArn });
    }
    for (const a of TABLE_WRITE_ACTIONS) expect(actions.has(a), a).toBe(spec.access.table === 'readwrite');
    expect(actions.has('dynamodb:Scan')).toBe(false); // nothing scans the table

    expect(actions.has('events:PutEvents')).toBe(spec.access.putEvents);
    if (spec.access.putEvents) {
      expect(policy).toContainEqual({ action: 'events:PutEvents', resource: getAtt(logicalId(h.stack.bus.bus)) });
    }

    expect(actions.has('secretsmanager:GetSecretValue')).toBe(spec.access.adminKey);
    if (spec.access.adminKey) {
      expect(policy).toContainEqual({ action: 'secretsmanager:GetSecretValue', resource: secretArn() });
    }

    expect(actions.has('ses:SendRawEmail')).toBe(spec.access.sendMail);
    for (const p of policy.filter((x) => x.action.startsWith('ses:'))) {
      expect(JSON.stringify(p.resource)).toContain(`:identity/`);
      expect(JSON.stringify(p.resource)).toContain(logicalId(h.stack.mail.identity));
    }

    // Wildcard resources only for X-Ray and the refresher's dynamodb:ListStreams (CDK's stream grant),
    // which have no resource-level permissions.
    for (const p of policy.filter((x) => x.resource === '*')) expect(p.action).toMatch(name === 'refresh' ? /^(xray:|dynamodb:ListStreams$)/ : /^xray:/);
  });

  it('gives the access the handlers need: ingest/iclock/close/publish put events, only publish mails', () => {
    const pick = (k: keyof (typeof FUNCTIONS)[number]['access']) =>
      FUNCTIONS.filter((f) => f.access[k] !== false && f.access[k] !== 'read')
        .map((f) => f.name)
        .sort();
    // admin: registering a pending device publishes the punches it kept (CONTRACT §9).
    expect(pick('putEvents')).toEqual(['admin', 'close', 'iclock', 'ingest', 'publish']);
    expect(pick('sendMail')).toEqual(['publish']);
    expect(pick('adminKey')).toEqual(['admin', 'close', 'ingest', 'query']);
    expect(FUNCTIONS.find((f) => f.name === 'query')!.access.table).toBe('read');
  });
});

describe('mail, secret, alarms', () => {
  it('creates the SES sender identity from context', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: DEFAULT_CONFIG.senderAddress });
  });

  it('generates the admin key into Secrets Manager', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: Match.anyValue() }),
    });
    // Generated by Secrets Manager at deploy time: no value in the template.
    const [, secret] = ofType('AWS::SecretsManager::Secret')[0]!;
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('alarms on every DLQ depth and every function error, to an SSL-only SNS topic', () => {
    const topic = { Ref: logicalId(h.stack.alarms.topic) };
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const a of alarms) {
      expect(a.AlarmActions).toEqual([topic]);
      expect(a.Threshold).toBe(0);
      expect(a.ComparisonOperator).toBe('GreaterThanThreshold');
    }
    const dlqs = [...h.stack.consumers.map((c) => c.deadLetterQueue), h.stack.schedules.deadLetterQueue, h.stack.refreshFeed.deadLetterQueue];
    for (const q of dlqs) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalId(q), 'QueueName') }],
        }),
      );
    }
    for (const spec of FUNCTIONS) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(spec.name) } }],
        }),
      );
    }
    // Stale attendance devices (CONTRACT §9): the scheduled device check's embedded metric.
    expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'hallscore', MetricName: 'StaleDevices', Statistic: 'Maximum', Period: 300 }));
    // The holiday calendar runs out (CONTRACT §8): the daily calendar check's embedded metric.
    expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'hallscore', MetricName: 'CalendarWarnings', Statistic: 'Maximum', Period: 86400 }));
    expect(alarms).toHaveLength(dlqs.length + FUNCTIONS.length + 2);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0); // no alarmEmail in context
  });
});

describe('configuration by context', () => {
  it('takes the hall time zone, sender and alarm address from context', () => {
    const { h: h2, template: t2 } = synth({
      hallTimeZone: 'Asia/Urumqi',
      senderAddress: 'kaohe@zwfw.example.cn',
      alarmEmail: 'ops@zwfw.example.cn',
    });
    for (const s of CLOSE_SCHEDULES) {
      t2.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: s.expression,
        ScheduleExpressionTimezone: 'Asia/Urumqi',
      });
    }
    t2.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ HALLSCORE_TZ: 'Asia/Urumqi', MAIL_FROM: 'kaohe@zwfw.example.cn' }) },
    });
    t2.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'kaohe@zwfw.example.cn' });
    t2.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@zwfw.example.cn' });
    expect(h2.config.hallTimeZone).toBe('Asia/Urumqi');
  });

  it('rejects a time zone that is not IANA and a malformed sender', () => {
    expect(() => buildApp({ context: { hallTimeZone: 'China/Beijing' } })).toThrow(/IANA/);
    expect(() => buildApp({ context: { senderAddress: 'not-an-address' } })).toThrow(/email/);
  });
});

describe('console on CloudFront, same origin as the API (CONTRACT.md §13)', () => {
  const dist = () => ofType('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as Json;

  it('serves the assets from a private bucket through Origin Access Control, over HTTPS', () => {
    expect(ofType('AWS::CloudFront::Distribution')).toHaveLength(1);
    const bucket = resources[logicalId(h.stack.site.bucket)]!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const s3Origin = (dist().Origins as Json[]).find((o) => o.S3OriginConfig);
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(dist().DefaultRootObject).toBe('index.html');
    expect(dist().DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(dist().Logging.Bucket).toBeDefined();
  });

  it('sends the API paths to the HTTP API uncached with all methods, and caches only the hashed bundles', () => {
    const byPath = Object.fromEntries((dist().CacheBehaviors as Json[]).map((b) => [b.PathPattern, b]));
    expect(Object.keys(byPath).sort()).toEqual(['/assets/*', '/health', '/openapi.json', '/v1/*']);
    const apiOrigin = (dist().Origins as Json[]).find((o) => o.CustomOriginConfig)!;
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(h.stack.api.httpApi));
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    for (const p of ['/v1/*', '/health', '/openapi.json']) {
      expect(byPath[p].TargetOriginId, p).toBe(apiOrigin.Id);
      expect(byPath[p].AllowedMethods, p).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
      expect(byPath[p].CachePolicyId, p).toBe(CACHING_DISABLED);
      // Every viewer header but Host: the Bearer key and the notice's text/plain reach the functions.
      expect(byPath[p].OriginRequestPolicyId, p).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    }
    expect(byPath['/assets/*'].CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6');
    expect(dist().DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
  });

  it('rewrites /screen/{hallId} to the screen page and other page paths to the console', () => {
    const [, fn] = ofType('AWS::CloudFront::Function')[0]!;
    const code = fn.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/screen/main' } }).uri).toBe('/screen.html');
    expect(handler({ request: { uri: '/' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/index-abc.js' } }).uri).toBe('/assets/index-abc.js');
  });

  it('uploads web/dist: hashed bundles immutable, the HTML revalidated and invalidated on deployment', () => {
    const deployments = ofType('Custom::CDKBucketDeployment').map(([, r]) => r.Properties);
    expect(deployments).toHaveLength(2);
    const bundles = deployments.find((d) => d.DestinationBucketKeyPrefix === 'assets/')!;
    const pages = deployments.find((d) => d.DestinationBucketKeyPrefix === undefined)!;
    expect(bundles.SystemMetadata['cache-control']).toContain('immutable');
    expect(pages.SystemMetadata['cache-control']).toBe('no-cache');
    expect(pages.DistributionPaths).toEqual(['/index.html', '/screen.html']);
  });
});

describe('mail archive (CONTRACT.md §13: raw mails archived on AWS)', () => {
  it('is a private, encrypted, versioned, access-logged bucket kept on stack deletion', () => {
    const b = resources[logicalId(h.stack.mailArchive.bucket)]!;
    expect(b.DeletionPolicy).toBe('Retain');
    expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(b.Properties.BucketEncryption).toBeDefined();
    expect(b.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalId(h.stack.logs.bucket) });
  });

  it('publish may put and query may get mails/*, named by the environment; no other function sees it', () => {
    const arn = getAtt(logicalId(h.stack.mailArchive.bucket));
    const objects = { 'Fn::Join': ['', [arn, '/mails/*']] };
    for (const spec of FUNCTIONS) {
      const s3 = policyOf(spec.name).filter((p) => p.action.startsWith('s3:'));
      const vars = resources[fnId(spec.name)]!.Properties.Environment.Variables as Json;
      if (spec.name === 'publish') expect(s3).toEqual([{ action: 's3:PutObject', resource: objects }]);
      else if (spec.name === 'query')
        expect(s3).toEqual([
          { action: 's3:GetObject', resource: objects },
          { action: 's3:ListBucket', resource: arn },
        ]);
      else expect(s3, spec.name).toEqual([]);
      if (spec.name === 'publish' || spec.name === 'query') expect(vars[ENV.mailArchiveBucket]).toEqual({ Ref: logicalId(h.stack.mailArchive.bucket) });
      else expect(vars[ENV.mailArchiveBucket], spec.name).toBeUndefined();
    }
  });
});
