/**
 * `npm run synth` as a user runs it: through the CDK CLI, with real esbuild bundling, and with no
 * AWS credentials in the environment. Then the bundles themselves: ESM, source-mapped, carrying
 * the createRequire banner, and loadable by Node with a `handler` export.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, FUNCTIONS, REPO_ROOT } from '../../infra/functions.js';
import { STACK_NAME } from '../../infra/hallscore-app.js';

const run = promisify(execFile);

type Json = Record<string, any>;

let outdir: string;
let template: { Resources: Record<string, { Type: string; Properties: Json; Metadata?: Json }> };
let synthSeconds: number;

/** The environment minus anything that could hand the CLI AWS credentials or a profile. */
function envWithoutAws(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|DEFAULT_PROFILE|REGION|DEFAULT_REGION|CONFIG_FILE|SHARED_CREDENTIALS_FILE|WEB_IDENTITY_TOKEN_FILE|ROLE_ARN|CONTAINER_CREDENTIALS_.*)$/.test(k)) continue;
    env[k] = v;
  }
  env.AWS_SHARED_CREDENTIALS_FILE = join(outdir, 'no-credentials');
  env.AWS_CONFIG_FILE = join(outdir, 'no-config');
  return env;
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'hallscore-synth-'));
  const started = Date.now();
  await run('npm', ['run', 'synth', '--', '--output', join(outdir, 'cdk.out')], {
    cwd: REPO_ROOT,
    env: envWithoutAws(),
    timeout: 110_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  synthSeconds = (Date.now() - started) / 1000;
  template = JSON.parse(readFileSync(join(outdir, 'cdk.out', `${STACK_NAME}.template.json`), 'utf8'));
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The asset directory of a function's bundle, by its description (unique per function). */
function bundleDir(description: string): string {
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === description,
  );
  expect(fn, description).toBeDefined();
  const assetPath = fn!.Metadata?.['aws:asset:path'] as string;
  expect(assetPath).toMatch(/^asset\./);
  return join(outdir, 'cdk.out', assetPath);
}

describe('npm run synth', () => {
  it('synthesizes the stack offline without AWS credentials', () => {
    expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::Lambda::Function')).toBe(true);
    const report = JSON.parse(readFileSync(join(outdir, 'cdk.out', 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]); // cdk-nag ran and found nothing unacknowledged
    console.info(`npm run synth: ${synthSeconds.toFixed(1)} s`);
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))(
    '%s is bundled as a source-mapped ES module with the createRequire banner',
    (_name, spec) => {
      const dir = bundleDir(spec.description);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    },
  );

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s bundle loads in Node and exports handler', async (_name, spec) => {
    const file = join(bundleDir(spec.description), 'index.mjs');
    const probe = `import(${JSON.stringify(file)}).then((m) => console.log(typeof m.handler))`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
      env: { ...envWithoutAws(), TABLE_NAME: 't', BUS_NAME: 'b', AWS_REGION: 'cn-north-1' },
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('function');
  });
});
