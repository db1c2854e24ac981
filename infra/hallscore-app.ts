/**
 * Builds the CDK app: the stack plus cdk-nag's AwsSolutions checks as a validation plugin, so
 * `cdk synth` fails on any unacknowledged finding. Shared by infra/app.ts (the CLI entry) and
 * tests/infra (which pass cdk.json's context in, to synthesize exactly what the CLI does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig, type HallConfig } from './config.js';
import { REPO_ROOT } from './functions.js';
import { HallscoreStack } from './stack.js';

export const STACK_NAME = 'Hallscore';

export interface HallscoreApp {
  app: App;
  stack: HallscoreStack;
  config: HallConfig;
  nag: AwsSolutionsChecks;
}

export function buildApp(props?: AppProps): HallscoreApp {
  const app = new App(props);
  const config = readConfig(app);
  // Environment-agnostic on purpose: synth needs no account, region or credentials. Deploy with
  // the CLI's current credentials/region.
  const stack = new HallscoreStack(app, STACK_NAME, {
    config,
    description: 'hallscore: staff performance scoring for government service halls',
  });
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stack, config, nag };
}

/**
 * The "context" block of cdk.json (feature flags and settings). The CLI passes it to the app;
 * tests pass it to buildApp themselves so they synthesize what `cdk synth` synthesizes.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context };
}
