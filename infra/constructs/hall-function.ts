/**
 * The house Lambda function: every hallscore function is one of these, so runtime, architecture,
 * bundling, logging and tracing are decided once (no copy-pasted function config).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ESBUILD_OPTIONS, LOCK_FILE, REPO_ROOT, externalModules, type FunctionSpec } from '../functions.js';
import { NodeModulesLayer } from './node-modules-layer.js';

export interface HallFunctionProps {
  spec: FunctionSpec;
  /** Variables named by shared/config.ts (ENV). */
  environment: Record<string, string>;
  /** @default three months */
  logRetention?: RetentionDays;
}

export class HallFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** esbuild externals of the bundle: the spec's layerModules, nothing else. */
  readonly externalModules: readonly string[];
  /** The layer that ships the externals (only when the spec has layerModules). */
  readonly dependencies?: NodeModulesLayer;

  constructor(scope: Construct, id: string, props: HallFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });

    // An own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group). This one may write to its own log
    // group only; everything else is granted by the stack from the spec's access table.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `hallscore ${spec.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    const runtime = Runtime.NODEJS_22_X;
    const architecture = Architecture.ARM_64;
    this.externalModules = externalModules(spec);
    if (spec.layerModules?.length) {
      this.dependencies = new NodeModulesLayer(this, 'Deps', {
        modules: spec.layerModules,
        usedBy: spec.name,
        runtime,
        architecture,
      });
    }

    this.fn = new NodejsFunction(this, 'Fn', {
      entry: spec.entry,
      handler: 'handler',
      description: spec.description,
      runtime,
      architecture,
      ...(this.dependencies ? { layers: [this.dependencies.layer] } : {}),
      memorySize: spec.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `hallscore-${spec.name}`,
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: {
        // The local esbuild from node_modules; never Docker, so synth works offline anywhere.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: ESBUILD_OPTIONS.target,
        minify: ESBUILD_OPTIONS.minify,
        sourceMap: ESBUILD_OPTIONS.sourcemap,
        sourcesContent: ESBUILD_OPTIONS.sourcesContent,
        mainFields: [...ESBUILD_OPTIONS.mainFields],
        banner: ESBUILD_OPTIONS.banner.js,
        // Replaces NodejsFunction's default ['@aws-sdk/*']: the SDK stays bundled.
        externalModules: [...this.externalModules],
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support ' +
        'resource-level permissions, so AWS requires Resource "*" for them. Any other wildcard resource ' +
        'of this role (the mail archive prefix) is acknowledged on its own, by its exact resource.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: the bundles target node22 (esbuild target and the ' +
        'project tooling), and 22 is a supported Lambda runtime. Move to nodejs24.x together with ' +
        'NODE_TARGET in infra/functions.ts after the handlers are tested on Node 24.',
    });
  }

  metricErrors(): Metric {
    return this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
  }
}
