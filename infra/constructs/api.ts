/**
 * The HTTP API (API Gateway v2): one route per shared/http/routes.ts ROUTES entry, each a Lambda
 * proxy integration (payload format 2.0) with the function the table names.
 *
 * Authorization — a deliberate choice: no API Gateway authorizer. The functions authenticate the
 * `Authorization: Bearer <key>` header themselves (source keys are stored hashed in the table, the
 * admin key lives in Secrets Manager), because
 *  - the contract's answers are the functions' to give: 401 for a missing/unknown key, 403 for a key
 *    of the wrong kind, and a source key may post only its own event types — a decision that needs
 *    the parsed body, which an authorizer never sees;
 *  - the iclock push protocol authenticates devices by their `SN` query parameter (registered
 *    deviceSn), not by a header an authorizer could check;
 *  - `GET /health` is public by contract;
 *  - the local runtime (`npm start`) serves the same handlers without API Gateway, so the check
 *    has to live in the handlers anyway: one implementation, tested once.
 * A Lambda authorizer would add a second invocation (latency, cost) to every request for no
 * additional protection. Stage throttling bounds what an unauthenticated caller can cost.
 */
import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, routeKey, type FunctionName, type Route } from '../../shared/http/routes.js';

export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/** Access log line (JSON). HTTP API $context variables only. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
} as const;

const METHODS: Record<Route['method'], HttpMethod> = {
  GET: HttpMethod.GET,
  PUT: HttpMethod.PUT,
  POST: HttpMethod.POST,
  DELETE: HttpMethod.DELETE,
  ANY: HttpMethod.ANY,
};

export interface HallApiProps {
  handlers: Record<FunctionName, IFunction>;
}

export class HallApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: HallApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'Http', {
      description: 'hallscore HTTP API (CONTRACT.md)',
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.SIX_MONTHS });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // One integration (and one invoke permission, scoped to this API) per function, shared by its
    // routes: keeps each function's resource policy small however many routes it serves.
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (fn: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn}-integration`, props.handlers[fn], {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
          scopePermissionToRoute: false,
        });
        integrations.set(fn, integration);
      }
      return integration;
    };

    for (const route of ROUTES) {
      this.routes.push(
        new HttpRoute(this, routeKey(route), {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(route.path, METHODS[route.method]),
          integration: integrationFor(route.fn),
        }),
      );
    }

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization happens in the functions (Bearer keys: source keys hashed in DynamoDB, the ' +
        'admin key in Secrets Manager; iclock devices by registered SN; /health public by contract) ' +
        'because 401/403 and per-source event-type permissions need the request body. See the ' +
        'comment at the top of infra/constructs/api.ts.',
    });
  }

  get url(): string {
    return this.stage.url;
  }
}
